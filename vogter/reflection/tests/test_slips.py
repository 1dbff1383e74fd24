"""Printed check-in slips: a real A4 PDF, eight slips to a page, each with a QR code and the
link spelled out, both leading to a check-in that works once; a member's slip is the same
when printed again, an unnamed slip is new each time; only those who run the round print."""

import io
import math
import re

import pikepdf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.lib.tests.pdfcheck import accessibility, page_texts
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import AuditEntry, Role
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import slips as slip_actions
from vogter.reflection.models import Checkin, Link, Round
from vogter.reflection.rounds import members
from vogter.workshops.tests.pdfread import linked_qr_modules
from vogter.workshops.tests.qrdecode import decode

pytestmark = pytest.mark.django_db

LINK = re.compile(r"testserver(/tjek/[a-z2-7]{26}/)")


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def reflection(world: World, adopted_charter: Charter, colleagues: list[User]) -> Round:
    return round_actions.open_round(world.fiona, adopted_charter, event="new_tool")


def _url(world: World, reflection: Round) -> str:
    return f"/o/{world.havneby.code}/reflection/{reflection.code}/slips/"


def _everyone(reflection: Round) -> list[str]:
    return [m.code for m in members(reflection.charter)]


def _print(
    client: Client,
    world: World,
    reflection: Round,
    *,
    member: list[str],
    extra: int = 0,
    **more: str,
) -> bytes:
    response = client.post(_url(world, reflection), {"member": member, "extra": str(extra), **more})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _text(pdf: bytes) -> str:
    """The slips' text as a reader copies it out, in the order it was set."""
    return "\n".join(page_texts(pdf))


def _flat(pdf: bytes) -> str:
    """The text on one line, words hyphenated at a line's end joined again."""
    return " ".join(_text(pdf).replace("\N{SOFT HYPHEN}\n", "").split())


def _links(pdf: bytes) -> list[str]:
    """The links spelled out on the slips, in the order they are printed."""
    return LINK.findall(_text(pdf))


def _answers(reflection: Round) -> dict[str, str]:
    codes = [p["code"] for p in reflection.charter.versions.get(number=1).document["principles"]]
    return {f"score-{c}": "4" for c in codes} | {"productivity": "3", "wellbeing": "4"}


def test_a_facilitator_prints_a_slip_for_every_member_and_unnamed_ones(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    page = fiona_client.get(_url(world, reflection)).content.decode()
    everyone = _everyone(reflection)
    assert len(everyone) == 8  # Alice and Mads, placed in the unit, and six colleagues
    for code in everyone:  # all of them chosen, unless unticked
        assert f'value="{code}" checked' in page
    pdf = _print(fiona_client, world, reflection, member=everyone, extra=3)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        sizes = [[round(float(v)) for v in page.MediaBox] for page in doc.pages]
    assert sizes == [[0, 0, 595, 842]] * math.ceil(11 / 8)  # A4, two pages
    links = _links(pdf)
    assert len(links) == len(set(links)) == 11 == Link.objects.filter(round=reflection).count()
    # Each QR code says its slip's link: the page rendered by poppler, the code read off
    # the picture with our own decoder, not segno's.
    for url in links:
        assert (
            decode(linked_qr_modules(pdf, f"http://testserver{url}")) == f"http://testserver{url}"
        )
    text = _text(pdf)
    for name in ("Alice Admin", "Mads Member", "Kollega 0", "Kollega 5"):
        assert re.search(rf"^{name}$", text, re.M)
    assert "Havneby Kommune" in text and "Vores principper" in text
    # A tagged PDF: each code is a figure a screen reader reads out, with its link.
    tags = accessibility(pdf)
    assert tags.lang.startswith("da") and tags.marked and "Check-in-sedler" in tags.title
    assert (tags.figures, tags.figures_without_alt) == (11, 0)
    # Each link opens the check-in, with no login.
    for url in links:
        assert b"Send min check-in" in Client().get(url).content


def test_a_printed_link_checks_in_once_and_then_says_it_is_done(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    pdf = _print(fiona_client, world, reflection, member=[], extra=1)
    (url,) = _links(pdf)
    phone = Client()
    assert phone.post(url, _answers(reflection)).status_code == 302
    assert Checkin.objects.filter(round=reflection).count() == 1
    done = phone.get(url).content.decode()
    assert "Din check-in er modtaget" in done and "Send min check-in" not in done
    phone.post(url, _answers(reflection))  # a second time: nothing more is stored
    assert Checkin.objects.filter(round=reflection).count() == 1
    assert Link.objects.get(round=reflection).used


def test_printing_again_gives_members_the_same_links_and_unnamed_slips_new_ones(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    mads = world.membership(world.mads).code
    first = _links(_print(fiona_client, world, reflection, member=[mads], extra=2))
    again = _links(_print(fiona_client, world, reflection, member=[mads], extra=2))
    assert first[0] == again[0]  # Mads's slip: the same link, the same QR code
    assert not set(first[1:]) & set(again[1:])  # the unnamed ones: new links
    assert Link.objects.filter(round=reflection).count() == 5
    assert Link.objects.get(round=reflection, membership__user=world.mads)
    # The audit log has the numbers, not the people.
    entries = AuditEntry.objects.filter(action="reflection.slips", target=reflection.code)
    assert [e.data for e in entries] == [{"named": 1, "unnamed": 2}] * 2


def test_a_member_who_checked_in_with_their_slip_has_checked_in(
    world: World, fiona_client: Client, reflection: Round, colleagues: list[User]
) -> None:
    """The slip's link and the login are one check-in: after one, the other is refused."""
    kollega = Client()
    kollega.force_login(colleagues[0])
    code = world.membership(colleagues[0]).code
    (url,) = _links(_print(fiona_client, world, reflection, member=[code]))
    assert Client().post(url, _answers(reflection)).status_code == 302
    # The login finds the check-in in (a retry from a flaky phone looks the same): nothing
    # more is stored.
    again = kollega.post(f"/r/{reflection.code}/", _answers(reflection), follow=True)
    assert again.status_code == 200 and 'class="checkin"' not in again.content.decode()
    assert Checkin.objects.filter(round=reflection).count() == 1


def test_the_slips_speak_the_organisations_language_or_the_one_chosen(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    danish = _flat(_print(fiona_client, world, reflection, member=[], extra=1))
    english = _flat(_print(fiona_client, world, reflection, member=[], extra=1, language="en"))
    assert "takes under three minutes, usable once." in english
    assert "tager under tre minutter" in danish and "takes under" not in danish
    # The round's dates, the Danish way and the British way.
    assert re.search(r"\b\d{1,2}\. [a-z]+ 20\d\d –", danish)  # noqa: RUF001
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ 20\d\d –", english)  # noqa: RUF001
    assert not re.search(r"\d{4}-\d{2}-\d{2}", danish + english)


def test_only_those_who_run_the_round_print_slips(
    world: World, mads_client: Client, olga_client: Client, reflection: Round
) -> None:
    url = _url(world, reflection)
    assert mads_client.get(url).status_code == 403
    assert mads_client.post(url, {"extra": "5"}).status_code == 403
    assert olga_client.get(url).status_code == 404
    assert olga_client.post(url, {"extra": "5"}).status_code == 404
    assert Client().get(url)["Location"].startswith("/accounts/login/")
    assert not Link.objects.exists()


def test_a_closed_round_prints_no_slips(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    round_actions.close_round(world.fiona, reflection)
    url = _url(world, reflection)
    page = fiona_client.get(url).content.decode()
    assert "Runden er lukket, så der kan ikke udskrives sedler til den." in page
    assert 'name="extra"' not in page  # no form
    refused = fiona_client.post(url, {"member": _everyone(reflection), "extra": "2"})
    assert refused.status_code == 400
    assert "Runden er lukket, så der kan ikke udskrives sedler" in refused.content.decode()
    assert not Link.objects.exists()


@pytest.mark.parametrize("extra", ["201", "-1", "ti", "1e3"])
def test_at_most_two_hundred_unnamed_slips(
    world: World, fiona_client: Client, reflection: Round, extra: str
) -> None:
    refused = fiona_client.post(_url(world, reflection), {"extra": extra})
    assert refused.status_code == 400
    assert "Udskriv fra 0 til 200 sedler uden navn." in refused.content.decode()
    assert f'value="{extra}"' in refused.content.decode()  # kept, to be corrected
    assert not Link.objects.exists()


def test_only_members_of_the_unit_get_a_named_slip(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    fiona = world.membership(world.fiona).code  # a facilitator placed in no unit
    refused = fiona_client.post(_url(world, reflection), {"member": [fiona]})
    assert refused.status_code == 400
    assert "Fiona Facilitator er ikke placeret" in refused.content.decode()
    nothing = fiona_client.post(_url(world, reflection), {"extra": "0"})
    assert nothing.status_code == 400
    assert not Link.objects.exists()


def test_printing_costs_the_same_queries_for_a_bigger_unit(world: World, reflection: Round) -> None:
    def queries() -> int:
        Link.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            slip_actions.make_slips(world.fiona, reflection, extra=10)
        return len(captured)

    small = queries()
    for number in range(10):
        person = make_user(f"ny{number}@havneby.example", f"Ny {number}")
        invitation = invitation_actions.invite(world.alice, world.havneby, role=Role.MEMBER)
        membership = joining_actions.accept_invitation(person, invitation)
        membership_actions.change_membership(world.alice, membership, unit=world.web_team)
    assert queries() == small
