import datetime

import pytest

from conftest import World
from vogter.workshops import actions
from vogter.workshops.models import Workshop


@pytest.fixture
def workshop(world: World) -> Workshop:
    """Fiona's workshop for the communications unit, in the reflect phase."""
    w = actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="AI i kommunikationen",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    return actions.set_phase(world.fiona, w, "reflect")
