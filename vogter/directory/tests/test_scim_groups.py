"""SCIM Groups as Entra ID pushes them: each one a unit, its members the people placed there."""

from typing import Any

import pytest

from conftest import World
from vogter.directory.tests.conftest import ScimClient, entra_user, patch
from vogter.organisations.models import AuditEntry, Membership, Unit

pytestmark = pytest.mark.django_db


def entra_group(name: str, *members: str) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "externalId": f"g-{name}",
        "displayName": name,
        "members": [{"value": m} for m in members],
    }


def _person(scim: ScimClient, email: str) -> str:
    return str(scim.post("Users", entra_user(email, external_id=email)).json()["id"])


def _unit_of(world: World, email: str) -> Unit | None:
    return Membership.objects.get(organisation=world.havneby, user__email=email).unit


def test_a_pushed_group_becomes_a_unit_with_its_members(
    world: World, havneby_scim: ScimClient
) -> None:
    anna = _person(havneby_scim, "anna@havneby.example")

    response = havneby_scim.post("Groups", entra_group("Hjemmeplejen", anna))

    assert response.status_code == 201
    body = response.json()
    assert body["displayName"] == "Hjemmeplejen"
    assert [m["value"] for m in body["members"]] == [anna]
    unit = Unit.objects.get(organisation=world.havneby, name="Hjemmeplejen")
    assert _unit_of(world, "anna@havneby.example") == unit


def test_a_group_named_as_an_existing_unit_takes_that_unit(
    world: World, havneby_scim: ScimClient
) -> None:
    response = havneby_scim.post("Groups", entra_group("Kommunikation"))

    assert response.status_code == 201
    assert Unit.objects.filter(organisation=world.havneby, name="Kommunikation").count() == 1
    # Placed in the tree by hand, and a re-push keeps it there.
    world.unit.refresh_from_db()
    assert world.unit.parent == world.department


def test_entra_adds_and_removes_members_with_patch(world: World, havneby_scim: ScimClient) -> None:
    anna = _person(havneby_scim, "anna@havneby.example")
    bo = _person(havneby_scim, "bo@havneby.example")
    group = havneby_scim.post("Groups", entra_group("Sundhed")).json()
    path = f"Groups/{group['id']}"

    added = havneby_scim.patch(
        path, patch({"op": "Add", "path": "members", "value": [{"value": anna}, {"value": bo}]})
    )
    removed = havneby_scim.patch(
        path, patch({"op": "Remove", "path": "members", "value": [{"value": anna}]})
    )

    assert added.status_code == removed.status_code == 204
    assert _unit_of(world, "anna@havneby.example") is None
    assert _unit_of(world, "bo@havneby.example").name == "Sundhed"  # type: ignore[union-attr]
    gone = havneby_scim.patch(path, patch({"op": "remove", "path": f'members[value eq "{bo}"]'}))
    assert gone.status_code == 204
    assert _unit_of(world, "bo@havneby.example") is None
    assert havneby_scim.get(path).json()["members"] == []


def test_entra_renames_a_group_with_a_replace(world: World, havneby_scim: ScimClient) -> None:
    group = havneby_scim.post("Groups", entra_group("Sundhed")).json()

    response = havneby_scim.patch(
        f"Groups/{group['id']}",
        patch({"op": "Replace", "path": "displayName", "value": "Sundhed og Omsorg"}),
    )

    assert response.status_code == 204
    assert Unit.objects.filter(organisation=world.havneby, name="Sundhed og Omsorg").exists()


def test_the_provider_finds_a_group_by_display_name_without_its_members(
    havneby_scim: ScimClient,
) -> None:
    anna = _person(havneby_scim, "anna@havneby.example")
    created = havneby_scim.post("Groups", entra_group("Sundhed", anna)).json()

    found = havneby_scim.get(
        "Groups", filter='displayName eq "Sundhed"', excludedAttributes="members"
    ).json()

    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == created["id"]
    assert "members" not in found["Resources"][0]


def test_re_pushing_a_group_as_it_is_changes_nothing(havneby_scim: ScimClient) -> None:
    anna = _person(havneby_scim, "anna@havneby.example")
    created = havneby_scim.post("Groups", entra_group("Sundhed", anna)).json()
    entries = AuditEntry.objects.count()

    for _attempt in range(2):
        put = havneby_scim.put(f"Groups/{created['id']}", entra_group("Sundhed", anna))
        assert put.status_code == 200
        added = havneby_scim.patch(
            f"Groups/{created['id']}",
            patch({"op": "Add", "path": "members", "value": [{"value": anna}]}),
        )
        assert added.status_code == 204

    assert AuditEntry.objects.count() == entries
    again = havneby_scim.post("Groups", entra_group("Sundhed"))
    assert again.status_code == 409


def test_an_unknown_member_is_refused_and_nothing_changes(
    world: World, havneby_scim: ScimClient, fjordby_scim: ScimClient
) -> None:
    theirs = _person(fjordby_scim, "ole@fjordby.example")

    response = havneby_scim.post("Groups", entra_group("Sundhed", theirs))

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert not Unit.objects.filter(organisation=world.havneby, name="Sundhed").exists()


def test_deleting_a_group_deletes_its_unit_and_keeps_the_members(
    world: World, havneby_scim: ScimClient
) -> None:
    anna = _person(havneby_scim, "anna@havneby.example")
    created = havneby_scim.post("Groups", entra_group("Sundhed", anna)).json()

    response = havneby_scim.delete(f"Groups/{created['id']}")

    assert response.status_code == 204
    assert not Unit.objects.filter(organisation=world.havneby, name="Sundhed").exists()
    assert _unit_of(world, "anna@havneby.example") is None


def test_a_group_whose_unit_has_parts_is_unlinked_not_deleted(
    world: World, havneby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Groups", entra_group("Kultur")).json()

    response = havneby_scim.delete(f"Groups/{created['id']}")

    assert response.status_code == 204
    assert Unit.objects.filter(pk=world.department.pk).exists()
    assert havneby_scim.get(f"Groups/{created['id']}").status_code == 404


def test_another_organisations_token_cannot_reach_our_groups(
    havneby_scim: ScimClient, fjordby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Groups", entra_group("Sundhed")).json()

    assert fjordby_scim.get(f"Groups/{created['id']}").status_code == 404
    assert fjordby_scim.delete(f"Groups/{created['id']}").status_code == 404
    assert fjordby_scim.get("Groups").json()["totalResults"] == 0


def test_the_discovery_documents_describe_users_and_groups(havneby_scim: ScimClient) -> None:
    config = havneby_scim.get("ServiceProviderConfig").json()
    types = havneby_scim.get("ResourceTypes").json()
    schemas = havneby_scim.get("Schemas").json()
    user_schema = havneby_scim.get("Schemas/urn:ietf:params:scim:schemas:core:2.0:User")

    assert config["patch"]["supported"] is True
    assert config["bulk"]["supported"] is False
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert {t["endpoint"] for t in types["Resources"]} == {"/Users", "/Groups"}
    assert schemas["totalResults"] == 2
    assert user_schema.status_code == 200
    assert havneby_scim.get("ResourceTypes/Nope").status_code == 404


def test_listing_groups_with_members_takes_the_same_queries_for_many_as_for_few(
    havneby_scim: ScimClient, django_assert_max_num_queries: Any
) -> None:
    for number in range(10):
        person = _person(havneby_scim, f"p{number}@havneby.example")
        havneby_scim.post("Groups", entra_group(f"Team {number}", person))

    with django_assert_max_num_queries(5):
        listed = havneby_scim.get("Groups").json()

    assert listed["totalResults"] == 10
    assert all(len(g["members"]) == 1 for g in listed["Resources"])


def test_a_group_move_ends_the_tr_and_manager_marks_of_the_unit_left(
    world: World, havneby_scim: ScimClient
) -> None:
    # Mads is TR of the web team; his provider puts him in another group.
    mads = _person(havneby_scim, "mads@havneby.example")
    membership = world.membership(world.mads)
    membership.is_manager = True
    membership.save()

    response = havneby_scim.post("Groups", entra_group("Sundhed", mads))

    assert response.status_code == 201
    membership.refresh_from_db()
    assert membership.unit is not None and membership.unit.name == "Sundhed"
    assert not membership.is_union_rep and not membership.is_manager
    entry = (
        AuditEntry.objects.filter(action="membership.change", target=membership.code)
        .order_by("pk")
        .last()
    )
    assert entry is not None
    assert entry.data["is_union_rep"] is False and entry.data["is_manager"] is False
