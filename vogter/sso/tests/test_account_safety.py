"""Single sign-on never hands over an account that is not the provider's person's, and an
organisation's settings never reach people that are not its own (docs/sso.md)."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import PASSWORD, World
from vogter.accounts.models import User
from vogter.api.actions import issue_token
from vogter.lib.errors import ActionError
from vogter.organisations.models import AuditEntry, Membership, Role
from vogter.sso.actions import rules as rule_actions
from vogter.sso.actions.signin import sign_in

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example/tenant/v2.0"


def claims(email: str, sub: str, **more: Any) -> dict[str, Any]:
    return {"iss": ISSUER, "sub": sub, "email": email, "name": "Someone", **more}


@pytest.fixture
def havneby_signs_in(world: World, settings: Settings) -> World:
    settings.VOGTER_OIDC_ENABLED = True
    settings.VOGTER_OIDC_PROVIDER_NAME = "Havneby AD"
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    return world


# --- Whose account ----------------------------------------------------------------------


def test_the_provider_never_signs_in_as_a_superuser_or_staff(havneby_signs_in: World) -> None:
    User.objects.create_superuser("root@havneby.example", PASSWORD)
    User.objects.filter(pk=havneby_signs_in.fiona.pk).update(is_staff=True)

    for email in ("root@havneby.example", "fiona@havneby.example"):
        with pytest.raises(ActionError):
            sign_in(claims(email, "sub-" + email, email_verified=True))

    assert User.objects.get(email="root@havneby.example").has_usable_password()
    assert not Membership.objects.filter(user__email="root@havneby.example").exists()


@pytest.mark.parametrize("verified", [{}, {"email_verified": False}, {"email_verified": "false"}])
def test_an_unconfirmed_address_never_links_an_existing_account(
    havneby_signs_in: World, verified: dict[str, Any]
) -> None:
    with pytest.raises(ActionError):
        sign_in(claims("alice@havneby.example", "attacker", **verified))

    alice = User.objects.get(email="alice@havneby.example")
    assert alice.has_usable_password()
    assert not alice.sign_in_identities.exists()


def test_entras_domain_owner_verified_claim_counts_as_confirmed(havneby_signs_in: World) -> None:
    user = sign_in(claims("mads@havneby.example", "mads-at-entra", xms_edov=True))

    assert user == havneby_signs_in.mads


def test_after_the_first_link_the_account_is_found_by_the_subject_not_the_address(
    havneby_signs_in: World,
) -> None:
    mads = havneby_signs_in.mads
    assert sign_in(claims("mads@havneby.example", "mads-sub", email_verified=True)) == mads

    # Someone else at the provider who edited their address to Mads's gets nothing of his,
    # even with the provider saying the address is confirmed.
    with pytest.raises(ActionError):
        sign_in(claims("mads@havneby.example", "someone-else", email_verified=False))
    # Mads himself, whose address changed at the provider, is still Mads.
    assert sign_in(claims("mads.new@havneby.example", "mads-sub")) == mads


def test_a_new_account_from_an_unconfirmed_address_only_at_a_claimed_domain(
    havneby_signs_in: World, settings: Settings
) -> None:
    settings.VOGTER_OIDC_ORGANISATION = havneby_signs_in.havneby.code

    with pytest.raises(ActionError):
        sign_in(claims("cy@elsewhere.example", "cy"))
    new = sign_in(claims("nyt@havneby.example", "nyt"))

    assert not User.objects.filter(email="cy@elsewhere.example").exists()
    assert Membership.objects.filter(user=new, organisation=havneby_signs_in.havneby).exists()


def test_a_signup_made_before_the_first_sign_in_loses_its_password_tokens_and_sessions(
    world: World, settings: Settings
) -> None:
    # The attacker signs up with a colleague's address before the domain is claimed.
    attacker = Client()
    response = attacker.post(
        "/accounts/signup/",
        {
            "email": "victim@havneby.example",
            "name": "Victim",
            "password1": "attacker-pass-2026",
            "password2": "attacker-pass-2026",
        },
    )
    assert response.status_code == 302
    assert attacker.get("/accounts/profile/").status_code == 200
    _token, raw = issue_token(User.objects.get(email="victim@havneby.example"), "mine")
    settings.VOGTER_OIDC_ENABLED = True
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")

    sign_in(claims("victim@havneby.example", "victim", email_verified=True))

    victim = User.objects.get(email="victim@havneby.example")
    assert not victim.has_usable_password()
    assert attacker.get("/accounts/profile/").status_code == 302  # signed out
    assert Client(headers={"authorization": f"Bearer {raw}"}).get("/api/me").status_code == 401
    login = Client().post(
        "/accounts/login/",
        {"username": "victim@havneby.example", "password": "attacker-pass-2026"},
    )
    assert login.status_code == 200  # the ordinary "wrong e-mail or password"


@pytest.mark.parametrize(
    ("language", "words"),
    [("da", "logger ind gennem Havneby AD"), ("en", "log in through Havneby AD")],
)
def test_nobody_signs_up_with_a_password_at_a_claimed_domain(
    havneby_signs_in: World, language: str, words: str
) -> None:
    client = Client(headers={"accept-language": language})
    client.cookies["vogter_language"] = language
    response = client.post(
        "/accounts/signup/",
        {
            "email": "victim@havneby.example",
            "name": "Victim",
            "password1": "attacker-pass-2026",
            "password2": "attacker-pass-2026",
        },
    )

    assert response.status_code == 200
    assert words in response.content.decode()
    assert not User.objects.filter(email="victim@havneby.example").exists()
    elsewhere = client.post(
        "/accounts/signup/",
        {
            "email": "nora@elsewhere.example",
            "name": "Nora",
            "password1": "nora-pass-2026x",
            "password2": "nora-pass-2026x",
        },
    )
    assert elsewhere.status_code == 302


# --- Whose domain -----------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["gmail.com", "Hotmail.com", "@proton.me", "jubii.dk"])
def test_nobody_claims_a_public_mail_service(world: World, domain: str) -> None:
    with pytest.raises(ActionError, match="public e-mail service"):
        rule_actions.add_domain(world.alice, world.havneby, domain)


def test_a_domain_whose_people_are_another_organisations_cannot_be_claimed(
    world: World,
) -> None:
    with pytest.raises(ActionError, match="another organisation"):
        rule_actions.add_domain(world.alice, world.havneby, "fjordby.example")

    rule_actions.add_domain(world.olga, world.fjordby, "fjordby.example")


def test_local_passwords_off_reaches_only_the_organisations_own_members(
    havneby_signs_in: World,
) -> None:
    rule_actions.set_local_passwords(havneby_signs_in.alice, havneby_signs_in.havneby, off=True)
    User.objects.create_user("nora@havneby.example", PASSWORD)  # not Havneby's

    nora = Client()
    response = nora.post(
        "/accounts/login/", {"username": "nora@havneby.example", "password": PASSWORD}
    )
    member = Client().post(
        "/accounts/login/", {"username": "mads@havneby.example", "password": PASSWORD}
    )
    reset = Client().post("/accounts/password-reset/", {"email": "nora@havneby.example"})

    assert response.status_code == 302
    assert "_auth_user_id" in nora.session
    assert member.status_code == 403
    assert reset.status_code == 302


# --- What the rules do ------------------------------------------------------------------


def test_rules_only_raise_the_role_and_switch_marks_on(havneby_signs_in: World) -> None:
    world = havneby_signs_in
    rule_actions.add_rule(world.alice, world.havneby, value="staff", is_manager=True)
    fiona = world.membership(world.fiona)  # facilitator by hand
    mads = world.membership(world.mads)  # TR by hand
    assert fiona.role == Role.FACILITATOR and mads.is_union_rep

    sign_in(claims("fiona@havneby.example", "fiona", email_verified=True, groups=["staff"]))
    sign_in(claims("mads@havneby.example", "mads", email_verified=True, groups=["staff"]))

    fiona.refresh_from_db()
    mads.refresh_from_db()
    assert fiona.role == Role.FACILITATOR and fiona.is_manager
    assert mads.is_union_rep and mads.is_manager and mads.unit == world.web_team


def test_rules_test_only_the_claims_the_operator_allows(
    havneby_signs_in: World, settings: Settings
) -> None:
    world = havneby_signs_in
    with pytest.raises(ActionError, match="groups, roles"):
        rule_actions.add_rule(world.alice, world.havneby, claim="name", value="Boss", role="admin")
    rule_actions.add_rule(world.alice, world.havneby, claim="roles", value="boss", role="admin")

    settings.VOGTER_OIDC_RULE_CLAIMS = ["groups"]
    sign_in(claims("mads@havneby.example", "mads", email_verified=True, roles=["boss"]))

    assert world.membership(world.mads).role == Role.MEMBER


def test_an_address_given_again_at_the_provider_does_not_get_the_old_account(
    havneby_signs_in: World,
) -> None:
    mads = havneby_signs_in.mads
    sign_in(claims("mads@havneby.example", "old-mads", email_verified=True))

    # Mads left; the provider gave his address to a new person (another subject).
    with pytest.raises(ActionError, match=r"another person|anden person"):
        sign_in(claims("mads@havneby.example", "new-mads", email_verified=True))

    # The operator decides it is the same person after all.
    call_command("sso", "unlink", "mads@havneby.example", stdout=StringIO())
    assert sign_in(claims("mads@havneby.example", "new-mads", email_verified=True)) == mads
    assert AuditEntry.objects.filter(action="sso.unlink", target=mads.code).exists()
