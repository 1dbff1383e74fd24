"""The organisation's single sign-on page and API: domains, claim rules, local passwords."""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.organisations.models import AuditEntry
from vogter.sso.models import ClaimRule, SignInDomain

pytestmark = pytest.mark.django_db


def _page(world: World) -> str:
    return f"/o/{world.havneby.code}/sign-in/"


def test_an_admin_adds_a_domain_and_rules_and_orders_them(
    alice_client: Client, world: World
) -> None:
    page = _page(world)
    alice_client.post(page, {"form": "domain", "domain": "@Havneby.example"})
    for value in ("kultur", "kultur-tr"):
        response = alice_client.post(
            page,
            {
                "form": "rule",
                "claim": "groups",
                "value": value,
                "unit": world.unit.code,
                "role": "member",
                "is_union_rep": "on" if value.endswith("tr") else "",
            },
        )
        assert response.status_code == 302

    assert list(SignInDomain.objects.values_list("domain", flat=True)) == ["havneby.example"]
    first, second = ClaimRule.objects.all()
    assert (first.value, second.value) == ("kultur", "kultur-tr")
    assert second.is_union_rep and second.unit == world.unit
    alice_client.post(f"{page}rules/{second.code}/move/", {"direction": "up"})
    assert [rule.value for rule in ClaimRule.objects.all()] == ["kultur-tr", "kultur"]
    html = alice_client.get(page).content.decode()
    assert html.index("kultur-tr") < html.index("<code>kultur</code>")
    assert AuditEntry.objects.filter(action="sso.rule.move", actor=world.alice).exists()

    alice_client.post(f"{page}rules/{first.code}/delete/")
    assert [rule.value for rule in ClaimRule.objects.all()] == ["kultur-tr"]


def test_a_domain_already_taken_is_refused_beside_the_field(
    alice_client: Client, olga_client: Client, world: World
) -> None:
    olga_client.post(f"/o/{world.fjordby.code}/sign-in/", {"form": "domain", "domain": "x.dk"})

    response = alice_client.post(_page(world), {"form": "domain", "domain": "x.dk"})

    assert response.status_code == 400
    assert "x.dk er allerede" in response.content.decode()


def test_local_passwords_cannot_be_switched_off_without_a_provider(
    alice_client: Client, world: World
) -> None:
    response = alice_client.post(_page(world), {"form": "passwords", "local_passwords_off": "on"})

    assert response.status_code == 400
    assert "ikke sat op" in response.content.decode()


def test_a_facilitator_may_not_see_the_page(fiona_client: Client, world: World) -> None:
    assert fiona_client.get(_page(world)).status_code == 403


def test_the_api_manages_the_same_rules(
    api_client_for: object, world: World, settings: Settings
) -> None:
    client = api_client_for(world.alice)  # type: ignore[operator]
    base = f"/api/organisations/{world.havneby.code}/sign-in"

    added = client.post(
        f"{base}/rules",
        {"value": "sundhed", "unit": world.unit.code, "role": "facilitator"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    assert added.json()["unit"] == world.unit.code
    domain = client.post(
        f"{base}/domains", {"domain": "havneby.example"}, content_type="application/json"
    )
    assert domain.status_code == 201
    wrong = client.post(
        f"{base}/domains", {"domain": "not a domain"}, content_type="application/json"
    )
    assert wrong.status_code == 400

    shown = client.get(base).json()
    assert shown["provider"] is None
    assert [rule["value"] for rule in shown["rules"]] == ["sundhed"]
    assert [d["domain"] for d in shown["domains"]] == ["havneby.example"]

    settings.VOGTER_OIDC_ENABLED = True
    switched = client.patch(base, {"local_passwords_off": True}, content_type="application/json")
    assert switched.status_code == 200
    assert switched.json()["local_passwords_off"] is True
    removed = client.delete(f"{base}/rules/{added.json()['code']}")
    assert removed.status_code == 204
    assert client.get(base).json()["rules"] == []
