import pytest
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.api.actions import issue_token, revoke_token

pytestmark = pytest.mark.django_db

ME = "/api/me"


def _bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_bearer_token_authenticates_as_its_owner(world: World) -> None:
    _token, raw = issue_token(world.mads, "script")
    response = _bearer(raw).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "code": world.mads.code,
        "email": "mads@havneby.example",
        "name": "Mads Member",
        "language": "da",
    }


def test_using_a_token_records_when_it_was_last_used(world: World) -> None:
    token, raw = issue_token(world.mads, "script")
    assert token.last_used_at is None
    _bearer(raw).get(ME)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_credentials_get_401_json(client: Client, world: World) -> None:
    for url in (ME, "/api/organisations", f"/api/organisations/{world.havneby.code}"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


def test_revoked_token_gets_401(world: World) -> None:
    token, raw = issue_token(world.mads, "script")
    client = _bearer(raw)
    assert client.get(ME).status_code == 200
    revoke_token(world.mads, token)
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer vgt_not-a-real-token", "Bearer ", "Token {raw}", "Basic {raw}", "Bearer {raw}x"],
)
def test_wrong_or_malformed_credentials_get_401(world: World, header: str) -> None:
    _token, raw = issue_token(world.mads, "script")
    client = Client(headers={"authorization": header.format(raw=raw)})
    assert client.get(ME).status_code == 401


def test_token_of_a_deactivated_person_gets_401(world: World) -> None:
    _token, raw = issue_token(world.mads, "script")
    User.objects.filter(pk=world.mads.pk).update(is_active=False)
    assert _bearer(raw).get(ME).status_code == 401


def test_browser_session_works_for_a_logged_in_person(mads_client: Client, world: World) -> None:
    response = mads_client.get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == "mads@havneby.example"
    orgs = mads_client.get("/api/organisations").json()
    assert [(o["code"], o["my_role"]) for o in orgs] == [(world.havneby.code, "member")]


def test_session_writes_need_the_csrf_token(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.alice)
    body = {"name": "Uden CSRF"}
    response = browser.post("/api/organisations", body, content_type="application/json")
    assert response.status_code == 403
    assert not world.alice.memberships.filter(organisation__name="Uden CSRF").exists()

    browser.get("/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/organisations", body, content_type="application/json", headers={"x-csrftoken": csrf}
    )
    assert response.status_code == 201


def test_token_requests_need_no_csrf_token(world: World) -> None:
    _token, raw = issue_token(world.alice, "script")
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
    response = client.post(
        "/api/organisations", {"name": "Med token"}, content_type="application/json"
    )
    assert response.status_code == 201
