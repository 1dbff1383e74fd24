"""A round in the meeting that follows it: for the projector, large and readable from the
back of the room. The same figures as the round's page (results.results, as
vogter/disclosure let them through), the charter's trend up to this round, the flags, and
the actions beside them, with a form to agree a new one there and then."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection import display
from vogter.reflection.access import get_round_for_user, may_manage
from vogter.reflection.models import Round
from vogter.reflection.results import results, trends
from vogter.reflection.rounds import is_over, open_actions
from vogter.reflection.views import ACTION_FIELDS, manage_round

# The trend shows this many closed rounds, up to the one on the screen.
TREND_ROUNDS = 6


def _trend(reflection: Round, language: str) -> dict[str, Any]:
    """The charter's trend over its last closed rounds up to this one; its flags only
    where this round is the latest (a flag is about the latest round)."""
    trend = trends(reflection.charter)
    ids = [r.pk for r in trend["rounds"]]
    end = ids.index(reflection.pk) + 1 if reflection.pk in ids else len(ids)
    shown = display.trend_rows(trend, language, rounds=slice(max(0, end - TREND_ROUNDS), end))
    if end != len(ids):
        shown["flags"] = []
    return shown


@login_required
def meeting(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    reflection, membership = get_round_for_user(
        request.user, org, code, manage=request.method == "POST"
    )
    action_form: dict[str, Any] = {"values": dict.fromkeys(ACTION_FIELDS, "")}
    status = 200
    if request.method == "POST":
        closing = request.POST.get("do") == "close"
        try:
            messages.success(request, manage_round(request, reflection))
        except ActionError as error:
            if closing:
                messages.error(request, str(error.message))
                return redirect("reflection:meeting", org, code)
            # The action as it was written, with the reason beside it: nothing is lost.
            action_form = {
                "values": {f: request.POST.get(f, "") for f in ACTION_FIELDS},
                "error": str(error.message),
                "field": error.field,
            }
            status = 400
        else:
            if not Round.objects.filter(pk=reflection.pk).exists():  # a planned round, cancelled
                return redirect("reflection:charter", org, reflection.charter.code)
            url = reverse("reflection:meeting", args=[org, code])
            return redirect(url if closing else f"{url}#actions")
    language = display.language_of(request)
    result = results(reflection)
    over = is_over(reflection)
    return render(
        request,
        "reflection/meeting.html",
        {
            "organisation": reflection.charter.organisation,
            "charter": reflection.charter,
            "round": reflection,
            "result": result,
            "principle_rows": display.principle_rows(result, language),
            "aim_rows": display.aim_rows(result),
            "trend": _trend(reflection, language) if over else None,
            "is_over": over,
            "may_manage": may_manage(membership, reflection.charter.unit),
            "actions": list(reflection.actions.all()),
            "earlier_actions": [
                a for a in open_actions(reflection.charter) if a.round_id != reflection.pk
            ],
            "action_form": action_form,
        },
        status=status,
    )
