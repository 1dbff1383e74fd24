import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from conftest import PASSWORD, World
from vogter.accounts.models import User
from vogter.notifications.tests.smtp import machine_dates

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new harbour password"


def _reset_link(body: str) -> str:
    match = re.search(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(client: Client, world: World) -> None:
    response = client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert client.get(response["Location"]).status_code == 200

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@havneby.example"]
    link = _reset_link(message.body)

    # Django swaps the token for a session marker before showing the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-reset/done/"
    assert client.get(done["Location"]).status_code == 200

    world.alice.refresh_from_db()
    assert world.alice.check_password(NEW_PASSWORD)
    fresh = Client()
    login = fresh.post(
        "/accounts/login/", {"username": "alice@havneby.example", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_password_reset_link_works_only_once(client: Client, world: World) -> None:
    client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
    link = _reset_link(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = Client().get(link, follow=True)
    assert again.status_code == 200
    assert again.context["validlink"] is False


def test_password_reset_rejects_a_weak_new_password(client: Client, world: World) -> None:
    client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
    form_page = client.get(_reset_link(mail.outbox[0].body), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.get(email="alice@havneby.example").check_password("123")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client: Client, world: World
) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_a_new_password_from_a_reset_link_revokes_the_persons_api_tokens(
    client: Client, world: World
) -> None:
    """Whoever knew the old password may have made a token with it (issue 15)."""
    from vogter.api.actions import issue_token
    from vogter.organisations.models import AuditEntry

    token, raw = issue_token(world.alice, "script")
    _other, fiona_raw = issue_token(world.fiona, "hers")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    assert api.get("/api/organisations").status_code == 200

    client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
    form_page = client.get(_reset_link(mail.outbox[0].body), follow=True)
    assert "tilbagekalder dine API-tokens" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert api.get("/api/organisations").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", target=token.code).exists()
    # Someone else's tokens are theirs.
    theirs = Client(headers={"authorization": f"Bearer {fiona_raw}"})
    assert theirs.get("/api/organisations").status_code == 200


def test_a_password_set_anywhere_else_revokes_the_tokens_too_and_a_login_does_not(
    client: Client, world: World
) -> None:
    """The admin and `vogter changepassword` set a password and save the person, as here;
    logging in (which may rehash the password) is not a new password."""
    from vogter.api.actions import issue_token
    from vogter.api.models import ApiToken

    issue_token(world.alice, "script")
    assert client.login(username="alice@havneby.example", password=PASSWORD)
    assert ApiToken.objects.filter(user=world.alice, revoked_at__isnull=True).count() == 1

    world.alice.set_password(NEW_PASSWORD)
    world.alice.save()
    assert ApiToken.objects.filter(user=world.alice, revoked_at__isnull=True).count() == 0


def test_a_reset_mail_says_which_account_how_long_the_link_works_and_why_it_came(
    client: Client, world: World, settings: Any
) -> None:
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
    client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
    (message,) = mail.outbox
    assert message.subject == "Vogter: Vælg en ny adgangskode"
    text = " ".join(message.body.split())
    assert text.startswith("Hej Alice Admin ")
    assert "adgangskoden til din Vogter-konto, alice@havneby.example." in text
    assert "Linket virker én gang og i 24 timer." in text
    assert "Vogter hjælper jeres organisation" in text
    assert "fordi nogen har skrevet din adresse på Vogters side for glemt adgangskode" in text
    assert machine_dates(message.subject + message.body) == []

    mail.outbox.clear()
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.post("/accounts/password-reset/", {"email": "fiona@havneby.example"})
    (message,) = mail.outbox
    assert message.subject == "Vogter: Choose a new password"
    text = " ".join(message.body.split())
    assert text.startswith("Hello Fiona Facilitator, ")
    assert "The link works once, for 1 hour." in text
