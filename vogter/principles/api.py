"""Steps 2 to 4 over REST: themes (tag `themes`) and principles, their level cells and the
agreement rounds (tag `principles`) for facilitators; the agreement round for
participants (tag `worksheets`, with the sheet token that joining returned).

Handlers stay thin: they fetch through `get_workshop_for_user` and change through
vogter/principles/actions.py, like the pages.
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from vogter.api.main import ErrorOut
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.actions import ActionError
from vogter.principles import actions
from vogter.principles.models import (
    LEVEL_ORDER,
    AgreementRound,
    Level,
    LevelCell,
    Principle,
    Theme,
)
from vogter.workshops import runner
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.api import SheetAuth
from vogter.workshops.models import Entry, Sheet, Workshop

themes_router = Router(tags=["themes"])
router = Router(tags=["principles"])
worksheets = Router(tags=["worksheets"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WORKSHOP = "/{org}/workshops/{workshop}"


# --- Schemas ----------------------------------------------------------------------
# A level is a plain string here (one of principles.models.Level): an enum schema named
# "Level" would take the place of the organisations' unit Level in the OpenAPI schema.


class AnswerOut(Schema):
    id: str
    text: str


class ThemeOut(Schema):
    code: str
    question: str
    label: str
    suggested: bool
    size: int
    answers: list[AnswerOut]
    quote_ids: list[str]


class QuestionThemesOut(Schema):
    question: str
    themes: list[ThemeOut]
    unplaced: list[AnswerOut]


class SuggestIn(Schema):
    question: str | None = None
    k: int | None = None
    replace: bool = False


class ThemeIn(Schema):
    question: str
    label: str
    answer_ids: list[str] = []


class RenameIn(Schema):
    label: str


class MergeIn(Schema):
    into: str


class MoveIn(Schema):
    answer_ids: list[str]
    theme: str | None = None


class ThemeRefOut(Schema):
    code: str
    label: str


class CellOut(Schema):
    level: str
    text: str | None
    responsible: str | None
    empty_on_purpose: bool | None


class PrincipleOut(Schema):
    code: str
    statement_da: str
    statement_en: str
    rationale: str
    position: int
    withdrawn: bool
    version: int
    from_participant: bool
    themes: list[ThemeRefOut]
    sources: list[AnswerOut]
    cells: list[CellOut]


class PrincipleIn(Schema):
    statement_da: str = ""
    statement_en: str = ""
    rationale: str = ""
    themes: list[str] = []
    sources: list[str] = []


class PrincipleEditIn(Schema):
    """An edit from `version`; a field left out keeps its value."""

    version: int
    statement_da: str | None = None
    statement_en: str | None = None
    rationale: str | None = None
    themes: list[str] | None = None
    sources: list[str] | None = None
    reason: str = ""


class ConflictOut(ErrorOut):
    principle: PrincipleOut | None = None


class WithdrawIn(Schema):
    withdrawn: bool = True


class RoundRevealIn(Schema):
    revealed: bool = True


class OrderIn(Schema):
    principles: list[str]


class CellIn(Schema):
    text: str = ""
    responsible: str = ""
    empty_on_purpose: bool = False


class LevelCoverageOut(Schema):
    level: str
    filled: int
    empty: int
    gap: int


class GapOut(Schema):
    principle: str
    level: str


class CoverageOut(Schema):
    principles: int
    per_level: list[LevelCoverageOut]
    gaps: list[GapOut]


class RoundItemOut(Schema):
    principle: str
    statement_da: str
    statement_en: str
    position: int


class ItemResultOut(Schema):
    principle: str
    agree_share: float | None
    consensus: bool
    # A count below the minimum group size is null: "fewer than N".
    counts: dict[str, int | None]
    few: list[str]
    comments: list[str]


class ResultsOut(Schema):
    ballots: int
    min_group_size: int
    # True while fewer than the minimum group size have voted: no figures at all.
    withheld: bool
    principles: list[ItemResultOut]


class RoundOut(Schema):
    number: int
    open: bool
    revealed: bool
    opened_on: datetime.date
    ballots: int
    items: list[RoundItemOut]
    # Null until the round is revealed.
    results: ResultsOut | None


class MyRoundOut(Schema):
    number: int
    open: bool
    revealed: bool
    voted: bool
    items: list[RoundItemOut]
    results: ResultsOut | None


class VoteIn(Schema):
    principle: str
    choice: str
    comment: str = ""


class BallotIn(Schema):
    round: int = Field(ge=1, le=32767)
    votes: list[VoteIn]


# --- Fetching ---------------------------------------------------------------------


def _theme_in(workshop: Workshop, code: str) -> Theme:
    theme = Theme.objects.filter(workshop=workshop, code=code).select_related("workshop").first()
    if theme is None:
        raise Http404
    return theme


def _principles(workshop: Workshop) -> Any:
    return Principle.objects.filter(workshop=workshop).prefetch_related(
        "themes", "sources", "cells"
    )


def _principle_in(workshop: Workshop, code: str) -> Principle:
    principle = _principles(workshop).filter(code=code).first()
    if principle is None:
        raise Http404
    principle.workshop = workshop
    return principle


def _level(level: str) -> str:
    if level not in Level.values:
        raise Http404
    return level


def _round_in(workshop: Workshop, number: str) -> AgreementRound:
    agreement = (
        AgreementRound.objects.filter(workshop=workshop, number=int(number)).first()
        if number.isdigit() and len(number) < 6
        else None
    )
    if agreement is None:
        raise Http404
    agreement.workshop = workshop
    return agreement


# --- Representations --------------------------------------------------------------


def _answer(entry: Entry) -> dict[str, str]:
    return {"id": str(entry.id), "text": entry.text}


def _theme_out(view: actions.ThemeView) -> dict[str, Any]:
    theme = view.theme
    return {
        "code": theme.code,
        "question": theme.question,
        "label": theme.label,
        "suggested": theme.suggested,
        "size": len(view.answers),
        "answers": [_answer(e) for e in view.answers],
        "quote_ids": [str(e.id) for e in view.quotes],
    }


def _themes_out(workshop: Workshop) -> list[dict[str, Any]]:
    return [
        {
            "question": q.question,
            "themes": [_theme_out(view) for view in q.themes],
            "unplaced": [_answer(e) for e in q.unplaced],
        }
        for q in actions.themes_by_question(workshop)
    ]


def _one_theme_out(theme: Theme) -> dict[str, Any]:
    for question in actions.themes_by_question(theme.workshop):
        for view in question.themes:
            if view.theme.pk == theme.pk:
                return _theme_out(view)
    raise Http404  # deleted in between


def _cell_out(level: str, cell: LevelCell | None) -> dict[str, Any]:
    if cell is None:  # a gap: not yet considered
        return {"level": level, "text": None, "responsible": None, "empty_on_purpose": None}
    return {
        "level": level,
        "text": cell.text,
        "responsible": cell.responsible,
        "empty_on_purpose": cell.empty_on_purpose,
    }


def _visible_sources(principle: Principle) -> list[Entry]:
    # An answer the facilitator took off the board is no longer quoted.
    return [e for e in principle.sources.all() if not e.hidden]


def _principle_out(principle: Principle) -> dict[str, Any]:
    cells = {c.level: c for c in principle.cells.all()}
    return {
        "code": principle.code,
        "statement_da": principle.statement_da,
        "statement_en": principle.statement_en,
        "rationale": principle.rationale,
        "position": principle.position,
        "withdrawn": principle.withdrawn,
        "version": principle.version,
        "from_participant": principle.from_participant,
        "themes": [{"code": t.code, "label": t.label} for t in principle.themes.all()],
        "sources": [_answer(e) for e in _visible_sources(principle)],
        "cells": [_cell_out(level, cells[level]) for level in LEVEL_ORDER if level in cells],
    }


def _fresh(principle: Principle) -> dict[str, Any]:
    return _principle_out(_principle_in(principle.workshop, principle.code))


def _items(agreement: AgreementRound) -> list[dict[str, Any]]:
    return [
        {
            "principle": item.principle.code,
            "statement_da": item.statement_da,
            "statement_en": item.statement_en,
            "position": item.position,
        }
        for item in agreement.items.select_related("principle")
    ]


def _results(agreement: AgreementRound) -> dict[str, Any] | None:
    """The round's results once revealed, for facilitators and participants alike;
    before the reveal nobody sees them, not even through the API."""
    if not agreement.revealed:
        return None
    results = actions.round_results(agreement)
    return {
        "ballots": results["ballots"],
        "min_group_size": results["min_group_size"],
        "withheld": results["withheld"],
        "principles": [
            {
                "principle": row["code"],
                "agree_share": row["agree_share"],
                "consensus": row["consensus"],
                "counts": row["counts"],
                "few": row["few"],
                "comments": row["comments"],
            }
            for row in results["principles"]
        ],
    }


def _round_out(agreement: AgreementRound) -> dict[str, Any]:
    return {
        "number": agreement.number,
        "open": agreement.open,
        "revealed": agreement.revealed,
        "opened_on": agreement.opened_on,
        "ballots": agreement.ballots.count(),
        "items": _items(agreement),
        "results": _results(agreement),
    }


# --- Themes -----------------------------------------------------------------------


@themes_router.get(
    WORKSHOP + "/themes",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Every question's themes with their answers, and the answers not yet placed",
)
def list_themes(request: AuthedHttpRequest, org: str, workshop: str) -> list[dict[str, Any]]:
    return _themes_out(get_workshop_for_user(request.user, org, workshop))


@themes_router.post(
    WORKSHOP + "/themes/suggest",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Suggest themes in the answers (a question's existing themes stay unless replaced)",
)
def suggest_themes(
    request: AuthedHttpRequest, org: str, workshop: str, body: SuggestIn
) -> list[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    actions.suggest_themes(
        request.user, the_workshop, question=body.question, k=body.k, replace=body.replace
    )
    return _themes_out(the_workshop)


@themes_router.post(
    WORKSHOP + "/themes/move",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Move answers into a theme, or out of every theme (`theme`: null)",
)
def move_answers(
    request: AuthedHttpRequest, org: str, workshop: str, body: MoveIn
) -> list[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    theme = None
    if body.theme is not None:
        theme = Theme.objects.filter(workshop=the_workshop, code=body.theme).first()
        if theme is None:
            raise ActionError(_("Unknown theme."), field="theme")
    actions.move_answers(request.user, the_workshop, body.answer_ids, theme)
    return _themes_out(the_workshop)


@themes_router.post(
    WORKSHOP + "/themes",
    response={201: ThemeOut, **ERRORS},
    summary="Make a theme, empty or of the given answers (a split)",
)
def create_theme(
    request: AuthedHttpRequest, org: str, workshop: str, body: ThemeIn
) -> Status[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    theme = actions.new_theme(
        request.user, the_workshop, body.question, body.label, body.answer_ids
    )
    return Status(201, _one_theme_out(theme))


@themes_router.patch(
    WORKSHOP + "/themes/{theme}",
    response={200: ThemeOut, **ERRORS},
    summary="Rename a theme (it is then no longer a suggestion)",
)
def rename_theme(
    request: AuthedHttpRequest, org: str, workshop: str, theme: str, body: RenameIn
) -> dict[str, Any]:
    the_theme = _theme_in(get_workshop_for_user(request.user, org, workshop), theme)
    return _one_theme_out(actions.rename_theme(request.user, the_theme, body.label))


@themes_router.post(
    WORKSHOP + "/themes/{theme}/merge",
    response={200: ThemeOut, **ERRORS},
    summary="Merge a theme into another of the same question",
)
def merge_theme(
    request: AuthedHttpRequest, org: str, workshop: str, theme: str, body: MergeIn
) -> dict[str, Any]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    source = _theme_in(the_workshop, theme)
    into = Theme.objects.filter(workshop=the_workshop, code=body.into).first()
    if into is None:
        raise ActionError(_("Unknown theme."), field="into")
    return _one_theme_out(actions.merge_themes(request.user, source, into))


@themes_router.delete(
    WORKSHOP + "/themes/{theme}",
    response={204: None, **ERRORS},
    summary="Delete an empty theme",
)
def delete_theme(request: AuthedHttpRequest, org: str, workshop: str, theme: str) -> Status[None]:
    the_theme = _theme_in(get_workshop_for_user(request.user, org, workshop), theme)
    actions.delete_theme(request.user, the_theme)
    return Status(204, None)


# --- Principles -------------------------------------------------------------------
# The fixed paths (order, coverage) come before `{principle}`, which would match them.


@router.get(
    WORKSHOP + "/principles",
    response={200: list[PrincipleOut], **ERRORS},
    summary="The principles in order, withdrawn ones included (flagged)",
)
def list_principles(request: AuthedHttpRequest, org: str, workshop: str) -> list[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    return [_principle_out(p) for p in _principles(the_workshop)]


@router.post(
    WORKSHOP + "/principles",
    response={201: PrincipleOut, **ERRORS},
    summary="Draft a principle, with the themes and answers it grew from",
)
def create_principle(
    request: AuthedHttpRequest, org: str, workshop: str, body: PrincipleIn
) -> Status[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    principle = actions.create_principle(
        request.user,
        the_workshop,
        statement_da=body.statement_da,
        statement_en=body.statement_en,
        rationale=body.rationale,
        theme_codes=body.themes,
        answer_ids=body.sources,
    )
    return Status(201, _fresh(principle))


@router.post(
    WORKSHOP + "/principles/order",
    response={200: list[PrincipleOut], **ERRORS},
    summary="Put the principles in a new order (every code exactly once)",
)
def reorder_principles(
    request: AuthedHttpRequest, org: str, workshop: str, body: OrderIn
) -> list[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    actions.reorder_principles(request.user, the_workshop, body.principles)
    return [_principle_out(p) for p in _principles(the_workshop)]


@router.get(
    WORKSHOP + "/principles/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="How much of the level table is filled, and its gaps",
)
def coverage(request: AuthedHttpRequest, org: str, workshop: str) -> dict[str, Any]:
    found = actions.coverage(get_workshop_for_user(request.user, org, workshop))
    states = ("filled", "empty", "gap")
    return {
        "principles": found["principles"],
        "per_level": [
            {"level": level, **{s: found["per_level"][level].get(s, 0) for s in states}}
            for level in Level.values
        ],
        "gaps": [{"principle": p.code, "level": level} for p, level in found["gaps"]],
    }


@router.get(
    WORKSHOP + "/principles/{principle}",
    response={200: PrincipleOut, **ERRORS},
    summary="Get a principle",
)
def get_principle(
    request: AuthedHttpRequest, org: str, workshop: str, principle: str
) -> dict[str, Any]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    return _principle_out(_principle_in(the_workshop, principle))


@router.put(
    WORKSHOP + "/principles/{principle}",
    response={200: PrincipleOut, 409: ConflictOut, **ERRORS},
    summary="Edit a principle from `version`; 409 with the current one if it changed since",
)
def update_principle(
    request: AuthedHttpRequest, org: str, workshop: str, principle: str, body: PrincipleEditIn
) -> Any:
    the_principle = _principle_in(get_workshop_for_user(request.user, org, workshop), principle)
    try:
        actions.update_principle(
            request.user,
            the_principle,
            version=body.version,
            statement_da=_or(body.statement_da, the_principle.statement_da),
            statement_en=_or(body.statement_en, the_principle.statement_en),
            rationale=_or(body.rationale, the_principle.rationale),
            theme_codes=_or(body.themes, [t.code for t in the_principle.themes.all()]),
            answer_ids=_or(body.sources, [str(e.id) for e in _visible_sources(the_principle)]),
            reason=body.reason,
        )
    except ActionError as error:
        if error.field != "version":
            raise
        conflict = {"detail": str(error.message), "field": error.field}
        return Status(409, {**conflict, "principle": _fresh(the_principle)})
    return _fresh(the_principle)


def _or(given: Any, current: Any) -> Any:
    return current if given is None else given


@router.post(
    WORKSHOP + "/principles/{principle}/withdraw",
    response={200: PrincipleOut, **ERRORS},
    summary="Withdraw a principle, or bring it back",
)
def withdraw_principle(
    request: AuthedHttpRequest, org: str, workshop: str, principle: str, body: WithdrawIn
) -> dict[str, Any]:
    the_principle = _principle_in(get_workshop_for_user(request.user, org, workshop), principle)
    actions.withdraw_principle(request.user, the_principle, body.withdrawn)
    return _fresh(the_principle)


@router.put(
    WORKSHOP + "/principles/{principle}/cells/{level}",
    response={200: CellOut, **ERRORS},
    summary="What the principle means at one level (all empty: back to a gap)",
)
def set_cell(
    request: AuthedHttpRequest, org: str, workshop: str, principle: str, level: str, body: CellIn
) -> dict[str, Any]:
    the_principle = _principle_in(get_workshop_for_user(request.user, org, workshop), principle)
    cell = actions.set_cell(
        request.user,
        the_principle,
        _level(level),
        text=body.text,
        responsible=body.responsible,
        empty_on_purpose=body.empty_on_purpose,
    )
    return _cell_out(level, cell)


# --- Agreement rounds -------------------------------------------------------------


@router.get(
    WORKSHOP + "/agreement/rounds",
    response={200: list[RoundOut], **ERRORS},
    summary="The agreement rounds (results only once revealed)",
)
def list_rounds(request: AuthedHttpRequest, org: str, workshop: str) -> list[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    rounds = AgreementRound.objects.filter(workshop=the_workshop)
    return [_round_out(r) for r in rounds]


@router.post(
    WORKSHOP + "/agreement/rounds",
    response={201: RoundOut, **ERRORS},
    summary="Open a new agreement round on the principles as they stand",
)
def open_round(request: AuthedHttpRequest, org: str, workshop: str) -> Status[dict[str, Any]]:
    the_workshop = get_workshop_for_user(request.user, org, workshop)
    return Status(201, _round_out(actions.open_round(request.user, the_workshop)))


@router.get(
    WORKSHOP + "/agreement/rounds/{number}",
    response={200: RoundOut, **ERRORS},
    summary="An agreement round (results only once revealed)",
)
def get_round(request: AuthedHttpRequest, org: str, workshop: str, number: str) -> dict[str, Any]:
    return _round_out(_round_in(get_workshop_for_user(request.user, org, workshop), number))


@router.post(
    WORKSHOP + "/agreement/rounds/{number}/close",
    response={200: RoundOut, **ERRORS},
    summary="Close an agreement round: no more ballots",
)
def close_round(request: AuthedHttpRequest, org: str, workshop: str, number: str) -> dict[str, Any]:
    agreement = _round_in(get_workshop_for_user(request.user, org, workshop), number)
    return _round_out(actions.close_round(request.user, agreement))


@router.post(
    WORKSHOP + "/agreement/rounds/{number}/reveal",
    response={200: RoundOut, **ERRORS},
    summary="Reveal an agreement round's results, or hide them again",
)
def reveal_round(
    request: AuthedHttpRequest, org: str, workshop: str, number: str, body: RoundRevealIn
) -> dict[str, Any]:
    agreement = _round_in(get_workshop_for_user(request.user, org, workshop), number)
    return _round_out(actions.reveal_round(request.user, agreement, body.revealed))


# --- Participants -----------------------------------------------------------------


def _my_round(sheet: Sheet) -> Any:
    agreement = actions.current_round(sheet.workshop)
    if agreement is None:
        return Status(404, {"detail": _("There is no agreement round in this workshop yet.")})
    return {
        "number": agreement.number,
        "open": agreement.open,
        "revealed": agreement.revealed,
        "voted": actions.has_voted(agreement, sheet),
        "items": _items(agreement),
        "results": _results(agreement),
    }


@worksheets.get(
    "/me/agreement",
    response={200: MyRoundOut, **ERRORS},
    auth=SheetAuth(),
    summary="The workshop's current agreement round, and whether you have voted",
)
def my_round(request: HttpRequest) -> Any:
    return runner.run(_my_round, request.auth)  # type: ignore[attr-defined]


def _vote(sheet: Sheet, body: BallotIn) -> Any:
    agreement = AgreementRound.objects.filter(workshop=sheet.workshop, number=body.round).first()
    if agreement is None:
        return Status(404, {"detail": _("There is no such agreement round in this workshop.")})
    votes = {v.principle: (v.choice, v.comment) for v in body.votes}
    if len(votes) != len(body.votes):
        raise ActionError(_("Vote on each principle once."), field="votes")
    try:
        actions.cast_ballot(sheet, agreement, votes)
    except ActionError as error:
        # Already voted, or the round is closed: the round's state, not the ballot, is in the way.
        if error.field != "round":
            raise
        return Status(409, {"detail": str(error.message), "field": error.field})
    return _my_round(sheet)


@worksheets.post(
    "/me/agreement",
    response={200: MyRoundOut, 409: ErrorOut, **ERRORS},
    auth=SheetAuth(),
    summary="Cast your ballot in the agreement round: once, a choice for every principle",
)
def vote(request: HttpRequest, body: BallotIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_vote, sheet, body)


class ProposalIn(Schema):
    statement_da: str = ""
    statement_en: str = ""
    rationale: str = ""


class ProposalOut(Schema):
    statement_da: str
    statement_en: str
    rationale: str


def _propose(sheet: Sheet, body: ProposalIn) -> Any:
    principle = actions.propose_principle(
        sheet,
        statement_da=body.statement_da,
        statement_en=body.statement_en,
        rationale=body.rationale,
    )
    return Status(
        201,
        {
            "statement_da": principle.statement_da,
            "statement_en": principle.statement_en,
            "rationale": principle.rationale,
        },
    )


@worksheets.post(
    "/me/principles",
    response={201: ProposalOut, **ERRORS},
    auth=SheetAuth(),
    summary="Propose a principle, when the workshop allows it (it keeps no author)",
)
def propose(request: HttpRequest, body: ProposalIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_propose, sheet, body)
