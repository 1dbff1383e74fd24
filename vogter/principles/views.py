"""The facilitator's pages for steps 2-4: the theme wall, the principles with their
sources, the level matrix, and the agreement round.

Every form works without JavaScript (post, then back to the page); the theme wall's
script adds drag and drop and answers in JSON (`Accept: application/json`).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.llm import assist
from vogter.principles import matrix as level_matrix
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.checks import STATEMENT_MAX, SYNTHESIS_PHASES
from vogter.principles.forms import level_fields, posted_cells
from vogter.principles.models import (
    LEVEL_ORDER,
    Level,
    LevelCell,
    Principle,
    Theme,
)
from vogter.principles.themes import themes_by_question
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.kit import QUESTIONS
from vogter.workshops.models import Phase, Workshop

QUESTION_TEXT = {q.key: q for q in QUESTIONS}


def _wants_json(request: AuthedHttpRequest) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _refused(request: AuthedHttpRequest, error: ActionError, back: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": str(error.message), "field": error.field}, status=400)
    messages.error(request, str(error.message))
    return redirect(back)


def _done(request: AuthedHttpRequest, back: str, **data: Any) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": True, **data})
    return redirect(back)


def _theme_in(workshop: Workshop, code: str) -> Theme:
    theme = Theme.objects.filter(workshop=workshop, code=code).first()
    if theme is None:
        raise Http404
    return theme


def _principle_in(workshop: Workshop, code: str) -> Principle:
    principle = Principle.objects.filter(workshop=workshop, code=code).first()
    if principle is None:
        raise Http404
    return principle


def _context(workshop: Workshop, **extra: Any) -> dict[str, Any]:
    return {"organisation": workshop.organisation, "workshop": workshop, **extra}


def _question_labels(workshop: Workshop) -> dict[str, str]:
    """The questions in the language of the page (the facilitator's own)."""
    language = translation.get_language()
    return {key: (q.en if language == "en" else q.da) for key, q in QUESTION_TEXT.items()}


def _assist_enabled() -> bool:
    return assist.is_enabled()


# --- Themes -------------------------------------------------------------------------


@login_required
def themes_page(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    questions = themes_by_question(workshop)
    labels = _question_labels(workshop)
    wanted = request.GET.get("q")
    current = next((q for q in questions if q.question == wanted), questions[0])
    return render(
        request,
        "principles/themes.html",
        _context(
            workshop,
            questions=[(q, labels[q.question]) for q in questions],
            current=current,
            current_label=labels[current.question],
            editable=workshop.phase in SYNTHESIS_PHASES,
            before=workshop.phase in (Phase.LOBBY, Phase.REFLECT),
            assist=_assist_enabled(),
        ),
    )


def requested_k(request: AuthedHttpRequest) -> int | None:
    """The number of themes the facilitator asked for, or None for "let Vogter choose"."""
    raw = request.POST.get("k", "").strip()
    try:
        return int(raw) if raw else None
    except ValueError:
        raise ActionError(_("The number of themes must be a whole number."), field="k") from None


def _themes_url(workshop: Workshop, question: str = "") -> str:
    url = reverse("principles:themes", args=[workshop.organisation.code, workshop.code])
    return f"{url}?q={question}" if question else url


@login_required
@require_POST
def themes_suggest(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    question = request.POST.get("question", "")
    back = _themes_url(workshop, question)
    try:
        k = requested_k(request)
    except ActionError as error:
        return _refused(request, error, back)
    try:
        made = theme_actions.suggest_themes(
            request.user,
            workshop,
            question=question or None,
            k=k,
            replace=request.POST.get("replace") == "1",
        )
    except ActionError as error:
        return _refused(request, error, back)
    if not made:
        messages.info(request, _("Nothing new to suggest: every question with answers has themes."))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d theme suggested. It is a suggestion: rename, merge and move freely.",
                "%(n)d themes suggested. They are suggestions: rename, merge and move freely.",
                len(made),
            )
            % {"n": len(made)},
        )
    return redirect(back)


@login_required
@require_POST
def theme_rename(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme = _theme_in(workshop, theme_code)
    back = _themes_url(workshop, theme.question)
    try:
        theme_actions.rename_theme(request.user, theme, request.POST.get("label", ""))
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back, label=theme.label)


@login_required
@require_POST
def theme_merge(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme = _theme_in(workshop, theme_code)
    back = _themes_url(workshop, theme.question)
    try:
        into = _theme_in(workshop, request.POST.get("into", ""))
    except Http404:
        return _refused(request, ActionError(_("Choose a theme to merge into.")), back)
    try:
        theme_actions.merge_themes(request.user, theme, into)
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back)


@login_required
@require_POST
def theme_delete(
    request: AuthedHttpRequest, org: str, workshop_code: str, theme_code: str
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    theme = _theme_in(workshop, theme_code)
    back = _themes_url(workshop, theme.question)
    try:
        theme_actions.delete_theme(request.user, theme)
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back)


@login_required
@require_POST
def themes_move(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Move the chosen answers to a theme, out of every theme, or into a new theme."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    question = request.POST.get("question", "")
    back = _themes_url(workshop, question)
    answers = request.POST.getlist("answers")
    target = request.POST.get("theme", "")
    try:
        if target == "new":
            label = request.POST.get("label", "").strip() or _("New theme")
            theme = theme_actions.new_theme(request.user, workshop, question, label, answers)
            return _done(request, back, theme=theme.code)
        if target == "none":
            theme_actions.move_answers(request.user, workshop, answers, None)
            return _done(request, back)
        try:
            destination = _theme_in(workshop, target)
        except Http404:
            raise ActionError(_("Choose where the answers should go."), field="theme") from None
        theme_actions.move_answers(request.user, workshop, answers, destination)
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back, theme=target)


# --- Principles ---------------------------------------------------------------------


def _principle_form_data(request: AuthedHttpRequest) -> dict[str, Any]:
    return {
        "statement_da": request.POST.get("statement_da", ""),
        "statement_en": request.POST.get("statement_en", ""),
        "rationale": request.POST.get("rationale", ""),
        "theme_codes": request.POST.getlist("themes"),
        "answer_ids": request.POST.getlist("sources"),
    }


def _sources_context(workshop: Workshop) -> list[Any]:
    """Themes with their answers, to choose a principle's sources from."""
    labels = _question_labels(workshop)
    return [(labels[q.question], q) for q in themes_by_question(workshop) if q.themes]


@login_required
def principles_page(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principles = (
        Principle.objects.filter(workshop=workshop)
        .prefetch_related("themes", "sources")
        .order_by("withdrawn", "position", "id")
    )
    chosen_theme = request.GET.get("theme", "")
    form: dict[str, Any] = {
        "themes": [chosen_theme] if chosen_theme else [],
        "sources": [],
        # A wording taken from a suggestion, for a person to change and add.
        "statement_da": request.GET.get("statement_da", "")[:STATEMENT_MAX],
        "statement_en": request.GET.get("statement_en", "")[:STATEMENT_MAX],
    }
    if chosen_theme:
        theme = Theme.objects.filter(workshop=workshop, code=chosen_theme).first()
        if theme is not None:
            # Its quotes, or, for a theme people made, the answers the wall shows first.
            quotes = (
                theme.answers.filter(quote=True) or theme.answers.order_by("entry__shuffle")[:3]
            )
            form["sources"] = [str(a.entry_id) for a in quotes]
    if request.method == "POST":
        data = _principle_form_data(request)
        try:
            principle_actions.create_principle(request.user, workshop, **data)
        except ActionError as error:
            messages.error(request, str(error.message))
            form = {**data, "themes": data["theme_codes"], "sources": data["answer_ids"]}
        else:
            messages.success(request, _("The principle has been added."))
            return redirect("principles:principles", org, workshop_code)
    return render(
        request,
        "principles/principles.html",
        _context(
            workshop,
            principles=principles,
            sources=_sources_context(workshop),
            form=form,
            editable=workshop.phase in SYNTHESIS_PHASES,
            assist=_assist_enabled(),
        ),
    )


@login_required
def principle_page(
    request: AuthedHttpRequest, org: str, workshop_code: str, principle_code: str
) -> HttpResponse:
    """One principle: its wording and sources, and what it means at each level."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principle = _principle_in(workshop, principle_code)
    conflict = None
    form: dict[str, Any] | None = None
    if request.method == "POST" and request.POST.get("part") == "statement":
        data = _principle_form_data(request)
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            principle_actions.update_principle(
                request.user,
                principle,
                version=version,
                reason=request.POST.get("reason", ""),
                **data,
            )
        except ActionError as error:
            messages.error(request, str(error.message))
            if error.field == "version":
                conflict = data  # shown beside the version saved meanwhile
                principle.refresh_from_db()
            else:
                form = data
        else:
            messages.success(request, _("The principle has been saved."))
            return redirect("principles:principle", org, workshop_code, principle_code)
    elif request.method == "POST" and request.POST.get("part") == "cells":
        errors = _save_cells(request, principle)
        if not errors:
            messages.success(request, _("The levels have been saved."))
            return redirect("principles:principle", org, workshop_code, principle_code)
        for message in errors:
            messages.error(request, message)
    cells = {c.level: c for c in LevelCell.objects.filter(principle=principle)}
    levels = level_fields(cells, request.POST if request.POST.get("part") == "cells" else None)
    form = form or {
        "statement_da": principle.statement_da,
        "statement_en": principle.statement_en,
        "rationale": principle.rationale,
    }
    return render(
        request,
        "principles/principle.html",
        _context(
            workshop,
            principle=principle,
            form=form,
            conflict=conflict,
            chosen_themes={t.code for t in principle.themes.all()},
            chosen_sources={str(e.id) for e in principle.sources.all()},
            sources=_sources_context(workshop),
            levels=levels,
            editable=workshop.phase in SYNTHESIS_PHASES,
        ),
    )


def _save_cells(request: AuthedHttpRequest, principle: Principle) -> list[str]:
    """Save every level's cell; return the messages of those that were refused."""
    errors = []
    for level, (text, responsible, empty) in posted_cells(request.POST).items():
        try:
            principle_actions.set_cell(
                request.user,
                principle,
                level,
                text=text,
                responsible=responsible,
                empty_on_purpose=empty,
            )
        except ActionError as error:
            errors.append(f"{Level(level).label}: {error.message}")
    return errors


@login_required
@require_POST
def principle_withdraw(
    request: AuthedHttpRequest, org: str, workshop_code: str, principle_code: str
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principle = _principle_in(workshop, principle_code)
    back = reverse("principles:principles", args=[org, workshop_code])
    try:
        principle_actions.withdraw_principle(
            request.user, principle, request.POST.get("withdrawn", "1") == "1"
        )
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back)


@login_required
@require_POST
def principle_move(
    request: AuthedHttpRequest, org: str, workshop_code: str, principle_code: str
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    principle = _principle_in(workshop, principle_code)
    back = reverse("principles:principles", args=[org, workshop_code]) + f"#p-{principle_code}"
    try:
        principle_actions.move_principle(
            request.user, principle, -1 if request.POST.get("direction") == "up" else 1
        )
    except ActionError as error:
        return _refused(request, error, back)
    return _done(request, back)


@login_required
def matrix_page(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    coverage = level_matrix.coverage(workshop)
    return render(
        request,
        "principles/matrix.html",
        _context(
            workshop,
            rows=level_matrix.matrix(workshop),
            levels=LEVEL_ORDER,
            coverage=coverage,
            per_level=[(level, coverage["per_level"][level.value]) for level in LEVEL_ORDER],
        ),
    )
