import re
from datetime import timedelta

import pytest
from django.core import mail
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.utils import timezone, translation

from conftest import PASSWORD, World
from vogter.accounts.models import User
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.models import AuditEntry, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def _people(world: World) -> str:
    return f"/o/{world.havneby.code}/people/"


def _open_invitations(world: World) -> "list[Invitation]":
    # The world's own invitations (Fiona's and Mads's) are used already.
    return list(Invitation.objects.filter(organisation=world.havneby, accepted_at__isnull=True))


def _link(invitation: Invitation) -> str:
    return f"/invitation/{invitation.token}/"


def test_admin_invites_by_link_without_email(alice_client: Client, world: World) -> None:
    response = alice_client.post(
        _people(world), {"email": "", "role": Role.FACILITATOR, "unit": world.unit.code}
    )
    assert response.status_code == 302
    assert response["Location"] == _people(world)
    [invitation] = _open_invitations(world)
    assert (invitation.role, invitation.unit, invitation.created_by) == (
        Role.FACILITATOR,
        world.unit,
        world.alice,
    )
    assert mail.outbox == []
    page = alice_client.get(_people(world)).content.decode()
    assert f'value="http://testserver{_link(invitation)}"' in page
    assert AuditEntry.objects.filter(action="invitation.create", target=invitation.code).exists()


def test_admin_invites_by_email_in_the_organisations_language(
    alice_client: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    # Alice reads English; Havneby's default language is Danish, and so is the e-mail.
    User.objects.filter(pk=world.alice.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            _people(world), {"email": "Nina@Havneby.Example", "role": Role.MEMBER}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nina@havneby.example")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@havneby.example"]
    assert world.havneby.name in message.subject
    assert f"http://testserver{_link(invitation)}" in message.body
    expiry = timezone.localtime(invitation.expires_at)
    with translation.override("da"):
        danish_date = date_filter(expiry, "DATE_FORMAT")
    with translation.override("en"):
        english_date = date_filter(expiry, "DATE_FORMAT")
    assert danish_date != english_date
    assert danish_date in message.body


def test_invitation_subject_is_plain_text(world: World, django_capture_on_commit_callbacks) -> None:
    organisation_actions.update_organisation(world.alice, world.havneby, name="Kultur & Fritid")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_actions.invite(world.alice, world.havneby, email="nina@havneby.example")
    assert "Kultur & Fritid" in mail.outbox[0].subject


def test_anonymous_visitor_sees_the_join_page_with_signup_and_login_carrying_next(
    client: Client, world: World
) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, role=Role.FACILITATOR)
    response = client.get(_link(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.havneby.name in html
    assert f'href="/accounts/signup/?next={_link(invitation)}"' in html
    assert f'href="/accounts/login/?next={_link(invitation)}"' in html


def test_new_person_signs_up_through_the_link_and_joins_with_the_invited_role_and_unit(
    client: Client, world: World
) -> None:
    invitation = invitation_actions.invite(
        world.alice, world.havneby, role=Role.FACILITATOR, unit=world.web_team
    )
    signup_url = f"/accounts/signup/?next={_link(invitation)}"
    form = client.get(signup_url).content.decode()
    # The form carries next on (the language switch has a next field of its own).
    assert _link(invitation) in re.findall(r'name="next" value="([^"]*)"', form)

    response = client.post(
        signup_url,
        {
            "email": "nina@havneby.example",
            "name": "Nina",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": _link(invitation),
        },
    )
    assert response["Location"] == _link(invitation)
    assert client.get(_link(invitation)).status_code == 200

    accepted = client.post(_link(invitation))
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/o/{world.havneby.code}/"
    membership = Membership.objects.get(user__email="nina@havneby.example")
    assert (membership.organisation, membership.role, membership.unit) == (
        world.havneby,
        Role.FACILITATOR,
        world.web_team,
    )
    assert client.get(accepted["Location"]).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user
    assert AuditEntry.objects.filter(action="invitation.accept", target=invitation.code).exists()


def test_existing_person_logs_in_through_the_link_and_joins(world: World) -> None:
    invitation = invitation_actions.invite(world.olga, world.fjordby, role=Role.MEMBER)
    client = Client()
    login = client.post(
        f"/accounts/login/?next={_link(invitation)}",
        {"username": "mads@havneby.example", "password": PASSWORD, "next": _link(invitation)},
    )
    assert login["Location"] == _link(invitation)
    client.post(_link(invitation))
    assert Membership.objects.filter(user=world.mads, organisation=world.fjordby).exists()


def test_anonymous_post_to_the_link_joins_nobody(client: Client, world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    assert client.post(_link(invitation)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.is_open


def _expired(world: World) -> Invitation:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    return invitation


def _revoked(world: World) -> Invitation:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    invitation_actions.revoke_invitation(world.alice, invitation)
    return invitation


def _used(world: World) -> Invitation:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    joining_actions.accept_invitation(
        User.objects.create_user("used@example.org", PASSWORD), invitation
    )
    return invitation


@pytest.mark.parametrize("make", [_expired, _revoked, _used], ids=["expired", "revoked", "used"])
def test_closed_invitation_shows_the_gone_page(make, world: World) -> None:  # type: ignore[no-untyped-def]
    invitation = make(world)
    olga = Client()
    olga.force_login(world.olga)
    for client in (Client(), olga):
        for method in (client.get, client.post):
            response = method(_link(invitation))
            assert response.status_code == 410
            assert "organisations/invitation_closed.html" in [t.name for t in response.templates]
    assert not Membership.objects.filter(user=world.olga, organisation=world.havneby).exists()


def test_unknown_invitation_token_is_404(client: Client, world: World) -> None:
    assert client.get("/invitation/not-a-real-token/").status_code == 404


def test_admin_withdraws_an_invitation(alice_client: Client, world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby)
    url = f"/o/{world.havneby.code}/invitations/{invitation.code}/revoke/"
    response = alice_client.post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(_link(invitation)).status_code == 410
    assert AuditEntry.objects.filter(action="invitation.revoke", target=invitation.code).exists()


def test_invalid_email_gives_a_clear_error(alice_client: Client, world: World) -> None:
    response = alice_client.post(_people(world), {"email": "not-an-address", "role": "member"})
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert errors and errors[0] in response.content.decode()
    assert _open_invitations(world) == []
    assert mail.outbox == []


def test_inviting_an_existing_member_is_refused(
    alice_client: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            _people(world), {"email": "MADS@havneby.example", "role": "member"}
        )
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert "mads@havneby.example" in errors[0]
    assert errors[0] in response.content.decode()
    assert _open_invitations(world) == []
    assert mail.outbox == []


def test_invitation_cannot_name_another_organisations_unit(
    alice_client: Client, world: World
) -> None:
    response = alice_client.post(
        _people(world), {"email": "", "role": "member", "unit": world.fjordby_unit.code}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert _open_invitations(world) == []
