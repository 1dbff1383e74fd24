"""`vogter notify settings`: an operator reads and switches a person's notifications (on
their request), and the change is in the audit log without a person as actor."""

import io

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from vogter.notifications.preferences import settings_for
from vogter.organisations.models import AuditEntry

pytestmark = pytest.mark.django_db


def _settings(*args: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("notify", "settings", *args, stdout=out)
    return dict(line.split("\t") for line in out.getvalue().splitlines())


def test_an_operator_switches_a_persons_kinds_from_the_command_line(world: World) -> None:
    assert set(_settings(world.mads.email).values()) == {"on"}
    shown = _settings(world.mads.email, "--off", "flag", "--off", "round_opening")
    assert shown["flag"] == "off" and shown["round_opening"] == "off"
    assert shown["signature"] == "on"
    assert settings_for(world.mads)["flag"] is False
    entry = AuditEntry.objects.get(action="notifications.preferences")
    assert entry.actor is None and entry.target == world.mads.code
    assert _settings(world.mads.email, "--on", "flag")["flag"] == "on"
    with pytest.raises(CommandError, match="Ukendt slags besked: nonsense"):
        _settings(world.mads.email, "--off", "nonsense")
