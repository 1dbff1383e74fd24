"""The people page stays usable in an organisation of thousands: search, pages, bulk invites."""

import pytest
from django.core import mail
from django.test import Client

from conftest import World, make_user
from vogter.organisations.models import Invitation, Membership, Role


def _add_people(world: World, count: int) -> None:
    for i in range(count):
        user = make_user(f"colleague{i:03}@havneby.example", f"Colleague {i:03}")
        Membership.objects.create(organisation=world.havneby, user=user, role=Role.MEMBER)


def test_people_are_shown_fifty_to_a_page(alice_client: Client, world: World) -> None:
    _add_people(world, 60)
    first = alice_client.get(f"/o/{world.havneby.code}/people/").content.decode()
    second = alice_client.get(f"/o/{world.havneby.code}/people/?page=2").content.decode()
    assert "colleague000@havneby.example" in first
    assert "colleague059@havneby.example" not in first
    assert "colleague059@havneby.example" in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_search_finds_people_by_name_email_or_unit(alice_client: Client, world: World) -> None:
    _add_people(world, 5)
    url = f"/o/{world.havneby.code}/people/"
    by_name = alice_client.get(url, {"q": "colleague 003"})
    assert [m.user.email for m in by_name.context["page"]] == ["colleague003@havneby.example"]
    by_unit = alice_client.get(url, {"q": "web"})
    assert [m.user.email for m in by_unit.context["page"]] == ["mads@havneby.example"]


def test_a_page_number_out_of_range_shows_the_last_page(alice_client: Client, world: World) -> None:
    response = alice_client.get(f"/o/{world.havneby.code}/people/?page=999")
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_several_addresses_get_one_invitation_each(
    alice_client: Client, world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            f"/o/{world.havneby.code}/people/",
            {"email": "a@havneby.example, b@havneby.example\nA@havneby.example", "role": "member"},
        )
    assert response.status_code == 302
    assert sorted(Invitation.objects.exclude(email="").values_list("email", flat=True)) == [
        "a@havneby.example",
        "b@havneby.example",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@havneby.example", "b@havneby.example"]


@pytest.mark.parametrize(
    ("addresses", "message"),
    [
        ("good@havneby.example, not-an-address", "not-an-address"),
        ("good@havneby.example, mads@havneby.example", "mads@havneby.example"),
    ],
)
def test_one_bad_address_invites_nobody_and_keeps_the_text(
    alice_client: Client, world: World, addresses: str, message: str
) -> None:
    response = alice_client.post(
        f"/o/{world.havneby.code}/people/", {"email": addresses, "role": "member"}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["email"][0]
    assert "good@havneby.example" in response.content.decode()  # what was typed is kept
    assert not Invitation.objects.filter(email="good@havneby.example").exists()
    assert mail.outbox == []


def test_api_lists_people_a_page_at_a_time_with_search(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    _add_people(world, 120)
    api = api_client_for(world.alice)
    url = f"/api/organisations/{world.havneby.code}/memberships"
    first = api.get(url, {"limit": 50}).json()
    assert first["count"] == 123
    assert len(first["items"]) == 50
    rest = api.get(url, {"limit": 100, "offset": 50}).json()
    emails = {m["email"] for m in first["items"]} | {m["email"] for m in rest["items"]}
    assert len(emails) == 123
    found = api.get(url, {"q": "colleague007"}).json()
    assert [m["email"] for m in found["items"]] == ["colleague007@havneby.example"]
