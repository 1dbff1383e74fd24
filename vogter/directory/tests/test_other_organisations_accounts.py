"""The directory takes only this organisation's people: an account in another organisation
is neither linked, renamed, re-addressed nor shown, by SCIM or by the import."""

import re

import pytest
from django.test import Client

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.directory.tests.conftest import ScimClient, entra_user, patch
from vogter.directory.tests.test_import_page import upload
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Membership
from vogter.sso.actions import rules as rule_actions

pytestmark = pytest.mark.django_db


def test_a_token_cannot_take_an_account_of_another_organisation(
    world: World, havneby_scim: ScimClient
) -> None:
    taken = havneby_scim.post("Users", entra_user("olga@fjordby.example", "Someone Else"))
    havneby_scim.post("Users", entra_user("anna@havneby.example", external_id="anna"))
    again = havneby_scim.post("Users", entra_user("anna@havneby.example", external_id="anna2"))

    assert taken.status_code == 409
    assert taken.json()["scimType"] == "uniqueness"
    # Said as any taken address: nothing tells the account exists, nor whose it is.
    assert taken.json()["detail"] == again.json()["detail"].replace("anna@havneby", "olga@fjordby")
    assert "Olga" not in taken.content.decode()
    assert not Membership.objects.filter(organisation=world.havneby, user=world.olga).exists()


def test_an_account_in_no_organisation_is_linked_only_at_a_claimed_domain(
    world: World, havneby_scim: ScimClient
) -> None:
    make_user("bo@havneby.example", "Bo Berg")
    make_user("bo@gmail.example", "Bo Berg")

    unclaimed = havneby_scim.post("Users", entra_user("bo@havneby.example", external_id="b1"))
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    claimed = havneby_scim.post("Users", entra_user("bo@havneby.example", external_id="b1"))
    elsewhere = havneby_scim.post("Users", entra_user("bo@gmail.example", external_id="b2"))

    assert unclaimed.status_code == 409
    assert claimed.status_code == 201
    assert elsewhere.status_code == 409
    assert Membership.objects.filter(
        organisation=world.havneby, user__email="bo@havneby.example"
    ).exists()


def test_an_account_that_joined_another_organisation_keeps_its_address_and_name(
    world: World, havneby_scim: ScimClient
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()
    anna = User.objects.get(email="anna@havneby.example")
    membership_actions.add_member(world.olga, world.fjordby, anna)
    path = f"Users/{created['id']}"

    moved = havneby_scim.patch(
        path,
        patch({"op": "Replace", "path": 'emails[type eq "work"].value', "value": "x@evil.example"}),
    )
    renamed = havneby_scim.patch(
        path, patch({"op": "Replace", "path": "displayName", "value": "Not Anna"})
    )

    assert moved.status_code == 400
    assert renamed.status_code == 200
    anna.refresh_from_db()
    assert anna.email == "anna@havneby.example"
    assert anna.name == "Anna Andersen"


def test_the_import_refuses_another_organisations_account_as_any_taken_address(
    world: World, alice_client: Client
) -> None:
    preview_url = upload(
        alice_client,
        world,
        "unit;email;name\r\nHavneby Kommune;olga@fjordby.example;Olga\r\n"
        "Havneby Kommune;nobody@fjordby.example;Nobody\r\n",
    )
    token = re.search(r"preview=([\w-]+)", preview_url).group(1)  # type: ignore[union-attr]

    page = alice_client.get(preview_url).content.decode()
    confirmed = alice_client.post(preview_url, {"preview": token, "confirm": "1"})

    assert "olga@fjordby.example" in page
    assert "Existing account" not in page and "Eksisterende konto" not in page
    assert 'name="confirm"' not in page
    assert confirmed.status_code == 200
    assert not Membership.objects.filter(organisation=world.havneby, user=world.olga).exists()
