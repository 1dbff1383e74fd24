"""Who has checked in, on the round page, for those who run it: how many, and while the round
is open who has not yet (for a personal reminder); never anything about the answers, and
no names once the round has closed and its results may show."""

import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection import links
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def reflection(world: World, adopted_charter: Charter, colleagues: list[User]) -> Round:
    return round_actions.open_round(world.fiona, adopted_charter, event="new_tool")


def _answers(reflection: Round, score: str = "4") -> dict[str, str]:
    codes = [p["code"] for p in reflection.charter.versions.get(number=1).document["principles"]]
    return {f"score-{c}": score for c in codes} | {"productivity": "3", "changed": "Mere ro"}


def _section(page: str) -> str:
    """The round page's "who has checked in" card, alone."""
    found = re.search(r'<section class="card no-print participation".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _page(client: Client, world: World, reflection: Round) -> str:
    return client.get(f"/o/{world.havneby.code}/reflection/{reflection.code}/").content.decode()


def test_a_manager_sees_how_many_have_checked_in_and_who_has_not_yet(
    world: World,
    fiona_client: Client,
    reflection: Round,
    colleagues: list[User],
    settings: Settings,
) -> None:
    settings.SITE_URL = "http://testserver"
    # One checks in with a login, one with the link on their slip, one unnamed slip is used.
    first = Client()
    first.force_login(colleagues[0])
    assert first.post(f"/r/{reflection.code}/", _answers(reflection)).status_code == 302
    slip = links.for_member(reflection, world.membership(colleagues[1]))
    assert Client().post(links.url_of(slip), _answers(reflection, "2")).status_code == 302
    blank = links.blank(reflection)
    assert Client().post(links.url_of(blank), _answers(reflection, "5")).status_code == 302

    card = _section(_page(fiona_client, world, reflection))
    assert "2 af 8 medlemmer har tjekket ind." in card
    assert "2 af 2 personlige links er brugt." in card
    assert "Har ikke givet check-in endnu: 6 medlemmer" in card
    not_yet = re.findall(r"<li>(.*?)</li>", card)
    assert sorted(not_yet) == sorted(
        ["Alice Admin", "Mads Member", *(f"Kollega {n}" for n in range(2, 6))]
    )
    # Whether, never what: nothing of the answers is on the card.
    assert "Mere ro" not in card and "Kollega 0" not in card and "Kollega 1" not in card
    assert f'href="/o/{world.havneby.code}/reflection/{reflection.code}/slips/"' in card


def test_members_do_not_see_who_has_checked_in(
    world: World, mads_client: Client, reflection: Round
) -> None:
    page = _page(mads_client, world, reflection)
    assert _section(page) == "" and "Kollega 0" not in page


def test_once_the_round_has_closed_only_the_numbers_show(
    world: World, fiona_client: Client, reflection: Round, colleagues: list[User]
) -> None:
    phone = Client()
    phone.force_login(colleagues[0])
    phone.post(f"/r/{reflection.code}/", _answers(reflection))
    round_actions.close_round(world.fiona, reflection)
    card = _section(_page(fiona_client, world, reflection))
    assert "1 af 8 medlemmer har tjekket ind." in card
    assert "<li>" not in card and "Kollega" not in card and "Alice Admin" not in card
    assert "/slips/" not in card  # nothing more to print


def test_the_check_in_says_who_can_see_what(
    world: World, reflection: Round, colleagues: list[User]
) -> None:
    phone = Client()
    phone.force_login(colleagues[0])
    page = phone.get(f"/r/{reflection.code}/").content.decode()
    assert "kan se, om du har tjekket ind, men aldrig, hvad du har svaret" in page
