"""The `vogter` command calls the same actions as the web UI and the API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from conftest import World
from vogter.api.models import ApiToken
from vogter.organisations.models import AuditEntry, Membership, Role, Unit


def run(*args: str) -> list[list[str]]:
    """Run `vogter ARGS` in English (it speaks the default language, Danish, otherwise)."""
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_org_list_prints_one_line_per_organisation(world: World) -> None:
    rows = run("org", "list")
    assert [r[1] for r in rows] == ["Fjordby Hospital", "Havneby Kommune"]
    assert rows[1][0] == world.havneby.code


def test_org_list_filters_by_person(world: World) -> None:
    assert [r[1] for r in run("org", "list", "--user", "olga@fjordby.example")] == [
        "Fjordby Hospital"
    ]


def test_org_create_makes_the_named_person_admin(world: World) -> None:
    [[code, name]] = run("org", "create", "Nyby Skole", "--admin", "mads@havneby.example")
    assert name == "Nyby Skole"
    assert Membership.objects.get(organisation__code=code, user=world.mads).role == Role.ADMIN


def test_unit_add_and_list_show_the_tree(world: World) -> None:
    [[code, level, name]] = run(
        "unit",
        "add",
        world.havneby.code,
        "Presse",
        "--level",
        "group",
        "--parent",
        world.unit.code,
    )
    assert (level, name) == ("group", "Presse")
    listed = {r[0]: r for r in run("unit", "list", world.havneby.code)}
    assert listed[code][2].strip() == "Presse"
    assert listed[code][2].startswith("      ")  # three levels down


def test_unit_update_refuses_a_cycle_with_the_same_message_as_the_web(world: World) -> None:
    with pytest.raises(CommandError, match="cannot be part of itself"):
        run(
            "unit",
            "update",
            world.havneby.code,
            world.department.code,
            "--parent",
            world.web_team.code,
            "--level",
            "group",
        )
    assert Unit.objects.get(pk=world.department.pk).parent == world.corporate


def test_unit_delete_refuses_a_unit_with_parts(world: World) -> None:
    with pytest.raises(CommandError, match="still has parts"):
        run("unit", "delete", world.havneby.code, world.unit.code)
    run("unit", "delete", world.havneby.code, world.web_team.code)
    assert not Unit.objects.filter(pk=world.web_team.pk).exists()


def test_member_invite_prints_a_working_link(world: World, client) -> None:  # type: ignore[no-untyped-def]
    [[_code, url]] = run("member", "invite", world.havneby.code, "--role", "facilitator")
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200


def test_member_change_sets_role_and_representative_roles(world: World) -> None:
    run(
        "member",
        "change",
        world.havneby.code,
        "mads@havneby.example",
        "--role",
        "facilitator",
        "--amr",
        "--no-tr",
    )
    m = world.membership(world.mads)
    assert (m.role, m.is_safety_rep, m.is_union_rep) == (Role.FACILITATOR, True, False)
    assert AuditEntry.objects.filter(action="membership.change", target=m.code).exists()


def test_member_change_keeps_the_last_admin(world: World) -> None:
    with pytest.raises(CommandError, match="at least one organisation admin"):
        run("member", "change", world.havneby.code, "alice@havneby.example", "--role", "member")
    assert world.membership(world.alice).role == Role.ADMIN


def test_member_remove_and_list(world: World) -> None:
    run("member", "remove", world.havneby.code, "mads@havneby.example")
    emails = [r[1] for r in run("member", "list", world.havneby.code)]
    assert emails == ["alice@havneby.example", "fiona@havneby.example"]


def test_outsider_codes_are_not_found(world: World) -> None:
    with pytest.raises(CommandError, match="No unit"):
        run("unit", "update", world.havneby.code, world.fjordby_unit.code, "--name", "X")


def test_token_create_list_revoke(world: World, client) -> None:  # type: ignore[no-untyped-def]
    [[raw]] = run("token", "create", "fiona@havneby.example", "--name", "script")
    me = client.get("/api/me", headers={"authorization": f"Bearer {raw}"})
    assert me.json()["email"] == "fiona@havneby.example"
    [[code, name, _prefix, _last_used, expiry, access]] = run(
        "token", "list", "fiona@havneby.example"
    )
    assert (name, expiry, access) == ("script", "no-expiry", "full")
    run("token", "revoke", "fiona@havneby.example", code)
    assert ApiToken.objects.get(code=code).revoked_at is not None
    assert client.get("/api/me", headers={"authorization": f"Bearer {raw}"}).status_code == 401
