"""SCIM Users as Entra ID pushes them: each one an account and a membership."""

from typing import Any

import pytest

from conftest import World
from vogter.accounts.models import User
from vogter.directory.tests.conftest import ScimClient, entra_user, patch
from vogter.organisations.models import AuditEntry, Membership

pytestmark = pytest.mark.django_db


def test_a_pushed_user_becomes_a_member_with_an_account(
    world: World, havneby_scim: ScimClient
) -> None:
    response = havneby_scim.post("Users", entra_user("anna@havneby.example"))

    assert response.status_code == 201
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["userName"] == "anna@havneby.example"
    assert body["active"] is True
    assert body["externalId"] == "a1"
    assert response["Location"].endswith(f"/scim/v2/Users/{body['id']}")
    anna = User.objects.get(email="anna@havneby.example")
    assert anna.name == "Anna Andersen"
    assert anna.language == "da"
    assert not anna.has_usable_password()
    assert Membership.objects.filter(organisation=world.havneby, user=anna, role="member").exists()
    assert AuditEntry.objects.filter(action="directory.person.create", target=body["id"]).exists()


def test_the_provider_finds_a_user_by_user_name_before_creating_it(
    havneby_scim: ScimClient,
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()

    found = havneby_scim.get("Users", filter='userName eq "Anna@Havneby.example"').json()
    missing = havneby_scim.get("Users", filter='userName eq "bo@havneby.example"').json()

    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == created["id"]
    assert found["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert missing["totalResults"] == 0
    assert missing["Resources"] == []


def test_a_filter_outside_the_subset_is_refused_in_scims_error_schema(
    havneby_scim: ScimClient,
) -> None:
    for text in ('userName co "anna"', 'userName eq "a" or userName eq "b"', "userName eq"):
        response = havneby_scim.get("Users", filter=text)
        assert response.status_code == 400
        assert response.json()["scimType"] == "invalidFilter"
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_pushing_the_same_user_twice_is_a_conflict_not_a_second_account(
    havneby_scim: ScimClient,
) -> None:
    havneby_scim.post("Users", entra_user("anna@havneby.example"))

    again = havneby_scim.post("Users", entra_user("anna@havneby.example"))

    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"
    assert User.objects.filter(email="anna@havneby.example").count() == 1


def test_a_re_push_of_the_same_values_changes_nothing(havneby_scim: ScimClient) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()
    entries = AuditEntry.objects.count()

    for _attempt in range(2):
        response = havneby_scim.put(f"Users/{created['id']}", entra_user("anna@havneby.example"))
        assert response.status_code == 200
    response = havneby_scim.patch(
        f"Users/{created['id']}", patch({"op": "Replace", "path": "active", "value": "True"})
    )

    assert response.status_code == 200
    assert AuditEntry.objects.count() == entries


def test_entra_deactivates_with_a_capitalised_replace_and_the_membership_goes(
    world: World, havneby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()
    anna = User.objects.get(email="anna@havneby.example")

    response = havneby_scim.patch(
        f"Users/{created['id']}", patch({"op": "Replace", "path": "active", "value": "False"})
    )

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert not Membership.objects.filter(organisation=world.havneby, user=anna).exists()
    anna.refresh_from_db()  # the account stays: it may sign charters and be elsewhere
    assert anna.is_active
    fetched = havneby_scim.get(f"Users/{created['id']}").json()
    assert fetched["active"] is False

    back = havneby_scim.patch(
        f"Users/{created['id']}", patch({"op": "replace", "value": {"active": True}})
    )

    assert back.json()["active"] is True
    assert Membership.objects.filter(organisation=world.havneby, user=anna).exists()


def test_entra_renames_with_path_and_pathless_operations(havneby_scim: ScimClient) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()

    response = havneby_scim.patch(
        f"Users/{created['id']}",
        patch(
            {"op": "Replace", "path": "displayName", "value": "Anna Bech"},
            {"op": "Add", "path": 'emails[type eq "work"].value', "value": "anna@havneby.example"},
            {"op": "Replace", "path": "name.familyName", "value": "Bech"},
            {"op": "Add", "path": "externalId", "value": "a1-new"},
            {
                "op": "Replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "value": "Kultur",
            },
        ),
    )

    assert response.status_code == 200
    assert response.json()["displayName"] == "Anna Bech"
    assert response.json()["externalId"] == "a1-new"
    assert User.objects.get(email="anna@havneby.example").name == "Anna Bech"


def test_an_existing_account_is_linked_not_renamed(world: World, havneby_scim: ScimClient) -> None:
    response = havneby_scim.post("Users", entra_user("mads@havneby.example", "M. Directory"))

    assert response.status_code == 201
    world.mads.refresh_from_db()
    assert world.mads.name == "Mads Member"
    # Already a member: the membership, with its unit and TR role, is left as it was.
    membership = world.membership(world.mads)
    assert membership.is_union_rep
    assert membership.unit == world.web_team


def test_delete_ends_the_membership_and_keeps_the_account(
    world: World, havneby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()

    response = havneby_scim.delete(f"Users/{created['id']}")

    assert response.status_code == 204
    assert havneby_scim.get(f"Users/{created['id']}").status_code == 404
    anna = User.objects.get(email="anna@havneby.example")
    assert not Membership.objects.filter(user=anna).exists()


def test_the_last_admin_cannot_be_deactivated_from_the_directory(
    world: World, havneby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Users", entra_user("alice@havneby.example")).json()

    response = havneby_scim.patch(
        f"Users/{created['id']}", patch({"op": "Replace", "path": "active", "value": False})
    )

    assert response.status_code == 400
    assert "admin" in response.json()["detail"]
    assert world.membership(world.alice).is_admin


def test_another_organisations_token_neither_sees_nor_changes_our_users(
    world: World, havneby_scim: ScimClient, fjordby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()
    path = f"Users/{created['id']}"

    assert fjordby_scim.get(path).status_code == 404
    assert (
        fjordby_scim.patch(
            path, patch({"op": "Replace", "path": "active", "value": False})
        ).status_code
        == 404
    )
    assert fjordby_scim.delete(path).status_code == 404
    assert (
        fjordby_scim.get("Users", filter='userName eq "anna@havneby.example"').json()[
            "totalResults"
        ]
        == 0
    )
    assert havneby_scim.get(path).json()["active"] is True


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(
    world: World, havneby_scim: ScimClient
) -> None:
    from vogter.directory.actions.tokens import issue_scim_token, revoke_scim_token

    token, raw = issue_scim_token(world.alice, world.havneby, "Old")
    revoke_scim_token(world.alice, token)
    api_token = "vgt_" + "x" * 40
    for headers in (
        {},
        {"Authorization": f"Bearer {raw}"},
        {"Authorization": f"Bearer {api_token}"},
    ):
        response = havneby_scim.client.get("/scim/v2/Users", headers=headers)
        assert response.status_code == 401
        assert response.json()["status"] == "401"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_lists_are_paged_with_start_index_and_count(havneby_scim: ScimClient) -> None:
    for number in range(5):
        havneby_scim.post(
            "Users", entra_user(f"p{number}@havneby.example", external_id=str(number))
        )

    second = havneby_scim.get("Users", startIndex="3", count="2").json()

    assert second["totalResults"] == 5
    assert second["startIndex"] == 3
    assert second["itemsPerPage"] == 2
    assert [r["userName"] for r in second["Resources"]] == [
        "p2@havneby.example",
        "p3@havneby.example",
    ]
    assert havneby_scim.get("Users", count="0").json()["Resources"] == []


def test_a_user_without_an_address_is_refused_with_a_reason(havneby_scim: ScimClient) -> None:
    body = entra_user("not-an-address")
    body["emails"] = []

    response = havneby_scim.post("Users", body)

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert "e-mail" in response.json()["detail"] or "e-mail" in response.json()["detail"].lower()


def test_a_body_that_is_not_json_is_refused(havneby_scim: ScimClient) -> None:
    response = havneby_scim.client.post(
        "/scim/v2/Users",
        data="{nope",
        content_type="application/scim+json",
        headers=havneby_scim.headers,
    )

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidSyntax"


@pytest.mark.parametrize(
    "text",
    [
        'externalId eq "a1"',
        'userName EQ "anna@havneby.example"',
        'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "anna@havneby.example"',
        'emails.value eq "ANNA@havneby.example"',
        'externalId eq "a1" and userName eq "anna@havneby.example"',
    ],
)
def test_the_filters_providers_send_find_the_user(havneby_scim: ScimClient, text: str) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()
    havneby_scim.post("Users", entra_user("bo@havneby.example", external_id="b2"))

    found = havneby_scim.get("Users", filter=text).json()

    assert [r["id"] for r in found["Resources"]] == [created["id"]]


def test_a_quoted_value_may_hold_quotes_and_spaces(havneby_scim: ScimClient) -> None:
    havneby_scim.post("Users", entra_user("anna@havneby.example", external_id='a "1" b'))

    found = havneby_scim.get("Users", filter='externalId eq "a \\"1\\" b"').json()

    assert found["totalResults"] == 1


def test_filtering_on_an_attribute_we_do_not_index_is_refused(havneby_scim: ScimClient) -> None:
    for text in ("active eq true", 'name.familyName eq "Andersen"', "userName eq true"):
        response = havneby_scim.get("Users", filter=text)
        assert response.status_code == 400, text
        assert response.json()["scimType"] == "invalidFilter"


def test_listing_users_takes_the_same_queries_for_many_as_for_few(
    havneby_scim: ScimClient, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        havneby_scim.post(
            "Users", entra_user(f"p{number}@havneby.example", external_id=str(number))
        )

    with django_assert_max_num_queries(4):
        response = havneby_scim.get("Users")

    assert response.json()["itemsPerPage"] == 30
