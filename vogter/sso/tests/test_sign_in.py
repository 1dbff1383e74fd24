"""Signing in through a real OpenID Connect provider running on this machine."""

import hashlib

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.accounts.models import User
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import AuditEntry, Membership, Role
from vogter.sso.actions import rules as rule_actions
from vogter.sso.tests.conftest import Browser


@pytest.fixture
def havneby_signs_in(world: World) -> World:
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    rule_actions.add_rule(
        world.alice, world.havneby, claim="groups", value="vogter-sundhed", unit=world.unit
    )
    rule_actions.add_rule(
        world.alice, world.havneby, claim="groups", value="vogter-tr", is_union_rep=True
    )
    rule_actions.add_rule(
        world.alice, world.havneby, claim="groups", value="vogter-admins", role=Role.ADMIN
    )
    return world


def test_first_sign_in_makes_the_account_with_its_mapped_unit_and_role(
    browser: Browser, havneby_signs_in: World
) -> None:
    response = browser.sign_in("ada@havneby.example")

    assert response.status_code == 302
    assert response["Location"] == "/"
    ada = User.objects.get(email="ada@havneby.example")
    assert ada.name == "Ada Lund"
    assert not ada.has_usable_password()
    membership = Membership.objects.get(user=ada, organisation=havneby_signs_in.havneby)
    assert membership.unit == havneby_signs_in.unit
    assert membership.role == Role.MEMBER
    assert membership.is_union_rep and not membership.is_manager
    assert browser.vogter.get("/accounts/profile/").status_code == 200
    actions = set(AuditEntry.objects.filter(actor=ada).values_list("action", flat=True))
    assert "sso.join" in actions
    assert not {a for a in actions if "sign_in" in a}  # a sign-in is not a change: not logged


def test_group_rules_give_the_role_on_every_sign_in(
    browser: Browser, havneby_signs_in: World
) -> None:
    browser.sign_in("bo@havneby.example")
    bo = Membership.objects.get(user__email="bo@havneby.example")
    assert bo.role == Role.ADMIN
    assert bo.unit is None  # no rule of Bo's names a unit

    bo.role = Role.MEMBER
    bo.save()
    other = Browser(Client(), requests.Session())
    other.sign_in("bo@havneby.example")
    bo.refresh_from_db()
    assert bo.role == Role.ADMIN


def test_a_token_for_another_audience_is_refused(
    browser: Browser, havneby_signs_in: World, caplog: pytest.LogCaptureFixture
) -> None:
    response = browser.sign_in("wrong-audience@havneby.example")

    assert response.status_code == 403
    assert "Audience doesn't match" in caplog.text
    assert not User.objects.filter(email="wrong-audience@havneby.example").exists()
    assert "_auth_user_id" not in browser.vogter.session


def test_an_expired_token_is_refused(
    browser: Browser, havneby_signs_in: World, caplog: pytest.LogCaptureFixture
) -> None:
    response = browser.sign_in("expired@havneby.example")

    assert response.status_code == 403
    assert "Signature has expired" in caplog.text
    assert not User.objects.filter(email="expired@havneby.example").exists()


def test_an_address_no_organisation_claimed_is_refused_with_a_reason(
    browser: Browser, havneby_signs_in: World
) -> None:
    response = browser.sign_in("cy@elsewhere.example")

    assert response.status_code == 403
    assert "elsewhere.example" in response.content.decode()
    assert not User.objects.filter(email="cy@elsewhere.example").exists()


def test_signing_out_ends_the_session_here_and_at_the_provider(
    browser: Browser, havneby_signs_in: World, oidc: dict[str, str]
) -> None:
    browser.sign_in("ada@havneby.example")
    page = browser.vogter.get("/accounts/profile/").content.decode()
    assert 'action="/sso/logout/"' in page

    response = browser.vogter.post("/sso/logout/")

    assert response.status_code == 302
    assert response["Location"].startswith(oidc["end_session_endpoint"] + "?")
    assert browser.vogter.get("/accounts/profile/").status_code == 302
    back = browser.follow_provider(response["Location"])
    assert back == "http://testserver/"
    # The provider forgot Ada too: signing in again asks for her password.
    start = browser.vogter.get("/sso/login/")
    login_page = browser.provider.get(start["Location"], timeout=10)
    assert 'name="password"' in login_page.text


def test_a_person_who_signs_in_there_can_delete_their_account_with_their_address(
    browser: Browser, havneby_signs_in: World
) -> None:
    browser.sign_in("ada@havneby.example")

    wrong = browser.vogter.post("/accounts/profile/delete/", {"password": "bo@havneby.example"})
    assert wrong.status_code == 200
    assert User.objects.filter(email="ada@havneby.example").exists()
    right = browser.vogter.post("/accounts/profile/delete/", {"password": "Ada@havneby.example"})

    assert right.status_code == 302
    assert not User.objects.filter(email="ada@havneby.example").exists()


def test_the_installations_organisation_takes_addresses_nobody_claimed_and_keeps_hand_placing(
    browser: Browser, havneby_signs_in: World, settings: Settings
) -> None:
    world = havneby_signs_in
    settings.VOGTER_OIDC_ORGANISATION = world.havneby.code
    browser.sign_in("cy@elsewhere.example")
    cy = Membership.objects.get(user__email="cy@elsewhere.example")
    assert cy.organisation == world.havneby and cy.unit is None
    cy.unit = world.web_team
    cy.save()

    Browser(Client(), requests.Session()).sign_in("cy@elsewhere.example")

    cy.refresh_from_db()
    assert cy.unit == world.web_team  # no rule matched Cy's groups: the admin's placing stays


def test_a_rule_never_demotes_an_admin_but_still_places_them(
    browser: Browser, world: World, settings: Settings
) -> None:
    bo = User.objects.create_user("bo@havneby.example", None)
    nyby = organisation_actions.create_organisation(bo, "Nyby", "da")
    team = unit_actions.create_unit(bo, nyby, "Team", "group")
    settings.VOGTER_OIDC_ORGANISATION = nyby.code
    rule_actions.add_rule(bo, nyby, value="vogter-admins", unit=team, role=Role.MEMBER)

    response = browser.sign_in("bo@havneby.example")

    assert response.status_code == 302
    membership = Membership.objects.get(user=bo, organisation=nyby)
    assert membership.role == Role.ADMIN
    assert membership.unit == team


def test_the_providers_keys_are_fetched_once_and_again_when_a_token_names_a_new_one(
    havneby_signs_in: World, oidc: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []
    real_get = requests.get

    def counting_get(url: str, *args: object, **kwargs: object) -> requests.Response:
        if url == oidc["jwks_uri"]:
            fetched.append(url)
        return real_get(url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(requests, "get", counting_get)
    Browser(Client(), requests.Session()).sign_in("ada@havneby.example")
    Browser(Client(), requests.Session()).sign_in("bo@havneby.example")
    assert len(fetched) == 1

    # The provider rotated its keys: what is kept names none of the token's.
    key = "sso:jwks:" + hashlib.sha256(oidc["jwks_uri"].encode()).hexdigest()
    cache.set(key, [{"kty": "RSA", "kid": "retired", "n": "AQAB", "e": "AQAB"}])
    response = Browser(Client(), requests.Session()).sign_in("ada@havneby.example")

    assert response.status_code == 302
    assert len(fetched) == 2


def test_a_closed_account_is_signed_out_of_its_provider_session(
    browser: Browser, havneby_signs_in: World
) -> None:
    browser.sign_in("ada@havneby.example")
    assert browser.vogter.get("/accounts/profile/").status_code == 200

    User.objects.filter(email="ada@havneby.example").update(is_active=False)

    assert browser.vogter.get("/accounts/profile/").status_code == 302
