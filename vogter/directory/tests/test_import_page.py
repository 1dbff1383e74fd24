"""The import page: upload, a preview of what each row does, confirm; admins only."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from vogter.organisations.models import Membership, Unit

pytestmark = pytest.mark.django_db

GOOD = (
    "unit;level;email;name;role\r\n"
    "Havneby Kommune/Sundhed;department;;;\r\n"
    "Havneby Kommune/Sundhed/Hjemmeplejen;;anna@havneby.example;Anna Andersen;\r\n"
)


def upload(client: Client, world: World, text: str, name: str = "org.csv") -> str:
    response = client.post(
        f"/o/{world.havneby.code}/directory/import/",
        {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"), "text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def test_upload_preview_and_confirm(world: World, alice_client: Client) -> None:
    preview_url = upload(alice_client, world, GOOD)

    preview = alice_client.get(preview_url)
    page = preview.content.decode()
    assert "Hjemmeplejen" in page and "anna@havneby.example" in page
    assert not Unit.objects.filter(name="Sundhed").exists()  # nothing before the confirmation

    token = re.search(r"preview=([\w-]+)", preview_url).group(1)  # type: ignore[union-attr]
    done = alice_client.post(preview_url, {"preview": token, "confirm": "1"})

    assert done.status_code == 302
    assert Membership.objects.filter(
        organisation=world.havneby, user__email="anna@havneby.example", unit__name="Hjemmeplejen"
    ).exists()


def test_refused_rows_are_shown_with_reasons_and_cannot_be_confirmed(
    world: World, alice_client: Client
) -> None:
    preview_url = upload(alice_client, world, GOOD + "Havneby Kommune;;nope;;boss\r\n")
    token = re.search(r"preview=([\w-]+)", preview_url).group(1)  # type: ignore[union-attr]

    page = alice_client.get(preview_url).content.decode()
    confirmed = alice_client.post(preview_url, {"preview": token, "confirm": "1"})

    assert "nope" in page and "boss" in page
    assert 'name="confirm"' not in page
    assert confirmed.status_code == 200
    assert not Unit.objects.filter(name="Sundhed").exists()


def test_a_broken_file_is_refused_in_the_persons_language(
    world: World, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/o/{world.havneby.code}/directory/import/",
        {
            "file": SimpleUploadedFile(
                "org.xls", b"\xd0\xcf\x11\xe0junk", "application/vnd.ms-excel"
            )
        },
    )

    assert response.status_code == 200
    assert "xlsx" in response.content.decode()


def test_members_and_outsiders_cannot_import(
    world: World, mads_client: Client, olga_client: Client
) -> None:
    assert mads_client.get(f"/o/{world.havneby.code}/directory/import/").status_code == 403
    assert olga_client.get(f"/o/{world.havneby.code}/directory/import/").status_code == 404


def test_an_admin_makes_a_scim_token_on_the_page_and_sees_it_once(
    world: World, alice_client: Client
) -> None:
    response = alice_client.post(f"/o/{world.havneby.code}/directory/", {"name": "Entra ID"})
    page = response.content.decode()
    raw = re.search(r"vgs_[\w-]+", page)

    assert raw is not None
    again = alice_client.get(f"/o/{world.havneby.code}/directory/").content.decode()
    assert raw.group(0) not in again
    assert "Entra ID" in again
    scim = Client().get("/scim/v2/Users", headers={"Authorization": f"Bearer {raw.group(0)}"})
    assert scim.status_code == 200


def test_the_shared_reading_problems_are_worded_on_the_preview(
    world: World, alice_client: Client
) -> None:
    def shown(text: str) -> str:
        response = alice_client.post(
            f"/o/{world.havneby.code}/directory/import/",
            {"file": SimpleUploadedFile("org.csv", text.encode("utf-8-sig"), "text/csv")},
            follow=True,
        )
        return str(response.content.decode())

    twice = shown("unit;email;email\r\nHavneby Kommune;;\r\n")
    unknown = shown("unit;email;shoe size\r\n;;\r\nHavneby Kommune;;\r\n")

    assert "Kolonnen email optræder mere end én gang." in twice
    assert "shoe size" in unknown and "genkendt" in unknown
    assert "1 tom række blev sprunget over." in unknown
