import re

import pytest
from django.test import Client

from conftest import World
from vogter.api.models import ApiToken
from vogter.organisations.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = "/accounts/tokens/new/"


def _raw_token(html: str) -> str:
    match = re.search(r'value="(vgt_[^"]+)"', html)
    assert match, "the new token is not on the page"
    return match.group(1)


def _bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_new_token_is_shown_once_uncached_and_works(mads_client: Client, world: World) -> None:
    response = mads_client.post(NEW, {"name": "Mit script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = _raw_token(response.content.decode())

    me = _bearer(raw).get("/api/me")
    assert me.status_code == 200
    assert me.json()["email"] == "mads@havneby.example"

    token = ApiToken.objects.get(user=world.mads)
    assert token.name == "Mit script"
    assert raw not in (token.key_hash, token.prefix)
    assert raw.startswith(token.prefix)
    assert AuditEntry.objects.filter(action="api_token.issue", target=token.code).exists()

    profile = mads_client.get("/accounts/profile/").content.decode()
    assert "Mit script" in profile
    assert token.prefix in profile
    assert raw not in profile


def test_a_token_needs_a_name(mads_client: Client, world: World) -> None:
    response = mads_client.post(NEW, {"name": "   "})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert not ApiToken.objects.exists()


def test_creating_a_token_needs_a_post_and_a_login(client: Client, mads_client: Client) -> None:
    assert mads_client.get(NEW).status_code == 405
    response = client.post(NEW, {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_working(mads_client: Client, world: World) -> None:
    raw = _raw_token(mads_client.post(NEW, {"name": "Kortlivet"}).content.decode())
    token = ApiToken.objects.get(user=world.mads)
    response = mads_client.post(f"/accounts/tokens/{token.code}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert _bearer(raw).get("/api/me").status_code == 401
    assert list(mads_client.get("/accounts/profile/").context["tokens"]) == []
    assert AuditEntry.objects.filter(action="api_token.revoke", target=token.code).exists()


def test_nobody_else_can_revoke_your_token(
    mads_client: Client, olga_client: Client, world: World
) -> None:
    raw = _raw_token(mads_client.post(NEW, {"name": "Mit"}).content.decode())
    token = ApiToken.objects.get(user=world.mads)
    assert olga_client.post(f"/accounts/tokens/{token.code}/revoke/").status_code == 404
    assert olga_client.post("/accounts/tokens/zzzzzzzzzzzz/revoke/").status_code == 404
    assert _bearer(raw).get("/api/me").status_code == 200
