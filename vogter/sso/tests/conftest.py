"""A real OpenID Connect provider (django-oauth-toolkit, tests/provider/) on a free port,
and a browser-less person who signs in through it."""

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client
from pytest_django.fixtures import Settings

from vogter.sso.tests.provider.serve import PASSWORD

CALLBACK = "http://testserver/sso/callback/"
AFTER_LOGOUT = "http://testserver/"


@contextlib.contextmanager
def start_provider(callback: str, after_logout: str) -> Iterator[dict[str, str]]:
    """The test provider as a subprocess, registered with these two addresses; yields what
    a relying party must know of it (issuer, client, endpoints)."""
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "vogter.sso.tests.provider.serve", callback, after_logout],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("The test OpenID Connect provider did not start")
        yield json.loads(line)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def provider() -> Iterator[dict[str, str]]:
    with start_provider(CALLBACK, AFTER_LOGOUT) as ready:
        yield ready


def configure(settings: Settings, provider: dict[str, str]) -> None:
    """This installation configured for the provider, as the environment would."""
    settings.VOGTER_OIDC_ENABLED = True
    settings.VOGTER_OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = provider["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = provider["client_secret"]
    settings.VOGTER_OIDC_PROVIDER_NAME = "Havneby AD"
    settings.VOGTER_OIDC_ISSUER = provider["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = provider["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = provider["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = provider["jwks_uri"]
    settings.VOGTER_OIDC_END_SESSION_ENDPOINT = provider["end_session_endpoint"]


@pytest.fixture
def oidc(provider: dict[str, str], settings: Settings) -> dict[str, str]:
    configure(settings, provider)
    return provider


@dataclass
class Browser:
    """Vogter through Django's test client, the provider through requests: one person's
    browser, split in two because the test client cannot leave the test server."""

    vogter: Client
    provider: requests.Session

    def follow_provider(self, url: str, **post: str) -> str:
        """Follows the provider's redirects (logging in when asked) until it sends the
        browser back to Vogter; returns that URL."""
        response = self.provider.get(url, allow_redirects=False, timeout=10)
        for _ in range(10):
            if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
                assert token is not None
                response = self.provider.post(
                    response.url,
                    data={"csrfmiddlewaretoken": token[1], **post},
                    allow_redirects=False,
                    timeout=10,
                )
                continue
            assert response.status_code in (301, 302), response.text[:500]
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith("http://testserver"):
                return target
            response = self.provider.get(target, allow_redirects=False, timeout=10)
        raise AssertionError("the provider never sent the browser back")

    def sign_in(self, email: str, password: str = PASSWORD, next: str = "") -> object:
        start = self.vogter.get("/sso/login/" + (f"?next={next}" if next else ""))
        assert start.status_code == 302, start.status_code
        back = self.follow_provider(start["Location"], username=email, password=password)
        parts = urlsplit(back)
        return self.vogter.get(f"{parts.path}?{parts.query}")


@pytest.fixture
def browser(oidc: dict[str, str]) -> Browser:
    return Browser(Client(), requests.Session())
