from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from conftest import World
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import AuditEntry, Unit, UnitLevel

pytestmark = pytest.mark.django_db


def _units(world: World) -> str:
    return f"/o/{world.havneby.code}/units/"


def _unit(world: World, unit: Unit, suffix: str = "") -> str:
    return f"/o/{world.havneby.code}/units/{unit.code}/{suffix}"


def _fields(unit: Unit, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent else "",
    }
    data.update(changes)
    return data


def _placement(unit: Unit) -> tuple[str, str, int | None]:
    unit.refresh_from_db()
    return unit.name, unit.level, unit.parent_id


def test_units_page_shows_the_tree_in_order(alice_client: Client, world: World) -> None:
    response = alice_client.get(_units(world))
    assert response.status_code == 200
    tree = [(node.unit, node.depth) for node in response.context["units"]]
    assert tree == [
        (world.corporate, 0),
        (world.department, 1),
        (world.unit, 2),
        (world.web_team, 3),
    ]
    html = response.content.decode()
    for unit in (world.corporate, world.department, world.unit, world.web_team):
        assert f'href="{_unit(world, unit)}"' in html


@pytest.mark.parametrize(
    ("level", "parent"),
    [
        (UnitLevel.CORPORATE_GROUP, None),
        (UnitLevel.DEPARTMENT, "corporate"),
        (UnitLevel.UNIT, "department"),
        (UnitLevel.GROUP, "unit"),
        (UnitLevel.GROUP, "web_team"),
        (UnitLevel.GROUP, None),
    ],
)
def test_admin_creates_units_at_each_level(
    alice_client: Client, world: World, level: str, parent: str | None
) -> None:
    parent_unit: Unit | None = getattr(world, parent) if parent else None
    response = alice_client.post(
        _units(world),
        {
            "name": "  Ny   enhed ",
            "level": level,
            "parent": parent_unit.code if parent_unit else "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _units(world)
    unit = Unit.objects.get(organisation=world.havneby, name="Ny enhed")
    assert (unit.level, unit.parent) == (level, parent_unit)
    entry = AuditEntry.objects.get(action="unit.create", target=unit.code)
    assert entry.actor == world.alice


def test_a_name_is_required(alice_client: Client, world: World) -> None:
    response = alice_client.post(_units(world), {"name": "   ", "level": UnitLevel.GROUP})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_admin_moves_a_unit_under_another(alice_client: Client, world: World) -> None:
    other = unit_actions.create_unit(world.alice, world.havneby, "Økonomi", UnitLevel.DEPARTMENT)
    response = alice_client.post(_unit(world, world.unit), _fields(world.unit, parent=other.code))
    assert response.status_code == 302
    assert _placement(world.unit)[2] == other.pk
    entry = AuditEntry.objects.get(action="unit.update", target=world.unit.code)
    assert entry.data == {"parent": other.code}
    # Its own parts come along.
    world.web_team.refresh_from_db()
    assert world.web_team.parent == world.unit


def test_admin_renames_a_unit_and_changes_its_level(alice_client: Client, world: World) -> None:
    response = alice_client.post(
        _unit(world, world.web_team), _fields(world.web_team, name="Web og SoMe", level="unit")
    )
    assert response.status_code == 302
    assert _placement(world.web_team) == ("Web og SoMe", "unit", world.unit.pk)


def test_a_unit_cannot_move_under_its_own_part(alice_client: Client, world: World) -> None:
    team = unit_actions.create_unit(
        world.alice, world.havneby, "Team A", UnitLevel.GROUP, world.web_team
    )
    before = _placement(world.web_team)
    response = alice_client.post(
        _unit(world, world.web_team), _fields(world.web_team, parent=team.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["parent"]
    assert errors and errors[0] in response.content.decode()
    assert _placement(world.web_team) == before
    assert not AuditEntry.objects.filter(action="unit.update").exists()


def test_a_unit_cannot_be_its_own_parent(alice_client: Client, world: World) -> None:
    before = _placement(world.unit)
    response = alice_client.post(
        _unit(world, world.unit), _fields(world.unit, parent=world.unit.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert _placement(world.unit) == before


def test_a_larger_level_cannot_sit_under_a_smaller(alice_client: Client, world: World) -> None:
    response = alice_client.post(
        _units(world),
        {"name": "Ny afdeling", "level": UnitLevel.DEPARTMENT, "parent": world.web_team.code},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["parent"]
    assert errors and errors[0] in response.content.decode()
    assert not Unit.objects.filter(name="Ny afdeling").exists()

    before = _placement(world.department)
    response = alice_client.post(
        _unit(world, world.department), _fields(world.department, parent=world.web_team.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert _placement(world.department) == before


def test_a_unit_cannot_shrink_below_its_parts(alice_client: Client, world: World) -> None:
    before = _placement(world.department)
    response = alice_client.post(
        _unit(world, world.department), _fields(world.department, level=UnitLevel.GROUP)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert _placement(world.department) == before


def test_a_parent_from_another_organisation_is_refused(alice_client: Client, world: World) -> None:
    response = alice_client.post(
        _units(world), {"name": "Snyd", "level": UnitLevel.GROUP, "parent": world.fjordby_unit.code}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert not Unit.objects.filter(name="Snyd").exists()


def test_a_unit_with_parts_cannot_be_deleted(alice_client: Client, world: World) -> None:
    response = alice_client.post(_unit(world, world.unit, "delete/"))
    assert response.status_code == 302
    assert response["Location"] == _unit(world, world.unit)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert Unit.objects.filter(pk=world.unit.pk).exists()
    assert message.message in alice_client.get(response["Location"]).content.decode()


def test_a_leaf_unit_is_deleted_and_its_people_stay(alice_client: Client, world: World) -> None:
    response = alice_client.post(_unit(world, world.web_team, "delete/"))
    assert response.status_code == 302
    assert response["Location"] == _units(world)
    assert not Unit.objects.filter(pk=world.web_team.pk).exists()
    mads = world.membership(world.mads)
    assert mads.unit is None
    entry = AuditEntry.objects.get(action="unit.delete", target=world.web_team.code)
    assert entry.actor == world.alice


def test_deleting_needs_a_post(alice_client: Client, world: World) -> None:
    assert alice_client.get(_unit(world, world.web_team, "delete/")).status_code == 405
    assert Unit.objects.filter(pk=world.web_team.pk).exists()


def test_edit_form_does_not_offer_the_unit_itself_as_parent(
    alice_client: Client, world: World
) -> None:
    response = alice_client.get(_unit(world, world.unit))
    choices = [value for value, _label in response.context["form"].fields["parent"].choices]
    assert world.unit.code not in choices
    assert world.department.code in choices
    assert world.fjordby_unit.code not in choices
