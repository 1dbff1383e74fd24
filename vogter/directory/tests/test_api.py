"""The directory over REST: SCIM tokens and the import, for organisation admins."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from vogter.directory.actions.tokens import issue_scim_token
from vogter.directory.models import ScimToken
from vogter.organisations.models import Membership, Unit

pytestmark = pytest.mark.django_db

SHEET = "unit;email;name\r\nHavneby Kommune/Sundhed;anna@havneby.example;Anna\r\n"


def test_an_admin_makes_lists_and_revokes_a_scim_token(
    world: World, api_client_for: Callable[..., Client]
) -> None:
    client = api_client_for(world.alice)
    base = f"/api/organisations/{world.havneby.code}/directory/scim-tokens"

    made = client.post(base, {"name": "Entra ID"}, content_type="application/json")
    listed = client.get(base).json()
    code = made.json()["token"]["code"]
    revoked = client.post(f"{base}/{code}/revoke")

    assert made.status_code == 201
    assert made.json()["secret"].startswith("vgs_")
    assert [t["name"] for t in listed] == ["Entra ID"]
    assert "secret" not in listed[0]
    assert revoked.json()["revoked_at"] is not None
    scim = Client().get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {made.json()['secret']}"}
    )
    assert scim.status_code == 401


def test_the_import_previews_with_a_dry_run_and_then_saves(
    world: World, api_client_for: Callable[..., Client]
) -> None:
    client = api_client_for(world.alice)
    url = f"/api/organisations/{world.havneby.code}/directory/import"

    dry = client.post(
        url, {"file": SimpleUploadedFile("org.csv", SHEET.encode()), "dry_run": "true"}
    )
    assert dry.status_code == 200
    assert dry.json()["rows"][0]["status"] == "change"
    assert not Unit.objects.filter(name="Sundhed").exists()

    done = client.post(url, {"file": SimpleUploadedFile("org.csv", SHEET.encode())})

    assert done.status_code == 201
    assert Membership.objects.filter(user__email="anna@havneby.example").exists()


def test_a_refused_import_says_which_rows_and_saves_nothing(
    world: World, api_client_for: Callable[..., Client]
) -> None:
    client = api_client_for(world.alice)
    bad = SHEET + "Havneby Kommune;not-an-address;\r\n"

    response = client.post(
        f"/api/organisations/{world.havneby.code}/directory/import",
        {"file": SimpleUploadedFile("org.csv", bad.encode())},
    )

    assert response.status_code == 400
    assert [r["status"] for r in response.json()["rows"]] == ["change", "refused"]
    assert response.json()["rows"][1]["problems"][0]["code"] == "bad_email"
    assert not Unit.objects.filter(name="Sundhed").exists()


def test_another_organisations_token_is_a_404_on_the_api_and_the_page(
    world: World, api_client_for: Callable[..., Client], olga_client: Client
) -> None:
    token, _raw = issue_scim_token(world.alice, world.havneby, "Entra ID")
    client = api_client_for(world.olga)

    by_api = client.post(
        f"/api/organisations/{world.fjordby.code}/directory/scim-tokens/{token.code}/revoke"
    )
    by_page = olga_client.post(f"/o/{world.fjordby.code}/directory/tokens/{token.code}/revoke/")

    assert by_api.status_code == by_page.status_code == 404
    assert ScimToken.objects.get(pk=token.pk).revoked_at is None
