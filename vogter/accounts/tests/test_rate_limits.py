"""Sign-up and password reset are limited so an office can live with it: loose per client
address (nobody fills the user table), tight per e-mail address (nobody floods an inbox)."""

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import Clock, World

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"


def test_password_reset_mails_to_one_address_are_limited(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.PASSWORD_RESET_RATE_LIMIT = "5/h"
    for i in range(5):
        # From different addresses, even: what counts is whose inbox fills up.
        response = Client(REMOTE_ADDR=f"10.0.0.{i}").post(RESET, {"email": "alice@havneby.example"})
        assert response.status_code == 302
    sent = len(mail.outbox)
    response = Client(REMOTE_ADDR="10.0.1.1").post(RESET, {"email": " ALICE@havneby.example"})
    assert response.status_code == 429
    assert len(mail.outbox) == sent
    assert "accounts/rate_limited.html" in [t.name for t in response.templates]
    assert int(response["Retry-After"]) <= 3600
    # A colleague at the same address still gets their mail.
    colleague = Client(REMOTE_ADDR="10.0.1.1").post(RESET, {"email": "mads@havneby.example"})
    assert colleague.status_code == 302


def test_sign_up_is_limited_per_address_loosely(
    clock: Clock, settings: Settings, client: Client, db: None
) -> None:
    settings.SIGNUP_RATE_LIMIT = "10/h"
    for i in range(10):
        client.post("/accounts/signup/", {"email": f"bad{i}", "password1": "x", "password2": "y"})
    response = client.post(
        "/accounts/signup/",
        {
            "email": "real@havneby.example",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    assert "Prøv igen om" in response.content.decode()
    # Another address is not affected.
    elsewhere = Client(REMOTE_ADDR="10.7.7.7").get("/accounts/signup/")
    assert elsewhere.status_code == 200
