"""Requests about units and people that once gave a 500, found by `make test-fuzz`."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import World
from vogter.charters.actions import drafts as draft_actions
from vogter.organisations.models import Unit

pytestmark = pytest.mark.django_db


def test_deleting_a_unit_with_a_charter_is_refused(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    draft_actions.create_charter(world.alice, world.havneby, unit=world.web_team, title="Web")
    alice = api_client_for(world.alice)
    response = alice.delete(f"/api/organisations/{world.havneby.code}/units/{world.web_team.code}")
    assert response.status_code == 400
    assert "Web" in response.json()["detail"]
    assert Unit.objects.filter(pk=world.web_team.pk).exists()


def test_the_unit_page_and_the_cli_refuse_it_too(alice_client: Client, world: World) -> None:
    draft_actions.create_charter(world.alice, world.havneby, unit=world.web_team, title="Web")
    url = f"/o/{world.havneby.code}/units/{world.web_team.code}/delete/"
    response = alice_client.post(url)
    assert response.status_code == 302
    assert world.web_team.code in response["Location"]  # back to the unit, with the message
    with pytest.raises(CommandError):
        call_command("unit", "delete", world.havneby.code, world.web_team.code)
    assert Unit.objects.filter(pk=world.web_team.pk).exists()


@pytest.mark.parametrize(
    "query",
    ["offset=184643611756326483158117905711759360", "limit=99999999999999999999999", "offset=-1"],
)
def test_a_page_of_people_out_of_range_is_a_422(api_client_for, world: World, query: str) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.get(f"/api/organisations/{world.havneby.code}/memberships?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_far_page_of_people_is_empty(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    response = alice.get(f"/api/organisations/{world.havneby.code}/memberships?offset=2147483647")
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["count"] == 3
