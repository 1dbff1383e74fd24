"""Charter files where an answer broke the OpenAPI schema or a hostile name broke the PDF
(found by `make test-fuzz` and tests/fuzz/test_hostile_input.py)."""

from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.charters.actions import drafts as draft_actions
from vogter.organisations.actions import organisations as organisation_actions

pytestmark = pytest.mark.django_db


def test_the_json_export_is_described_as_json(client: Client, api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Udkast"
    )
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    path = "/api/organisations/{org}/charters/{charter_code}/export"
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"type": "object"}
    assert content["application/pdf"]["schema"]["format"] == "binary"
    url = f"/api/organisations/{world.havneby.code}/charters/{charter.code}/export?format=json"
    assert isinstance(api_client_for(world.fiona).get(url).json(), dict)


def test_markup_in_the_organisations_name_does_not_break_the_literacy_pdf(
    alice_client: Client, world: World
) -> None:
    organisation_actions.update_organisation(
        world.alice, world.havneby, name="<b>Havneby & Co</b onerror=x>"
    )
    response = alice_client.get(f"/o/{world.havneby.code}/ai-literacy/?format=pdf&language=da")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
