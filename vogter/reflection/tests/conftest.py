import pytest

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Role
from vogter.reflection.models import Round
from vogter.workshops.models import Workshop


@pytest.fixture
def adopted_charter(signatories: World, drafted_workshop: Workshop) -> Charter:
    """The drafted workshop's two principles as the Kommunikation unit's adopted charter."""
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Vores principper",
        workshops=[drafted_workshop],
    )
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    adoption_actions.adopt(world.fiona, charter)
    return charter


@pytest.fixture
def colleagues(world: World) -> list[User]:
    """Six members placed in the Kommunikation unit (or below it)."""
    people = []
    for number in range(6):
        person = make_user(f"kollega{number}@havneby.example", f"Kollega {number}")
        invitation = invitation_actions.invite(world.alice, world.havneby, role=Role.MEMBER)
        membership = joining_actions.accept_invitation(person, invitation)
        membership_actions.change_membership(world.alice, membership, unit=world.unit)
        people.append(person)
    return people


def close(reflection: Round) -> None:
    """End a round yesterday, as if its time had run out: results show only then."""
    import datetime

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=min(reflection.opens_on, yesterday), closes_on=yesterday
    )
    reflection.refresh_from_db()
