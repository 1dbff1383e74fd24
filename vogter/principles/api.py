"""Steps 2 to 4 over REST: themes (tag `themes`) and principles and their level cells
(tag `principles`) for facilitators. The agreement rounds are in api_agreement.py.

Handlers stay thin: they fetch through `get_workshop_for_user` and change through
vogter/principles/actions/, like the pages.
"""

from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.principles import matrix as level_matrix
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import (
    LEVEL_ORDER,
    Level,
    LevelCell,
    Principle,
    Theme,
)
from vogter.principles.themes import ThemeView, themes_by_question
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.models import Entry, Workshop

themes_router = Router(tags=["themes"])
router = Router(tags=["principles"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WORKSHOP = "/{org}/workshops/{workshop_code}"


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


class GroupIn(Schema):
    question: str
    k: int | None = None
    # The language of the labels; the workshop's language when left out.
    language: Literal["da", "en"] | None = None


class ProposedThemeSchema(Schema):
    label: str
    answer_ids: list[str]


class GroupingOut(Schema):
    question: str
    # True: the language model's grouping; false: Vogter's own, and `fallback` says why.
    by_assistant: bool
    fallback: str
    model: str | None
    # The request body exactly as sent to the model (scrubbed, numbered texts; no key).
    sent: dict[str, Any] | None
    # How many e-mail addresses, phone and CPR numbers, links and names were removed.
    replaced: dict[str, int]
    themes: list[ProposedThemeSchema]


class AcceptGroupingIn(Schema):
    question: str
    themes: list[ProposedThemeSchema]
    replace: bool = False


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


# --- Representations --------------------------------------------------------------


def _answer(entry: Entry) -> dict[str, str]:
    return {"id": str(entry.id), "text": entry.text}


def _theme_out(view: ThemeView) -> dict[str, Any]:
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
        for q in themes_by_question(workshop)
    ]


def _one_theme_out(theme: Theme) -> dict[str, Any]:
    for question in themes_by_question(theme.workshop):
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


# --- Themes -----------------------------------------------------------------------


@themes_router.get(
    WORKSHOP + "/themes",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Every question's themes with their answers, and the answers not yet placed",
)
def list_themes(request: AuthedHttpRequest, org: str, workshop_code: str) -> list[dict[str, Any]]:
    return _themes_out(get_workshop_for_user(request.user, org, workshop_code))


@themes_router.post(
    WORKSHOP + "/themes/suggest",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Suggest themes in the answers (a question's existing themes stay unless replaced)",
)
def suggest_themes(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: SuggestIn
) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme_actions.suggest_themes(
        request.user, workshop, question=body.question, k=body.k, replace=body.replace
    )
    return _themes_out(workshop)


@themes_router.post(
    WORKSHOP + "/themes/assist/group",
    response={200: GroupingOut, **ERRORS},
    summary="Ask the language model how a question's answers group (nothing changes)",
)
def propose_grouping(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: GroupIn
) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    proposal = theme_actions.propose_grouping(
        request.user, workshop, body.question, language=body.language or workshop.language, k=body.k
    )
    grouping = proposal.grouping
    return {
        "question": proposal.question,
        "by_assistant": proposal.by_assistant,
        "fallback": proposal.fallback,
        "model": grouping.model if grouping else None,
        "sent": grouping.sent if grouping else None,
        "replaced": grouping.replaced if grouping else {},
        "themes": [
            {"label": theme.label, "answer_ids": list(theme.answer_ids)}
            for theme in proposal.themes
        ],
    }


@themes_router.post(
    WORKSHOP + "/themes/grouping",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Put an accepted grouping on the wall as suggested themes",
)
def accept_grouping(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: AcceptGroupingIn
) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme_actions.accept_grouping(
        request.user,
        workshop,
        body.question,
        [(theme.label, theme.answer_ids) for theme in body.themes],
        replace=body.replace,
    )
    return _themes_out(workshop)


@themes_router.post(
    WORKSHOP + "/themes/move",
    response={200: list[QuestionThemesOut], **ERRORS},
    summary="Move answers into a theme, or out of every theme (`theme`: null)",
)
def move_answers(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: MoveIn
) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme = None
    if body.theme is not None:
        theme = Theme.objects.filter(workshop=workshop, code=body.theme).first()
        if theme is None:
            raise ActionError(_("Unknown theme."), field="theme")
    theme_actions.move_answers(request.user, workshop, body.answer_ids, theme)
    return _themes_out(workshop)


@themes_router.post(
    WORKSHOP + "/themes",
    response={201: ThemeOut, **ERRORS},
    summary="Make a theme, empty or of the given answers (a split)",
)
def create_theme(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: ThemeIn
) -> Status[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme = theme_actions.new_theme(
        request.user, workshop, body.question, body.label, body.answer_ids
    )
    return Status(201, _one_theme_out(theme))


@themes_router.patch(
    WORKSHOP + "/themes/{theme_code}",
    response={200: ThemeOut, **ERRORS},
    summary="Rename a theme (it is then no longer a suggestion)",
)
def rename_theme(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str, body: RenameIn
) -> dict[str, Any]:
    theme = _theme_in(get_workshop_for_user(request.user, org, workshop_code), theme_code)
    return _one_theme_out(theme_actions.rename_theme(request.user, theme, body.label))


@themes_router.post(
    WORKSHOP + "/themes/{theme_code}/merge",
    response={200: ThemeOut, **ERRORS},
    summary="Merge a theme into another of the same question",
)
def merge_theme(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str, body: MergeIn
) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    source = _theme_in(workshop, theme_code)
    into = Theme.objects.filter(workshop=workshop, code=body.into).first()
    if into is None:
        raise ActionError(_("Unknown theme."), field="into")
    return _one_theme_out(theme_actions.merge_themes(request.user, source, into))


@themes_router.delete(
    WORKSHOP + "/themes/{theme_code}",
    response={204: None, **ERRORS},
    summary="Delete an empty theme",
)
def delete_theme(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str
) -> Status[None]:
    theme = _theme_in(get_workshop_for_user(request.user, org, workshop_code), theme_code)
    theme_actions.delete_theme(request.user, theme)
    return Status(204, None)


# --- Principles -------------------------------------------------------------------
# The fixed paths (order, coverage) come before `{principle_code}`, which would match them.


@router.get(
    WORKSHOP + "/principles",
    response={200: list[PrincipleOut], **ERRORS},
    summary="The principles in order, withdrawn ones included (flagged)",
)
def list_principles(
    request: AuthedHttpRequest, org: str, workshop_code: str
) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return [_principle_out(p) for p in _principles(workshop)]


@router.post(
    WORKSHOP + "/principles",
    response={201: PrincipleOut, **ERRORS},
    summary="Draft a principle, with the themes and answers it grew from",
)
def create_principle(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: PrincipleIn
) -> Status[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principle = principle_actions.create_principle(
        request.user,
        workshop,
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
    request: AuthedHttpRequest, org: str, workshop_code: str, body: OrderIn
) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principle_actions.reorder_principles(request.user, workshop, body.principles)
    return [_principle_out(p) for p in _principles(workshop)]


@router.get(
    WORKSHOP + "/principles/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="How much of the level table is filled, and its gaps",
)
def coverage(request: AuthedHttpRequest, org: str, workshop_code: str) -> dict[str, Any]:
    found = level_matrix.coverage(get_workshop_for_user(request.user, org, workshop_code))
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
    WORKSHOP + "/principles/{principle_code}",
    response={200: PrincipleOut, **ERRORS},
    summary="Get a principle",
)
def get_principle(
    request: AuthedHttpRequest, org: str, workshop_code: str, principle_code: str
) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return _principle_out(_principle_in(workshop, principle_code))


@router.put(
    WORKSHOP + "/principles/{principle_code}",
    response={200: PrincipleOut, 409: ConflictOut, **ERRORS},
    summary="Edit a principle from `version`; 409 with the current one if it changed since",
)
def update_principle(
    request: AuthedHttpRequest,
    org: str,
    workshop_code: str,
    principle_code: str,
    body: PrincipleEditIn,
) -> Any:
    principle = _principle_in(
        get_workshop_for_user(request.user, org, workshop_code), principle_code
    )
    try:
        principle_actions.update_principle(
            request.user,
            principle,
            version=body.version,
            statement_da=_or(body.statement_da, principle.statement_da),
            statement_en=_or(body.statement_en, principle.statement_en),
            rationale=_or(body.rationale, principle.rationale),
            theme_codes=_or(body.themes, [t.code for t in principle.themes.all()]),
            answer_ids=_or(body.sources, [str(e.id) for e in _visible_sources(principle)]),
            reason=body.reason,
        )
    except ActionError as error:
        if error.field != "version":
            raise
        conflict = {"detail": str(error.message), "field": error.field}
        return Status(409, {**conflict, "principle": _fresh(principle)})
    return _fresh(principle)


def _or(given: Any, current: Any) -> Any:
    return current if given is None else given


@router.post(
    WORKSHOP + "/principles/{principle_code}/withdraw",
    response={200: PrincipleOut, **ERRORS},
    summary="Withdraw a principle, or bring it back",
)
def withdraw_principle(
    request: AuthedHttpRequest, org: str, workshop_code: str, principle_code: str, body: WithdrawIn
) -> dict[str, Any]:
    principle = _principle_in(
        get_workshop_for_user(request.user, org, workshop_code), principle_code
    )
    principle_actions.withdraw_principle(request.user, principle, body.withdrawn)
    return _fresh(principle)


@router.put(
    WORKSHOP + "/principles/{principle_code}/cells/{level}",
    response={200: CellOut, **ERRORS},
    summary="What the principle means at one level (all empty: back to a gap)",
)
def set_cell(
    request: AuthedHttpRequest,
    org: str,
    workshop_code: str,
    principle_code: str,
    level: str,
    body: CellIn,
) -> dict[str, Any]:
    principle = _principle_in(
        get_workshop_for_user(request.user, org, workshop_code), principle_code
    )
    cell = principle_actions.set_cell(
        request.user,
        principle,
        _level(level),
        text=body.text,
        responsible=body.responsible,
        empty_on_purpose=body.empty_on_purpose,
    )
    return _cell_out(level, cell)
