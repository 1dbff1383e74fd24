"""Continuous reflection over REST (tag `reflection`): a charter's rounds, schedule,
trends and revisit workshops; a round's results, actions and exports; and the
participant's anonymous check-in.

Any member of the organisation reads; facilitators, admins and the managers of the
charter's unit or a unit above it open rounds, set the schedule, add and follow up
actions and start revisits (403 for others; vogter/reflection/access.py decides). The
check-in is for the members placed in the charter's unit or below it: anyone else gets
the same 404 as for an unknown round.

Handlers stay thin: they fetch through vogter/reflection/access.py, change through
vogter/reflection/actions/, and every figure comes from `results.results`, so the API
holds back exactly what the round's page holds back. Nothing about an answer ever names a person.
"""

import datetime
from typing import Any, Literal

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import translation
from ninja import Router, Schema, Status

from vogter.accounts.models import User
from vogter.api.schemas import ErrorOut, file_schema
from vogter.charters.document import statement_in
from vogter.charters.models import Charter
from vogter.disclosure.scores import ScoreFigure
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection.access import get_charter_for_reflection, get_round_for_user
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import revisits as revisit_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.exports import REFLECTION_EXPORTS
from vogter.reflection.exports import export_round as export_file
from vogter.reflection.models import AIMS, AgreedAction, Event, Round
from vogter.reflection.results import results
from vogter.reflection.results import trends as charter_trends
from vogter.reflection.rounds import has_checked_in, is_open, may_check_in, principles_of

router = Router(tags=["reflection"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CHARTER = "/{org}/charters/{charter_code}"
ROUND = "/{org}/reflection/{round}"


# --- Schemas ----------------------------------------------------------------------
# Every name starts with "Reflection": the OpenAPI components are one namespace.


class ReflectionStatementOut(Schema):
    da: str
    en: str


class ReflectionPrincipleOut(Schema):
    code: str
    position: int
    statement: ReflectionStatementOut
    sentence: str  # the whole sentence, in your language where it was written in it


class ReflectionRoundSummaryOut(Schema):
    code: str
    charter: str
    version: int  # the adopted version reflected on
    kind: str
    event: str
    description: str
    opens_on: datetime.date
    closes_on: datetime.date
    min_group_size: int
    open: bool
    closed: bool  # closed early ("close now")
    checkins: int


class ReflectionFigureOut(Schema):
    """A 1-5 score as docs/disclosure.md lets it through: any field may be null (withheld),
    and `reason` says why something is missing."""

    withheld: bool  # true when the mean is not shown
    reason: str | None  # few, complement: why a figure is missing; null when none is
    n: int | None  # the scores given ("can't say" left out)
    mean: float | None  # to one decimal
    distribution: dict[str, int | None] | None  # "1".."5" → how many chose it
    cant_say: int | None
    # When the scores are not shown one by one: low (1-2), middle (3), high (4-5).
    bands: dict[str, int | None] | None


class ReflectionVerdictsOut(Schema):
    keep: int | None
    revise: int | None
    retire: int | None


class ReflectionPrincipleResultOut(ReflectionPrincipleOut):
    score: ReflectionFigureOut
    verdicts: ReflectionVerdictsOut | None  # a count is null where it is withheld
    revise_share: float | None  # of those who gave a verdict: revise or retire
    # Flagged: at least 40 % want it revised or retired. Null where saying so would tell
    # a withheld count.
    revise_flag: bool | None


class ReflectionAimsOut(Schema):
    productivity: ReflectionFigureOut
    wellbeing: ReflectionFigureOut
    meaningfulness: ReflectionFigureOut


class ReflectionResultsOut(Schema):
    principles: list[ReflectionPrincipleResultOut]
    aims: ReflectionAimsOut
    changed: list[str]  # the free texts, in random order


class ReflectionActionOut(Schema):
    number: int  # 1, 2, … within the round, in the order they were added
    description: str
    owner: str
    due_on: datetime.date | None
    done: bool
    follow_up: str


class ReflectionRoundOut(ReflectionRoundSummaryOut):
    unnamed_checkins: int  # of `checkins`, those through slips without a name
    withheld: bool
    results: ReflectionResultsOut | None  # null while fewer have checked in
    actions: list[ReflectionActionOut]


class ReflectionRoundIn(Schema):
    kind: Literal["scheduled", "event"] = "event"
    event: str = ""  # for an event: new_tool, new_use, incident, reorganisation, apv, other
    description: str = ""
    opens_on: datetime.date | None = None  # default: today
    closes_on: datetime.date | None = None  # default: two weeks after it opens
    # Default: the organisation's; never below 3.
    min_group_size: int | None = None


class ReflectionScheduleOut(Schema):
    scheduled: bool
    every_months: int | None
    open_days: int | None
    next_opens_on: datetime.date | None
    min_group_size: int | None  # each scheduled round's


class ReflectionScheduleIn(Schema):
    every_months: int = 3
    open_days: int = 14
    next_opens_on: datetime.date | None = None  # default: today
    min_group_size: int | None = None  # each round's; default: the organisation's, never below 3


class ReflectionTrendRoundOut(Schema):
    code: str
    opens_on: datetime.date
    closes_on: datetime.date


class ReflectionTrendOut(Schema):
    code: str
    statement: ReflectionStatementOut | None
    means: list[float | None]  # one per round; null where it was withheld


class ReflectionTrendAimsOut(Schema):
    productivity: list[float | None]
    wellbeing: list[float | None]
    meaningfulness: list[float | None]


class ReflectionFlagOut(Schema):
    code: str
    reason: Literal["falling", "revise"]
    statement: ReflectionStatementOut | None


class ReflectionTrendsOut(Schema):
    rounds: list[ReflectionTrendRoundOut]
    principles: list[ReflectionTrendOut]
    aims: ReflectionTrendAimsOut
    flags: list[ReflectionFlagOut]


class ReflectionActionIn(Schema):
    description: str
    owner: str
    due_on: datetime.date | None = None


class ReflectionFollowUpIn(Schema):
    done: bool
    follow_up: str = ""


class ReflectionRevisitIn(Schema):
    principle: str


class ReflectionRevisitOut(Schema):
    workshop: str


class ReflectionCheckinOut(Schema):
    round: str
    charter: str  # its title
    opens_on: datetime.date
    closes_on: datetime.date
    open: bool
    checked_in: bool
    principles: list[ReflectionPrincipleOut]
    aims: list[str]


class ReflectionAnswerIn(Schema):
    code: str
    score: int | None = None  # 1-5; null: can't say
    verdict: Literal["", "keep", "revise", "retire"] = ""


class ReflectionCheckinIn(Schema):
    principles: list[ReflectionAnswerIn] = []
    productivity: int | None = None
    wellbeing: int | None = None
    meaningfulness: int | None = None
    changed: str = ""


class ReflectionCheckedInOut(Schema):
    checked_in: bool


# --- Fetching ---------------------------------------------------------------------


def _charter(user: User, org: str, code: str, *, manage: bool = False) -> Charter:
    return get_charter_for_reflection(user, org, code, manage=manage)[0]


def _round(user: User, org: str, code: str, *, manage: bool = False) -> Round:
    return get_round_for_user(user, org, code, manage=manage)[0]


def _action(reflection: Round, number: str) -> AgreedAction:
    # A path parameter, not an int: "abc" is an unknown action (404), not a 422.
    if not (number.isdecimal() and len(number) < 6) or int(number) < 1:
        raise Http404
    found = list(reflection.actions.order_by("id")[int(number) - 1 : int(number)])
    if not found:
        raise Http404
    return found[0]


def _language() -> str:
    return "en" if translation.get_language() == "en" else "da"


# --- Representations --------------------------------------------------------------


def _statement(principle: dict[str, Any] | None) -> dict[str, str] | None:
    if principle is None:
        return None
    return {"da": principle["statement"]["da"], "en": principle["statement"]["en"]}


def _principle_out(principle: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": principle["code"],
        "position": principle["position"],
        "statement": _statement(principle),
        "sentence": statement_in(principle, _language())[1],  # type: ignore[arg-type]
    }


def _summary_out(reflection: Round, checkins: int) -> dict[str, Any]:
    return {
        "code": reflection.code,
        "charter": reflection.charter.code,
        "version": reflection.version_number,
        "kind": reflection.kind,
        "event": reflection.event,
        "description": reflection.description,
        "opens_on": reflection.opens_on,
        "closes_on": reflection.closes_on,
        "min_group_size": reflection.group_minimum,
        "open": is_open(reflection),
        "closed": reflection.closed,
        "checkins": checkins,
    }


def _figure_out(figure: ScoreFigure) -> dict[str, Any]:
    return {
        "withheld": figure.withheld,
        "reason": figure.reason,
        "n": figure.n,
        "mean": figure.mean,
        "distribution": {str(k): v for k, v in figure.distribution.items()}
        if figure.distribution is not None
        else None,
        "cant_say": figure.cant_say,
        "bands": figure.bands,
    }


def _results_out(result: dict[str, Any]) -> dict[str, Any] | None:
    if result["withheld"]:
        return None
    return {
        "principles": [
            {
                **_principle_out(row["principle"]),
                "score": _figure_out(row["score"]),
                "verdicts": row["verdicts"],
                "revise_share": row["revise_share"],
                "revise_flag": row["revise_flag"],
            }
            for row in result["principles"]
        ],
        "aims": {aim: _figure_out(result["aims"][aim]) for aim in AIMS},
        "changed": result["changed"],
    }


def _action_out(number: int, action: AgreedAction) -> dict[str, Any]:
    return {
        "number": number,
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on,
        "done": action.done,
        "follow_up": action.follow_up,
    }


def _actions_out(reflection: Round) -> list[dict[str, Any]]:
    return [
        _action_out(number, action)
        for number, action in enumerate(reflection.actions.order_by("id"), start=1)
    ]


def _round_out(reflection: Round) -> dict[str, Any]:
    result = results(reflection)
    return {
        **_summary_out(reflection, result["checkins"]),
        "unnamed_checkins": result["unnamed"],
        "withheld": result["withheld"],
        "results": _results_out(result),
        "actions": _actions_out(reflection),
    }


def _schedule_out(charter: Charter) -> dict[str, Any]:
    schedule = getattr(charter, "schedule", None)
    if schedule is None:
        return {
            "scheduled": False,
            "every_months": None,
            "open_days": None,
            "next_opens_on": None,
            "min_group_size": None,
        }
    return {
        "scheduled": True,
        "every_months": schedule.every_months,
        "open_days": schedule.open_days,
        "next_opens_on": schedule.next_opens_on,
        "min_group_size": schedule.min_group_size,
    }


# --- A charter's rounds, schedule, trends and revisits ---------------------------------


@router.get(
    CHARTER + "/rounds",
    response={200: list[ReflectionRoundSummaryOut], **ERRORS},
    summary="The charter's reflection rounds, newest first, with their check-in counts",
)
def list_rounds(request: AuthedHttpRequest, org: str, charter_code: str) -> list[dict[str, Any]]:
    charter = _charter(request.user, org, charter_code)
    rounds = Round.objects.filter(charter=charter).annotate(count=Count("checkins"))
    return [_summary_out(r, r.count) for r in rounds.select_related("charter")]


@router.post(
    CHARTER + "/rounds",
    response={201: ReflectionRoundOut, **ERRORS},
    summary="Open a reflection round on the adopted charter (on a schedule or after an event)",
    description=(
        "`kind`: `event` (default; then `event`: "
        + ", ".join(f"`{e}`" for e in Event.values)
        + ") or `scheduled`. `opens_on` defaults to today, `closes_on` to two weeks later "
        "(at most three months). `min_group_size`: 3-100 (default: the organisation's). "
        "One round at a time: a round whose dates meet another round on the charter that "
        "has not closed is refused (**400**, `field`: `opens_on`)."
    ),
)
def open_round(
    request: AuthedHttpRequest, org: str, charter_code: str, body: ReflectionRoundIn
) -> Status[Any]:
    charter = _charter(request.user, org, charter_code, manage=True)
    reflection = round_actions.open_round(request.user, charter, **body.dict())
    return Status(201, _round_out(reflection))


@router.get(
    CHARTER + "/schedule",
    response={200: ReflectionScheduleOut, **ERRORS},
    summary="How often the charter is reflected on (`scheduled`: false when it is not)",
)
def get_schedule(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    return _schedule_out(_charter(request.user, org, charter_code))


@router.put(
    CHARTER + "/schedule",
    response={200: ReflectionScheduleOut, **ERRORS},
    summary="Reflect on the charter every few months (`run-due` opens the rounds)",
    description="`every_months`: 1-24 (default 3); `open_days`: 1-60 (default 14); "
    "`next_opens_on`: the first round's date (default today); `min_group_size`: each "
    "round's, 3-100 (default: the organisation's). A due round is skipped while another "
    "round on the charter is open.",
)
def set_schedule(
    request: AuthedHttpRequest, org: str, charter_code: str, body: ReflectionScheduleIn
) -> dict[str, Any]:
    charter = _charter(request.user, org, charter_code, manage=True)
    schedule_actions.set_schedule(request.user, charter, **body.dict())
    return _schedule_out(Charter.objects.get(pk=charter.pk))


@router.get(
    CHARTER + "/trends",
    response={200: ReflectionTrendsOut, **ERRORS},
    summary="Per principle and aim, the mean of every closed round; and the flags",
    description="`means` has one entry per round in `rounds` (oldest first), null where "
    "the round's figure was withheld. A flag: `falling` over the last three rounds, or "
    "`revise`: many want the principle revised or retired in the latest round.",
)
def trends(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    trend = charter_trends(_charter(request.user, org, charter_code))
    return {
        "rounds": [
            {"code": r.code, "opens_on": r.opens_on, "closes_on": r.closes_on}
            for r in trend["rounds"]
        ],
        "principles": [
            {"code": row["code"], "statement": _statement(row["principle"]), "means": row["means"]}
            for row in trend["principles"]
        ],
        "aims": trend["aims"],
        "flags": [
            {"code": f["code"], "reason": f["reason"], "statement": _statement(f["principle"])}
            for f in trend["flags"]
        ],
    }


@router.post(
    CHARTER + "/revisit",
    response={201: ReflectionRevisitOut, **ERRORS},
    summary="Start a workshop to revisit a principle, pre-filled with it and its level cells",
)
def revisit(
    request: AuthedHttpRequest, org: str, charter_code: str, body: ReflectionRevisitIn
) -> Status[Any]:
    charter = _charter(request.user, org, charter_code, manage=True)
    workshop = revisit_actions.start_revisit(request.user, charter, body.principle)
    return Status(201, {"workshop": workshop.code})


# --- A round: results, actions, export -------------------------------------------------


@router.get(
    ROUND,
    response={200: ReflectionRoundOut, **ERRORS},
    summary="A round with its results (withheld below the minimum group size) and actions",
    description=(
        "`results` is null while the round is open or fewer than `min_group_size` have "
        "checked in. Otherwise every figure (a score's `n`, `mean`, `distribution`, "
        "`cant_say`, `bands`; the `verdicts`, `revise_share` and `revise_flag`) is null "
        "where showing it would let anyone work out what fewer than that many answered "
        "(docs/disclosure.md); `reason` says why. Nothing names a person; the free texts "
        "(`changed`) come in random order."
    ),
)
def get_round(request: AuthedHttpRequest, org: str, round: str) -> dict[str, Any]:
    return _round_out(_round(request.user, org, round))


@router.post(
    ROUND + "/close",
    response={200: ReflectionRoundOut, 204: None, **ERRORS},
    summary="Close the round now: no more check-ins; its results show as the rule allows",
    description="For facilitators, admins and the managers of the charter's unit or a unit "
    "above it. A round that has closed already: **400**. A round that has not opened yet "
    "is cancelled (removed): **204**.",
)
def close_round(request: AuthedHttpRequest, org: str, round: str) -> Any:
    reflection = _round(request.user, org, round, manage=True)
    closed = round_actions.close_round(request.user, reflection)
    return Status(204, None) if closed is None else _round_out(closed)


@router.post(
    ROUND + "/actions",
    response={201: ReflectionActionOut, **ERRORS},
    summary="Agree an action in the round: what, who owns it, by when",
)
def add_action(
    request: AuthedHttpRequest, org: str, round: str, body: ReflectionActionIn
) -> Status[Any]:
    reflection = _round(request.user, org, round, manage=True)
    action = agreed_actions.add_action(request.user, reflection, **body.dict())
    return Status(201, _action_out(reflection.actions.filter(id__lte=action.pk).count(), action))


@router.put(
    ROUND + "/actions/{action}",
    response={200: ReflectionActionOut, **ERRORS},
    summary="Follow up an action: done or not, and a note",
    description="`action`: its `number` within the round.",
)
def follow_up(
    request: AuthedHttpRequest, org: str, round: str, action: str, body: ReflectionFollowUpIn
) -> dict[str, Any]:
    reflection = _round(request.user, org, round, manage=True)
    the_action = _action(reflection, action)
    agreed_actions.follow_up(request.user, the_action, done=body.done, note=body.follow_up)
    return _action_out(int(action), the_action)


@router.get(
    ROUND + "/export",
    response=ERRORS,
    summary="Download the round's report as PDF, or its results as CSV or XLSX",
    description=(
        "`format`: pdf (default), csv or xlsx; `language`: da or en (default: yours). "
        "The same figures as the round itself: withheld below the minimum group size."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The report or results as a file (Content-Disposition names it)",
                "content": {
                    media_type.split(";")[0]: {"schema": file_schema(media_type)}
                    for media_type in REFLECTION_EXPORTS.media_types
                },
            }
        }
    },
)
def export_round(
    request: AuthedHttpRequest,
    org: str,
    round: str,
    format: Literal["pdf", "csv", "xlsx"] = "pdf",
    language: Literal["da", "en"] | None = None,
) -> HttpResponse:
    reflection = _round(request.user, org, round)
    return file_response(export_file(request.user, reflection, format, language or _language()))


# --- The participant's check-in ---------------------------------------------------------


def _checkin_round(user: User, org: str, code: str) -> Round:
    """Only for the members placed in the charter's unit or below it; anyone else gets
    the same 404 as for an unknown round."""
    reflection = _round(user, org, code)
    if not may_check_in(reflection.charter, user):
        raise Http404
    return reflection


@router.get(
    ROUND + "/checkin",
    response={200: ReflectionCheckinOut, **ERRORS},
    summary="The check-in: the principles to answer, and whether you have checked in",
)
def get_checkin(request: AuthedHttpRequest, org: str, round: str) -> dict[str, Any]:
    reflection = _checkin_round(request.user, org, round)
    return checkin_out(reflection, checked_in=has_checked_in(reflection, request.user))


def checkin_out(reflection: Round, *, checked_in: bool) -> dict[str, Any]:
    """What a check-in asks, for a login (above) or a personal link (api_links.py)."""
    return {
        "round": reflection.code,
        "charter": reflection.charter.title,
        "opens_on": reflection.opens_on,
        "closes_on": reflection.closes_on,
        "open": is_open(reflection),
        "checked_in": checked_in,
        "principles": [_principle_out(p) for p in principles_of(reflection)],
        "aims": list(AIMS),
    }


@router.post(
    ROUND + "/checkin",
    response={201: ReflectionCheckedInOut, **ERRORS, 409: ErrorOut},
    summary="Check in, anonymously: once per person per round",
    description=(
        "Per principle a `score` (1-5, null: can't say) and a `verdict` (`keep`, `revise`, "
        "`retire` or empty); `productivity`, `wellbeing` and `meaningfulness` (1-5 or "
        "null) and what has `changed` (free text). The answers are stored without you: "
        "only that you have checked in is kept. Checked in already, or the round is not "
        "open: **409**."
    ),
)
def check_in(
    request: AuthedHttpRequest, org: str, round: str, body: ReflectionCheckinIn
) -> Status[Any]:
    reflection = _checkin_round(request.user, org, round)
    try:
        checkin_actions.check_in(
            request.user,
            reflection,
            principles={a.code: (a.score, a.verdict) for a in body.principles},
            aims={aim: getattr(body, aim) for aim in AIMS},
            changed=body.changed,
        )
    except ActionError as error:
        # Already checked in, or the round is not open: the round's state is in the way.
        if error.field != "round":
            raise
        return Status(409, {"detail": str(error.message), "field": error.field})
    return Status(201, {"checked_in": True})
