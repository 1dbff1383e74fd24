import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from conftest import World
from vogter.organisations.models import AuditEntry, Invitation, Membership, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(api_client_for, world: World) -> Client:  # type: ignore[no-untyped-def]
    return api_client_for(world.alice)


@pytest.fixture
def mads_api(api_client_for, world: World) -> Client:  # type: ignore[no-untyped-def]
    return api_client_for(world.mads)


def _json(client: Client, method: str, url: str, body: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def _org(world: World, suffix: str = "") -> str:
    return f"/api/organisations/{world.havneby.code}{suffix}"


# --- Organisations ------------------------------------------------------------------


def test_creating_an_organisation_makes_you_its_admin(mads_api: Client, world: World) -> None:
    response = _json(mads_api, "POST", "/api/organisations", {"name": " Nordby  Skole "})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["default_language"], body["my_role"]) == (
        "Nordby Skole",
        "da",
        "admin",
    )
    organisation = Organisation.objects.get(code=body["code"])
    assert Membership.objects.get(organisation=organisation).user == world.mads
    assert AuditEntry.objects.filter(action="organisation.create", actor=world.mads).exists()
    listed = mads_api.get("/api/organisations").json()
    assert {(o["code"], o["my_role"]) for o in listed} == {
        (world.havneby.code, "member"),
        (organisation.code, "admin"),
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "   "}, "name"), ({"name": "X", "default_language": "sv"}, "default_language")],
)
def test_creating_an_organisation_with_bad_input_says_why(
    mads_api: Client, body: dict[str, str], field: str
) -> None:
    response = _json(mads_api, "POST", "/api/organisations", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_admin_renames_the_organisation_and_members_may_not(
    alice_api: Client, mads_api: Client, world: World
) -> None:
    assert mads_api.get(_org(world)).json()["my_role"] == "member"
    refused = _json(mads_api, "PATCH", _org(world), {"name": "Mads Kommune"})
    assert refused.status_code == 403
    assert refused.json()["detail"]

    response = _json(alice_api, "PATCH", _org(world), {"default_language": "en"})
    assert response.status_code == 200
    assert response.json()["default_language"] == "en"
    assert response.json()["name"] == "Havneby Kommune"


# --- Memberships --------------------------------------------------------------------


def test_memberships_list_is_for_admins_only(
    alice_api: Client, api_client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    response = alice_api.get(_org(world, "/memberships"))
    assert response.status_code == 200
    assert response.json()["count"] == 3
    by_email = {m["email"]: m for m in response.json()["items"]}
    assert set(by_email) == {
        "alice@havneby.example",
        "fiona@havneby.example",
        "mads@havneby.example",
    }
    assert by_email["mads@havneby.example"] == {
        "code": world.membership(world.mads).code,
        "email": "mads@havneby.example",
        "name": "Mads Member",
        "role": "member",
        "unit": world.web_team.code,
        "is_manager": False,
        "is_union_rep": True,
        "is_safety_rep": False,
    }
    for user in (world.fiona, world.mads):
        refused = api_client_for(user).get(_org(world, "/memberships"))
        assert refused.status_code == 403
        assert refused.json()["detail"]


def test_admin_patches_a_membership(alice_api: Client, world: World) -> None:
    mads = world.membership(world.mads)
    url = _org(world, f"/memberships/{mads.code}")
    response = _json(
        alice_api, "PATCH", url, {"role": "facilitator", "unit": None, "is_safety_rep": True}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["role"], body["unit"], body["is_union_rep"], body["is_safety_rep"]) == (
        "facilitator",
        None,
        True,
        True,
    )
    mads.refresh_from_db()
    assert (mads.role, mads.unit, mads.is_safety_rep) == (Role.FACILITATOR, None, True)
    entry = AuditEntry.objects.filter(action="membership.change", target=mads.code).first()
    assert entry is not None
    assert entry.data == {"role": "facilitator", "unit": None, "is_safety_rep": True}


def test_patch_with_another_organisations_unit_is_refused(alice_api: Client, world: World) -> None:
    mads = world.membership(world.mads)
    response = _json(
        alice_api,
        "PATCH",
        _org(world, f"/memberships/{mads.code}"),
        {"unit": world.fjordby_unit.code},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "unit"
    mads.refresh_from_db()
    assert mads.unit == world.web_team


def test_last_admin_cannot_step_down_or_leave_through_the_api(
    alice_api: Client, world: World
) -> None:
    alice = world.membership(world.alice)
    url = _org(world, f"/memberships/{alice.code}")
    demote = _json(alice_api, "PATCH", url, {"role": "member"})
    assert demote.status_code == 400
    assert demote.json()["field"] == "role"
    leave = alice_api.delete(url)
    assert leave.status_code == 400
    assert leave.json()["detail"]
    alice.refresh_from_db()
    assert alice.role == Role.ADMIN


def test_admin_removes_a_membership(alice_api: Client, world: World) -> None:
    mads = world.membership(world.mads)
    response = alice_api.delete(_org(world, f"/memberships/{mads.code}"))
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=mads.pk).exists()


def test_members_cannot_change_memberships(mads_api: Client, world: World) -> None:
    fiona = world.membership(world.fiona)
    url = _org(world, f"/memberships/{fiona.code}")
    assert _json(mads_api, "PATCH", url, {"role": "member"}).status_code == 403
    assert mads_api.delete(url).status_code == 403
    fiona.refresh_from_db()
    assert fiona.role == Role.FACILITATOR


# --- Invitations --------------------------------------------------------------------


def test_invitations_are_created_listed_and_withdrawn(
    alice_api: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = _json(
            alice_api,
            "POST",
            _org(world, "/invitations"),
            {"email": "nina@havneby.example", "role": "facilitator", "unit": world.unit.code},
        )
    assert created.status_code == 201
    body = created.json()
    invitation = Invitation.objects.get(code=body["code"])
    assert body["url"] == f"http://testserver/invitation/{invitation.token}/"
    assert (body["email"], body["role"], body["unit"]) == (
        "nina@havneby.example",
        "facilitator",
        world.unit.code,
    )
    assert len(mail.outbox) == 1
    assert body["url"] in mail.outbox[0].body

    link = _json(alice_api, "POST", _org(world, "/invitations"), {})
    assert link.status_code == 201
    assert link.json()["role"] == "member"
    assert len(mail.outbox) == 1

    listed = alice_api.get(_org(world, "/invitations")).json()
    assert {i["code"] for i in listed} == {body["code"], link.json()["code"]}

    withdrawn = alice_api.delete(_org(world, f"/invitations/{body['code']}"))
    assert withdrawn.status_code == 204
    assert [i["code"] for i in alice_api.get(_org(world, "/invitations")).json()] == [
        link.json()["code"]
    ]
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "MADS@havneby.example"}, "email"),
        ({"unit": "zzzzzzzzzzzz"}, "unit"),
    ],
)
def test_bad_invitations_are_refused_with_a_reason(
    alice_api: Client, world: World, body: dict[str, str], field: str
) -> None:
    response = _json(alice_api, "POST", _org(world, "/invitations"), body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert alice_api.get(_org(world, "/invitations")).json() == []


def test_invitations_are_for_admins_only(mads_api: Client, world: World) -> None:
    assert mads_api.get(_org(world, "/invitations")).status_code == 403
    assert _json(mads_api, "POST", _org(world, "/invitations"), {}).status_code == 403
