"""The roll-up remembers what it showed: a reorganisation, a `since` window or a charter
moving unit cannot be used to subtract one view from another and single out a small
unit (issue 13, reproduction 1; docs/disclosure.md, "Memory")."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from vogter.charters.models import Charter, CharterVersion, Status
from vogter.disclosure.models import Release
from vogter.organisations.models import Unit, UnitLevel
from vogter.reflection.models import Checkin, Round

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _unit(world: World, name: str, level: str, parent: Unit) -> Unit:
    return Unit.objects.create(organisation=world.havneby, name=name, level=level, parent=parent)


def _reflected(world: World, unit: Unit, scores: list[int], closed_days_ago: int = 10) -> Round:
    charter = Charter.objects.create(organisation=world.havneby, unit=unit, title=f"AI i {unit}")
    CharterVersion.objects.create(
        charter=charter,
        number=1,
        status=Status.ADOPTED,
        document={"principles": []},
        adopted_on=TODAY - datetime.timedelta(days=200),
    )
    closes_on = TODAY - datetime.timedelta(days=closed_days_ago)
    reflection = Round.objects.create(
        charter=charter,
        version_number=1,
        kind="event",
        event="reorganisation",
        opens_on=closes_on - datetime.timedelta(days=14),
        closes_on=closes_on,
    )
    Checkin.objects.bulk_create(
        Checkin(round=reflection, productivity=s, wellbeing=s, meaningfulness=s) for s in scores
    )
    return reflection


@pytest.fixture
def departments(world: World) -> dict[str, Unit]:
    """P has A (7 check-ins), B, C, D (3 each); Q has E (7). D's round closed 40 days ago,
    the others 10 days ago."""
    p = _unit(world, "Plan", UnitLevel.DEPARTMENT, world.corporate)
    q = _unit(world, "Kvalitet", UnitLevel.DEPARTMENT, world.corporate)
    units = {"P": p, "Q": q}
    for name, parent, scores, days in (
        ("A", p, [4, 4, 3, 5, 2, 4, 3], 10),
        ("B", p, [1, 2, 3], 10),
        ("C", p, [2, 3, 4], 10),
        ("D", p, [5, 5, 5], 40),
        ("E", q, [3, 3, 4, 4, 2, 5, 3], 10),
    ):
        units[name] = _unit(world, name, UnitLevel.UNIT, parent)
        _reflected(world, units[name], scores, days)
    return units


def _rollup(client: Client, world: World, unit: Unit, since: str = "") -> dict[str, Any]:
    query = f"?since={since}" if since else ""
    url = f"/api/organisations/{world.havneby.code}/units/{unit.code}/reflection{query}"
    response = client.get(url)
    assert response.status_code == 200
    return {row["name"]: row for row in response.json()["units"]}


def _derivable(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Every count an attacker gets by subtracting one unit's figure after from before."""
    found = []
    for name in before.keys() & after.keys():
        for measure in ("checkins", "productivity", "wellbeing", "meaningfulness"):
            old, new = before[name][measure], after[name][measure]
            old_n = old if measure == "checkins" else old["n"]
            new_n = new if measure == "checkins" else new["n"]
            if old_n is not None and new_n is not None and old_n != new_n:
                found.append((name, measure, abs(old_n - new_n)))
    return found


def test_moving_a_small_unit_out_of_a_department_does_not_give_it_away(
    world: World, departments: dict[str, Unit], api_client_for, alice_client: Client
) -> None:  # type: ignore[no-untyped-def]
    admin = api_client_for(world.alice)
    before = _rollup(admin, world, world.corporate)
    assert before["Plan"]["checkins"] == 16 and before["Plan"]["wellbeing"]["n"] == 16
    assert before["D"]["checkins"] is None  # three: under five

    moved = admin.patch(
        f"/api/organisations/{world.havneby.code}/units/{departments['D'].code}",
        {"parent": departments["Q"].code},
        content_type="application/json",
    )
    assert moved.status_code == 200
    after = _rollup(admin, world, world.corporate)
    # 16 before and 13 after would be D's three answers: Plan is withheld, and says why.
    assert after["Plan"]["checkins"] is None and after["Plan"]["checkins_reason"] == "history"
    assert after["Plan"]["wellbeing"] == {"n": None, "mean": None, "reason": "history"}
    assert all(not 0 < n < 5 for _name, _measure, n in _derivable(before, after))
    # The whole is unchanged, and still shown.
    assert after["Havneby Kommune"]["checkins"] == before["Havneby Kommune"]["checkins"] == 23

    # The same, whichever unit's page is asked for, and on the page and in the CSV.
    assert _rollup(admin, world, departments["P"])["Plan"]["checkins"] is None
    page = alice_client.get(f"/o/{world.havneby.code}/units/{departments['P'].code}/reflection/")
    html = page.content.decode()
    row = re.search(rf'<tr data-unit="{departments["P"].code}">(.*?)</tr>', html, re.S)
    assert row and "\u2020" in row.group(1) and ">16<" not in row.group(1)
    assert "set beside a figure shown earlier" in html or "holdt op mod et tal" in html


def test_a_since_window_that_leaves_a_small_round_out_does_not_give_it_away(
    world: World, departments: dict[str, Unit], api_client_for
) -> None:  # type: ignore[no-untyped-def]
    admin = api_client_for(world.alice)
    everything = _rollup(admin, world, world.corporate)
    assert everything["Plan"]["checkins"] == 16
    since = (TODAY - datetime.timedelta(days=20)).isoformat()  # D's round closed before
    window = _rollup(admin, world, world.corporate, since)
    assert window["Plan"]["checkins"] is None and window["Plan"]["checkins_reason"] == "history"
    assert all(not 0 < n < 5 for _name, _measure, n in _derivable(everything, window))


def test_the_first_view_decides_and_the_other_order_is_protected_too(
    world: World, departments: dict[str, Unit], api_client_for
) -> None:  # type: ignore[no-untyped-def]
    """Asked the other way round (the window first), the full view is the one held back."""
    admin = api_client_for(world.alice)
    since = (TODAY - datetime.timedelta(days=20)).isoformat()
    window = _rollup(admin, world, world.corporate, since)
    assert window["Plan"]["checkins"] == 13
    everything = _rollup(admin, world, world.corporate)
    assert everything["Plan"]["checkins"] is None
    assert all(not 0 < n < 5 for _name, _measure, n in _derivable(window, everything))


def test_a_charter_moving_to_another_unit_does_not_give_its_round_away(
    world: World, departments: dict[str, Unit], api_client_for
) -> None:  # type: ignore[no-untyped-def]
    admin = api_client_for(world.alice)
    before = _rollup(admin, world, world.corporate)
    Charter.objects.filter(unit=departments["D"]).update(unit=departments["E"])
    after = _rollup(admin, world, world.corporate)
    assert all(not 0 < n < 5 for _name, _measure, n in _derivable(before, after))


def test_what_was_shown_is_remembered_once_and_names_rounds_not_people(
    world: World, departments: dict[str, Unit], api_client_for
) -> None:  # type: ignore[no-untyped-def]
    admin = api_client_for(world.alice)
    _rollup(admin, world, world.corporate)
    count = Release.objects.count()
    assert count > 0
    _rollup(admin, world, world.corporate)
    assert Release.objects.count() == count  # the same figures again: nothing new
    codes = set(Round.objects.values_list("code", flat=True))
    for release in Release.objects.all():
        assert set(release.members) <= codes and release.surface == "rollup"
