"""Every error the API gives is JSON with a "detail" a person can read."""

import pytest
from django.test import Client

from conftest import World
from vogter.accounts.models import User

pytestmark = pytest.mark.django_db


def _is_json_error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"], body
    return body


def test_401_is_json(client: Client) -> None:
    _is_json_error(client.get("/api/me"), 401)


def test_403_is_json(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    mads = api_client_for(world.mads)
    _is_json_error(mads.get(f"/api/organisations/{world.havneby.code}/memberships"), 403)


def test_404_is_json(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    body = _is_json_error(alice.get("/api/organisations/zzzzzzzzzzzz"), 404)
    assert set(body) == {"detail"}


def test_400_is_json_and_names_the_field(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.delete(f"/api/organisations/{world.havneby.code}/units/{world.unit.code}")
    body = _is_json_error(response, 400)
    assert "field" in body


def test_422_is_json(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.post(
        f"/api/organisations/{world.havneby.code}/units",
        {"level": "group"},
        content_type="application/json",
    )
    _is_json_error(response, 422)


def test_malformed_json_is_a_json_error(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.post("/api/organisations", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_405_for_a_method_the_path_does_not_take(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.put(f"/api/organisations/{world.havneby.code}")
    assert response.status_code == 405


def test_errors_speak_the_token_owners_language(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/organisations/{world.havneby.code}/units/{world.unit.code}"
    danish = api_client_for(world.alice).delete(url).json()["detail"]
    User.objects.filter(pk=world.alice.pk).update(language="en")
    english = api_client_for(world.alice).delete(url).json()["detail"]
    browser = Client()
    browser.force_login(world.alice)
    assert english == browser.delete(url).json()["detail"]
    assert english != danish
