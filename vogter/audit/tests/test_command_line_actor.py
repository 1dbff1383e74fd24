"""What the `vogter` command does is recorded with who ran it: the account named with
`--as` (or VOGTER_ACTOR), and always the operating-system user."""

import getpass
import os
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import management
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from conftest import World
from vogter.__main__ import main
from vogter.organisations.models import AuditEntry, Unit


def _added(world: World, name: str) -> AuditEntry:
    unit = Unit.objects.get(organisation=world.havneby, name=name)
    return AuditEntry.objects.get(action="unit.create", target=unit.code)


def test_as_names_the_account_responsible(world: World) -> None:
    call_command(
        "unit", "--as", "alice@havneby.example", "add", world.havneby.code, "Arkiv",
        "--level", "unit", stdout=StringIO(),
    )  # fmt: skip
    entry = _added(world, "Arkiv")
    assert entry.actor == world.alice
    assert entry.data["command_line"] == getpass.getuser()


def test_the_environment_names_the_account_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOGTER_ACTOR", "Fiona@Havneby.example")
    call_command("unit", "add", world.havneby.code, "Arkiv", "--level", "unit", stdout=StringIO())
    assert _added(world, "Arkiv").actor == world.fiona


def test_the_global_option_of_the_vogter_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """`vogter --as EMAIL unit add …` hands the address on as VOGTER_ACTOR (read as in
    the test above) and runs the command without it."""
    ran: list[list[str]] = []
    monkeypatch.setenv("VOGTER_ACTOR", "")  # so that the test's own value is undone after it
    monkeypatch.setattr(management, "execute_from_command_line", ran.append)
    monkeypatch.setattr(sys, "argv", ["vogter", "--as", "alice@havneby.example", "unit", "list"])
    main()
    assert ran == [["vogter", "unit", "list"]]
    assert os.environ["VOGTER_ACTOR"] == "alice@havneby.example"


def test_an_address_that_is_no_account_is_refused_and_nothing_is_done(world: World) -> None:
    with pytest.raises(CommandError, match=r"nobody@havneby\.example"):
        call_command(
            "unit", "--as", "nobody@havneby.example", "add", world.havneby.code, "Arkiv",
            "--level", "unit", stdout=StringIO(),
        )  # fmt: skip
    assert not Unit.objects.filter(name="Arkiv").exists()


def test_without_an_account_the_log_names_the_operating_system_user(
    world: World, alice_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VOGTER_ACTOR", raising=False)
    call_command("unit", "add", world.havneby.code, "Arkiv", "--level", "unit", stdout=StringIO())
    entry = _added(world, "Arkiv")
    assert entry.actor is None
    page = alice_client.get(
        reverse("audit:log", args=[world.havneby.code]), {"action": "unit.create"}
    )
    assert f"Kommandolinjen (styresystemets bruger {getpass.getuser()})" in page.content.decode()


def test_entries_outside_a_command_say_nothing_of_the_command_line(
    world: World, alice_client: Client
) -> None:
    alice_client.post(
        reverse("organisations:units", args=[world.havneby.code]),
        {"name": "Arkiv", "level": "unit"},
    )
    assert "command_line" not in _added(world, "Arkiv").data


def test_the_audit_command_lists_and_downloads_the_log(world: World, tmp_path: Path) -> None:
    out = StringIO()
    call_command("audit", "list", world.havneby.code, "--action", "unit.create", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert {line[1] for line in lines} == {"unit.create"}
    assert len(lines) == Unit.objects.filter(organisation=world.havneby).count()
    target = tmp_path / "audit.csv"
    call_command(
        "audit", "export", world.havneby.code, "-o", str(target),
        stdout=StringIO(),
    )  # fmt: skip
    assert target.read_bytes().startswith(b"\xef\xbb\xbfHvorn\xc3\xa5r;")
    assert AuditEntry.objects.get(action="audit.export").data["command_line"] == getpass.getuser()
