"""API tokens may stop by themselves (expiry) and may be limited to reading."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from conftest import World
from vogter.api.actions import issue_token
from vogter.api.models import ApiToken

pytestmark = pytest.mark.django_db

ME = "/api/me"


def _bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def _make_unit(client: Client, world: World):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/organisations/{world.havneby.code}/units",
        {"name": "Nyt team", "level": "group", "parent": world.unit.code},
        content_type="application/json",
    )


def _later(days: int) -> None:
    """Moves every token's expiry back, as if that many days had passed."""
    for token in ApiToken.objects.exclude(expires_at=None):
        token.expires_at -= datetime.timedelta(days=days)
        token.save(update_fields=["expires_at"])


def test_a_token_works_until_it_expires_then_answers_401_saying_so(world: World) -> None:
    _token, raw = issue_token(world.mads, "report", expires_in_days=30)
    assert _bearer(raw).get(ME).status_code == 200
    _later(29)
    assert _bearer(raw).get(ME).status_code == 200
    _later(1)
    response = _bearer(raw).get(ME)
    assert response.status_code == 401
    assert "udløb" in response.json()["detail"]  # Mads reads Danish


def test_an_expired_token_says_so_in_its_owners_language(world: World) -> None:
    world.olga.language = "en"
    world.olga.save()
    _token, raw = issue_token(world.olga, "report", expires_in_days=1)
    _later(2)
    detail = _bearer(raw).get(ME).json()["detail"]
    assert detail.startswith("This API token expired on ")
    assert "settings page" in detail


def test_a_read_only_token_reads_but_may_not_write(world: World) -> None:
    _token, raw = issue_token(world.alice, "backup", read_only=True)
    client = _bearer(raw)
    assert client.get(ME).status_code == 200
    assert client.get(f"/api/organisations/{world.havneby.code}").status_code == 200
    refused = _make_unit(client, world)
    assert refused.status_code == 403
    assert "kun læse" in refused.json()["detail"]
    assert client.delete(ME, {"password": "x"}, content_type="application/json").status_code == 403


def test_a_full_token_may_write(world: World) -> None:
    _token, raw = issue_token(world.alice, "script")
    assert _make_unit(_bearer(raw), world).status_code == 201


def test_a_read_only_token_cannot_join_a_workshop_as_its_owner(world: World, workshop) -> None:  # type: ignore[no-untyped-def]
    _token, raw = issue_token(world.mads, "read", read_only=True)
    response = _bearer(raw).post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    assert response.status_code == 403


def test_tokens_made_before_are_full_and_never_expire(world: World) -> None:
    token, raw = issue_token(world.alice, "old")
    assert token.expires_at is None and token.read_only is False
    assert _make_unit(_bearer(raw), world).status_code == 201


def test_the_settings_page_makes_a_read_only_token_that_expires(
    alice_client: Client, world: World
) -> None:
    page = alice_client.get("/accounts/profile/").content.decode()
    assert 'name="expires_in_days"' in page and 'name="read_only"' in page
    response = alice_client.post(
        "/accounts/tokens/new/", {"name": "Rapport", "expires_in_days": "30", "read_only": "on"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.alice, name="Rapport")
    assert token.read_only
    assert token.expires_at is not None
    days = (token.expires_at - timezone.now()).total_seconds() / 86400
    assert 29.9 < days <= 30
    assert "kun læse" in response.content.decode()
    listed = alice_client.get("/accounts/profile/").content.decode()
    assert "kun læse" in listed


def test_the_settings_page_makes_a_token_until_revoked(alice_client: Client, world: World) -> None:
    alice_client.post("/accounts/tokens/new/", {"name": "Script", "expires_in_days": ""})
    token = ApiToken.objects.get(user=world.alice, name="Script")
    assert token.expires_at is None and not token.read_only


def test_the_settings_page_refuses_an_odd_lifetime(alice_client: Client, world: World) -> None:
    for days in ("0", "400", "soon"):
        response = alice_client.post(
            "/accounts/tokens/new/", {"name": "X", "expires_in_days": days}, follow=True
        )
        assert "1 til 365 dage" in response.content.decode() or "hvor længe" in (
            response.content.decode()
        ), days
    assert not ApiToken.objects.filter(user=world.alice, name="X").exists()


def test_the_expired_token_is_marked_on_the_settings_page(
    alice_client: Client, world: World
) -> None:
    issue_token(world.alice, "Gammel", expires_in_days=1)
    _later(2)
    assert "udløbet" in alice_client.get("/accounts/profile/").content.decode()


def _cli(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_the_cli_makes_a_read_only_token_that_expires(world: World) -> None:
    raw = _cli(
        "token",
        "create",
        "alice@havneby.example",
        "--name",
        "cron",
        "--expires-in-days",
        "7",
        "--read-only",
    ).strip()
    client = _bearer(raw)
    assert client.get(ME).status_code == 200
    assert _make_unit(client, world).status_code == 403
    [row] = _cli("token", "list", "alice@havneby.example").splitlines()
    assert row.split("\t")[-1] == "read-only"
    assert row.split("\t")[-2].startswith("expires ")


def test_a_lifetime_in_odd_digits_is_a_message_not_an_error(world) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(world.alice)
    for days in ("²", "٣٣٣٣", "1" * 40):
        response = client.post("/accounts/tokens/new/", {"name": "x", "expires_in_days": days})
        assert response.status_code in (200, 302), days
