"""A manager manages reflection on their own unit's charters and those of the units below
it; facilitators and admins on every unit's. The reproduction: the manager of one
department opened rounds and set schedules on another department's charter."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Branches, World, sign_as_expected
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.models import Charter
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekretariat_charter(world: World, branches: Branches) -> Charter:
    """Sekretariatet's adopted charter, signed by its own manager and TR."""
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=branches.sekretariatet, title="Sekretariatets"
    )
    editing_actions.add_principle(world.fiona, charter, statement_da="tjekker vi kilderne")
    adoption_actions.propose(world.fiona, charter)
    sign_as_expected(charter)
    adoption_actions.adopt(branches.sara, charter)
    return charter


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def test_a_manager_of_another_branch_cannot_manage_its_reflection(
    world: World,
    branches: Branches,
    sekretariat_charter: Charter,
    api_client_for: Callable[[User], Client],
) -> None:
    base = f"/api/organisations/{world.havneby.code}/charters/{sekretariat_charter.code}"
    kim = api_client_for(branches.kim)  # manager of Kommunikation, in Kultur
    assert _send(kim, "POST", base + "/rounds", {"event": "incident"}).status_code == 403
    assert _send(kim, "PUT", base + "/schedule", {"every_months": 3}).status_code == 403
    assert kim.get(base + "/rounds").status_code == 200  # members read
    assert not Round.objects.exists()

    page = Client()
    page.force_login(branches.kim)
    url = f"/o/{world.havneby.code}/charters/{sekretariat_charter.code}/reflection/"
    assert page.post(url, {"do": "schedule", "every_months": 3}).status_code == 403
    assert "Start a revisit workshop" not in page.get(url).content.decode()

    sara = api_client_for(branches.sara)  # the unit's own manager
    opened = _send(sara, "POST", base + "/rounds", {"event": "incident"})
    assert opened.status_code == 201, opened.content
    code = opened.json()["code"]
    action = {"description": "Tal om det på mødet", "owner": "Sara"}
    round_url = f"/api/organisations/{world.havneby.code}/reflection/{code}"
    assert _send(kim, "POST", round_url + "/actions", action).status_code == 403
    assert _send(sara, "POST", round_url + "/actions", action).status_code == 201


def test_the_actions_refuse_a_manager_of_another_branch_whoever_calls_them(
    branches: Branches, sekretariat_charter: Charter
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        round_actions.open_round(branches.kim, sekretariat_charter, event="incident")
    with pytest.raises(PermissionDenied):
        schedule_actions.set_schedule(branches.kim, sekretariat_charter, every_months=3)
    # The system (a command) and the unit's manager may.
    schedule_actions.set_schedule(None, sekretariat_charter, every_months=3)
    assert round_actions.open_round(branches.sara, sekretariat_charter, event="incident").pk


def test_a_manager_of_a_unit_above_manages_the_units_below(
    world: World, branches: Branches, sekretariat_charter: Charter
) -> None:
    from vogter.organisations.actions import memberships as membership_actions

    director = world.membership(branches.dora)
    membership_actions.change_membership(world.alice, director, unit=world.corporate)
    assert round_actions.open_round(branches.dora, sekretariat_charter, event="incident").pk
