"""What Entra ID's provisioning service sends with its default attribute mappings: its
PATCH bodies (Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint"),
and user principal names that are not the mailbox."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.accounts.models import User
from vogter.accounts.tests.test_password_reset import NEW_PASSWORD, _reset_link
from vogter.directory.tests.conftest import ScimClient, entra_user, patch
from vogter.sso.actions import rules as rule_actions

pytestmark = pytest.mark.django_db

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

# One PATCH per person who has a phone, an address, a title…: each of these was a 400
# invalidPath, and Entra ID quarantines a job whose users keep failing.
ENTRA_PATCHES: list[list[dict[str, Any]]] = [
    [
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "anna@havneby.example"},
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
    ],
    [
        {"op": "Add", "path": 'phoneNumbers[type eq "work"].value', "value": "+45 33 12 34 56"},
        {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "+45 20 12 34 56"},
        {"op": "Add", "path": 'phoneNumbers[type eq "fax"].value', "value": "+45 33 12 34 57"},
    ],
    [
        {"op": "Replace", "path": 'addresses[type eq "work"].streetAddress', "value": "Havnen 1"},
        {"op": "Replace", "path": 'addresses[type eq "work"].locality', "value": "Havneby"},
        {"op": "Replace", "path": 'addresses[type eq "work"].postalCode', "value": "9999"},
        {"op": "Replace", "path": 'addresses[type eq "work"].country', "value": "DK"},
    ],
    [
        {"op": "Replace", "path": "name.givenName", "value": "Anna"},
        {"op": "Replace", "path": "title", "value": "Sygeplejerske"},
        {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Sundhed"},
        {"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "12345"},
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": "a-manager-id"},
    ],
    [
        # The newer, compliant form: no path, the attributes as keys of one value.
        {
            "op": "replace",
            "value": {
                "displayName": "Anna Andersen",
                'phoneNumbers[type eq "work"].value': "+45 33 12 34 56",
                'addresses[type eq "work"].streetAddress': "Havnen 1",
                "title": "Sygeplejerske",
            },
        }
    ],
    [{"op": "Remove", "path": 'phoneNumbers[type eq "mobile"].value'}],
    # A private address beside the work one is not the account's.
    [{"op": "Add", "path": 'emails[type eq "other"].value', "value": "anna@private.example"}],
]


@pytest.mark.parametrize("operations", ENTRA_PATCHES)
def test_entras_ordinary_user_patches_are_taken(
    havneby_scim: ScimClient, operations: list[dict[str, Any]]
) -> None:
    created = havneby_scim.post("Users", entra_user("anna@havneby.example")).json()

    response = havneby_scim.patch(f"Users/{created['id']}", patch(*operations))

    assert response.status_code == 200, response.content
    assert response.json()["emails"][0]["value"] == "anna@havneby.example"
    assert response.json()["active"] is True


def _upn_user() -> dict[str, Any]:
    user = entra_user("anna.berg@havneby.example", "Anna Berg", external_id="ab12")
    user["userName"] = "ab12@havneby.example"
    return user


def test_the_mailbox_is_the_address_when_the_user_principal_name_is_not(
    havneby_scim: ScimClient,
) -> None:
    created = havneby_scim.post("Users", _upn_user())

    assert created.status_code == 201
    assert created.json()["userName"] == "ab12@havneby.example"
    assert created.json()["emails"][0]["value"] == "anna.berg@havneby.example"
    assert User.objects.filter(email="anna.berg@havneby.example").exists()
    assert not User.objects.filter(email="ab12@havneby.example").exists()
    found = havneby_scim.get("Users", filter='userName eq "ab12@havneby.example"').json()
    assert [r["id"] for r in found["Resources"]] == [created.json()["id"]]
    # A re-push is found by its userName or externalId: no second person.
    again = havneby_scim.post("Users", _upn_user())
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"


def test_a_changed_user_principal_name_keeps_the_address(havneby_scim: ScimClient) -> None:
    created = havneby_scim.post("Users", _upn_user()).json()

    response = havneby_scim.patch(
        f"Users/{created['id']}",
        patch({"op": "Replace", "path": "userName", "value": "anna.b@havneby.example"}),
    )

    assert response.status_code == 200
    assert response.json()["userName"] == "anna.b@havneby.example"
    assert response.json()["emails"][0]["value"] == "anna.berg@havneby.example"


def test_a_user_without_emails_is_addressed_by_user_name(havneby_scim: ScimClient) -> None:
    user = entra_user("bo@havneby.example")
    del user["emails"]

    assert havneby_scim.post("Users", user).status_code == 201
    assert User.objects.filter(email="bo@havneby.example").exists()


def test_a_provisioned_person_without_single_sign_on_sets_a_password_and_logs_in(
    world: World, havneby_scim: ScimClient, client: Client
) -> None:
    havneby_scim.post("Users", entra_user("anna@havneby.example"))

    client.post("/accounts/password-reset/", {"email": "anna@havneby.example"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@havneby.example"]
    form_page = client.get(_reset_link(mail.outbox[0].body), follow=True)
    assert form_page.context["validlink"] is True
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    login = Client().post(
        "/accounts/login/", {"username": "anna@havneby.example", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_where_local_passwords_are_off_a_provisioned_person_gets_no_reset_mail(
    world: World, havneby_scim: ScimClient, client: Client, settings: Settings
) -> None:
    settings.VOGTER_OIDC_ENABLED = True
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    rule_actions.set_local_passwords(world.alice, world.havneby, off=True)
    havneby_scim.post("Users", entra_user("anna@havneby.example"))

    response = client.post("/accounts/password-reset/", {"email": "anna@havneby.example"})

    assert response.status_code == 403
    assert mail.outbox == []
