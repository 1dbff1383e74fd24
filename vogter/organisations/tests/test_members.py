from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from conftest import World
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db


def _member_url(world: World, membership: Membership, suffix: str = "") -> str:
    return f"/o/{world.havneby.code}/people/{membership.code}/{suffix}"


def _form(membership: Membership, **changes: Any) -> dict[str, Any]:
    """What the edit form posts back unchanged, with some fields changed."""
    data: dict[str, Any] = {
        "role": membership.role,
        "unit": membership.unit.code if membership.unit else "",
    }
    for flag in ("is_manager", "is_union_rep", "is_safety_rep"):
        if getattr(membership, flag):
            data[flag] = "on"
    for key, value in changes.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = "on" if value is True else value
    return data


def _snapshot(membership: Membership) -> tuple[Any, ...]:
    membership.refresh_from_db()
    return (
        membership.role,
        membership.unit_id,
        membership.is_manager,
        membership.is_union_rep,
        membership.is_safety_rep,
    )


def test_people_page_lists_everyone_with_links_by_code(alice_client: Client, world: World) -> None:
    response = alice_client.get(f"/o/{world.havneby.code}/people/")
    assert response.status_code == 200
    html = response.content.decode()
    for person in (world.alice, world.fiona, world.mads):
        assert f'href="{_member_url(world, world.membership(person))}"' in html
    assert world.olga.email not in html


def test_admin_changes_role_unit_and_representative_roles(
    alice_client: Client, world: World
) -> None:
    mads = world.membership(world.mads)
    assert alice_client.get(_member_url(world, mads)).status_code == 200
    before = AuditEntry.objects.filter(action="membership.change", target=mads.code).count()

    response = alice_client.post(
        _member_url(world, mads),
        _form(
            mads,
            role=Role.FACILITATOR,
            unit=world.department.code,
            is_manager=True,
            is_union_rep=False,
            is_safety_rep=True,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/o/{world.havneby.code}/people/"
    assert _snapshot(mads) == (Role.FACILITATOR, world.department.pk, True, False, True)

    entries = AuditEntry.objects.filter(action="membership.change", target=mads.code)
    assert entries.count() == before + 1
    entry = entries.order_by("-pk").first()
    assert entry is not None
    assert entry.actor == world.alice
    assert entry.organisation == world.havneby
    assert entry.data == {
        "role": "facilitator",
        "unit": world.department.code,
        "is_manager": True,
        "is_union_rep": False,
        "is_safety_rep": True,
    }


def test_saving_without_changes_writes_no_audit_entry(alice_client: Client, world: World) -> None:
    mads = world.membership(world.mads)
    count = AuditEntry.objects.count()
    alice_client.post(_member_url(world, mads), _form(mads))
    assert AuditEntry.objects.count() == count


def test_admin_can_take_someone_out_of_their_unit(alice_client: Client, world: World) -> None:
    mads = world.membership(world.mads)
    alice_client.post(_member_url(world, mads), _form(mads, unit=""))
    mads.refresh_from_db()
    assert mads.unit is None


def test_unit_of_another_organisation_is_refused(alice_client: Client, world: World) -> None:
    mads = world.membership(world.mads)
    before = _snapshot(mads)
    response = alice_client.post(
        _member_url(world, mads), _form(mads, unit=world.fjordby_unit.code)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert _snapshot(mads) == before


def test_last_admin_cannot_demote_themselves(alice_client: Client, world: World) -> None:
    alice = world.membership(world.alice)
    before = _snapshot(alice)
    count = AuditEntry.objects.count()
    response = alice_client.post(
        _member_url(world, alice), _form(alice, role=Role.MEMBER, is_manager=True)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["role"]
    assert errors and errors[0] in response.content.decode()
    assert _snapshot(alice) == before
    assert AuditEntry.objects.count() == count


def test_last_admin_cannot_remove_themselves(alice_client: Client, world: World) -> None:
    alice = world.membership(world.alice)
    count = AuditEntry.objects.count()
    response = alice_client.post(_member_url(world, alice, "remove/"))
    assert response.status_code == 302
    assert response["Location"] == _member_url(world, alice)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert Membership.objects.filter(pk=alice.pk).exists()
    assert AuditEntry.objects.count() == count
    page = alice_client.get(response["Location"]).content.decode()
    assert message.message in page


def test_an_admin_may_step_down_when_another_admin_remains(
    alice_client: Client, world: World
) -> None:
    membership_actions.change_membership(
        world.alice, world.membership(world.fiona), role=Role.ADMIN
    )
    alice = world.membership(world.alice)
    response = alice_client.post(_member_url(world, alice), _form(alice, role=Role.MEMBER))
    assert response.status_code == 302
    assert _snapshot(alice)[0] == Role.MEMBER
    # She lands where she is still welcome, not on an admin page that now says 403.
    assert response["Location"] == f"/o/{world.havneby.code}/"
    assert alice_client.get(response["Location"]).status_code == 200
    assert alice_client.get(f"/o/{world.havneby.code}/people/").status_code == 403


def test_admin_removes_a_member(alice_client: Client, world: World) -> None:
    mads = world.membership(world.mads)
    response = alice_client.post(_member_url(world, mads, "remove/"))
    assert response.status_code == 302
    assert response["Location"] == f"/o/{world.havneby.code}/people/"
    assert not Membership.objects.filter(pk=mads.pk).exists()
    entry = AuditEntry.objects.get(action="membership.remove", target=mads.code)
    assert entry.actor == world.alice
    mads_client = Client()
    mads_client.force_login(world.mads)
    assert mads_client.get(f"/o/{world.havneby.code}/").status_code == 404


def test_removing_needs_a_post(alice_client: Client, world: World) -> None:
    mads = world.membership(world.mads)
    assert alice_client.get(_member_url(world, mads, "remove/")).status_code == 405
    assert Membership.objects.filter(pk=mads.pk).exists()


@pytest.mark.parametrize("persona", ["fiona_client", "mads_client"])
def test_facilitator_and_member_get_403_on_admin_pages(
    persona: str, request: pytest.FixtureRequest, world: World
) -> None:
    client: Client = request.getfixturevalue(persona)
    org = world.havneby.code
    mads = world.membership(world.mads)
    invitation = invitation_actions.invite(world.alice, world.havneby)
    before = _snapshot(mads)
    admin_pages = [
        f"/o/{org}/settings/",
        f"/o/{org}/units/",
        f"/o/{org}/units/{world.web_team.code}/",
        f"/o/{org}/people/",
        _member_url(world, mads),
    ]
    for url in admin_pages:
        assert client.get(url).status_code == 403, url
    for url in [
        *admin_pages,
        f"/o/{org}/units/{world.web_team.code}/delete/",
        _member_url(world, mads, "remove/"),
        f"/o/{org}/invitations/{invitation.code}/revoke/",
    ]:
        assert client.post(url, _form(mads, role=Role.ADMIN)).status_code == 403, url
    assert _snapshot(mads) == before
    invitation.refresh_from_db()
    assert invitation.is_open
    assert client.get(f"/o/{org}/").status_code == 200
