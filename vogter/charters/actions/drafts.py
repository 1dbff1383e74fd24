"""Starting a charter: made with its first draft, in a unit, from workshops' principles;
and what every change to a draft checks first."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.models import (
    Charter,
    CharterCell,
    CharterPrinciple,
    CharterVersion,
    Status,
)
from vogter.charters.versions import current_version
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Organisation, Unit
from vogter.principles.checks import clean_text
from vogter.principles.models import Principle
from vogter.workshops.models import Workshop

TITLE_MAX = 200


def check_draft(charter: Charter) -> CharterVersion:
    """The current version, when it is a draft; every change to the working copy asks
    first, and a proposed or adopted version refuses it (field `status`)."""
    version = current_version(charter)
    if version.status == Status.PROPOSED:
        raise ActionError(
            _("This version is proposed for adoption. Take it back to draft to change it."),
            field="status",
        )
    if version.status != Status.DRAFT:
        raise ActionError(
            _("An adopted version cannot be changed. Start a new draft to change the charter."),
            field="status",
        )
    return version


@transaction.atomic
def create_charter(
    actor: User | None,
    organisation: Organisation,
    *,
    unit: Unit,
    title: str,
    workshops: Sequence[Workshop] = (),
) -> Charter:
    access.check_may_change(actor, organisation.pk)
    if unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")
    title = " ".join(clean_text(title, TITLE_MAX, "title", required=True).split())
    charter = Charter.objects.create(
        organisation=organisation, unit=unit, title=title, created_by=person(actor)
    )
    CharterVersion.objects.create(charter=charter, number=1)
    record(
        actor,
        organisation,
        "charter.create",
        charter.code,
        scope=unit,
        title=title,
        unit=unit.code,
    )
    for workshop in workshops:
        add_workshop(actor, charter, workshop)
    return charter


def person(actor: User | None) -> User | None:
    """The actor to keep on a row (who made, adopted, proposed): a signed-in person, or
    None for the system (commands) and anyone anonymous."""
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def add_workshop(
    actor: User | None, charter: Charter, workshop: Workshop
) -> list[CharterPrinciple]:
    """Take a workshop's principles (not withdrawn) and their level cells into the draft,
    each keeping its link to the workshop principle it came from."""
    access.check_may_change(actor, charter.organisation_id)
    if workshop.organisation_id != charter.organisation_id:
        raise ActionError(_("That workshop does not exist."), field="workshops")
    version = check_draft(charter)
    charter.workshops.add(workshop)
    taken = set(
        CharterPrinciple.objects.filter(charter=charter, source__isnull=False).values_list(
            "source_id", flat=True
        )
    )
    last = charter.principles.aggregate(last=Max("position"))["last"] or 0
    made = []
    for principle in Principle.objects.filter(workshop=workshop, withdrawn=False).prefetch_related(
        "cells"
    ):
        if principle.pk in taken:
            continue
        last += 1
        copy = CharterPrinciple.objects.create(
            charter=charter,
            statement_da=principle.statement_da,
            statement_en=principle.statement_en,
            rationale=principle.rationale,
            position=last,
            source=principle,
        )
        CharterCell.objects.bulk_create(
            CharterCell(
                principle=copy,
                level=cell.level,
                text=cell.text,
                responsible=cell.responsible,
                empty_on_purpose=cell.empty_on_purpose,
            )
            for cell in principle.cells.all()
        )
        made.append(copy)
    record(
        actor,
        charter.organisation,
        "charter.add_workshop",
        charter.code,
        workshop=workshop.code,
        principles=len(made),
        version=version.number,
        scope=charter.unit,
    )
    return made
