"""A charter through its pages: made from a workshop, signed, adopted, changed in a new
draft with reasons, compared, shared and revoked."""

import pytest
from django.test import Client

from conftest import World
from vogter.charters.models import Charter, CharterVersion, FrozenVersionError, Status
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _make(world: World, client: Client, workshop: Workshop) -> Charter:
    client.post(
        f"/o/{world.havneby.code}/charters/",
        {"title": "Vores principper for AI", "unit": world.unit.code, "workshops": [workshop.code]},
    )
    return Charter.objects.get()


def _do(world: World, client: Client, charter: Charter, do: str, **extra: str) -> str:
    response = client.post(
        f"/o/{world.havneby.code}/charters/{charter.code}/do/", {"do": do, **extra}, follow=True
    )
    return response.content.decode()


def test_a_charter_from_a_workshop_keeps_its_principles_cells_and_provenance(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    charter = _make(world, fiona_client, drafted_workshop)
    page = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content.decode()
    assert "Derfor har vi hos Havneby Kommune udviklet følgende sociotekniske principper" in page
    assert "Principper til socioteknisk AI refleksion: Når vi bruger GenAI…" in page
    assert "bruger vi den sparede tid på borgerne" in page
    assert "Vi aftaler, hvad tiden går til" in page and "Teamleder" in page
    first = charter.principles.get(position=1)
    assert first.source is not None and first.source.workshop == drafted_workshop


def test_signatures_are_needed_before_adoption_and_adoption_freezes_the_version(
    signatories: World,
    fiona_client: Client,
    alice_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    world = signatories
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    refused = _do(world, fiona_client, charter, "adopt")
    assert CharterVersion.objects.get().status == Status.PROPOSED
    assert "Leder" in refused or "Manager" in refused
    _do(world, alice_client, charter, "sign", role="union_rep")  # she is no TR: refused
    assert not CharterVersion.objects.get().signatures.filter(role="union_rep").exists()
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    page = _do(world, fiona_client, charter, "adopt")
    version = CharterVersion.objects.get()
    assert version.status == Status.ADOPTED and version.document["version"] == 1
    assert "Mads Member" in page and "Alice Admin" in page
    names = [s["name"] for s in version.document["signatures"]]
    assert sorted(names) == ["Alice Admin", "Mads Member"]
    version.document["principles"] = []
    with pytest.raises(FrozenVersionError):
        version.save()


def test_an_adopted_version_cannot_be_edited_and_a_new_draft_shows_what_changed_and_why(
    signatories: World,
    fiona_client: Client,
    alice_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    world = signatories
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    _do(world, fiona_client, charter, "adopt")
    first = charter.principles.get(position=1)
    edit_url = f"/o/{world.havneby.code}/charters/{charter.code}/principles/{first.code}/"
    form = {
        "statement_da": first.statement_da,
        "statement_en": "",
        "rationale": "",
        "individual-text": "Jeg bruger tiden på borgerne",
        "group-text": "Teamet følger op hvert kvartal",
        "group-responsible": "Teamleder",
        "national-empty": "on",
        "reason": "Teamet ville følge op oftere",
    }
    refused = fiona_client.post(edit_url, form)
    assert refused.status_code == 400
    assert CharterVersion.objects.get().document["principles"][0]["cells"]["group"]["text"] == (
        "Vi aftaler, hvad tiden går til"
    )
    _do(world, fiona_client, charter, "new_draft")
    assert fiona_client.post(edit_url, form).status_code == 302
    changes = fiona_client.get(
        f"/o/{world.havneby.code}/charters/{charter.code}/versions/2/changes/"
    ).content.decode()
    assert "Vi aftaler, hvad tiden går til" in changes
    assert "Teamet følger op hvert kvartal" in changes
    assert "Teamet ville følge op oftere" in changes
    v1 = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/versions/1/")
    assert "Vi aftaler, hvad tiden går til" in v1.content.decode()


def test_the_share_link_works_without_login_until_it_is_revoked(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    charter = _make(world, fiona_client, drafted_workshop)
    page = _do(world, fiona_client, charter, "share")
    link = page.split('id="share-link" value="')[1].split('"')[0]
    path = "/c/" + link.split("/c/")[1]
    shared = Client().get(path)
    assert shared.status_code == 200
    assert "Havneby Kommune" in shared.content.decode()
    english = Client().get(path + "?language=en").content.decode()
    assert "That is why we at Havneby Kommune have developed" in english
    assert "always check the sources before we share" in english
    _do(world, fiona_client, charter, "unshare")
    assert Client().get(path).status_code == 404


def test_members_read_charters_but_only_facilitators_edit_them(
    world: World,
    fiona_client: Client,
    mads_client: Client,
    olga_client: Client,
    drafted_workshop: Workshop,
) -> None:
    charter = _make(world, fiona_client, drafted_workshop)
    url = f"/o/{world.havneby.code}/charters/{charter.code}/"
    assert mads_client.get(url).status_code == 200
    assert mads_client.post(url + "do/", {"do": "propose"}).status_code == 403
    assert olga_client.get(url).status_code == 404


def test_an_admin_chooses_which_signatures_a_charter_needs(
    signatories: World, alice_client: Client, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    world = signatories
    alice_client.post(f"/o/{world.havneby.code}/charters/signoff/", {"roles": ["manager"]})
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, fiona_client, charter, "adopt")
    assert CharterVersion.objects.get().status == Status.ADOPTED


def test_a_participants_link_shows_what_came_of_their_own_answers_only(
    signatories: World,
    fiona_client: Client,
    alice_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    from vogter.principles.themes import theme_entries
    from vogter.workshops.actions import sheets as sheet_actions

    world = signatories
    quoted = theme_entries(drafted_workshop, "q1").order_by("text").first()
    assert quoted is not None
    mine = sheet_actions.new_secrets(quoted.sheet)  # as if this phone held the sheet
    phone = Client()
    phone.get(f"/j/{drafted_workshop.join_code}/r/{mine.token}/")
    phone.post(f"/j/{drafted_workshop.join_code}/r/{mine.token}/")
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    _do(world, fiona_client, charter, "adopt")
    page = phone.get(f"/j/{drafted_workshop.join_code}/outcome/").content.decode()
    assert quoted.text in page
    assert "Tid" in page  # the theme it landed in
    assert "bruger vi den sparede tid på borgerne" in page  # and the adopted principle
    others = theme_entries(drafted_workshop).exclude(sheet=quoted.sheet)
    assert not any(e.text in page for e in others)


def test_the_ai_literacy_record_lists_facts_and_withholds_small_professions(
    signatories: World,
    alice_client: Client,
    fiona_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    import subprocess

    world = signatories
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    _do(world, fiona_client, charter, "adopt")
    url = f"/o/{world.havneby.code}/ai-literacy/"
    csv_text = alice_client.get(url + "?format=csv&language=da").content.decode("utf-8-sig")
    assert drafted_workshop.title in csv_text and "Vores principper for AI" in csv_text
    assert ";6;" in csv_text  # six participants
    # Six professions of one person each: none is named, only the six together.
    assert "Webredaktør" not in csv_text and "andre faggrupper 6" in csv_text
    pdf = alice_client.get(url + "?format=pdf&language=en").content
    assert pdf.startswith(b"%PDF")
    extracted = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 - poppler-utils, installed by .ci/run
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "AI literacy" in extracted and drafted_workshop.title in extracted
    assert fiona_client.get(url).status_code == 403


def test_the_public_page_quotes_no_answers_and_bad_numbers_are_not_found(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    from vogter.principles.themes import theme_entries

    charter = _make(world, fiona_client, drafted_workshop)
    quoted = theme_entries(drafted_workshop, "q1").order_by("text").first()
    assert quoted is not None
    member_page = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/")
    assert quoted.text in member_page.content.decode()  # members see where it came from
    page = _do(world, fiona_client, charter, "share")
    path = "/c/" + page.split('id="share-link" value="')[1].split('"')[0].split("/c/")[1]
    assert quoted.text not in Client().get(path).content.decode()
    export = f"/o/{world.havneby.code}/charters/{charter.code}/export/?version=abc"
    assert fiona_client.get(export).status_code == 404


def test_the_ai_literacy_record_names_no_count_the_total_would_give_away(
    world: World, alice_client: Client, workshop: Workshop
) -> None:
    from vogter.workshops.actions import sheets as sheet_actions

    for profession in ["Webredaktør"] * 5 + ["Fotograf"]:
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "profession", profession, 1)
    csv_text = alice_client.get(
        f"/o/{world.havneby.code}/ai-literacy/?format=csv&language=en"
    ).content.decode("utf-8-sig")
    # "Webredaktør 5" would leave one photographer of six; "other professions" beside the
    # five who must be at least five would say the same. The name alone.
    assert ";6;Webredaktør;" in csv_text


def test_the_overview_shows_principles_that_recur_across_units(
    signatories: World,
    alice_client: Client,
    fiona_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    from vogter.charters.actions import adoption as adoption_actions
    from vogter.charters.actions import drafts as draft_actions
    from vogter.charters.actions import signatures as signature_actions

    world = signatories
    for unit in (world.unit, world.web_team):
        charter = draft_actions.create_charter(
            world.fiona,
            world.havneby,
            unit=unit,
            title=f"AI i {unit.name}",
            workshops=[drafted_workshop],
        )
        adoption_actions.propose(world.fiona, charter)
        signature_actions.sign(world.alice, charter, "manager")
        signature_actions.sign(world.mads, charter, "union_rep")
        adoption_actions.adopt(world.fiona, charter)
    url = f"/o/{world.havneby.code}/charters/overview/"
    page = alice_client.get(url).content.decode()
    assert "bruger vi den sparede tid på borgerne" in page
    assert "Kommunikation, Web" in page or "Web, Kommunikation" in page
    assert f"/units/{world.corporate.code}/reflection/" in page
    assert fiona_client.get(url).status_code == 403


def test_the_shared_page_offers_the_charter_and_a_poster_that_leads_back_to_it(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    from vogter.lib.tests.pdfcheck import accessibility, page_texts

    charter = _make(world, fiona_client, drafted_workshop)
    page = _do(world, fiona_client, charter, "share")
    link = page.split('id="share-link" value="')[1].split('"')[0]
    path = "/c/" + link.split("/c/")[1]
    shared = Client().get(path + "?language=en").content.decode()
    assert "print/?format=pdf&amp;language=en" in shared
    assert "print/?format=poster-a3&amp;language=en" in shared

    whole = Client().get(path + "print/?format=pdf&language=da")
    assert whole.status_code == 200 and whole["Content-Type"] == "application/pdf"
    assert "KLADDE" in page_texts(whole.content)[0]  # not adopted yet
    poster = Client().get(path + "print/?format=poster-a3&language=en")
    assert poster["Content-Disposition"].endswith('-poster-a3.pdf"')
    assert len(page_texts(poster.content)) == 1
    tags = accessibility(poster.content)
    assert tags.figures == 1 and tags.figures_without_alt == 0  # the QR code, described
    assert tags.alts == [f"QR code to the whole charter: {link}"]

    assert Client().get(path + "print/?format=docx&language=da").status_code == 404
    _do(world, fiona_client, charter, "unshare")
    assert Client().get(path + "print/?format=pdf&language=da").status_code == 404


def test_the_shared_charter_pdf_holds_no_quotes_or_workshops_the_shared_page_keeps_back(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    """The shared page leaves out where the principles come from (the participants'
    quoted answers, the workshops, the reasons): its PDF must not hand them out."""
    from vogter.charters.document import document
    from vogter.lib.tests.pdfcheck import page_texts

    charter = _make(world, fiona_client, drafted_workshop)
    doc = document(charter)
    quotes = [q for p in doc["principles"] for s in p["sources"] for q in s["quotes"]]
    assert quotes and drafted_workshop.title  # there is something to keep back
    page = _do(world, fiona_client, charter, "share")
    link = page.split('id="share-link" value="')[1].split('"')[0]
    path = "/c/" + link.split("/c/")[1]
    assert quotes[0] not in Client().get(path).content.decode()

    for language in ("da", "en"):
        pdf = Client().get(path + f"print/?format=pdf&language={language}").content
        text = " ".join(" ".join(page_texts(pdf)).replace("-\n", "").split())
        assert drafted_workshop.title not in text
        for quote in quotes:
            assert " ".join(quote.split())[:40] not in text
        assert "Hvor principperne kommer fra" not in text
        assert "Where the principles come from" not in text


def test_the_shared_charter_pdf_prints_the_adopted_version_without_who_adopted_it(
    signatories: World,
    fiona_client: Client,
    alice_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    """As the shared page: the adopted version with its signatures, not the draft begun
    since, and not the name (or address) of the person who clicked adopt."""
    from vogter.lib.tests.pdfcheck import page_texts

    world = signatories
    charter = _make(world, fiona_client, drafted_workshop)
    _do(world, fiona_client, charter, "propose")
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    _do(world, fiona_client, charter, "adopt")
    _do(world, fiona_client, charter, "new_draft")
    page = _do(world, fiona_client, charter, "share")
    link = page.split('id="share-link" value="')[1].split('"')[0]
    path = "/c/" + link.split("/c/")[1]
    shown = Client().get(path).content.decode()
    assert "Mads Member" in shown and "Fiona" not in shown

    for fmt in ("pdf", "poster-a4"):
        pdf = Client().get(path + f"print/?format={fmt}&language=da").content
        text = " ".join(" ".join(page_texts(pdf)).replace("-\n", "").split())
        assert "Mads Member" in text and "Version 1" in text
        assert "KLADDE" not in text
        assert "Fiona" not in text and "fiona@" not in text


def test_downloads_through_a_share_link_are_limited_per_client(
    world: World, fiona_client: Client, drafted_workshop: Workshop, settings: object
) -> None:
    from vogter.lib import throttle

    settings.SHARED_PRINT_RATE_LIMIT = "2/10m"  # type: ignore[attr-defined]
    throttle.reset()
    charter = _make(world, fiona_client, drafted_workshop)
    page = _do(world, fiona_client, charter, "share")
    link = page.split('id="share-link" value="')[1].split('"')[0]
    path = "/c/" + link.split("/c/")[1] + "print/?format=pdf&language=da"
    visitor = Client()
    assert [visitor.get(path).status_code for _ in range(3)] == [200, 200, 429]
    assert Client(REMOTE_ADDR="192.0.2.7").get(path).status_code == 200
    throttle.reset()


def test_the_adopt_step_warns_of_principles_with_gaps_and_lists_them_without_blocking(
    signatories: World,
    fiona_client: Client,
    alice_client: Client,
    mads_client: Client,
    drafted_workshop: Workshop,
) -> None:
    world = signatories
    charter = _make(world, fiona_client, drafted_workshop)
    page = _do(world, fiona_client, charter, "propose")
    assert 'id="adopt-gaps"' in page
    assert "2 principper har stadig manglende felter:" in page
    assert "Enhed, Afdeling, Koncern" in page  # the first: three levels not talked about
    assert "intet udfyldt på noget niveau" in page  # the second: nothing at all
    _do(world, alice_client, charter, "sign", role="manager")
    _do(world, mads_client, charter, "sign", role="union_rep")
    page = _do(world, fiona_client, charter, "adopt")
    assert CharterVersion.objects.get().status == Status.ADOPTED  # a warning, not a block
    assert 'id="adopt-gaps"' not in page


def test_the_gap_warning_in_english(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    charter = _make(world, fiona_client, drafted_workshop)
    fiona_client.post("/accounts/language/", {"language": "en"})
    page = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content.decode()
    assert "2 principles still have gaps:" in page
    assert "Unit, Department, Organisation-wide" in page


def test_each_export_link_says_its_format_and_language(
    world: World, fiona_client: Client, drafted_workshop: Workshop
) -> None:
    charter = _make(world, fiona_client, drafted_workshop)
    page = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content.decode()
    assert ">PDF på dansk</a>" in page
    assert ">PDF på engelsk</a>" in page
    assert ">Word (DOCX) på dansk</a>" in page
    assert ">dansk</a>" not in page
