"""A revisit workshop for a principle a round flagged, pre-filled from the adopted charter."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.charters.versions import latest_adopted
from vogter.lib.errors import ActionError, record
from vogter.principles.models import LevelCell, Principle
from vogter.reflection import access
from vogter.workshops.actions import workshops as workshop_actions


@transaction.atomic
def start_revisit(actor: User, charter: Charter, principle_code: str) -> Any:
    """A new workshop for the charter's unit, pre-filled with the flagged principle and its
    level cells as a draft to work on."""
    access.check_may_manage(actor, charter)
    adopted = latest_adopted(charter)
    doc = adopted.document if adopted else {"principles": []}
    principle = next((p for p in doc["principles"] if p["code"] == principle_code), None)
    if principle is None:
        raise ActionError(_("Unknown principle."), field="principle")
    statement = principle["statement"]["da"] or principle["statement"]["en"]
    workshop = workshop_actions.create_workshop(
        actor,
        charter.organisation,
        unit=charter.unit,
        title=(_gettext("Revisit: %(principle)s") % {"principle": statement})[:200],
        date=timezone.localdate(),
        language=charter.organisation.default_language,
    )
    copy = Principle.objects.create(
        workshop=workshop,
        statement_da=principle["statement"]["da"],
        statement_en=principle["statement"]["en"],
        rationale=principle.get("rationale", ""),
        position=1,
        created_by=actor,
    )
    LevelCell.objects.bulk_create(
        LevelCell(
            principle=copy,
            level=level,
            text=cell["text"],
            responsible=cell["responsible"],
            empty_on_purpose=cell["empty_on_purpose"],
        )
        for level, cell in principle["cells"].items()
        if cell is not None
    )
    record(
        actor,
        charter.organisation,
        "reflection.revisit",
        workshop.code,
        principle=principle_code,
        scope=charter.unit,
    )
    return workshop
