"""Reflection pages: a charter's rounds, schedule, trends and flags; a round's results and
actions, and closing it now; the phone check-in. The meeting view is in views_meeting.py."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from vogter.charters.models import Charter
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.models import Membership
from vogter.reflection import display, links, scales
from vogter.reflection.access import (
    get_charter_for_reflection,
    get_round_for_user,
    may_manage,
)
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import revisits as revisit_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.exports import REFLECTION_EXPORTS, export_round
from vogter.reflection.models import AIMS, Event, Kind, Link, Round
from vogter.reflection.results import results, trends
from vogter.reflection.rounds import (
    has_checked_in,
    is_open,
    is_over,
    may_check_in,
    open_actions,
    principles_of,
)


def _date(value: str, field: str = "date") -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise ActionError(_("Write the date as YYYY-MM-DD."), field=field) from None


def _whole(value: str, field: str) -> int | None:
    """A whole number from a form, or None where the field was left empty."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdecimal() or len(value) > 4:
        raise ActionError(_("Write a whole number."), field=field)
    return int(value)


EVENT_FIELDS = ("event", "description", "opens_on", "closes_on", "min_group_size")
SCHEDULE_FIELDS = ("every_months", "open_days", "next_opens_on", "min_group_size")


def _open_round(request: AuthedHttpRequest, charter: Charter) -> Round:
    posted = request.POST
    return round_actions.open_round(
        request.user,
        charter,
        kind=posted.get("kind", Kind.EVENT),
        event=posted.get("event", ""),
        description=posted.get("description", ""),
        opens_on=_date(posted.get("opens_on", ""), "opens_on"),
        closes_on=_date(posted.get("closes_on", ""), "closes_on"),
        min_group_size=_whole(posted.get("min_group_size", ""), "min_group_size"),
    )


def _set_schedule(request: AuthedHttpRequest, charter: Charter) -> None:
    posted = request.POST
    schedule_actions.set_schedule(
        request.user,
        charter,
        every_months=_whole(posted.get("every_months", ""), "every_months") or 3,
        open_days=_whole(posted.get("open_days", ""), "open_days") or 14,
        next_opens_on=_date(posted.get("next_opens_on", ""), "next_opens_on"),
        min_group_size=_own_size(posted, charter),
    )


def _own_size(posted: Any, charter: Charter) -> int | None:
    """The schedule's group size as chosen: the form shows the organisation's default, and
    leaving it there keeps "the organisation's default" (None), so that a later change of
    the organisation's applies to the rounds to come."""
    size = _whole(posted.get("min_group_size", ""), "min_group_size")
    return None if size == charter.organisation.min_group_size else size


def _round_state(reflection: Round, today: datetime.date) -> tuple[str, str]:
    """A round's state in the charter's list: (the badge's word, its CSS class)."""
    if reflection.closed:
        return _("closed early"), "accent"
    if is_over(reflection, today):
        return _("closed"), "accent"
    if reflection.opens_on > today:
        return _("not open yet"), ""
    return _("open"), ""


def _charter_forms(charter: Charter, today: datetime.date) -> dict[str, dict[str, Any]]:
    """The event round's and the schedule's forms as they first stand: today, the
    schedule saved, and the organisation's minimum group size."""
    schedule = getattr(charter, "schedule", None)
    default_size = round_actions.check_group_size(charter, None)
    return {
        "event_form": {
            "values": {
                "event": "",
                "description": "",
                "opens_on": today.isoformat(),
                "closes_on": "",
                "min_group_size": str(default_size),
            },
        },
        "schedule_form": {
            "values": {
                "every_months": str(schedule.every_months if schedule else 3),
                "open_days": str(schedule.open_days if schedule else 14),
                "next_opens_on": (schedule.next_opens_on if schedule else today).isoformat(),
                "min_group_size": str(
                    schedule.min_group_size
                    if schedule and schedule.min_group_size
                    else default_size
                ),
            },
        },
    }


@login_required
def charter_reflection(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, membership = get_charter_for_reflection(
        request.user, org, code, manage=request.method == "POST"
    )
    today = timezone.localdate()
    forms = _charter_forms(charter, today)
    if request.method == "POST":
        do = request.POST.get("do")
        try:
            if do == "schedule":
                _set_schedule(request, charter)
                messages.success(request, _("The schedule has been saved."))
            elif do == "revisit":
                workshop = revisit_actions.start_revisit(
                    request.user, charter, request.POST.get("principle", "")
                )
                messages.success(request, _("A revisit workshop has been made for the principle."))
                return redirect("workshops:detail", org, workshop.code)
            else:
                reflection = _open_round(request, charter)
                messages.success(request, _("The round is set up."))
                return redirect("reflection:round", org, reflection.code)
        except ActionError as error:
            if do == "revisit":
                messages.error(request, str(error.message))
                return redirect("reflection:charter", org, code)
            # The form again, as it was sent, with the reason beside it: nothing is lost.
            name, fields = (
                ("schedule_form", SCHEDULE_FIELDS)
                if do == "schedule"
                else ("event_form", EVENT_FIELDS)
            )
            forms[name] = {
                "values": {f: request.POST.get(f, "") for f in fields},
                "error": str(error.message),
                "field": error.field,
            }
            return _charter_page(request, charter, membership, forms, status=400)
        return redirect("reflection:charter", org, code)
    return _charter_page(request, charter, membership, forms)


def _charter_page(
    request: AuthedHttpRequest,
    charter: Charter,
    membership: Membership,
    forms: dict[str, dict[str, Any]],
    *,
    status: int = 200,
) -> HttpResponse:
    language = display.language_of(request)
    today = timezone.localdate()
    trend = display.trend_rows(trends(charter), language)
    rounds = [
        {"round": r, "state": _round_state(r, today)} for r in Round.objects.filter(charter=charter)
    ]
    return render(
        request,
        "reflection/charter.html",
        {
            "organisation": charter.organisation,
            "membership": membership,
            "charter": charter,
            "rounds": rounds,
            "today": today,
            "trend_rows": trend["principles"],
            "aims": trend["aims"],
            "round_labels": trend["labels"],
            "flags": trend["flags"],
            "open_actions": open_actions(charter),
            "events": Event.choices,
            "may_manage": may_manage(membership, charter.unit),
            "adopted": charter.versions.filter(status="adopted").exists(),
            **forms,
        },
        status=status,
    )


# The fields of a new action, kept as written when it is refused (round page, meeting view).
ACTION_FIELDS = ("description", "owner", "due_on")


def manage_round(request: AuthedHttpRequest, reflection: Round) -> str:
    """What a manager posted on a round's page or its meeting view: close it now, follow
    an action up, or agree a new one. Returns the confirmation; an ActionError says
    what is wrong."""
    posted = request.POST
    do = posted.get("do")
    if do == "close":
        if round_actions.close_round(request.user, reflection) is None:
            return _("The round had not opened yet: it is cancelled.")
        return _("The round is closed: no more check-ins are taken.")
    if do == "follow_up":
        wanted = posted.get("action", "")
        action = (
            reflection.actions.filter(pk=int(wanted)).first()
            if wanted.isdecimal() and len(wanted) < 10
            else None
        )
        if action is None:
            raise Http404
        agreed_actions.follow_up(
            request.user,
            action,
            done=posted.get("done") == "on",
            note=posted.get("note", ""),
        )
        return _("Saved.")
    agreed_actions.add_action(
        request.user,
        reflection,
        description=posted.get("description", ""),
        owner=posted.get("owner", ""),
        due_on=_date(posted.get("due_on", ""), "due_on"),
    )
    return _("The action is recorded.")


@login_required
def round_page(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    reflection, membership = get_round_for_user(
        request.user, org, code, manage=request.method == "POST"
    )
    action_form: dict[str, Any] = {"values": dict.fromkeys(ACTION_FIELDS, "")}
    status = 200
    if request.method == "POST":
        adding = request.POST.get("do") not in ("close", "follow_up")
        try:
            messages.success(request, manage_round(request, reflection))
        except ActionError as error:
            if not adding:
                messages.error(request, str(error.message))
                return redirect("reflection:round", org, code)
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
            return redirect("reflection:round", org, code)
    language = display.language_of(request)
    result = results(reflection)
    return render(
        request,
        "reflection/round.html",
        {
            "organisation": reflection.charter.organisation,
            "membership": membership,
            "charter": reflection.charter,
            "round": reflection,
            "result": result,
            "principle_rows": display.principle_rows(result, language),
            "aim_rows": display.aim_rows(result),
            "is_open": is_open(reflection),
            "is_over": is_over(reflection),
            "checked_in": has_checked_in(reflection, request.user),
            "may_check_in": may_check_in(reflection.charter, request.user),
            "may_manage": may_manage(membership, reflection.charter.unit),
            "earlier_actions": [
                a for a in open_actions(reflection.charter) if a.round_id != reflection.pk
            ],
            "action_form": action_form,
        },
        status=status,
    )


@login_required
def round_export(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    """The round's report (PDF) or results (CSV, XLSX), `?format=…&language=da|en`: the
    same figures as the page, withheld below the minimum group size."""
    reflection, _membership = get_round_for_user(request.user, org, code)
    fmt = request.GET.get("format", "pdf")
    language = request.GET.get("language", display.language_of(request))
    try:
        REFLECTION_EXPORTS.check(fmt, language)
    except ActionError as error:
        raise Http404 from error
    return file_response(export_round(request.user, reflection, fmt, language))


def _posted_answers(posted: Any, principles: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "principles": {
            p["code"]: (
                posted.get(f"score-{p['code']}", ""),
                posted.get(f"verdict-{p['code']}", ""),
            )
            for p in principles
        },
        "aims": {aim: posted.get(aim, "") for aim in AIMS},
        "changed": posted.get("changed", ""),
    }


def _checkin_page(
    request: HttpRequest,
    reflection: Round,
    *,
    posted: Any,
    done: bool,
    status: int = 200,
    via_link: bool = False,
) -> HttpResponse:
    language = display.language_of(request)  # type: ignore[arg-type]
    rows = [
        {
            "code": p["code"],
            "sentence": display.sentence(p, language),
            "score": posted.get(f"score-{p['code']}", "") if posted else "",
            "verdict": posted.get(f"verdict-{p['code']}", "") if posted else "",
        }
        for p in principles_of(reflection)
    ]
    aim_labels = display.aim_labels()
    return render(
        request,
        "reflection/checkin.html",
        {
            "round": reflection,
            "charter": reflection.charter,
            "organisation": reflection.charter.organisation,
            "rows": rows,
            "aims": [(aim, aim_labels[aim], posted.get(aim, "") if posted else "") for aim in AIMS],
            "changed": posted.get("changed", "") if posted else "",
            "verdicts": list(scales.VERDICTS.items()),
            "scores": scales.choices(scales.PRINCIPLE),
            "aim_scores": scales.choices(scales.AIM),
            "is_open": is_open(reflection),
            "done": done,
            "via_link": via_link,
        },
        status=status,
    )


@never_cache
@login_required
def checkin(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The phone check-in: under three minutes, anonymous, once per person per round."""
    reflection = Round.objects.select_related("charter__organisation").filter(code=code).first()
    if reflection is None or not may_check_in(reflection.charter, request.user):
        raise Http404
    posted = request.POST if request.method == "POST" else None
    status = 200
    if posted is not None and has_checked_in(reflection, request.user):
        # A second tap, a retry from a flaky phone, or a stale tab: the first is kept.
        messages.info(request, _("You have already checked in to this round."))
        return redirect("reflection:checkin", code)
    if posted is not None:
        try:
            checkin_actions.check_in(
                request.user, reflection, **_posted_answers(posted, principles_of(reflection))
            )
        except ActionError as error:
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Thank you: your check-in is in, without your name."))
            return redirect("reflection:checkin", code)
    return _checkin_page(
        request,
        reflection,
        posted=posted,
        done=has_checked_in(reflection, request.user),
        status=status,
    )


def _speak_their_language(request: HttpRequest, link: Link) -> None:
    """A link opened on a phone that has not chosen a language speaks the one its person
    chose (their account's, or the one they asked to be mailed in)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    chosen = (
        link.contact.language
        if link.contact is not None
        else link.membership.user.language
        if link.membership is not None
        else ""
    )
    if chosen in dict(settings.LANGUAGES):
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen


@never_cache
def link_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The check-in through a personal link (a mail or a slip's QR code): no account, no
    login, once per link. Every unknown token gets the same 404."""
    link = links.find(token)
    if link is None:
        raise Http404
    reflection = link.round
    _speak_their_language(request, link)
    posted = request.POST if request.method == "POST" else None
    status = 200
    if posted is not None and not link.used:
        try:
            checkin_actions.check_in_with_link(
                link, **_posted_answers(posted, principles_of(reflection))
            )
        except ActionError as error:
            link.refresh_from_db(fields=["used"])
            if link.used:  # two taps at once: the other one went in
                return redirect("reflection:link", token)
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Thank you: your check-in is in, without your name."))
            return redirect("reflection:link", token)
    link.refresh_from_db(fields=["used"])
    return _checkin_page(
        request, reflection, posted=posted, done=link.used, status=status, via_link=True
    )
