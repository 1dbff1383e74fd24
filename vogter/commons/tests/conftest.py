import datetime
import itertools
from collections.abc import Callable

import pytest

from conftest import World, make_user, sign_as_expected
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.commons import actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import UnitLevel
from vogter.reflection.models import Checkin, Round

_numbers = itertools.count(1)


def adopt(admin: object, charter: Charter) -> None:
    """Adopt with the committee's signature, which the organisation's admin gives."""
    signature_actions.set_required_roles(admin, charter.organisation, ["committee"])  # type: ignore[arg-type]
    adoption_actions.propose(admin, charter)  # type: ignore[arg-type]
    signature_actions.sign(admin, charter, "committee")  # type: ignore[arg-type]
    adoption_actions.adopt(admin, charter)  # type: ignore[arg-type]


@pytest.fixture
def adopted_havneby(signatories: World) -> Charter:
    """Havneby's Kultur department's adopted charter, with a named person responsible."""
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.department, title="Kulturs principper"
    )
    made = editing_actions.add_principle(
        world.fiona,
        charter,
        statement_da="inddrager vi medarbejderne, før vi tager nye værktøjer i brug",
        statement_en="involve employees before we take up new tools",
        rationale="Hemmelig begrundelse om Kultur",
    )
    editing_actions.set_cell(
        world.fiona,
        made,
        "unit",
        text="Spørg Mette Hansen på mette@havneby.example",
        responsible="Mette Hansen",
    )
    editing_actions.set_cell(world.fiona, made, "national", text="Fælles retningslinjer i KL")
    adoption_actions.propose(world.fiona, charter)
    sign_as_expected(charter)
    adoption_actions.adopt(world.fiona, charter)
    return charter


@pytest.fixture
def published_org(db: None) -> Callable[..., Charter]:
    """published_org(sector, statements, share_reflection=False, checkins=0) -> a new
    organisation's adopted, published charter (with one closed round of `checkins`)."""

    def make(
        sector: str,
        statements: list[str],
        *,
        share_reflection: bool = False,
        checkins: int = 0,
        score: int = 4,
        show_name: bool = False,
    ) -> Charter:
        n = next(_numbers)
        admin = make_user(f"admin{n}@org{n}.example", f"Admin {n}")
        organisation = organisation_actions.create_organisation(admin, f"Organisation {n}", "da")
        unit = unit_actions.create_unit(admin, organisation, f"Enhed {n}", UnitLevel.DEPARTMENT)
        charter = draft_actions.create_charter(
            admin, organisation, unit=unit, title=f"Principsæt {n}"
        )
        for statement in statements:
            editing_actions.add_principle(admin, charter, statement_da=statement)
        adopt(admin, charter)
        if checkins:
            today = datetime.date.today()
            closed = Round.objects.create(
                charter=charter,
                version_number=1,
                kind="scheduled",
                opens_on=today - datetime.timedelta(days=20),
                closes_on=today - datetime.timedelta(days=6),
            )
            Checkin.objects.bulk_create(
                Checkin(round=closed, productivity=score, wellbeing=score, meaningfulness=score)
                for _ in range(checkins)
            )
        actions.publish(
            admin,
            charter,
            sector=sector,
            size_band="50-249",
            show_name=show_name,
            share_reflection=share_reflection,
        )
        return charter

    return make
