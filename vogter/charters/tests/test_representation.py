"""Who signs and adopts a unit's charter: the unit's own manager and representatives, or
those of the nearest unit above that has them (docs/organisations.md). A role held
somewhere else in the organisation counts for nothing."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Branches, World
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.lib.errors import ActionError
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Unit

pytestmark = pytest.mark.django_db


def _proposed(world: World, unit: Unit) -> Charter:
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=unit, title="AI-principper"
    )
    editing_actions.add_principle(world.fiona, charter, statement_da="tjekker vi kilderne")
    adoption_actions.propose(world.fiona, charter)
    return charter


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _url(world: World, charter: Charter, rest: str) -> str:
    return f"/api/organisations/{world.havneby.code}/charters/{charter.code}{rest}"


@pytest.fixture
def api(api_client_for: Callable[[User], Client]) -> Callable[[User], Client]:
    User.objects.update(language="en")
    return api_client_for


def test_the_manager_and_tr_of_another_branch_can_neither_sign_nor_adopt(
    world: World, branches: Branches, api: Callable[[User], Client]
) -> None:
    """The reproduction: the manager of Kommunikation signed Sekretariatet's charter as
    manager and adopted it, and the TR of the Web team signed it as TR."""
    charter = _proposed(world, branches.sekretariatet)
    for person, role in ((branches.kim, "manager"), (world.mads, "union_rep")):
        refused = _post(api(person), _url(world, charter, "/sign"), {"role": role})
        assert (refused.status_code, refused.json()["field"]) == (400, "role")
    refused = _post(api(branches.kim), _url(world, charter, "/sign"), {"role": "manager"})
    assert refused.json()["detail"] == (
        "For Sekretariatet, “Manager” is signed by Sara Sekretariatschef."
    )
    assert not charter.versions.get().signatures.exists()

    _post(api(branches.sara), _url(world, charter, "/sign"), {"role": "manager"})
    _post(api(branches.tom), _url(world, charter, "/sign"), {"role": "union_rep"})
    for outsider_manager in (branches.kim, branches.dora):
        assert _post(api(outsider_manager), _url(world, charter, "/adopt")).status_code == 403
    adopted = _post(api(branches.sara), _url(world, charter, "/adopt"))
    assert (adopted.status_code, adopted.json()["status"]) == (200, "adopted")
    signed = {s["role"]: s["name"] for s in adopted.json()["signatures"]}
    assert signed == {"manager": "Sara Sekretariatschef", "union_rep": "Tom Tillidsrepræsentant"}


def test_a_unit_without_its_own_representative_is_represented_by_the_nearest_unit_above(
    world: World, branches: Branches, api: Callable[[User], Client]
) -> None:
    charter = _proposed(world, world.web_team)
    body = api(world.alice).get(_url(world, charter, "")).json()
    assert body["expected_signers"] == {
        "manager": ["Kim Kommunikationschef"],  # no manager in the Web team: the unit above's
        "union_rep": ["Mads Member"],  # the Web team's own TR, not Tina or Ulla above
    }
    assert _post(api(branches.dora), _url(world, charter, "/sign"), {"role": "manager"}).json()[
        "detail"
    ] == ("For Web, “Manager” is signed by Kim Kommunikationschef.")
    assert _post(api(branches.tina), _url(world, charter, "/sign"), {"role": "union_rep"}).json()[
        "detail"
    ] == ("For Web, “Union representative (TR)” is signed by Mads Member.")
    for person, role in ((branches.kim, "manager"), (world.mads, "union_rep")):
        assert _post(api(person), _url(world, charter, "/sign"), {"role": role}).status_code == 200
    # A manager of a unit above acts on the units below it, so Dora may adopt.
    adopted = _post(api(branches.dora), _url(world, charter, "/adopt"))
    assert adopted.json()["status"] == "adopted"


def test_once_the_unit_has_its_own_manager_the_manager_above_no_longer_signs_as_manager(
    world: World, branches: Branches
) -> None:
    charter = _proposed(world, world.web_team)
    with pytest.raises(ActionError):
        signature_actions.sign(branches.dora, charter, "manager")  # Kim is nearer
    kim = world.membership(branches.kim)
    membership_actions.change_membership(world.alice, kim, is_manager=False)
    with pytest.raises(ActionError):
        signature_actions.sign(branches.kim, charter, "manager")
    assert signature_actions.sign(branches.dora, charter, "manager").name == "Dora Direktør"


def test_nobody_to_sign_says_so_and_who_can_fix_it(
    world: World, api: Callable[[User], Client]
) -> None:
    charter = _proposed(world, world.unit)
    refused = _post(api(world.alice), _url(world, charter, "/sign"), {"role": "manager"})
    assert refused.json()["detail"] == (
        "Nobody holds the role “Manager” for Kommunikation or a unit above it yet. "
        "An organisation admin can give it to someone on the People page."
    )


def test_a_manager_placed_in_no_unit_manages_no_unit(
    world: World, branches: Branches, api: Callable[[User], Client]
) -> None:
    charter = _proposed(world, world.unit)
    membership_actions.change_membership(world.alice, world.membership(branches.dora), unit=None)
    assert _post(api(branches.dora), _url(world, charter, "/adopt")).status_code == 403


def test_the_committee_is_signed_by_a_representative_of_the_unit_or_an_admin(
    world: World, branches: Branches
) -> None:
    signature_actions.set_required_roles(world.alice, world.havneby, ["committee"])
    charter = _proposed(world, branches.sekretariatet)
    with pytest.raises(ActionError):
        signature_actions.sign(branches.kim, charter, "committee")  # another branch's manager
    assert (
        signature_actions.sign(branches.tom, charter, "committee").name == "Tom Tillidsrepræsentant"
    )
    other = _proposed(world, world.unit)
    assert signature_actions.sign(world.alice, other, "committee").name == "Alice Admin"


def test_the_charter_page_names_who_is_expected_to_sign(
    world: World, branches: Branches, client: Client
) -> None:
    charter = _proposed(world, world.unit)
    client.force_login(world.mads)
    page = client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content.decode()
    assert "Skal underskrives af Kim Kommunikationschef." in page
    assert "Skal underskrives af Tina Tillid." in page
    assert 'name="role" value="union_rep"' not in page  # Mads may not sign as TR here
    client.force_login(branches.tina)
    page = client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content.decode()
    assert 'name="role" value="union_rep"' in page
    assert 'value="adopt"' not in page  # a TR signs; adopting is for managers and facilitators


def test_one_person_signs_one_line(world: World, branches: Branches) -> None:
    """The review's reproduction: Alice, admin and the unit's manager, signed both as
    manager and for the committee; each line stands for a different party."""
    signature_actions.set_required_roles(world.alice, world.havneby, ["manager", "committee"])
    charter = _proposed(world, world.unit)
    signature_actions.sign(branches.kim, charter, "manager")
    with pytest.raises(ActionError) as refused:
        signature_actions.sign(branches.kim, charter, "committee")
    assert refused.value.field == "role"
    assert signature_actions.sign(branches.tina, charter, "committee").name == "Tina Tillid"


def test_the_charter_actions_refuse_a_member_whoever_calls_them(
    world: World, branches: Branches
) -> None:
    """The checks sit beside the actions, not only in the pages and the API: a manager or
    TR signs and a manager adopts, but drafting and proposing are the facilitators'."""
    from django.core.exceptions import PermissionDenied

    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Udkast"
    )
    for person in (world.mads, branches.kim, world.olga):
        with pytest.raises(PermissionDenied):
            editing_actions.add_principle(person, charter, statement_da="bruger vi AI til alt")
        with pytest.raises(PermissionDenied):
            adoption_actions.propose(person, charter)
    assert not charter.principles.exists()
    assert editing_actions.add_principle(
        None, charter, statement_da="tjekker vi kilderne"
    )  # a command
