"""Phase timings: how long each phase is planned to take, and the one countdown the
projector and the phones show (docs/workshops.md, "Presenter view and timer").

A timer only says that time is up; it never closes a phase or locks a sheet. The state
travels in the live events the board and the phones already receive, as seconds left
when the event was made, so no device's clock has to agree with the server's.
"""

from typing import Any

from django.utils import timezone

from vogter.workshops.models import MAX_MINUTES as MAX_MINUTES
from vogter.workshops.models import USUAL_MINUTES, Phase, Workshop

# Minutes per phase when the facilitator has not said otherwise (models.USUAL_MINUTES).
DEFAULT_MINUTES = USUAL_MINUTES
TIMED_PHASES = tuple(DEFAULT_MINUTES)
# The fields `state` reads: loaded together with the phase, in the same query.
FIELDS = ("phase", "phase_minutes", "timer_phase", "timer_seconds", "timer_started_at")


def minutes_for(workshop: Workshop, phase: str) -> int:
    planned = (workshop.phase_minutes or {}).get(phase)
    return int(planned) if planned is not None else DEFAULT_MINUTES.get(phase, 0)


def plan(workshop: Workshop) -> list[dict[str, Any]]:
    """Every timed phase with its minutes, in the workshop's order."""
    return [
        {"phase": p, "label": Phase(p).label, "minutes": minutes_for(workshop, p)}
        for p in TIMED_PHASES
    ]


def remaining(workshop: Workshop) -> int:
    """Seconds left on the running or paused countdown (never below zero)."""
    left = workshop.timer_seconds
    if workshop.timer_started_at is not None:
        left -= int((timezone.now() - workshop.timer_started_at).total_seconds())
    return max(0, left)


def state(workshop: Workshop) -> dict[str, Any] | None:
    """What a screen needs to draw the countdown of the current phase: None for a phase
    without timings (closed); otherwise the planned seconds, whether it was started,
    whether it runs, and the seconds left now."""
    phase = workshop.phase
    planned = minutes_for(workshop, phase) * 60
    if phase not in TIMED_PHASES or not planned:
        return None
    if workshop.timer_phase != phase:
        return {"started": False, "running": False, "remaining": planned, "planned": planned}
    return {
        "started": True,
        "running": workshop.timer_started_at is not None,
        "remaining": remaining(workshop),
        "planned": planned,
    }
