"""The optional language model's suggestions on the theme wall and the principles page
(docs/llm.md): a grouping of the answers, names for themes, wordings for principles. Each
is shown with what was sent, and a person accepts it, or not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vogter.lib.errors import ActionError, record
from vogter.lib.http import AuthedHttpRequest
from vogter.llm import assist
from vogter.llm.client import AssistantUnavailable
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import Theme
from vogter.principles.themes import theme_entries, themes_by_question
from vogter.principles.views import (
    _context,
    _question_labels,
    _refused,
    _themes_url,
    requested_k,
)
from vogter.workshops.access import get_workshop_for_user


def _assist_unavailable(request: AuthedHttpRequest, error: Exception, back: str) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(back)


@login_required
@require_POST
def themes_assist(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Ask the configured language model for theme names; a person accepts each one."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    question = request.POST.get("question", "")
    back = _themes_url(workshop, question)
    current = next((q for q in themes_by_question(workshop) if q.question == question), None)
    if current is None or not current.themes:
        return _refused(request, ActionError(_("There are no themes to name yet.")), back)
    language = translation.get_language() or workshop.language
    try:
        suggestion = assist.name_themes(
            [[e.text for e in view.answers] for view in current.themes],
            _question_labels(workshop)[question],
            language,
        )
    except AssistantUnavailable as error:
        return _assist_unavailable(request, error, back)
    record(
        request.user,
        workshop.organisation,
        "assist.name_themes",
        workshop.code,
        question=question,
        model=suggestion.model,
        replaced=suggestion.replaced,
    )
    return render(
        request,
        "principles/assist_themes.html",
        _context(
            workshop,
            question=question,
            rows=[
                (view.theme, label)
                for view, label in zip(current.themes, suggestion.items, strict=False)
            ],
            suggestion=suggestion,
            sent=_sent_text(suggestion.sent_messages),
        ),
    )


@login_required
@require_POST
def themes_group(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Ask the configured language model how the answers group; a person accepts the
    grouping (edited or not) on the page this renders, or goes back to the wall."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    question = request.POST.get("question", "")
    back = _themes_url(workshop, question)
    try:
        k = requested_k(request)
    except ActionError as error:
        return _refused(request, error, back)
    language = "en" if translation.get_language() == "en" else "da"
    try:
        proposal = theme_actions.propose_grouping(
            request.user, workshop, question, language=language, k=k
        )
    except ActionError as error:
        return _refused(request, error, back)
    texts = {str(e.id): e.text for e in theme_entries(workshop, question)}
    return render(
        request,
        "principles/assist_grouping.html",
        _context(
            workshop,
            question=question,
            question_label=_question_labels(workshop)[question],
            proposal=proposal,
            groups=[
                (theme.label, " ".join(theme.answer_ids), [texts[a] for a in theme.answer_ids])
                for theme in proposal.themes
            ],
            replace=Theme.objects.filter(workshop=workshop, question=question).exists(),
            suggestion=proposal.grouping,
            sent=_sent_text(proposal.grouping.sent_messages) if proposal.grouping else "",
        ),
    )


@login_required
@require_POST
def themes_group_accept(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Put the grouping the facilitator accepted on the wall as suggested themes."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    question = request.POST.get("question", "")
    back = _themes_url(workshop, question)
    try:
        count = min(int(request.POST.get("groups", "0")), 30)
    except ValueError:
        count = 0
    groups = [
        (request.POST.get(f"label-{n}", ""), request.POST.get(f"answers-{n}", "").split())
        for n in range(count)
        if request.POST.get(f"keep-{n}", "1") == "1"
    ]
    try:
        made = theme_actions.accept_grouping(
            request.user, workshop, question, groups, replace=request.POST.get("replace") == "1"
        )
    except ActionError as error:
        return _refused(request, error, back)
    messages.success(
        request,
        ngettext(
            "%(n)d theme placed on the wall. It is a suggestion: rename, merge and move freely.",
            "%(n)d themes placed on the wall. They are suggestions: rename, merge and move freely.",
            len(made),
        )
        % {"n": len(made)},
    )
    return redirect(back)


def _sent_text(sent: list[dict[str, str]]) -> str:
    return "\n\n".join(f"[{m.get('role', '')}]\n{m.get('content', '')}" for m in sent)


@login_required
@require_POST
def principles_assist(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Ask the configured language model for principle wordings drawn from the themes."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    back = reverse("principles:principles", args=[org, workshop_code])
    themes = [
        (view.theme.label, [e.text for e in view.quotes])
        for q in themes_by_question(workshop)
        for view in q.themes
    ]
    if not themes:
        return _refused(request, ActionError(_("There are no themes to draw from yet.")), back)
    language = "en" if translation.get_language() == "en" else "da"
    try:
        suggestion = assist.suggest_principles(themes, language)
    except AssistantUnavailable as error:
        return _assist_unavailable(request, error, back)
    record(
        request.user,
        workshop.organisation,
        "assist.suggest_principles",
        workshop.code,
        model=suggestion.model,
        replaced=suggestion.replaced,
    )
    return render(
        request,
        "principles/assist_principles.html",
        _context(
            workshop,
            language=language,
            items=suggestion.items,
            suggestion=suggestion,
            sent=_sent_text(suggestion.sent_messages),
        ),
    )
