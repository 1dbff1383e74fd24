"""Creating a workshop, changing its settings, moving it through its phases and revealing
its answers: the facilitator's actions, each with its audit entry."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.organisations.models import Organisation, Unit
from vogter.workshops import timer
from vogter.workshops.actions.board import release_answers, warm_theme_vectors
from vogter.workshops.channels import board_channel, participants_channel
from vogter.workshops.exporters import answers_exported
from vogter.workshops.models import EDITABLE_PHASES, PHASE_ORDER, Phase, Workshop

MIN_GROUP_SIZE_RANGE = (3, 100)
# What `update_workshop` writes.
SETTINGS_FIELDS = (
    "unit",
    "title",
    "date",
    "language",
    "min_group_size",
    "anonymous",
    "require_login",
    "participants_propose",
    "per_sheet_export",
)


def clean_settings(title: str, language: str, min_group_size: int) -> tuple[str, str, int]:
    title = " ".join((title or "").split())
    if not title:
        raise ActionError(_("A title is required."), field="title")
    if len(title) > 200:
        raise ActionError(_("The title can be at most 200 characters."), field="title")
    if language not in ("da", "en"):
        raise ActionError(_("Choose Danish or English."), field="language")
    low, high = MIN_GROUP_SIZE_RANGE
    if not low <= min_group_size <= high:
        raise ActionError(
            _("The minimum group size must be between %(low)d and %(high)d.")
            % {"low": low, "high": high},
            field="min_group_size",
        )
    return title, language, min_group_size


@transaction.atomic
def create_workshop(
    actor: User | None,
    organisation: Organisation,
    *,
    unit: Unit,
    title: str,
    date: datetime.date,
    language: str,
    anonymous: bool = True,
    require_login: bool = False,
    min_group_size: int = 5,
    participants_propose: bool = False,
    per_sheet_export: bool = False,
    phase_minutes: dict[str, int] | None = None,
) -> Workshop:
    """A new workshop; `phase_minutes` is the phase timer's plan (from a template or the
    workshop copied), already checked by `templates.clean_phase_minutes`."""
    if unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")
    title, language, min_group_size = clean_settings(title, language, min_group_size)
    workshop = Workshop.objects.create(
        organisation=organisation,
        unit=unit,
        title=title,
        date=date,
        language=language,
        anonymous=anonymous,
        require_login=require_login,
        min_group_size=min_group_size,
        participants_propose=participants_propose,
        per_sheet_export=per_sheet_export,
        phase_minutes=dict(phase_minutes or {}),
        created_by=actor,
    )
    record(actor, organisation, "workshop.create", workshop.code, title=title)
    return workshop


@transaction.atomic
def update_workshop(
    actor: User | None,
    workshop: Workshop,
    *,
    unit: Unit,
    title: str,
    date: datetime.date,
    language: str,
    anonymous: bool,
    require_login: bool,
    min_group_size: int,
    participants_propose: bool | None = None,
    per_sheet_export: bool | None = None,
) -> Workshop:
    if unit.organisation_id != workshop.organisation_id:
        raise ActionError(_("That unit does not exist."), field="unit")
    title, language, min_group_size = clean_settings(title, language, min_group_size)
    if per_sheet_export and not workshop.per_sheet_export and workshop.sheets.exists():
        # Only those who were told before they wrote may be exported sheet by sheet.
        raise ActionError(
            _(
                "People have already joined without being told that their answers could be "
                "exported sheet by sheet. Participants must be told before they write, so "
                "this can only be chosen before anyone joins."
            ),
            field="per_sheet_export",
        )
    if min_group_size != workshop.min_group_size and answers_exported(workshop):
        # The professions in an export follow the minimum: two exports under different
        # minimums, put side by side, could pin down a group smaller than either.
        raise ActionError(
            _(
                "The answers have been exported, so the minimum group size can no longer "
                "change: exports under two different minimums could be compared to work out "
                "a smaller group."
            ),
            field="min_group_size",
        )
    if workshop.anonymous and not anonymous and workshop.sheets.exists():
        # People answered on the promise of anonymity; that promise holds.
        raise ActionError(
            _("People have already answered anonymously. The workshop stays anonymous."),
            field="anonymous",
        )
    if anonymous and not workshop.anonymous:
        # From now on the workshop says it is anonymous: no sheet may still point at
        # its author, or the export and the database would belie it.
        workshop.sheets.exclude(user=None).update(user=None)
    workshop.unit, workshop.title, workshop.date = unit, title, date
    workshop.language, workshop.min_group_size = language, min_group_size
    workshop.anonymous, workshop.require_login = anonymous, require_login
    if participants_propose is not None:
        workshop.participants_propose = participants_propose
    if per_sheet_export is not None:
        workshop.per_sheet_export = per_sheet_export
    # Only the settings: `exported_at`, `phase` and the like are their own actions' to write.
    workshop.save(update_fields=[*SETTINGS_FIELDS])
    record(actor, workshop.organisation, "workshop.update", workshop.code, title=title)
    return workshop


@transaction.atomic
def set_phase(actor: User | None, workshop: Workshop, phase: str) -> Workshop:
    """Move to a neighbouring phase (forwards, or back one step to undo a click)."""
    if phase not in Phase.values:
        raise ActionError(_("Unknown phase."), field="phase")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    current = PHASE_ORDER.index(Phase(locked.phase))
    wanted = PHASE_ORDER.index(Phase(phase))
    if abs(wanted - current) != 1:
        raise ActionError(_("A workshop moves one phase at a time."), field="phase")
    if Phase(phase) in EDITABLE_PHASES and not locked.is_editable and answers_exported(locked):
        raise ActionError(
            _(
                "The answers have been exported, so the reflection cannot be opened again: "
                "an export taken afterwards could be compared with the first to single out "
                "what one person wrote."
            ),
            field="phase",
        )
    was_editable = locked.is_editable
    locked.phase = workshop.phase = phase
    locked.save(update_fields=["phase"])
    if was_editable and not locked.is_editable:
        # Nobody writes any more: every text is finished, and all go up together.
        release_answers(locked, everything=True)
        warm_theme_vectors(locked)
    record(actor, locked.organisation, "workshop.phase", locked.code, phase=phase)
    # The new phase's countdown, planned but not started: the screens show its minutes.
    event = {"phase": phase, "editable": locked.is_editable, "timer": timer.state(locked)}
    publish_after_commit(participants_channel(locked), "phase", event)
    publish_after_commit(board_channel(locked), "phase", event)
    return locked


@transaction.atomic
def reveal_answers(actor: User | None, workshop: Workshop, revealed: bool = True) -> Workshop:
    if workshop.answers_revealed != revealed:
        workshop.answers_revealed = revealed
        workshop.save(update_fields=["answers_revealed"])
        # The facilitator's moment, not a participant's: what waits goes up with it.
        release_answers(workshop)
        record(actor, workshop.organisation, "workshop.reveal", workshop.code, revealed=revealed)
        publish_after_commit(board_channel(workshop), "reveal", {"revealed": revealed})
    return workshop
