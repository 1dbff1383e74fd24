"""List pages cost the same number of queries for 3 or 30 rows: N+1 queries are bugs."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from vogter.accounts.models import User
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.models import Membership, Role, Unit, UnitLevel

pytestmark = pytest.mark.django_db


def _grow(world: World, size: int) -> None:
    """Bring Havneby to `size` extra people, units and open invitations."""
    have = Unit.objects.filter(organisation=world.havneby, name__startswith="Team ").count()
    for n in range(have, size):
        parent = world.unit if n % 2 else world.web_team
        unit = Unit.objects.create(
            organisation=world.havneby, name=f"Team {n:02}", level=UnitLevel.GROUP, parent=parent
        )
        user = User.objects.create_user(f"person{n}@havneby.example", name=f"Person {n}")
        Membership.objects.create(
            organisation=world.havneby,
            user=user,
            unit=unit,
            role=(Role.MEMBER, Role.FACILITATOR)[n % 2],
            is_manager=n % 3 == 0,
            is_union_rep=n % 4 == 0,
            is_safety_rep=n % 5 == 0,
        )
        invitation_actions.invite(
            world.alice, world.havneby, email=f"new{n}@example.org", unit=unit
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["", "units/", "people/"], ids=["overview", "units", "people"])
def test_page_uses_a_constant_number_of_queries(
    alice_client: Client, world: World, page: str
) -> None:
    url = f"/o/{world.havneby.code}/{page}"
    alice_client.get(url)  # warm the session and anything cached on first use
    _grow(world, 3)
    few = _queries(alice_client, url)
    _grow(world, 30)
    many = _queries(alice_client, url)
    assert many == few, f"{url}: {few} queries for 3, {many} for 30"


def test_people_page_really_lists_the_thirty(alice_client: Client, world: World) -> None:
    _grow(world, 30)
    response = alice_client.get(f"/o/{world.havneby.code}/people/")
    html = response.content.decode()
    assert "person29@havneby.example" in html
    assert "new29@example.org" in html
    assert response.context["page"].paginator.count == 33
