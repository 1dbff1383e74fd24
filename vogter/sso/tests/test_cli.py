"""`vogter sso`: the same domains, rules and switch as the page and the API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from conftest import World
from vogter.sso.models import ClaimRule

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[list[str]]:
    out = StringIO()
    with translation.override("en"):
        call_command("sso", *args, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_an_operator_prepares_an_organisations_sign_in(world: World) -> None:
    org = world.havneby.code
    run("domain-add", org, "havneby.example")
    [[code, _rule]] = run(
        "rule-add", org, "vogter-tr", "--unit", world.unit.code, "--tr", "--role", "facilitator"
    )

    rows = run("show", org)

    assert ["provider", "-"] in rows
    assert ["local passwords", "on"] in rows
    assert rows[2][0::2] == ["domain", "havneby.example"]
    assert rows[3] == ["rule", code, "groups=vogter-tr", world.unit.code, "facilitator", "tr"]
    run("rule-remove", org, code)
    assert not ClaimRule.objects.exists()


def test_passwords_cannot_be_switched_off_without_a_provider(world: World) -> None:
    with pytest.raises(CommandError, match="not set up"):
        run("passwords", world.havneby.code, "off")


def test_a_domain_another_organisation_has_is_refused(world: World) -> None:
    run("domain-add", world.fjordby.code, "x.dk")
    with pytest.raises(CommandError, match="already used"):
        run("domain-add", world.havneby.code, "x.dk")
