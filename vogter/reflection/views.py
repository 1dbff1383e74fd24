"""Reflection pages: a charter's rounds, schedule, trends and flags; a round's results and
actions; the phone check-in."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from vogter.charters.document import statement_in
from vogter.disclosure.scores import ScoreFigure
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection import charts, links
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
from vogter.reflection.exports import REFLECTION_EXPORTS
from vogter.reflection.models import AIMS, Event, Kind, Round, Verdict
from vogter.reflection.results import results, trends
from vogter.reflection.rounds import (
    has_checked_in,
    is_open,
    may_check_in,
    open_actions,
    principles_of,
)


def _aim_labels() -> dict[str, str]:
    return {
        "productivity": _("Productivity"),
        "wellbeing": _("Well-being"),
        "meaningfulness": _("Meaningfulness"),
    }


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise ActionError(_("Write the date as YYYY-MM-DD."), field="date") from None


def _sentence(principle: dict[str, Any], language: str) -> str:
    return statement_in(principle, language)[1]  # type: ignore[arg-type]


def _language(request: AuthedHttpRequest) -> str:
    return "en" if request.LANGUAGE_CODE == "en" else "da"


@login_required
def charter_reflection(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, membership = get_charter_for_reflection(
        request.user, org, code, manage=request.method == "POST"
    )
    if request.method == "POST":
        try:
            if request.POST.get("do") == "schedule":
                schedule_actions.set_schedule(
                    request.user,
                    charter,
                    every_months=int(request.POST.get("every_months") or 3),
                    open_days=int(request.POST.get("open_days") or 14),
                    next_opens_on=_date(request.POST.get("next_opens_on", "")),
                )
                messages.success(request, _("The schedule has been saved."))
            elif request.POST.get("do") == "revisit":
                workshop = revisit_actions.start_revisit(
                    request.user, charter, request.POST.get("principle", "")
                )
                messages.success(request, _("A revisit workshop has been made for the principle."))
                return redirect("workshops:detail", org, workshop.code)
            else:
                reflection = round_actions.open_round(
                    request.user,
                    charter,
                    kind=request.POST.get("kind", Kind.EVENT),
                    event=request.POST.get("event", ""),
                    description=request.POST.get("description", ""),
                    opens_on=_date(request.POST.get("opens_on", "")),
                    closes_on=_date(request.POST.get("closes_on", "")),
                )
                messages.success(request, _("The round is set up."))
                return redirect("reflection:round", org, reflection.code)
        except (ActionError, ValueError) as error:
            messages.error(request, str(getattr(error, "message", _("Check the numbers."))))
        return redirect("reflection:charter", org, code)
    language = _language(request)
    trend = trends(charter)
    labels = [r.closes_on.isoformat() for r in trend["rounds"]]
    rows = []
    for row in trend["principles"]:
        sentence = _sentence(row["principle"], language) if row["principle"] else row["code"]
        rows.append(
            {
                "sentence": sentence,
                "means": row["means"],
                "chart": charts.trend(row["means"], labels, sentence),
            }
        )
    aim_labels = _aim_labels()
    aims = [
        {
            "label": aim_labels[aim],
            "means": trend["aims"][aim],
            "chart": charts.trend(trend["aims"][aim], labels, aim_labels[aim]),
        }
        for aim in AIMS
    ]
    schedule = getattr(charter, "schedule", None)
    return render(
        request,
        "reflection/charter.html",
        {
            "organisation": charter.organisation,
            "membership": membership,
            "charter": charter,
            "rounds": Round.objects.filter(charter=charter),
            "today": timezone.localdate(),
            "trend_rows": rows,
            "aims": aims,
            "round_labels": labels,
            "flags": [
                {
                    **flag,
                    "sentence": _sentence(flag["principle"], language)
                    if flag["principle"]
                    else flag["code"],
                }
                for flag in trend["flags"]
            ],
            "open_actions": open_actions(charter),
            "schedule": schedule,
            "events": Event.choices,
            "may_manage": may_manage(membership, charter.unit),
            "adopted": charter.versions.filter(status="adopted").exists(),
        },
    )


@login_required
def round_page(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    reflection, membership = get_round_for_user(
        request.user, org, code, manage=request.method == "POST"
    )
    if request.method == "POST":
        try:
            if request.POST.get("do") == "follow_up":
                wanted = request.POST.get("action", "")
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
                    done=request.POST.get("done") == "on",
                    note=request.POST.get("note", ""),
                )
            else:
                agreed_actions.add_action(
                    request.user,
                    reflection,
                    description=request.POST.get("description", ""),
                    owner=request.POST.get("owner", ""),
                    due_on=_date(request.POST.get("due_on", "")),
                )
            messages.success(request, _("Saved."))
        except ActionError as error:
            messages.error(request, str(error.message))
        return redirect("reflection:round", org, code)
    language = _language(request)
    result = results(reflection)
    aim_labels = _aim_labels()
    principle_rows = [
        {
            **row,
            "sentence": _sentence(row["principle"], language),
            "chart": _chart(row["score"], _sentence(row["principle"], language)),
        }
        for row in result["principles"]
    ]
    aim_rows = [
        {
            "label": aim_labels[aim],
            "figure": result["aims"][aim],
            "chart": _chart(result["aims"][aim], aim_labels[aim]),
        }
        for aim in (AIMS if result["aims"] else ())
    ]
    return render(
        request,
        "reflection/round.html",
        {
            "organisation": reflection.charter.organisation,
            "membership": membership,
            "charter": reflection.charter,
            "round": reflection,
            "result": result,
            "principle_rows": principle_rows,
            "aim_rows": aim_rows,
            "verdicts": Verdict.choices,
            "is_open": is_open(reflection),
            "checked_in": has_checked_in(reflection, request.user),
            "may_check_in": may_check_in(reflection.charter, request.user),
            "may_manage": may_manage(membership, reflection.charter.unit),
            "earlier_actions": [
                a for a in open_actions(reflection.charter) if a.round_id != reflection.pk
            ],
        },
    )


def _chart(figure: ScoreFigure, label: str) -> SafeString | None:
    """Bars only where every count is shown: a bar left out would look like a zero."""
    shown = figure.distribution
    if shown is None or any(v is None for v in shown.values()):
        return None
    return charts.distribution({k: v or 0 for k, v in shown.items()}, label)


@login_required
def round_export(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    """The round's report (PDF) or results (CSV, XLSX), `?format=…&language=da|en`: the
    same figures as the page, withheld below the minimum group size."""
    reflection, _membership = get_round_for_user(request.user, org, code)
    fmt = request.GET.get("format", "pdf")
    language = request.GET.get("language", _language(request))
    try:
        REFLECTION_EXPORTS.check(fmt, language)
    except ActionError as error:
        raise Http404 from error
    return file_response(REFLECTION_EXPORTS.export(reflection, fmt, language))


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
    language = _language(request)  # type: ignore[arg-type]
    rows = [
        {
            "code": p["code"],
            "sentence": _sentence(p, language),
            "score": posted.get(f"score-{p['code']}", "") if posted else "",
            "verdict": posted.get(f"verdict-{p['code']}", "") if posted else "",
        }
        for p in principles_of(reflection)
    ]
    aim_labels = _aim_labels()
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
            "verdicts": Verdict.choices,
            "scores": ["1", "2", "3", "4", "5"],
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


@never_cache
def link_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The check-in through a personal link (a mail or a slip's QR code): no account, no
    login, once per link. Every unknown token gets the same 404."""
    link = links.find(token)
    if link is None:
        raise Http404
    reflection = link.round
    posted = request.POST if request.method == "POST" else None
    status = 200
    if posted is not None and not link.used:
        try:
            checkin_actions.check_in_with_link(
                link, **_posted_answers(posted, principles_of(reflection))
            )
        except ActionError as error:
            messages.error(request, str(error.message))
            status = 400
        else:
            messages.success(request, _("Thank you: your check-in is in, without your name."))
            return redirect("reflection:link", token)
    link.refresh_from_db(fields=["used"])
    return _checkin_page(
        request, reflection, posted=posted, done=link.used, status=status, via_link=True
    )
