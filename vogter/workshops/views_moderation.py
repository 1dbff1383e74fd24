"""The facilitator's check before the room sees it: the answers held back because they
look like they hold personal data, and the decision on each (docs/workshops.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from vogter.lib.http import AuthedHttpRequest
from vogter.workshops import moderation
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.actions import moderation as moderation_actions
from vogter.workshops.actions.moderation import Decision
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Entry, Workshop

KIND_LABELS = {
    "cpr": pgettext_lazy("personal data found", "CPR number"),
    "email": pgettext_lazy("personal data found", "e-mail address"),
    "phone": pgettext_lazy("personal data found", "phone number"),
    "name": pgettext_lazy("personal data found", "name"),
}


@login_required
def check(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    language = request.LANGUAGE_CODE
    cards = [
        {
            "card": card,
            "question": getattr(FIELDS_BY_KEY[card.field], "da" if language == "da" else "en"),
            "kinds": [KIND_LABELS[kind] for kind in card.kinds],
            "pieces": [(piece.text, KIND_LABELS.get(piece.kind, "")) for piece in card.pieces],
        }
        for card in moderation.held_cards(workshop)
    ]
    return render(
        request,
        "workshops/check.html",
        {
            "organisation": workshop.organisation,
            "workshop": workshop,
            "cards": cards,
            "decisions": Decision,
        },
    )


DONE = {
    Decision.BLANK: gettext_lazy("What was found was removed from the answer."),
    Decision.HIDE: gettext_lazy("The answer is hidden."),
    Decision.SHOW: gettext_lazy("The answer will be shown as written."),
}


@login_required
@require_POST
def decide(request: AuthedHttpRequest, org: str, workshop_code: str, card: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    entry = _entry_in(workshop, card)
    try:
        decision = Decision(request.POST.get("decision", ""))
    except ValueError:
        return HttpResponse(_("Choose what to do with the answer."), status=400)
    moderation_actions.moderate_entry(request.user, entry, decision)
    messages.success(request, str(DONE[decision]))
    return redirect("workshops:check", org, workshop_code)


def _entry_in(workshop: Workshop, card: str) -> Entry:
    try:
        return Entry.objects.select_related("sheet__workshop__organisation").get(
            id=card, sheet__workshop=workshop
        )
    except (Entry.DoesNotExist, ValidationError):
        raise Http404 from None
