"""An organisation that switched local passwords off: its people log in through the provider."""

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import PASSWORD, World
from vogter.accounts.models import User
from vogter.sso.actions import rules as rule_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def passwords_off(world: World, settings: Settings) -> World:
    settings.VOGTER_OIDC_ENABLED = True
    settings.VOGTER_OIDC_PROVIDER_NAME = "Havneby AD"
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    rule_actions.set_local_passwords(world.alice, world.havneby, off=True)
    return world


def _login(email: str, password: str = PASSWORD, language: str = "da") -> tuple[Client, object]:
    client = Client(headers={"accept-language": language})
    client.cookies["vogter_language"] = language
    response = client.post("/accounts/login/", {"username": email, "password": password})
    return client, response


def test_the_login_page_offers_the_provider_only_when_one_is_set_up(
    client: Client, settings: Settings
) -> None:
    assert "/sso/login/" not in client.get("/accounts/login/").content.decode()
    settings.VOGTER_OIDC_ENABLED = True
    settings.VOGTER_OIDC_PROVIDER_NAME = "Havneby AD"

    page = client.get("/accounts/login/").content.decode()

    assert "Log ind med Havneby AD" in page
    assert 'href="/sso/login/"' in page


def test_a_password_at_the_organisations_domain_is_refused_with_a_pointer_to_the_provider(
    passwords_off: World,
) -> None:
    client, response = _login("alice@havneby.example")

    assert response.status_code == 403
    assert "Log ind med Havneby AD" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_in_the_persons_language(passwords_off: World) -> None:
    _client, response = _login("alice@havneby.example", language="en")

    assert "Your organisation does not use passwords in Vogter" in response.content.decode()


def test_a_member_with_another_domain_is_told_only_after_the_right_password(
    passwords_off: World,
) -> None:
    User.objects.filter(pk=passwords_off.mads.pk).update(email="mads@gmail.example")

    _client, wrong = _login("mads@gmail.example", "not the password")
    assert wrong.status_code == 200  # the ordinary "wrong e-mail or password"
    client, right = _login("mads@gmail.example")
    assert right.status_code == 403
    assert "_auth_user_id" not in client.session


def test_other_organisations_keep_their_passwords(passwords_off: World) -> None:
    client, response = _login("olga@fjordby.example")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_superusers_keep_their_password_for_when_the_provider_is_down(
    passwords_off: World,
) -> None:
    User.objects.filter(pk=passwords_off.alice.pk).update(is_superuser=True, is_staff=True)

    client, response = _login("alice@havneby.example")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_password_reset_at_the_organisations_domain_is_refused(
    client: Client, passwords_off: World
) -> None:
    response = client.post("/accounts/password-reset/", {"email": "fiona@havneby.example"})

    assert response.status_code == 403
    assert "Log ind med Havneby AD" in response.content.decode()
    assert mail.outbox == []


def test_switching_passwords_on_again_lets_people_in(passwords_off: World) -> None:
    rule_actions.set_local_passwords(passwords_off.alice, passwords_off.havneby, off=False)

    client, response = _login("alice@havneby.example")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
