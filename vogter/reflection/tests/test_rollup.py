"""The roll-up of reflection over a unit and the units below it: coverage, the aims
added up level by level, and no small group's answers to be told — not directly, and
not by subtracting a shown figure from another — in the page, the API and the CSV."""

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World
from vogter.charters.models import Charter, CharterVersion, Status
from vogter.organisations.models import Membership, Unit, UnitLevel
from vogter.reflection.models import AgreedAction, Checkin, Round
from vogter.reflection.rollup import rollup

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ADOPTED_ON = TODAY - datetime.timedelta(days=200)


def _unit(world: World, name: str, level: str, parent: Unit) -> Unit:
    return Unit.objects.create(organisation=world.havneby, name=name, level=level, parent=parent)


def _charter(world: World, unit: Unit) -> Charter:
    charter = Charter.objects.create(organisation=world.havneby, unit=unit, title=f"AI i {unit}")
    CharterVersion.objects.create(
        charter=charter,
        number=1,
        status=Status.ADOPTED,
        document={"principles": []},
        adopted_on=ADOPTED_ON,
    )
    return charter


def _round(charter: Charter, scores: list[int], *, closed_days_ago: int = 10) -> Round:
    """A closed round with one check-in per score (the same score for all three aims)."""
    closes_on = TODAY - datetime.timedelta(days=closed_days_ago)
    reflection = Round.objects.create(
        charter=charter,
        version_number=1,
        kind="scheduled",
        opens_on=closes_on - datetime.timedelta(days=14),
        closes_on=closes_on,
    )
    Checkin.objects.bulk_create(
        Checkin(round=reflection, productivity=s, wellbeing=s, meaningfulness=s) for s in scores
    )
    return reflection


@pytest.fixture
def health(world: World) -> dict[str, Unit]:
    """Havneby Kommune → Sundhed → Akut (3 check-ins, all 1) and Pleje (7, all 5)."""
    department = _unit(world, "Sundhed", UnitLevel.DEPARTMENT, world.corporate)
    small = _unit(world, "Akut", UnitLevel.UNIT, department)
    large = _unit(world, "Pleje", UnitLevel.UNIT, department)
    _round(_charter(world, small), [1, 1, 1])
    _round(_charter(world, large), [5] * 7)
    return {"department": department, "small": small, "large": large}


def _rows(result: Any) -> dict[str, Any]:
    return {row.unit.name: row for row in result.rows}


def _page_row(client: Client, world: World, top: Unit, unit: Unit) -> str:
    page = client.get(f"/o/{world.havneby.code}/units/{top.code}/reflection/")
    assert page.status_code == 200
    match = re.search(rf'<tr data-unit="{unit.code}">(.*?)</tr>', page.content.decode(), re.S)
    assert match, unit.name
    return match.group(1)


def _api_rows(client: Client, world: World, top: Unit) -> dict[str, Any]:
    response = client.get(f"/api/organisations/{world.havneby.code}/units/{top.code}/reflection")
    assert response.status_code == 200
    return {row["name"]: row for row in response.json()["units"]}


def _csv_rows(client: Client, world: World, top: Unit) -> dict[str, dict[str, str]]:
    response = client.get(f"/o/{world.havneby.code}/units/{top.code}/reflection/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    return {row["Enhed"]: row for row in csv.DictReader(io.StringIO(body), delimiter=";")}


def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", html)]


def test_a_small_unit_beside_a_shown_sibling_hides_its_parent_everywhere(
    world: World, health: dict[str, Unit], fiona_client: Client, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(rollup(world.corporate))
    assert rows["Akut"].withheld and rows["Akut"].checkins is None
    assert rows["Pleje"].checkins == 7 and rows["Pleje"].aims["wellbeing"].mean == 5.0
    # Sundhed over all ten (mean 3.8) minus Pleje's seven would give Akut's three away.
    for name in ("Sundhed", "Havneby Kommune"):
        assert rows[name].withheld, name
        assert rows[name].checkins is None
        assert all(a.n is None and a.mean is None for a in rows[name].aims.values())

    cells = _cells(_page_row(fiona_client, world, world.corporate, health["department"]))
    assert cells[-4:] in (["\u2013not shown"] * 4, ["\u2013ikke vist"] * 4)
    assert "10" not in cells and "3,8" not in " ".join(cells)
    assert _cells(_page_row(fiona_client, world, world.corporate, health["large"]))[-4:] == [
        "7",
        "5,0 (7)",
        "5,0 (7)",
        "5,0 (7)",
    ]  # Danish decimals

    api = _api_rows(api_client_for(world.fiona), world, world.corporate)
    for name, reason in (
        ("Akut", "few"),
        ("Sundhed", "complement"),
        ("Havneby Kommune", "complement"),
    ):
        assert api[name]["checkins"] is None and api[name]["checkins_reason"] == reason
        for aim in ("productivity", "wellbeing", "meaningfulness"):
            assert api[name][aim] == {"n": None, "mean": None, "reason": reason}
    # No distribution in the roll-up: the units' score counts side by side, minus one
    # another, would tell small groups' answers (docs/disclosure.md).
    assert api["Pleje"]["wellbeing"] == {"n": 7, "mean": 5.0, "reason": None}

    sheet = _csv_rows(fiona_client, world, world.corporate)
    for name in ("Akut", "Sundhed", "Havneby Kommune"):
        figures = [v for k, v in sheet[name].items() if k.startswith(("Check-ins", "Produktiv"))]
        assert figures and set(figures) == {""}, (name, sheet[name])
    assert sheet["Pleje"]["Check-ins"] == "7"

    # The department's own page decides the same as the corporate group's.
    assert (
        _api_rows(api_client_for(world.fiona), world, health["department"])["Sundhed"]["checkins"]
        is None
    )


def test_the_parent_is_shown_once_the_withheld_units_together_reach_the_minimum(
    world: World, health: dict[str, Unit], fiona_client: Client, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    second = _unit(world, "Rehabilitering", UnitLevel.UNIT, health["department"])
    _round(_charter(world, second), [2, 2, 3])
    rows = _rows(rollup(world.corporate))
    assert rows["Akut"].withheld and rows["Rehabilitering"].withheld
    # 13 - 7 leaves the six answers of Akut and Rehabilitering together: not one group.
    department = rows["Sundhed"]
    assert department.checkins == 13
    assert department.aims["wellbeing"].n == 13
    assert department.aims["wellbeing"].mean == 3.5  # (3 + 7 + 35) / 13, to one decimal
    assert rows["Havneby Kommune"].checkins == 13
    api = _api_rows(api_client_for(world.fiona), world, world.corporate)
    assert api["Sundhed"]["checkins"] == 13 and api["Rehabilitering"]["checkins"] is None
    assert _csv_rows(fiona_client, world, world.corporate)["Sundhed"]["Check-ins"] == "13"
    assert "13" in _cells(_page_row(fiona_client, world, world.corporate, health["department"]))


def test_a_small_round_of_the_parents_own_charter_cannot_be_subtracted_out(
    world: World, health: dict[str, Unit]
) -> None:
    Round.objects.filter(charter__unit=health["small"]).delete()
    _round(_charter(world, health["department"]), [2, 2, 2, 2])  # the department's own, 4
    rows = _rows(rollup(world.corporate))
    assert rows["Pleje"].checkins == 7
    assert rows["Sundhed"].withheld  # 11 - 7 = the department's own four


def test_each_aim_is_decided_on_its_own_answers(world: World, health: dict[str, Unit]) -> None:
    # Two of Pleje's seven can't say how meaningful it is: five answers are still enough.
    reflection = Round.objects.get(charter__unit=health["large"])
    Checkin.objects.filter(
        pk__in=list(reflection.checkins.values_list("pk", flat=True)[:3])
    ).update(meaningfulness=None)
    rows = _rows(rollup(world.corporate))
    assert rows["Pleje"].aims["meaningfulness"].withheld  # only four
    assert rows["Pleje"].aims["productivity"].n == 7


def test_coverage_shows_charters_last_and_open_rounds_and_open_actions(
    world: World, health: dict[str, Unit]
) -> None:
    large = Charter.objects.get(unit=health["large"])
    earlier = _round(large, [4] * 6, closed_days_ago=400)
    AgreedAction.objects.create(round=earlier, description="Skriv en guide", owner="Pia")
    Round.objects.create(
        charter=large,
        version_number=1,
        kind="event",
        event="new_tool",
        opens_on=TODAY - datetime.timedelta(days=2),
        closes_on=TODAY + datetime.timedelta(days=5),
    )
    Checkin.objects.create(round=large.rounds.get(closes_on__gt=TODAY), productivity=1)
    rows = _rows(rollup(world.corporate))
    pleje = rows["Pleje"]
    assert [(c.adopted_version, c.adopted_on) for c in pleje.charters] == [(1, ADOPTED_ON)]
    assert pleje.rounds == 3 and pleje.open_actions == 1
    assert pleje.last_closed_on == TODAY - datetime.timedelta(days=10)
    assert pleje.open_until == TODAY + datetime.timedelta(days=5)
    assert pleje.checkins == 7  # only the latest closed round: not the open one, not twice
    assert rows["Sundhed"].charters == [] and rows["Sundhed"].last_closed_on is None
    assert [r.depth for r in rollup(world.corporate).rows][:3] == [0, 1, 2]
    # Rounds that closed before the period are left out.
    since = rollup(world.corporate, since=TODAY - datetime.timedelta(days=5))
    assert all(row.checkins is None for row in since.rows) and _rows(since)["Pleje"].rounds == 1


def _grow(world: World, department: Unit, count: int) -> None:
    for number in range(count):
        unit = _unit(world, f"Team {number:02}", UnitLevel.GROUP, department)
        charter = _charter(world, unit)
        reflection = _round(charter, [3] * (number % 9))
        AgreedAction.objects.create(round=reflection, description="Følg op", owner="Leder")


def _queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_units(
    world: World, fiona_client: Client, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    department = _unit(world, "Sundhed", UnitLevel.DEPARTMENT, world.corporate)
    _grow(world, department, 3)
    api = api_client_for(world.fiona)
    base = f"/o/{world.havneby.code}/units/{world.corporate.code}/reflection/"
    api_url = f"/api/organisations/{world.havneby.code}/units/{world.corporate.code}/reflection"

    calls = (
        lambda: rollup(world.corporate),
        lambda: fiona_client.get(base),
        lambda: fiona_client.get(base + "csv/"),
        lambda: api.get(api_url),
    )

    def counts() -> tuple[int, ...]:
        # The first showing of new figures writes them to the memory: one more query.
        first = _queries(calls[0])
        steady = tuple(_queries(call) for call in calls)
        assert first in (steady[0], steady[0] + 1)
        return steady

    api.get(api_url)  # the token's first use is recorded once
    small = counts()
    _grow(world, _unit(world, "Kultur og fritid", UnitLevel.DEPARTMENT, world.corporate), 27)
    assert Unit.objects.filter(organisation=world.havneby).count() >= 34
    assert counts() == small
    # Units, charters, versions, rounds, actions, answers, and what was shown before.
    assert small[0] == 7


def test_facilitators_admins_and_the_units_managers_see_it_members_get_403_outsiders_404(
    world: World,
    health: dict[str, Unit],
    alice_client: Client,
    mads_client: Client,
    olga_client: Client,
    api_client_for,  # type: ignore[no-untyped-def]
) -> None:
    page = f"/o/{world.havneby.code}/units/{world.corporate.code}/reflection/"
    api = f"/api/organisations/{world.havneby.code}/units/{world.corporate.code}/reflection"
    assert alice_client.get(page).status_code == 200
    assert mads_client.get(page).status_code == 403
    assert mads_client.get(page + "csv/").status_code == 403
    assert api_client_for(world.mads).get(api).status_code == 403
    assert olga_client.get(page).status_code == 404
    assert olga_client.get(page + "csv/").status_code == 404
    assert api_client_for(world.olga).get(api).status_code == 404
    # A manager acts on their own unit and the units below it, not on the units above.
    Membership.objects.filter(user=world.mads).update(is_manager=True)
    assert mads_client.get(page).status_code == 403
    assert api_client_for(world.mads).get(api).status_code == 403
    own = f"/o/{world.havneby.code}/units/{world.web_team.code}/reflection/"
    assert mads_client.get(own).status_code == 200
    assert (
        api_client_for(world.mads)
        .get(api.replace(world.corporate.code, world.web_team.code))
        .status_code
        == 200
    )
    Membership.objects.filter(user=world.mads).update(unit=world.corporate)
    assert mads_client.get(page).status_code == 200
    assert api_client_for(world.mads).get(api).status_code == 200
    unknown = f"/o/{world.havneby.code}/units/{world.fjordby_unit.code}/reflection/"
    assert alice_client.get(unknown).status_code == 404


def test_the_page_is_a_captioned_table_with_headers(
    world: World, health: dict[str, Unit], fiona_client: Client
) -> None:
    page = fiona_client.get(
        f"/o/{world.havneby.code}/units/{world.corporate.code}/reflection/", {"since": "nonsense"}
    ).content.decode()
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    assert 'aria-invalid="true"' in page  # the unreadable date is said, and ignored


def test_the_charter_reflection_page_links_to_its_units_roll_up(
    world: World, health: dict[str, Unit], fiona_client: Client, mads_client: Client
) -> None:
    charter = Charter.objects.get(unit=health["large"])
    page = f"/o/{world.havneby.code}/charters/{charter.code}/reflection/"
    link = f"/o/{world.havneby.code}/units/{health['large'].code}/reflection/"
    assert link in fiona_client.get(page).content.decode()
    assert link not in mads_client.get(page).content.decode()
