"""The facilitator's timer: planning minutes per phase, and starting, pausing, resuming
and lengthening the countdown of the current phase. Each change is audited (by
workshop, never by person) and published to the board and the phones as a `timer`
event (vogter/workshops/timer.py says what it carries)."""

from collections.abc import Mapping
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.workshops import timer
from vogter.workshops.channels import board_channel, participants_channel
from vogter.workshops.models import Workshop

TimerCommand = Literal["start", "pause", "resume", "add_minute"]
COMMANDS: tuple[str, ...] = ("start", "pause", "resume", "add_minute")


def publish_timer(workshop: Workshop) -> dict[str, Any] | None:
    event = timer.state(workshop)
    payload = {"phase": workshop.phase, "timer": event}
    publish_after_commit(participants_channel(workshop), "timer", payload)
    publish_after_commit(board_channel(workshop), "timer", payload)
    return event


@transaction.atomic
def set_phase_minutes(
    actor: User | None, workshop: Workshop, minutes: Mapping[str, int]
) -> Workshop:
    """Plan the minutes of some phases; the others keep theirs. A countdown already
    running is left as it is (add a minute to lengthen it)."""
    planned = dict(workshop.phase_minutes or {})
    for phase, value in minutes.items():
        if phase not in timer.TIMED_PHASES:
            raise ActionError(_("Unknown phase."), field="phase")
        if not isinstance(value, int) or not 1 <= value <= timer.MAX_MINUTES:
            raise ActionError(
                _("A phase takes between 1 and %(max)d minutes.") % {"max": timer.MAX_MINUTES},
                field=phase,
            )
        planned[phase] = value
    workshop.phase_minutes = planned
    workshop.save(update_fields=["phase_minutes"])
    record(actor, workshop.organisation, "workshop.timings", workshop.code, minutes=planned)
    publish_timer(workshop)
    return workshop


@transaction.atomic
def control_timer(actor: User | None, workshop: Workshop, command: str) -> dict[str, Any]:
    """Start (from the phase's full minutes, also to start again), pause, resume, or add
    a minute to the current phase's countdown. Returns the timer's state."""
    if command not in COMMANDS:
        raise ActionError(_("Unknown timer command."), field="command")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    state = timer.state(locked)
    if state is None:
        raise ActionError(_("This phase has no timer."), field="command")
    now = timezone.now()
    if command == "start" or not state["started"]:
        # Pausing or lengthening a countdown that never started starts from the plan.
        locked.timer_phase = locked.phase
        locked.timer_seconds = state["planned"]
        locked.timer_started_at = now if command in ("start", "resume") else None
    if command == "pause" and locked.timer_started_at is not None:
        locked.timer_seconds, locked.timer_started_at = timer.remaining(locked), None
    elif command == "resume" and locked.timer_started_at is None:
        locked.timer_started_at = now
    elif command == "add_minute":
        locked.timer_seconds = timer.remaining(locked) + 60
        if locked.timer_started_at is not None:
            locked.timer_started_at = now
    locked.save(update_fields=["timer_phase", "timer_seconds", "timer_started_at"])
    record(actor, locked.organisation, "workshop.timer", locked.code, command=command)
    for field in timer.FIELDS:
        setattr(workshop, field, getattr(locked, field))
    return publish_timer(locked) or {}
