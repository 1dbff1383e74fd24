"""The agreement round: the facilitator opens, closes and reveals it; each participant gives
a choice for every draft principle, once, on the phone, and sees the results once revealed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.principles import results
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.agreement import current_round, has_voted, round_in
from vogter.principles.models import AgreementRound, Choice
from vogter.principles.results import round_results
from vogter.principles.views import _context
from vogter.workshops.access import (
    get_workshop_by_join_code,
    get_workshop_for_user,
    sheet_for_request,
)
from vogter.workshops.language import participant_language
from vogter.workshops.models import Phase

# --- The facilitator's side ----------------------------------------------------------


@login_required
def agreement_page(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    rounds = list(AgreementRound.objects.filter(workshop=workshop).order_by("-number"))
    return render(
        request,
        "principles/agreement.html",
        _context(
            workshop,
            rounds=[(r, results.round_results(r)) for r in rounds],
            can_open=workshop.phase == Phase.AGREEMENT,
            choices=Choice.choices,
        ),
    )


@login_required
@require_POST
def agreement_open(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    try:
        agreement = agreement_actions.open_round(
            request.user, workshop, open_count=request.POST.get("open_count") == "1"
        )
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Round %(n)d is open: participants see it on their phones now.")
            % {"n": agreement.number},
        )
    return redirect("principles:agreement", org, workshop_code)


@login_required
@require_POST
def agreement_close(
    request: AuthedHttpRequest, org: str, workshop_code: str, number: int
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    agreement_actions.close_round(request.user, round_in(workshop, number))
    return redirect("principles:agreement", org, workshop_code)


@login_required
@require_POST
def agreement_reveal(
    request: AuthedHttpRequest, org: str, workshop_code: str, number: int
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    agreement_actions.reveal_round(
        request.user, round_in(workshop, number), request.POST.get("revealed", "1") == "1"
    )
    return redirect("principles:agreement", org, workshop_code)


# --- The participant's side ----------------------------------------------------------


@never_cache
def agreement(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    language = participant_language(request, workshop)
    sheet = sheet_for_request(request, workshop)
    if sheet is None:
        return redirect("workshops:join", workshop.join_code)
    current = current_round(workshop)
    items = list(current.items.select_related("principle")) if current else []
    posted: dict[str, tuple[str, str]] = {}
    status = 200
    if request.method == "POST" and current is not None:
        for item in items:
            code = item.principle.code
            choice = request.POST.get(f"choice-{code}", "")
            if choice:
                posted[code] = (choice, request.POST.get(f"comment-{code}", ""))
        try:
            agreement_actions.cast_ballot(sheet, current, posted)
        except ActionError as error:
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Thank you: your choices are in."))
            return redirect("principles:participant_agreement", workshop.join_code)
    rows = [
        {
            "code": item.principle.code,
            "sentence": item.sentence(language),
            "lang": item.sentence_language(language),
            "choice": posted.get(item.principle.code, ("", ""))[0],
            "comment": posted.get(item.principle.code, ("", ""))[1],
        }
        for item in items
    ]
    results = round_results(current) if current and current.revealed else None
    return render(
        request,
        "principles/participant_agreement.html",
        {
            "workshop": workshop,
            "round": current,
            "rows": rows,
            "choices": Choice.choices,
            "voted": current is not None and has_voted(current, sheet),
            "results": results,
            "language": language,
        },
        status=status,
    )


@never_cache
def propose(request: HttpRequest, join_code: str) -> HttpResponse:
    """A participant drafts a principle from the phone (when the workshop allows it)."""
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    sheet = sheet_for_request(request, workshop)
    if sheet is None:
        return redirect("workshops:join", workshop.join_code)
    form = {"statement_da": "", "statement_en": "", "rationale": ""}
    status = 200
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        try:
            principle_actions.propose_principle(sheet, **form)
        except ActionError as error:
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Thank you: your proposal is with the facilitator."))
            return redirect("principles:propose", workshop.join_code)
    return render(
        request,
        "principles/participant_propose.html",
        {
            "workshop": workshop,
            "form": form,
            "open": workshop.participants_propose and workshop.phase == "principles",
        },
        status=status,
    )


# --- The projector ---------------------------------------------------------------------


def _bar(counts: dict[str, int | None]) -> list[dict[str, object]] | None:
    """The stacked bar of one principle: agree, disagree, pass as shares of the ballots.
    Only where every count may be shown (results.py decided which); else None, and the
    band says it in words."""
    if any(n is None for n in counts.values()):
        return None
    total = sum(n or 0 for n in counts.values())
    if not total:
        return None
    x, bar = 0.0, list[dict[str, object]]()
    for choice, label in Choice.choices:
        width = 100 * (counts[choice] or 0) / total
        bar.append({"choice": choice, "label": label, "count": counts[choice], "x": x, "w": width})
        x += width
    return bar


@login_required
def agreement_present(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """The latest round for the presenter view, as a fragment it fetches when a round
    opens, closes, is revealed or gets a ballot: how many have voted, and once the
    facilitator reveals it, the results as results.py lets them through, as bars."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    agreement = current_round(workshop)
    result = round_results(agreement) if agreement is not None else None
    if result is not None and agreement is not None and agreement.revealed:
        for row in result["principles"]:
            row["bar"] = _bar(row["counts"])
    return render(
        request,
        "principles/_present_agreement.html",
        {
            "workshop": workshop,
            "organisation": workshop.organisation,
            "round": agreement,
            "results": result,
            "choices": Choice.choices,
        },
    )
