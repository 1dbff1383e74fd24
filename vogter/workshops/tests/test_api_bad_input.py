"""Workshop files over the API, where the answers broke the OpenAPI schema (`make test-fuzz`)."""

from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.workshops.models import Sheet, Workshop

pytestmark = pytest.mark.django_db


def _url(world: World, workshop: Workshop, tail: str) -> str:
    return f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/{tail}"


def test_an_import_without_a_file_is_refused_with_an_empty_preview(
    api_client_for, world: World, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    response = api_client_for(world.fiona).post(_url(world, workshop, "import"), {})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "file"
    assert body["detail"]
    assert body["preview"]["rows"] == [] and body["preview"]["good"] == 0
    assert not Sheet.objects.filter(workshop=workshop).exists()


def test_the_json_export_is_described_as_json(
    client: Client, api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    path = "/api/organisations/{org}/workshops/{workshop_code}/export"
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"type": "object"}
    assert content["text/csv; charset=utf-8"]["schema"]["format"] == "binary"
    response = api_client_for(world.fiona).get(_url(world, answered_workshop, "export?format=json"))
    assert isinstance(response.json(), dict)
