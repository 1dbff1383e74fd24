"""A link without an address may be a team link: up to N people join through it, each once.

Before, a shared link worked once, so a team needed a link per person.
"""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.models import AuditEntry, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def _link(invitation: Invitation) -> str:
    return f"/invitation/{invitation.token}/"


def _people(world: World) -> str:
    return f"/o/{world.havneby.code}/people/"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _newcomers(count: int) -> list[User]:
    return [make_user(f"ny{i}@havneby.example", language="en") for i in range(count)]


def test_admin_makes_a_team_link_and_sees_its_uses_and_expiry(
    alice_client: Client, world: World
) -> None:
    response = alice_client.post(
        _people(world),
        {"email": "", "role": Role.MEMBER, "unit": world.web_team.code, "max_uses": "3"},
        follow=True,
    )
    [invitation] = Invitation.objects.filter(organisation=world.havneby, uses=0)
    assert (invitation.max_uses, invitation.unit) == (3, world.web_team)
    page = response.content.decode()
    assert "Op til 3 personer" in page  # the success message, in Alice's Danish
    assert "Brugt af 0 ud af 3" in page
    assert f"http://testserver{_link(invitation)}" in page
    entry = AuditEntry.objects.get(action="invitation.create", target=invitation.code)
    assert entry.data["max_uses"] == 3


def test_a_team_link_lets_n_people_join_and_refuses_the_next(world: World) -> None:
    invitation = invitation_actions.invite(
        world.alice, world.havneby, unit=world.web_team, max_uses=3
    )
    *team, late = _newcomers(4)
    for person in team:
        response = _client(person).post(_link(invitation))
        assert response["Location"] == f"/o/{world.havneby.code}/"
    assert Membership.objects.filter(user__in=team, unit=world.web_team).count() == 3

    response = _client(late).post(_link(invitation))
    assert response.status_code == 410
    assert "they have all joined" in response.content.decode()
    assert _client(late).get(_link(invitation)).status_code == 410
    assert not Membership.objects.filter(user=late).exists()
    invitation.refresh_from_db()
    assert invitation.uses == 3


def test_a_member_opening_the_team_link_again_keeps_the_place_for_someone_else(
    world: World,
) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, max_uses=2)
    first, second = _newcomers(2)
    client = _client(first)
    client.post(_link(invitation))
    client.post(_link(invitation))
    _client(world.mads).post(_link(invitation))
    invitation.refresh_from_db()
    assert invitation.uses == 1
    _client(second).post(_link(invitation))
    assert Membership.objects.filter(user=second, organisation=world.havneby).exists()


def test_an_expired_team_link_is_refused_with_its_date(world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, max_uses=10)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    [person] = _newcomers(1)
    response = _client(person).post(_link(invitation))
    assert response.status_code == 410
    assert "It expired on" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_a_withdrawn_team_link_keeps_those_who_joined(alice_client: Client, world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, max_uses=5)
    joined, late = _newcomers(2)
    _client(joined).post(_link(invitation))
    alice_client.post(f"/o/{world.havneby.code}/invitations/{invitation.code}/revoke/")
    response = _client(late).post(_link(invitation))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert Membership.objects.filter(user=joined).exists()
    assert not Membership.objects.filter(user=late).exists()


def test_validity_is_chosen_in_days(alice_client: Client, world: World) -> None:
    alice_client.post(_people(world), {"email": "", "role": "member", "valid_days": "2"})
    [invitation] = Invitation.objects.filter(organisation=world.havneby, uses=0)
    left = invitation.expires_at - timezone.now()
    assert timedelta(days=1, hours=23) < left <= timedelta(days=2)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"max_uses": "0"}, "max_uses"),
        ({"max_uses": "501"}, "max_uses"),
        ({"valid_days": "0"}, "valid_days"),
        ({"valid_days": "91"}, "valid_days"),
        ({"max_uses": "5", "email": "nina@havneby.example"}, "max_uses"),
        ({"max_uses": "5", "role": "admin"}, "role"),
    ],
)
def test_out_of_bounds_terms_are_refused_with_a_message(
    alice_client: Client, world: World, form: dict[str, str], field: str
) -> None:
    response = alice_client.post(_people(world), {"email": "", "role": "member", **form})
    assert response.status_code == 200
    [error] = response.context["form"].errors[field]
    assert error in response.content.decode()
    assert not Invitation.objects.filter(organisation=world.havneby, uses=0).exists()


def test_the_api_makes_a_team_link_and_refuses_one_beyond_the_cap(
    api_client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.alice)
    base = f"/api/organisations/{world.havneby.code}/invitations"
    made = api.post(base, {"max_uses": 25, "valid_days": 7}, content_type="application/json")
    assert made.status_code == 201
    assert (made.json()["max_uses"], made.json()["uses"]) == (25, 0)
    too_many = api.post(base, {"max_uses": 501}, content_type="application/json")
    assert too_many.status_code == 400
    assert "500" in too_many.json()["detail"]


def test_the_cli_makes_lists_and_withdraws_a_team_link(world: World) -> None:
    out = StringIO()
    call_command("member", "invite", world.havneby.code, "--max-uses", "30", stdout=out)
    code = out.getvalue().split("\t")[0]
    out = StringIO()
    call_command("member", "invitations", world.havneby.code, stdout=out)
    [row] = [r.split("\t") for r in out.getvalue().splitlines() if r.startswith(code)]
    assert row[5] == "0/30"
    call_command("member", "withdraw", world.havneby.code, code, stdout=StringIO())
    assert Invitation.objects.get(code=code).revoked_at is not None
    with pytest.raises(CommandError, match="500"):
        call_command("member", "invite", world.havneby.code, "--max-uses", "501")


def test_an_accept_with_a_stale_copy_cannot_take_the_last_place(world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, max_uses=1)
    first, second = _newcomers(2)
    stale = Invitation.objects.get(pk=invitation.pk)  # read before anyone accepted
    joining_actions.accept_invitation(first, invitation)
    assert stale.is_open
    with pytest.raises(ActionError):
        joining_actions.accept_invitation(second, stale)
    assert not Membership.objects.filter(user=second).exists()


def test_the_database_refuses_more_uses_than_places(world: World) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby, max_uses=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(uses=3)


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_cannot_both_take_the_last_place() -> None:
    """Each on its own connection, started together (on PostgreSQL the row lock and the
    guarded count decide; SQLite runs the two transactions one after the other)."""
    admin = make_user("admin@race.example")
    organisation = organisation_actions.create_organisation(admin, "Race")
    invitation = invitation_actions.invite(admin, organisation, max_uses=2)
    joining_actions.accept_invitation(make_user("first@race.example"), invitation)
    people = [make_user(f"p{i}@race.example") for i in range(2)]
    start = threading.Barrier(len(people))
    outcomes: list[str] = []

    def accept(person: User) -> None:
        try:
            start.wait()
            joining_actions.accept_invitation(person, invitation)
            outcomes.append("joined")
        except ActionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "refused"]
    invitation.refresh_from_db()
    assert invitation.uses == 2
    assert Membership.objects.filter(user__in=people).count() == 1
