"""An invitation sent to an address is accepted only by the account with that address.

Before, whatever account opened the link joined. Now another account is refused with a
message, may ask to join instead, and an admin confirms it (page, API, CLI).
"""

import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import PASSWORD, World, make_user
from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.models import AuditEntry, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def _link(invitation: Invitation) -> str:
    return f"/invitation/{invitation.token}/"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def invitation(world: World) -> Invitation:
    """Alice invites Nina by e-mail, as facilitator in the Web team and its manager."""
    return invitation_actions.invite(
        world.alice,
        world.havneby,
        email="nina@havneby.example",
        role=Role.FACILITATOR,
        unit=world.web_team,
        is_manager=True,
    )


@pytest.fixture
def pat(world: World) -> User:
    """Nina's private account: another address than the invited one."""
    return make_user("pat@private.example", "Pat Private", language="en")


def test_an_account_with_another_address_is_refused_and_not_joined(
    invitation: Invitation, pat: User
) -> None:
    client = _client(pat)
    page = client.get(_link(invitation)).content.decode()
    assert "nina@havneby.example" in page
    assert "only an account with that address can accept it" in page
    assert "Accept the invitation" not in page

    response = client.post(_link(invitation), follow=True)
    assert "This invitation was sent to nina@havneby.example" in response.content.decode()
    assert not Membership.objects.filter(user=pat).exists()
    invitation.refresh_from_db()
    assert (invitation.uses, invitation.accepted_by, invitation.pending_user) == (0, None, None)


def test_the_invited_address_accepts_in_any_letter_case(
    world: World, invitation: Invitation
) -> None:
    nina = make_user("Nina@Havneby.example".lower(), "Nina")
    Invitation.objects.filter(pk=invitation.pk).update(email="NINA@havneby.EXAMPLE")
    response = _client(nina).post(_link(invitation))
    assert response["Location"] == f"/o/{world.havneby.code}/"
    assert Membership.objects.filter(user=nina, organisation=world.havneby).exists()


def test_signing_up_through_the_link_makes_the_account_with_the_invited_address(
    client: Client, world: World, invitation: Invitation
) -> None:
    signup = f"/accounts/signup/?next={_link(invitation)}"
    form = client.get(signup).content.decode()
    [email_input] = re.findall(r"<input[^>]*name=\"email\"[^>]*>", form)
    assert 'value="nina@havneby.example"' in email_input
    assert "disabled" in email_input

    # A changed address in the post is ignored: the field is fixed to the invited one.
    client.post(
        signup,
        {
            "email": "someone-else@example.org",
            "name": "Nina",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": _link(invitation),
        },
    )
    assert not User.objects.filter(email="someone-else@example.org").exists()
    client.post(_link(invitation))
    membership = Membership.objects.get(user__email="nina@havneby.example")
    assert membership.organisation == world.havneby


def test_signing_up_through_a_link_without_address_leaves_the_address_free(
    client: Client, world: World
) -> None:
    link = _link(invitation_actions.invite(world.alice, world.havneby))
    form = client.get(f"/accounts/signup/?next={link}").content.decode()
    [email_input] = re.findall(r"<input[^>]*name=\"email\"[^>]*>", form)
    assert "disabled" not in email_input


def test_asking_to_join_shows_on_the_admins_page_and_confirm_joins_that_account(
    alice_client: Client, world: World, invitation: Invitation, pat: User
) -> None:
    pat_client = _client(pat)
    asked = pat_client.post(_link(invitation), {"do": "ask"}, follow=True)
    assert "Your request has been sent" in asked.content.decode()
    assert "You have asked to join with this account" in asked.content.decode()
    assert not Membership.objects.filter(user=pat).exists()
    assert AuditEntry.objects.filter(action="invitation.ask", actor=pat).exists()

    people = alice_client.get(f"/o/{world.havneby.code}/people/").content.decode()
    assert "pat@private.example" in people
    confirm = f"/o/{world.havneby.code}/invitations/{invitation.code}/confirm/"
    assert f'action="{confirm}"' in people

    response = alice_client.post(confirm, {"email": "pat@private.example"})
    assert response["Location"] == f"/o/{world.havneby.code}/people/"
    membership = Membership.objects.get(user=pat, organisation=world.havneby)
    assert (membership.role, membership.unit, membership.is_manager) == (
        Role.FACILITATOR,
        world.web_team,
        True,
    )
    entry = AuditEntry.objects.get(action="invitation.confirm", target=invitation.code)
    assert (entry.actor, entry.data["membership"]) == (world.alice, membership.code)
    # Used: the invited address can no longer join through it.
    nina = make_user("nina@havneby.example")
    assert _client(nina).post(_link(invitation)).status_code == 410


def test_the_invited_account_accepting_ends_the_request(invitation: Invitation, pat: User) -> None:
    joining_actions.ask_to_join(pat, invitation)
    nina = make_user("nina@havneby.example")
    _client(nina).post(_link(invitation))
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.pending_user) == (nina, None)
    with pytest.raises(ActionError):
        joining_actions.confirm_invitation(None, invitation, pat.email)
    assert not Membership.objects.filter(user=pat).exists()


def test_confirm_without_a_request_is_refused_with_a_message(
    alice_client: Client, world: World, invitation: Invitation
) -> None:
    url = f"/o/{world.havneby.code}/invitations/{invitation.code}/confirm/"
    response = alice_client.post(url, follow=True)
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message
    assert Membership.objects.filter(organisation=world.havneby).count() == 3


def test_another_organisations_admin_cannot_see_or_confirm_the_request(
    olga_client: Client, world: World, invitation: Invitation, pat: User, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    joining_actions.ask_to_join(pat, invitation)
    url = f"/o/{world.havneby.code}/invitations/{invitation.code}/confirm/"
    assert olga_client.post(url, {"email": pat.email}).status_code == 404
    api = api_client_for(world.olga)
    path = f"/api/organisations/{world.havneby.code}/invitations/{invitation.code}/confirm"
    body = json.dumps({"email": pat.email})
    assert api.post(path, body, content_type="application/json").status_code == 404
    # Her own organisation's code with Havneby's invitation: the same 404.
    mixed = f"/o/{world.fjordby.code}/invitations/{invitation.code}/confirm/"
    assert olga_client.post(mixed, {"email": pat.email}).status_code == 404
    assert not Membership.objects.filter(user=pat).exists()


def test_the_api_lists_the_request_and_confirms_it(
    api_client_for, world: World, invitation: Invitation, pat: User
) -> None:  # type: ignore[no-untyped-def]
    joining_actions.ask_to_join(pat, invitation)
    api = api_client_for(world.alice)
    base = f"/api/organisations/{world.havneby.code}/invitations"
    [listed] = [i for i in api.get(base).json() if i["code"] == invitation.code]
    assert listed["pending"]["email"] == "pat@private.example"
    assert listed["is_manager"] is True

    body = json.dumps({"email": listed["pending"]["email"]})
    response = api.post(f"{base}/{invitation.code}/confirm", body, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["email"], response.json()["is_manager"]) == (
        "pat@private.example",
        True,
    )
    again = api.post(f"{base}/{invitation.code}/confirm", body, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["detail"]


def test_the_cli_lists_the_request_and_confirms_it(
    world: World, invitation: Invitation, pat: User
) -> None:
    joining_actions.ask_to_join(pat, invitation)
    out = StringIO()
    call_command("member", "invitations", world.havneby.code, stdout=out)
    [row] = [r.split("\t") for r in out.getvalue().splitlines() if r.startswith(invitation.code)]
    assert row[1:] == [
        "nina@havneby.example",
        "facilitator",
        world.web_team.code,
        "manager",
        "0/1",
        row[6],
        "pat@private.example",
    ]
    confirm = ("member", "confirm", world.havneby.code, invitation.code, "pat@private.example")
    call_command(*confirm, stdout=StringIO())
    assert Membership.objects.get(user=pat).is_manager
    with pytest.raises(CommandError):
        call_command(*confirm)


def test_deleting_the_asking_account_withdraws_the_request(
    invitation: Invitation, pat: User
) -> None:
    joining_actions.ask_to_join(pat, invitation)
    response = _client(pat).post("/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pat.pk).exists()
    invitation.refresh_from_db()
    assert invitation.pending_user is None
    with pytest.raises(ActionError):
        joining_actions.confirm_invitation(None, invitation, pat.email)


def test_a_member_with_another_address_is_shown_the_way_in_not_asked_to_ask(
    world: World, invitation: Invitation
) -> None:
    User.objects.filter(pk=world.mads.pk).update(language="en")
    page = _client(world.mads).get(_link(invitation)).content.decode()
    assert "You are already a member of Havneby Kommune" in page
    assert 'name="do" value="ask"' not in page
    with pytest.raises(ActionError):
        joining_actions.ask_to_join(world.mads, invitation)


def test_the_email_names_the_address_and_the_roles(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        invitation_actions.invite(
            world.alice, world.havneby, email="nina@havneby.example", is_union_rep=True
        )
    body = mail.outbox[0].body
    assert "Kun en konto med adressen nina@havneby.example" in body
    assert "Du bliver også registreret som: TR" in body


def test_confirm_lets_in_the_person_the_admin_saw_not_whoever_asked_since(
    alice_client: Client, world: World, invitation: Invitation, pat: User
) -> None:
    """The reproduction: the confirm button sent only the invitation, so someone who got
    hold of the link and asked after Pat was let in, as facilitator and manager."""
    joining_actions.ask_to_join(pat, invitation)
    people = alice_client.get(f"/o/{world.havneby.code}/people/").content.decode()
    assert 'name="email" value="pat@private.example"' in people
    mallory = make_user("mallory@elsewhere.example", "Pat Private")  # the same name shown
    joining_actions.ask_to_join(mallory, invitation)
    confirm = f"/o/{world.havneby.code}/invitations/{invitation.code}/confirm/"
    response = alice_client.post(confirm, {"email": "pat@private.example"}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "mallory@elsewhere.example" in message
    assert not Membership.objects.filter(user__in=[pat, mallory]).exists()


def test_an_invitation_for_one_person_opened_by_a_member_keeps_its_place_and_roles(
    world: World,
) -> None:
    """The reproduction: the manager already in through a team link clicked her own
    invitation; it was used up and its manager role silently dropped."""
    manager = make_user("maja@havneby.example")
    own = invitation_actions.invite(
        world.alice, world.havneby, email=manager.email, unit=world.unit, is_manager=True
    )
    joining_actions.accept_invitation(
        manager, invitation_actions.invite(world.alice, world.havneby, max_uses=5)
    )
    with pytest.raises(ActionError) as refused:
        joining_actions.accept_invitation(manager, own)
    assert "allerede med i" in str(refused.value.message)
    own.refresh_from_db()
    assert (own.uses, own.accepted_by) == (0, None)
