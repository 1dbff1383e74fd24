"""Sign-up and password reset are limited like login: nobody floods an inbox or the user table."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_ratelimit_clock")]


def _limit() -> int:
    return int(settings.LOGIN_RATE_LIMIT.split("/")[0])


def test_password_reset_is_limited_per_email(client: Client, world: World) -> None:
    for _ in range(_limit()):
        response = client.post("/accounts/password-reset/", {"email": "alice@havneby.example"})
        assert response.status_code == 302
    sent = len(mail.outbox)
    response = client.post("/accounts/password-reset/", {"email": "ALICE@havneby.example"})
    assert response.status_code == 429
    assert len(mail.outbox) == sent
    assert "accounts/rate_limited.html" in [t.name for t in response.templates]


def test_sign_up_is_limited_per_address(client: Client, db: None) -> None:
    for i in range(_limit()):
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
