from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import AuditEntry, Unit, UnitLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(api_client_for, world: World) -> Client:  # type: ignore[no-untyped-def]
    return api_client_for(world.alice)


def _units(world: World, unit: Unit | None = None) -> str:
    base = f"/api/organisations/{world.havneby.code}/units"
    return f"{base}/{unit.code}" if unit else base


def _post(client: Client, url: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def _patch(client: Client, url: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.patch(url, body, content_type="application/json")


def test_members_list_and_read_units_by_code(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    mads_api = api_client_for(world.mads)
    response = mads_api.get(_units(world))
    assert response.status_code == 200
    by_code = {u["code"]: u for u in response.json()}
    assert set(by_code) == {
        u.code for u in (world.corporate, world.department, world.unit, world.web_team)
    }
    assert by_code[world.web_team.code] == {
        "code": world.web_team.code,
        "name": "Web",
        "level": "group",
        "parent": world.unit.code,
    }
    one = mads_api.get(_units(world, world.department))
    assert one.status_code == 200
    assert one.json()["parent"] == world.corporate.code


def test_admin_creates_units_at_levels(alice_api: Client, world: World) -> None:
    top = _post(alice_api, _units(world), {"name": "Region", "level": "corporate_group"})
    assert top.status_code == 201
    assert top.json()["parent"] is None
    part = _post(
        alice_api,
        _units(world),
        {"name": "IT", "level": "department", "parent": top.json()["code"]},
    )
    assert part.status_code == 201
    unit = Unit.objects.get(code=part.json()["code"])
    assert (unit.organisation, unit.level, unit.parent.code) == (
        world.havneby,
        UnitLevel.DEPARTMENT,
        top.json()["code"],
    )
    assert AuditEntry.objects.filter(action="unit.create", target=unit.code).exists()


def test_admin_moves_renames_and_moves_to_the_top(alice_api: Client, world: World) -> None:
    other = unit_actions.create_unit(world.alice, world.havneby, "Økonomi", UnitLevel.DEPARTMENT)
    moved = _patch(alice_api, _units(world, world.unit), {"parent": other.code})
    assert moved.status_code == 200
    assert moved.json()["parent"] == other.code

    renamed = _patch(alice_api, _units(world, world.unit), {"name": "Kommunikation og presse"})
    assert renamed.json() == {
        "code": world.unit.code,
        "name": "Kommunikation og presse",
        "level": "unit",
        "parent": other.code,
    }

    top = _patch(alice_api, _units(world, world.unit), {"parent": None})
    assert top.status_code == 200
    assert top.json()["parent"] is None
    world.unit.refresh_from_db()
    assert world.unit.parent is None


def _refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert body["field"] == field


def test_cycle_is_refused(alice_api: Client, world: World) -> None:
    team = unit_actions.create_unit(
        world.alice, world.havneby, "Team A", UnitLevel.GROUP, world.web_team
    )
    _refused(_patch(alice_api, _units(world, world.web_team), {"parent": team.code}), "parent")
    _refused(
        _patch(alice_api, _units(world, world.web_team), {"parent": world.web_team.code}), "parent"
    )
    world.web_team.refresh_from_db()
    assert world.web_team.parent == world.unit


def test_larger_level_under_smaller_is_refused(alice_api: Client, world: World) -> None:
    _refused(
        _post(
            alice_api,
            _units(world),
            {"name": "Afdeling", "level": "department", "parent": world.web_team.code},
        ),
        "parent",
    )
    _refused(
        _patch(alice_api, _units(world, world.department), {"parent": world.web_team.code}),
        "parent",
    )
    _refused(_patch(alice_api, _units(world, world.department), {"level": "group"}), "level")
    assert not Unit.objects.filter(name="Afdeling").exists()
    world.department.refresh_from_db()
    assert (world.department.level, world.department.parent) == ("department", world.corporate)


def test_parent_from_another_organisation_is_refused(alice_api: Client, world: World) -> None:
    _refused(
        _post(
            alice_api,
            _units(world),
            {"name": "Snyd", "level": "group", "parent": world.fjordby_unit.code},
        ),
        "parent",
    )
    _refused(
        _patch(alice_api, _units(world, world.web_team), {"parent": world.fjordby_unit.code}),
        "parent",
    )
    assert not Unit.objects.filter(name="Snyd").exists()


def test_unknown_level_is_a_validation_error(alice_api: Client, world: World) -> None:
    response = _post(alice_api, _units(world), {"name": "X", "level": "galaxy"})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_unit_with_parts_cannot_be_deleted(alice_api: Client, world: World) -> None:
    response = alice_api.delete(_units(world, world.unit))
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Unit.objects.filter(pk=world.unit.pk).exists()


def test_leaf_unit_is_deleted(alice_api: Client, world: World) -> None:
    response = alice_api.delete(_units(world, world.web_team))
    assert response.status_code == 204
    assert not Unit.objects.filter(pk=world.web_team.pk).exists()
    assert alice_api.get(_units(world, world.web_team)).status_code == 404
    assert AuditEntry.objects.filter(action="unit.delete", target=world.web_team.code).exists()


def test_members_cannot_change_units(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    for user in (world.fiona, world.mads):
        client = api_client_for(user)
        assert _post(client, _units(world), {"name": "X", "level": "group"}).status_code == 403
        assert _patch(client, _units(world, world.web_team), {"name": "X"}).status_code == 403
        assert client.delete(_units(world, world.web_team)).status_code == 403
    world.web_team.refresh_from_db()
    assert world.web_team.name == "Web"
