"""The national commons: opt-in publishing, anonymised; search in both languages by
every form of a word; national figures never below the minimum group size; templates."""

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import World, sign_as_expected
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.document import document
from vogter.charters.models import Charter
from vogter.commons import actions
from vogter.commons.dashboard import aims, themes
from vogter.commons.models import CommonsPrinciple, Publication, TemplatePrinciple

pytestmark = pytest.mark.django_db

TOOLS = "inddrager vi medarbejderne, før vi tager nye værktøjer i brug"


def _search(client: Client, query: str) -> str:
    response = client.get("/national/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _publish(client: Client, world: World, charter: Charter, **extra: str) -> str:
    data = {"charter": charter.code, "do": "publish", "sector": "public_administration"}
    data |= {"size_band": "1000-4999", **extra}
    url = f"/o/{world.havneby.code}/commons/"
    return client.post(url, data, follow=True).content.decode()


def test_nothing_of_an_organisation_is_in_the_commons_until_it_publishes(
    nina_client: Client, adopted_havneby: Charter
) -> None:
    found = _search(nina_client, "medarbejderne")
    assert "inddrager vi" not in found
    assert "0 principper fundet" in found or "0 principles found" in found
    assert not CommonsPrinciple.objects.exists()
    board = nina_client.get("/national/").content.decode()
    assert "Kultur" not in board and "Havneby" not in board


def test_publishing_is_anonymised_and_withdrawing_removes_it(
    alice_client: Client, nina_client: Client, signatories: World, adopted_havneby: Charter
) -> None:
    page = _publish(alice_client, signatories, adopted_havneby)
    assert Publication.objects.filter(charter=adopted_havneby).exists(), page
    found = _search(nina_client, "medarbejderne").split('role="status"')[1]
    assert "inddrager vi medarbejderne" in found
    assert "Fælles retningslinjer i KL" in found
    publication = Publication.objects.get()
    shown = nina_client.get(f"/national/publications/{publication.code}/").content.decode()
    shown = shown.split("</h1>")[1]
    for secret in (
        "Havneby",
        "Kultur",  # the unit
        "Mette",  # responsible, and a name in a cell
        "mette@havneby.example",
        "Hemmelig begrundelse",
        "Alice Admin",  # a signatory
        "Mads Member",
    ):
        assert secret not in found and secret not in shown, secret
    assert "Spørg" in shown  # the rest of the cell stays

    _publish(alice_client, signatories, adopted_havneby, do="unpublish")
    assert not Publication.objects.exists()
    assert not CommonsPrinciple.objects.exists()
    assert "inddrager vi" not in _search(nina_client, "medarbejderne")
    assert nina_client.get(f"/national/publications/{publication.code}/").status_code == 404


def test_the_name_is_shown_only_when_the_organisation_chooses_it(
    alice_client: Client, nina_client: Client, signatories: World, adopted_havneby: Charter
) -> None:
    _publish(alice_client, signatories, adopted_havneby, show_name="on")
    assert "Havneby Kommune" in _search(nina_client, "værktøjer")


def test_only_an_adopted_charter_can_be_published_and_only_by_an_admin(
    alice_client: Client, fiona_client: Client, signatories: World
) -> None:
    draft = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.unit, title="Kladde"
    )
    editing_actions.add_principle(signatories.fiona, draft, statement_da="er vi ærlige")
    page = _publish(alice_client, signatories, draft)
    assert not Publication.objects.exists()
    assert "vedtaget" in page or "adopted" in page
    response = fiona_client.post(
        f"/o/{signatories.havneby.code}/commons/", {"charter": draft.code, "do": "publish"}
    )
    assert response.status_code == 403


def test_a_bad_sector_gets_a_message_and_keeps_the_earlier_publication(
    alice_client: Client, signatories: World, adopted_havneby: Charter
) -> None:
    _publish(alice_client, signatories, adopted_havneby)
    page = _publish(alice_client, signatories, adopted_havneby, sector="rubbish")
    assert "Vælg en af mulighederne" in page or "Choose one of the options" in page
    assert Publication.objects.get().sector == "public_administration"
    assert CommonsPrinciple.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("medarbejder", True),  # "medarbejderne" in the text
        ("MEDARBEJDEREN", True),
        ("værktøj", True),  # "værktøjer"
        ("employee", True),  # "employees" in the English statement
        ("tools involve", True),
        ("medarbejder borgerne", False),  # every word must match
        ("medarbejder og", True),  # little words are left out of a query with others
        ("før vi", True),  # a query of little words only looks for them
        ("efter vi", False),
    ],
)
def test_search_finds_every_form_of_a_word_in_danish_and_english(
    alice_client: Client,
    nina_client: Client,
    signatories: World,
    adopted_havneby: Charter,
    query: str,
    expected: bool,
) -> None:
    _publish(alice_client, signatories, adopted_havneby)
    assert ("inddrager vi medarbejderne" in _search(nina_client, query)) is expected


def test_the_commons_are_for_coordinators_and_organisations_that_share(
    client: Client,
    mads_client: Client,
    fiona_client: Client,
    alice_client: Client,
    nina_client: Client,
    signatories: World,
    adopted_havneby: Charter,
) -> None:
    world = signatories
    assert client.get("/national/search/").status_code == 302  # to the login page
    # Anyone can make an account and an organisation: reading is what sharing earns.
    assert fiona_client.get("/national/search/").status_code == 403
    assert fiona_client.get(f"/o/{world.havneby.code}/commons/templates/").status_code == 200
    _publish(alice_client, world, adopted_havneby)
    assert fiona_client.get("/national/search/").status_code == 200
    assert mads_client.get("/national/search/").status_code == 403  # a member
    assert fiona_client.get("/national/").status_code == 403
    assert fiona_client.get("/national/templates/").status_code == 403
    assert nina_client.get("/national/").status_code == 200
    # The coordinator is no member of any organisation: its pages stay closed.
    assert nina_client.get(f"/o/{world.havneby.code}/charters/").status_code == 404


def test_names_of_the_organisation_its_units_and_people_are_replaced(
    signatories: World, adopted_havneby: Charter
) -> None:
    world = signatories
    adoption_actions.new_draft(world.fiona, adopted_havneby)
    editing_actions.add_principle(
        world.fiona,
        adopted_havneby,
        statement_da="spørger Kommunikation og Havneby Kommune, før Fiona Facilitator svarer",
        statement_en="ask Kultur before alice admin answers",
    )
    adoption_actions.propose(world.fiona, adopted_havneby)
    sign_as_expected(adopted_havneby)
    adoption_actions.adopt(world.fiona, adopted_havneby)
    preview = actions.anonymised_copy(adopted_havneby)
    assert preview[1]["statement_da"] == "spørger [enhed] og [enhed], før [navn] svarer"
    assert preview[1]["statement_en"] == "ask [unit] before [name] answers"
    assert preview[0]["cells"]["unit"] == "Spørg [navn] på [e-mail]"
    # Named, the organisation's own name stays; the word "kommunikation" in lower case is
    # not the unit.
    named = actions.anonymised_copy(adopted_havneby, show_name=True)
    assert "Havneby Kommune" in named[1]["statement_da"]
    assert (
        actions._anonymised(
            "tydelig kommunikation", "da", actions._names(adopted_havneby, {}, False)
        )
        == "tydelig kommunikation"
    )


def test_a_preview_shows_what_would_be_published_before_anything_is(
    alice_client: Client, signatories: World, adopted_havneby: Charter
) -> None:
    page = _publish(alice_client, signatories, adopted_havneby, do="preview")
    assert not Publication.objects.exists()
    assert "Spørg [navn] på [e-mail]" in page
    assert 'value="publish"' in page


def test_withdrawing_takes_the_templates_made_from_it_off_offer(
    alice_client: Client, nina: object, signatories: World, adopted_havneby: Charter
) -> None:
    _publish(alice_client, signatories, adopted_havneby)
    source = CommonsPrinciple.objects.get()
    template = actions.create_template(nina, statement_da="x y", from_principle=source)  # type: ignore[arg-type]
    # Publishing again keeps the principle's code, and the template's link with it.
    _publish(alice_client, signatories, adopted_havneby)
    assert CommonsPrinciple.objects.get().code == source.code
    template.refresh_from_db()
    assert template.active
    _publish(alice_client, signatories, adopted_havneby, do="unpublish")
    template.refresh_from_db()
    assert not template.active and template.source_withdrawn


def test_the_name_choice_applies_to_all_of_an_organisations_publications(
    signatories: World, adopted_havneby: Charter
) -> None:
    world = signatories
    second = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Anden"
    )
    editing_actions.add_principle(world.fiona, second, statement_da="deler vi viden")
    adoption_actions.propose(world.fiona, second)
    sign_as_expected(second)
    adoption_actions.adopt(world.fiona, second)
    actions.publish(
        world.alice, adopted_havneby, sector="culture", size_band="50-249", show_name=True
    )
    actions.publish(world.alice, second, sector="finance", size_band="50-249")
    assert set(Publication.objects.values_list("shown_name", "sector")) == {("", "finance")}


def test_a_theme_is_counted_only_from_five_organisations_and_a_sector_below_five_is_withheld(
    published_org: Callable[..., Charter],
) -> None:
    time = "bruger vi den sparede tid på det faglige"
    for _ in range(4):
        published_org("health_and_care", [time])
    rows, _sectors = themes("da")
    assert not [r for r in rows if r.concept == "time"]  # four organisations: not shown
    published_org("education", [time])
    rows, _sectors = themes("da")
    row = next(r for r in rows if r.concept == "time")
    assert row.total == 5
    # Four in health and one in education: both withheld (one alone would give the
    # other away through the total).
    assert row.by_sector == {"education": None, "health_and_care": None}
    for _ in range(4):
        published_org("education", [time])
    row = next(r for r in themes("da")[0] if r.concept == "time")
    # Five in education could be shown, but then the total would give the four away.
    assert row.by_sector == {"education": None, "health_and_care": None}


def test_complementary_withholding_hides_a_second_count(
    published_org: Callable[..., Charter],
) -> None:
    time = "bruger vi den sparede tid på det faglige"
    for sector, n in (("education", 6), ("finance", 5), ("retail", 2)):
        for _ in range(n):
            published_org(sector, [time])
    row = next(r for r in themes("en")[0] if r.concept == "time")
    assert row.total == 13
    assert row.by_sector["retail"] is None
    assert row.by_sector["finance"] is None  # the smallest shown, withheld with it
    assert row.by_sector["education"] == 6


def test_the_aims_by_sector_need_five_organisations_and_shared_closed_rounds_of_five(
    published_org: Callable[..., Charter],
) -> None:
    for _ in range(4):
        published_org("health_and_care", ["er vi åbne"], share_reflection=True, checkins=6)
    published_org("health_and_care", ["er vi åbne"], share_reflection=False, checkins=50)
    assert aims() == []  # four that share; the fifth does not share
    published_org("health_and_care", ["er vi åbne"], share_reflection=True, checkins=3, score=1)
    assert aims() == []  # the fifth's round had fewer than five check-ins
    published_org("health_and_care", ["er vi åbne"], share_reflection=True, checkins=5, score=2)
    [row] = aims()
    assert row.organisations == 5
    assert row.checkins == 30  # 29, rounded to tens
    assert row.means["wellbeing"] == round((24 * 4 + 5 * 2) / 29, 1)


def test_an_aim_counts_only_where_five_answered_it_and_only_the_latest_round(
    published_org: Callable[..., Charter],
) -> None:
    import datetime

    from vogter.reflection.models import Checkin, Round

    made = [
        published_org("finance", ["er vi åbne"], share_reflection=True, checkins=6)
        for _ in range(5)
    ]
    # One organisation's round: only four answered the wellbeing question.
    few = Checkin.objects.filter(round__charter=made[0])
    Checkin.objects.filter(pk__in=list(few.values_list("pk", flat=True))[:2]).update(
        wellbeing=None, productivity=1
    )
    # Another has an older closed round with other answers: only its latest counts.
    today = datetime.date.today()
    older = Round.objects.create(
        charter=made[1],
        version_number=1,
        kind="scheduled",
        opens_on=today - datetime.timedelta(days=200),
        closes_on=today - datetime.timedelta(days=186),
    )
    Checkin.objects.bulk_create(
        Checkin(round=older, productivity=1, wellbeing=1, meaningfulness=1) for _ in range(20)
    )
    [row] = aims()
    assert row.checkins == 30  # 5 latest rounds of 6, not the older round's 20
    assert row.means["wellbeing"] == 4.0  # the four answers are left out, not averaged in
    assert row.means["productivity"] == round((28 * 4 + 2 * 1) / 30, 1)


def test_the_dashboard_shows_withheld_counts_as_such(
    nina_client: Client, published_org: Callable[..., Charter]
) -> None:
    for _ in range(5):
        published_org("finance", ["bruger vi den sparede tid på kunderne"])
    for _ in range(2):
        published_org("retail", ["bruger vi den sparede tid på kunderne"])
    page = nina_client.get("/national/").content.decode()
    assert "withheld" in page
    assert ">7<" in page  # the total of organisations on the theme


def test_a_coordinator_curates_a_template_that_a_facilitator_starts_a_principle_from(
    nina_client: Client,
    fiona_client: Client,
    alice_client: Client,
    signatories: World,
    adopted_havneby: Charter,
) -> None:
    _publish(alice_client, signatories, adopted_havneby)
    source = CommonsPrinciple.objects.get()
    form = nina_client.get("/national/templates/", {"from": source.code}).content.decode()
    assert "inddrager vi medarbejderne" in form
    nina_client.post(
        "/national/templates/",
        {
            "from": source.code,
            "statement_da": "inddrager vi medarbejderne tidligt",
            "statement_en": "involve employees early",
            "cell_individual": "Jeg siger til",
            "cell_national": "Fælles retningslinjer",
            "note": "Fra mange kommuner",
        },
    )
    template = TemplatePrinciple.objects.get()
    assert template.from_principle_code == source.code
    assert template.cells == {"individual": "Jeg siger til", "national": "Fælles retningslinjer"}

    draft = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.unit, title="Kommunikation"
    )
    listing = fiona_client.get(f"/o/{signatories.havneby.code}/commons/templates/")
    assert "inddrager vi medarbejderne tidligt" in listing.content.decode()
    fiona_client.post(
        f"/o/{signatories.havneby.code}/commons/templates/",
        {"template": template.code, "charter": draft.code},
    )
    made = draft.principles.get()
    assert made.template_code == template.code
    assert {c.level: c.text for c in made.cells.all()} == template.cells
    doc = document(draft)
    assert doc["principles"][0]["origin"]["kind"] == "template"

    # Retired, it is no longer offered.
    nina_client.post(
        f"/national/templates/{template.code}/",
        {"statement_da": template.statement_da, "statement_en": template.statement_en},
    )
    template.refresh_from_db()
    assert not template.active
    listing = fiona_client.get(f"/o/{signatories.havneby.code}/commons/templates/")
    assert "inddrager vi medarbejderne tidligt" not in listing.content.decode()


def test_a_template_needs_a_statement(nina_client: Client) -> None:
    page = nina_client.post("/national/templates/", {"note": "x"}, follow=True).content.decode()
    assert not TemplatePrinciple.objects.exists()
    assert 'class="messages' in page or 'role="alert"' in page


def test_republishing_follows_the_latest_adopted_version(
    alice_client: Client, signatories: World, adopted_havneby: Charter
) -> None:
    _publish(alice_client, signatories, adopted_havneby)
    adoption_actions.new_draft(signatories.fiona, adopted_havneby)
    editing_actions.add_principle(signatories.fiona, adopted_havneby, statement_da="deler vi viden")
    # A draft is never published.
    _publish(alice_client, signatories, adopted_havneby)
    assert CommonsPrinciple.objects.count() == 1
    adoption_actions.propose(signatories.fiona, adopted_havneby)
    sign_as_expected(adopted_havneby)
    adoption_actions.adopt(signatories.fiona, adopted_havneby)
    _publish(alice_client, signatories, adopted_havneby)
    assert Publication.objects.get().version_number == 2
    assert CommonsPrinciple.objects.count() == 2
    assert actions.is_coordinator(signatories.alice) is False


def test_without_words_the_search_page_lists_the_published_charters_of_a_sector(
    nina_client: Client, published_org: Callable[..., Charter]
) -> None:
    published_org("finance", ["er vi åbne"], show_name=True)
    published_org("education", ["er vi åbne"])
    page = nina_client.get("/national/search/", {"sector": "finance"}).content.decode()
    assert "1 offentliggjort principsæt" in page or "1 published charter" in page
    named = Publication.objects.get(sector="finance").shown_name
    assert named and named in page
