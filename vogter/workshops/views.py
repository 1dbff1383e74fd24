"""The facilitator's pages: workshops of an organisation, the control screen, the board."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vogter import live
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user
from vogter.workshops import board, channels, removing, timer
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.forms import WorkshopForm
from vogter.workshops.kit import QUESTIONS
from vogter.workshops.models import PHASE_ORDER, Entry, Phase, Workshop, written_sheets


def join_url(request: HttpRequest, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))


def qr_svg(url: str) -> str:
    """An SVG QR code, made here (no service), scaled by CSS."""
    svg: str = segno.make(url, error="m").svg_inline(border=2, dark="#102a30", omitsize=True)
    return svg


@login_required
def workshop_list(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES)
    organisation = membership.organisation
    form = WorkshopForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_actions.create_workshop(
                request.user, organisation, **form.cleaned_data
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request, _("The workshop is ready. Show the join code when you start.")
            )
            return redirect("workshops:detail", org, workshop.code)
    workshops = Workshop.objects.filter(organisation=organisation).select_related("unit")
    return render(
        request,
        "workshops/list.html",
        {
            "organisation": organisation,
            "membership": membership,
            "workshops": workshops,
            "form": form,
        },
    )


@login_required
def detail(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    membership = get_membership_for_user(request.user, org)
    url = join_url(request, workshop)
    index = PHASE_ORDER.index(Phase(workshop.phase))
    return render(
        request,
        "workshops/detail.html",
        {
            "organisation": workshop.organisation,
            "membership": membership,
            "workshop": workshop,
            "join_url": url,
            "qr": qr_svg(url),
            "phases": [(p, i < index, i == index) for i, p in enumerate(PHASE_ORDER)],
            "previous_phase": PHASE_ORDER[index - 1] if index > 0 else None,
            "next_phase": PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None,
            "counts": board.counts(workshop),
            "empty_sheets": workshop.sheets.count() - written_sheets(workshop).count(),
            "held": board.held_count(workshop),
            "timings": timer.plan(workshop),
            "timer": timer.state(workshop),
        },
    )


@login_required
def edit(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    membership = get_membership_for_user(request.user, org)
    initial: dict[str, Any] = {
        "title": workshop.title,
        "unit": workshop.unit.code if workshop.unit else None,
        "date": workshop.date,
        "language": workshop.language,
        "anonymous": workshop.anonymous,
        "require_login": workshop.require_login,
        "min_group_size": workshop.min_group_size,
        "participants_propose": workshop.participants_propose,
        "per_sheet_export": workshop.per_sheet_export,
    }
    form = WorkshopForm(request.POST or None, organisation=workshop.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workshop_actions.update_workshop(request.user, workshop, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The workshop has been saved."))
            return redirect("workshops:detail", org, workshop_code)
    return render(
        request,
        "workshops/edit.html",
        {
            "organisation": workshop.organisation,
            "membership": membership,
            "workshop": workshop,
            "form": form,
        },
    )


def _back_to(request: HttpRequest, org: str, workshop_code: str) -> HttpResponse:
    if request.POST.get("next") == "board":
        return redirect("workshops:board", org, workshop_code)
    if request.POST.get("next") == "present":
        return redirect("workshops:present", org, workshop_code)
    return redirect("workshops:detail", org, workshop_code)


@login_required
@require_POST
def set_phase(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    try:
        workshop_actions.set_phase(request.user, workshop, request.POST.get("phase", ""))
    except ActionError as error:
        messages.error(request, str(error.message))
    return _back_to(request, org, workshop_code)


@login_required
@require_POST
def reveal(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    workshop_actions.reveal_answers(request.user, workshop, request.POST.get("revealed") == "1")
    return _back_to(request, org, workshop_code)


@login_required
@require_POST
def hide_card(request: AuthedHttpRequest, org: str, workshop_code: str, card: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    entry = _card_in(workshop, card)
    board_actions.hide_entry(request.user, entry, request.POST.get("hidden", "1") == "1")
    if request.headers.get("accept") == "application/json":
        return JsonResponse(board.card_event(entry, workshop.answers_revealed))
    return redirect("workshops:board", org, workshop_code)


@login_required
@require_POST
def remove_empty_sheets(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    removed = removing.remove_empty_sheets(request.user, workshop)
    messages.success(
        request,
        ngettext(
            "%(count)d empty sheet was removed.", "%(count)d empty sheets were removed.", removed
        )
        % {"count": removed},
    )
    return redirect("workshops:detail", org, workshop_code)


@login_required
def remove_card_sheet(
    request: AuthedHttpRequest, org: str, workshop_code: str, card: str
) -> HttpResponse:
    """Asks first (a GET changes nothing), then removes the sheet the card came from."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    entry = _card_in(workshop, card)
    error = None
    if request.method == "POST":
        try:
            removing.remove_card_sheet(request.user, entry)
        except ActionError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("The sheet was removed, and its cards with it."))
            return redirect("workshops:board", org, workshop_code)
    return render(
        request,
        "workshops/remove_sheet.html",
        {
            "organisation": workshop.organisation,
            "workshop": workshop,
            "card": board.card_event(entry, workshop.answers_revealed),
            "error": error,
        },
        status=400 if error else 200,
    )


def _card_in(workshop: Workshop, card: str) -> Entry:
    try:
        return Entry.objects.select_related("sheet__workshop__organisation").get(
            id=card, sheet__workshop=workshop
        )
    except (Entry.DoesNotExist, ValidationError):
        raise Http404 from None


@login_required
def board_page(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    url = join_url(request, workshop)
    return render(
        request,
        "workshops/board.html",
        {
            "organisation": workshop.organisation,
            "workshop": workshop,
            "join_url": url,
            "qr": qr_svg(url),
            "questions": QUESTIONS,
            "phases": PHASE_ORDER,
            "state": board.snapshot(workshop),
            "release_every_ms": int(board_actions.RELEASE_CHECK_SECONDS * 1000),
        },
    )


@login_required
def board_state(request: AuthedHttpRequest, org: str, workshop_code: str) -> JsonResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    board_actions.release_due(workshop)
    return JsonResponse(board.snapshot(workshop))


@login_required
@require_POST
def board_release(request: AuthedHttpRequest, org: str, workshop_code: str) -> JsonResponse:
    """An open board asks every few seconds whether a batch of finished answers is due;
    the batch itself comes to every open board as one `cards` event."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return JsonResponse({"released": board_actions.release_due(workshop)})


@login_required
def board_overview(request: AuthedHttpRequest, org: str, workshop_code: str) -> JsonResponse:
    return JsonResponse(board.overview(get_workshop_for_user(request.user, org, workshop_code)))


@login_required
def board_events(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponseBase:
    workshop = get_workshop_for_user(request.user, org, workshop_code)

    def snapshot() -> tuple[str, dict[str, Any]]:
        board_actions.release_due(workshop)
        return "snapshot", board.snapshot(workshop)

    return live.event_stream(request, channels.board_channel(workshop), snapshot=snapshot)
