"""The presenter view: the board for the projector, with no site navigation, large type,
the join code and QR code while people join, counts (never who), the phase and its
timer, one card at a time after the reveal, and keyboard shortcuts. It reads the same
snapshot and live stream as the board (board.py, board_events); its buttons post to the
same actions as the control screen. See docs/workshops.md."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.workshops import board, timer
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import timer as timer_actions
from vogter.workshops.kit import QUESTIONS
from vogter.workshops.models import PHASE_ORDER, Phase
from vogter.workshops.views import join_url, qr_svg


@login_required
def present(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    state = board.snapshot(workshop)
    index = PHASE_ORDER.index(Phase(workshop.phase))
    return render(
        request,
        "workshops/present.html",
        {
            "organisation": workshop.organisation,
            "workshop": workshop,
            "qr": qr_svg(join_url(request, workshop)),
            "questions": QUESTIONS,
            "phases": PHASE_ORDER,
            "next_phase": PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None,
            "state": state,
            "release_every_ms": int(board_actions.RELEASE_CHECK_SECONDS * 1000),
        },
    )


@login_required
@require_POST
def control_timer(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """Start, pause, resume or add a minute; JSON for the presenter view's script."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    try:
        state = timer_actions.control_timer(request.user, workshop, request.POST.get("command", ""))
    except ActionError as error:
        if request.headers.get("accept") == "application/json":
            return JsonResponse({"detail": str(error.message)}, status=400)
        messages.error(request, str(error.message))
    else:
        if request.headers.get("accept") == "application/json":
            return JsonResponse(state)
    if request.POST.get("next") == "present":
        return redirect("workshops:present", org, workshop_code)
    return redirect("workshops:detail", org, workshop_code)


@login_required
@require_POST
def timings(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    """The minutes of each phase, from the control screen's form."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    minutes: dict[str, int] = {}
    for phase in timer.TIMED_PHASES:
        value = request.POST.get(f"minutes-{phase}", "").strip()
        if value:
            minutes[phase] = int(value) if value.isdigit() else 0
    try:
        timer_actions.set_phase_minutes(request.user, workshop, minutes)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The phase timings have been saved."))
    return redirect("workshops:detail", org, workshop_code)
