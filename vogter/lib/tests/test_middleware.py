"""A NUL character in an address is refused before any view (or the database) sees it."""

import pytest
from django.test import Client

from conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/o/%00/workshops/", "/o/{org}/charters/a%00b/", "/o/{org}/people/?q=a%00b"],
)
def test_an_address_with_a_nul_character_is_a_plain_400(
    url: str, world: World, alice_client: Client
) -> None:
    response = alice_client.get(url.format(org=world.havneby.code))
    assert response.status_code == 400


def test_ordinary_addresses_pass(world: World, alice_client: Client) -> None:
    assert alice_client.get(f"/o/{world.havneby.code}/people/?q=anna").status_code == 200
