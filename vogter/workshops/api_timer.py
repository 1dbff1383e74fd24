"""Phase timings and the timer over REST (tag `workshops`), mounted under
`/api/organisations` like the rest. Thin: fetch through `access`, change through
`actions.timer`."""

from typing import Literal

from ninja import Router, Schema

from vogter.api.schemas import ErrorOut
from vogter.lib.http import AuthedHttpRequest
from vogter.workshops import timer
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.actions import timer as timer_actions
from vogter.workshops.models import Workshop

router = Router(tags=["workshops"])
BASE = "/{org}/workshops/{workshop_code}"
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class TimerIn(Schema):
    command: Literal["start", "pause", "resume", "add_minute"]


class TimerOut(Schema):
    phase: str
    # None for a phase without timings (closed).
    timer: dict[str, bool | int] | None
    minutes: dict[str, int]


class TimingsIn(Schema):
    minutes: dict[str, int]


def _out(workshop: Workshop) -> dict[str, object]:
    return {
        "phase": workshop.phase,
        "timer": timer.state(workshop),
        "minutes": {row["phase"]: row["minutes"] for row in timer.plan(workshop)},
    }


@router.get(
    BASE + "/timer",
    response={200: TimerOut, **ERRORS},
    summary="The phase timings and the current phase's timer",
    description="`timer.remaining` is in seconds, counted when the answer was made.",
)
def get_timer(request: AuthedHttpRequest, org: str, workshop_code: str) -> dict[str, object]:
    return _out(get_workshop_for_user(request.user, org, workshop_code))


@router.post(
    BASE + "/timer",
    response={200: TimerOut, **ERRORS},
    summary="Start, pause, resume or add a minute to the current phase's timer",
    description="Running out only says so on the screens: nobody is locked out.",
)
def control_timer(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: TimerIn
) -> dict[str, object]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    timer_actions.control_timer(request.user, workshop, body.command)
    return _out(workshop)


@router.put(
    BASE + "/timings",
    response={200: TimerOut, **ERRORS},
    summary="Plan the minutes of the workshop's phases",
)
def set_timings(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: TimingsIn
) -> dict[str, object]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    timer_actions.set_phase_minutes(request.user, workshop, body.minutes)
    return _out(workshop)
