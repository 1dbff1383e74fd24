"""An organisation's workshop templates, a workshop made from one, and a workshop copied
from another: the settings travel, never the answers, sheets, cards or join code."""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Organisation, Unit
from vogter.workshops.actions.workshops import clean_settings, create_workshop
from vogter.workshops.models import MAX_MINUTES, TIMED_PHASES, Workshop, WorkshopTemplate

NAME_MAX = 120
# The unit's name goes where the pattern says "{unit}".
UNIT_PLACEHOLDER = "{unit}"
PHASE_MINUTES_MAX = MAX_MINUTES


def clean_phase_minutes(minutes: Mapping[str, object] | None) -> dict[str, int]:
    """Whole minutes for the timed phases; a phase with no minutes (None, "", 0) is left
    out, and takes the usual minutes (`models.USUAL_MINUTES`)."""
    cleaned: dict[str, int] = {}
    for phase, value in (minutes or {}).items():
        if phase not in TIMED_PHASES:
            raise ActionError(_("Unknown phase."), field="phase_minutes")
        if value in (None, "", 0):
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            raise ActionError(_("Give the minutes as a whole number."), field="phase_minutes")
        if not 1 <= value <= PHASE_MINUTES_MAX:
            raise ActionError(
                _("A phase takes between 1 and %(max)d minutes.") % {"max": MAX_MINUTES},
                field="phase_minutes",
            )
        cleaned[phase] = value
    # In the order of the phases, whatever order they were given in.
    return {p.value: cleaned[p.value] for p in TIMED_PHASES if p.value in cleaned}


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("A name is required."), field="name")
    if len(name) > NAME_MAX:
        raise ActionError(_("The name can be at most 120 characters."), field="name")
    return name


def title_for(pattern: str, unit: Unit) -> str:
    """The title of a workshop for `unit`: the pattern with the unit's name in it."""
    return pattern.replace(UNIT_PLACEHOLDER, unit.name)


def _write(
    template: WorkshopTemplate,
    *,
    name: str,
    title_pattern: str,
    language: str,
    min_group_size: int,
    anonymous: bool,
    require_login: bool,
    participants_propose: bool,
    phase_minutes: Mapping[str, object] | None,
) -> WorkshopTemplate:
    template.name = _clean_name(name)
    template.title_pattern, template.language, template.min_group_size = clean_settings(
        title_pattern, language, min_group_size
    )
    template.anonymous, template.require_login = anonymous, require_login
    template.participants_propose = participants_propose
    template.phase_minutes = clean_phase_minutes(phase_minutes)
    template.save()
    return template


@transaction.atomic
def create_template(
    actor: User | None,
    organisation: Organisation,
    *,
    name: str,
    title_pattern: str,
    language: str,
    min_group_size: int = 5,
    anonymous: bool = True,
    require_login: bool = False,
    participants_propose: bool = False,
    phase_minutes: Mapping[str, object] | None = None,
) -> WorkshopTemplate:
    template = _write(
        WorkshopTemplate(organisation=organisation),
        name=name,
        title_pattern=title_pattern,
        language=language,
        min_group_size=min_group_size,
        anonymous=anonymous,
        require_login=require_login,
        participants_propose=participants_propose,
        phase_minutes=phase_minutes,
    )
    record(actor, organisation, "workshop_template.create", template.code, name=template.name)
    return template


@transaction.atomic
def update_template(
    actor: User | None,
    template: WorkshopTemplate,
    *,
    name: str,
    title_pattern: str,
    language: str,
    min_group_size: int,
    anonymous: bool,
    require_login: bool,
    participants_propose: bool,
    phase_minutes: Mapping[str, object] | None,
) -> WorkshopTemplate:
    _write(
        template,
        name=name,
        title_pattern=title_pattern,
        language=language,
        min_group_size=min_group_size,
        anonymous=anonymous,
        require_login=require_login,
        participants_propose=participants_propose,
        phase_minutes=phase_minutes,
    )
    record(
        actor, template.organisation, "workshop_template.update", template.code, name=template.name
    )
    return template


@transaction.atomic
def delete_template(actor: User | None, template: WorkshopTemplate) -> None:
    """Workshops made from it stay as they are: they keep no link to it."""
    record(
        actor, template.organisation, "workshop_template.delete", template.code, name=template.name
    )
    template.delete()


@transaction.atomic
def create_from_template(
    actor: User | None,
    template: WorkshopTemplate,
    *,
    unit: Unit,
    date: datetime.date,
) -> Workshop:
    """A new workshop for `unit` with the template's settings and its title pattern filled
    in, and the template's minutes per phase as the workshop's plan (the phase timer)."""
    workshop = create_workshop(
        actor,
        template.organisation,
        unit=unit,
        title=title_for(template.title_pattern, unit),
        date=date,
        language=template.language,
        anonymous=template.anonymous,
        require_login=template.require_login,
        min_group_size=template.min_group_size,
        participants_propose=template.participants_propose,
        phase_minutes=template.phase_minutes,
    )
    record(
        actor,
        template.organisation,
        "workshop.from_template",
        workshop.code,
        template=template.code,
    )
    return workshop


@transaction.atomic
def copy_workshop(
    actor: User | None,
    workshop: Workshop,
    *,
    unit: Unit,
    date: datetime.date,
    title: str = "",
) -> Workshop:
    """A new workshop with the settings of `workshop`, for the same or another unit:
    nothing of what happened in it (no sheets, answers, themes, principles, rounds), and
    a join code of its own. When the old title names the old unit, the new one names the
    new unit."""
    if not title:
        title = workshop.title
        if workshop.unit is not None and workshop.unit.name in title:
            title = title.replace(workshop.unit.name, unit.name)
    copy = create_workshop(
        actor,
        workshop.organisation,
        unit=unit,
        title=title,
        date=date,
        language=workshop.language,
        anonymous=workshop.anonymous,
        require_login=workshop.require_login,
        min_group_size=workshop.min_group_size,
        participants_propose=workshop.participants_propose,
        per_sheet_export=workshop.per_sheet_export,
        phase_minutes=workshop.phase_minutes,
    )
    record(actor, workshop.organisation, "workshop.copy", copy.code, copied_from=workshop.code)
    return copy
