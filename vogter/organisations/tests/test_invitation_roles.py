"""Manager, TR and AMR are chosen on the invitation and carried onto the membership.

Before, they could only be set once someone had joined. A team link never hands them out:
whoever the shared link reaches would get them.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import World, make_user
from vogter.organisations.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def _people(world: World) -> str:
    return f"/o/{world.havneby.code}/people/"


def _accept_as(email: str, invitation: Invitation) -> Membership:
    person = make_user(email)
    client = Client()
    client.force_login(person)
    client.post(f"/invitation/{invitation.token}/")
    return Membership.objects.get(user=person)


def test_roles_chosen_on_the_page_are_carried_on_acceptance(
    alice_client: Client, world: World
) -> None:
    alice_client.post(
        _people(world),
        {
            "email": "leder@havneby.example",
            "role": Role.FACILITATOR,
            "unit": world.unit.code,
            "is_manager": "on",
            "is_safety_rep": "on",
        },
    )
    invitation = Invitation.objects.get(email="leder@havneby.example")
    page = alice_client.get(_people(world)).content.decode()
    assert "Leder" in page and "AMR" in page  # the open invitation shows them
    member = _accept_as("leder@havneby.example", invitation)
    assert (
        member.role,
        member.unit,
        member.is_manager,
        member.is_union_rep,
        member.is_safety_rep,
    ) == (Role.FACILITATOR, world.unit, True, False, True)


def test_the_join_page_tells_which_roles_come_with_it(world: World) -> None:
    client = Client()
    client.force_login(make_user("tr@havneby.example", language="en"))
    api_invitation = Invitation.objects.create(
        organisation=world.havneby, email="tr@havneby.example", is_union_rep=True
    )
    page = client.get(f"/invitation/{api_invitation.token}/").content.decode()
    assert "You will also be registered as:" in page
    assert ">TR<" in page


@pytest.mark.parametrize("flag", ["is_manager", "is_union_rep", "is_safety_rep"])
def test_a_team_link_with_a_representative_role_is_refused(
    alice_client: Client, world: World, flag: str
) -> None:
    response = alice_client.post(
        _people(world), {"email": "", "role": "member", "max_uses": "20", flag: "on"}
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["max_uses"]
    assert "TR" in error and error in response.content.decode()
    assert not Invitation.objects.filter(organisation=world.havneby, uses=0).exists()


def test_the_api_carries_roles_and_refuses_them_on_a_team_link(
    api_client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.alice)
    base = f"/api/organisations/{world.havneby.code}/invitations"
    made = api.post(
        base,
        {"email": "tr@havneby.example", "is_union_rep": True, "unit": world.web_team.code},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["is_union_rep"] is True
    member = _accept_as("tr@havneby.example", Invitation.objects.get(code=made.json()["code"]))
    assert (member.is_union_rep, member.unit) == (True, world.web_team)

    refused = api.post(base, {"max_uses": 10, "is_manager": True}, content_type="application/json")
    assert refused.status_code == 400
    assert "TR" in refused.json()["detail"]
    admins = api.post(base, {"max_uses": 10, "role": "admin"}, content_type="application/json")
    assert admins.status_code == 400


def test_the_cli_carries_roles_and_refuses_them_on_a_team_link(world: World) -> None:
    out = StringIO()
    call_command(
        "member", "invite", world.havneby.code, "--email", "amr@havneby.example", "--amr",
        stdout=out,
    )  # fmt: skip
    invitation = Invitation.objects.get(code=out.getvalue().split("\t")[0])
    assert _accept_as("amr@havneby.example", invitation).is_safety_rep
    with pytest.raises(CommandError, match="TR"):
        call_command("member", "invite", world.havneby.code, "--max-uses", "5", "--manager")
