"""The participant's pages: join with a code, fill in the worksheet, come back later.

No account is needed (unless the organisation asks for one). The browser keeps
the sheet's secret token in a cookie; nothing about the person is stored.
"""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vogter import live
from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.lib.throttle import Throttled
from vogter.organisations.retention import answers_deleted_on
from vogter.workshops import channels, limits, removing, runner, timer
from vogter.workshops.access import (
    cookie_name,
    get_workshop_by_join_code,
    sheet_for_request,
    sheet_for_resume_code,
    sheet_for_token,
)
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.forms import JoinCodeForm, ResumeForm
from vogter.workshops.kit import FIELDS, STEP_1_TITLE
from vogter.workshops.language import participant_language
from vogter.workshops.models import Sheet, Workshop

SHEET_COOKIE_AGE = 60 * 60 * 24 * 60  # two months: long enough to come back after the workshop


def _set_sheet_cookie(response: HttpResponse, workshop: Workshop, token: str) -> None:
    response.set_cookie(
        cookie_name(workshop),
        token,
        max_age=SHEET_COOKIE_AGE,
        path=f"/j/{workshop.join_code}/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def per_sheet_notice(workshop: Workshop, language: str) -> list[dict[str, str]]:
    """What a participant is told, before writing, in a workshop whose answers may be
    exported sheet by sheet: in their language first, then in the other one, so nobody
    misses it for the language. Empty in every other workshop."""
    if not workshop.per_sheet_export:
        return []
    notice = []
    for lang in (language, "en" if language == "da" else "da"):
        with translation.override(lang):
            title = _("Your answers may be exported sheet by sheet")
            if workshop.anonymous:
                body = _(
                    "The facilitator may export the answers one sheet at a time: your "
                    "profession, your AI use case and your answers to the five questions "
                    "together in one row. Your name is not in it, but a profession that few "
                    "others have can show who wrote the row."
                )
            else:
                body = _(
                    "The facilitator may export the answers one sheet at a time: your "
                    "profession, your AI use case and your answers to the five questions "
                    "together in one row, with your e-mail address."
                )
        notice.append({"lang": lang, "title": title, "body": body})
    return notice


def deletion_notice(workshop: Workshop, language: str) -> str:
    """ "Your answers are deleted on 7 December 2027.", where the organisation has a
    retention policy (docs/retention.md); "" where it keeps them."""
    day = answers_deleted_on(workshop.organisation, workshop.date)
    if day is None:
        return ""
    with translation.override(language):
        spoken = dateformat.format(day, pgettext("export date format", "j F Y"))
        return _("Your answers are deleted on %(date)s.") % {"date": spoken}


def enter_code(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST or request.GET or None)
    refused: Throttled | None = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["join_code"].replace(" ", "").replace("-", "").upper()
        try:
            workshop = get_workshop_by_join_code(code, request)
        except Http404:
            form.add_error(
                "join_code", _("There is no workshop with that code. Check it and try again.")
            )
        except Throttled as exc:
            refused = exc
            form.add_error("join_code", exc.message)
        else:
            return redirect("workshops:join", workshop.join_code)
    response = render(request, "workshops/enter_code.html", {"form": form})
    return _too_many(response, refused) if refused else response


def _too_many(response: HttpResponse, refused: Throttled) -> HttpResponse:
    """The page as it is, with the message in it, answered as 429 with Retry-After."""
    response.status_code = 429
    response["Retry-After"] = str(refused.retry_after)
    return response


def _join(request: HttpRequest, workshop: Workshop) -> sheet_actions.Joined:
    """Counted against the limits, then joined: on a database thread, like the
    participants' saves (the counters may be in the database cache)."""
    limits.count_join(request, workshop)
    return sheet_actions.join(workshop, request.user if isinstance(request.user, User) else None)


@never_cache
def join(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    if workshop.join_code != join_code:
        return redirect("workshops:join", workshop.join_code)
    language = participant_language(request, workshop)
    if sheet_for_request(request, workshop) is not None:
        return redirect("workshops:sheet", workshop.join_code)
    # A key this browser still holds, for a sheet the facilitator has removed: say so.
    removed = removing.was_removed(request.COOKIES.get(cookie_name(workshop)))
    error = None
    refused: Throttled | None = None
    if request.method == "POST":
        try:
            limits.refuse_blocked(request)
            # On a database thread, like the participants' saves: a room joins at once.
            joined = runner.run(_join, request, workshop)
        except ActionError as exc:
            error = str(exc.message)
        except Throttled as exc:
            refused, error = exc, str(exc.message)
        else:
            to_sheet = redirect("workshops:sheet", workshop.join_code)
            _set_sheet_cookie(to_sheet, workshop, joined.token)
            return to_sheet
    response = render(
        request,
        "workshops/join.html",
        {
            "workshop": workshop,
            "error": error,
            "removed": removed and not error,
            "resume_form": ResumeForm(),
            "per_sheet_notice": per_sheet_notice(workshop, language),
            "deletion_notice": deletion_notice(workshop, language),
        },
        status=400 if error else 200,
    )
    if removed:
        response.delete_cookie(cookie_name(workshop), path=f"/j/{workshop.join_code}/")
    return _too_many(response, refused) if refused else response


def _fields(sheet: Sheet, language: str) -> list[dict[str, Any]]:
    stored = {e.field: e for e in sheet.entries.all()}
    return [
        {
            "key": f.key,
            "label": f.label(language),
            "other_label": f.label("en" if language == "da" else "da"),
            "text": stored[f.key].text if f.key in stored else "",
            "seq": stored[f.key].seq if f.key in stored else 0,
            "max_length": f.max_length,
            "is_question": f.is_question,
            "number": f.number,
        }
        for f in FIELDS
    ]


@never_cache
def sheet(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    language = participant_language(request, workshop)
    the_sheet = sheet_for_request(request, workshop)
    if the_sheet is None:
        return redirect("workshops:join", workshop.join_code)
    errors: dict[str, str] = {}
    confirm_submit: dict[str, int] | None = None
    if request.method == "POST":
        posted = request.POST.dict()
        confirm_submit = _ask_before_submitting(the_sheet, posted)
        if confirm_submit:
            del posted["submit"]  # saved, not handed in, until the person says so
        errors = runner.run(_save_posted, the_sheet, posted)
        if not errors and not confirm_submit:
            return redirect("workshops:sheet", workshop.join_code)
    fields = _fields(the_sheet, language)
    for field_data in fields:
        if field_data["key"] in errors:
            field_data["error"] = errors[field_data["key"]]
            field_data["text"] = request.POST.get(field_data["key"], "")
    token = request.COOKIES.get(cookie_name(workshop), "")
    return render(
        request,
        "workshops/sheet.html",
        {
            "workshop": workshop,
            "sheet": the_sheet,
            "fields": fields,
            "title": STEP_1_TITLE[language],
            "resume_url": request.build_absolute_uri(
                reverse("workshops:resume_link", args=[workshop.join_code, token])
            ),
            "errors": errors,
            "confirm_submit": None if errors else confirm_submit,
            "per_sheet_notice": per_sheet_notice(workshop, language),
            "deletion_notice": deletion_notice(workshop, language),
        },
        status=400 if errors else 200,
    )


def _ask_before_submitting(the_sheet: Sheet, posted: dict[str, str]) -> dict[str, int] | None:
    """A sheet handed in with fewer than half its fields filled gets a question first
    ("You have only filled in 2 of 7 fields. Submit anyway?"), never a refusal: an empty
    answer is the person's right. Asked once: "Submit anyway" posts `submit=anyway`."""
    if posted.get("submit") != "1" or the_sheet.submitted:
        return None
    filled = sum(1 for field in FIELDS if posted.get(field.key, "").strip())
    if filled * 2 >= len(FIELDS):
        return None
    return {"filled": filled, "total": len(FIELDS)}


def _save_posted(the_sheet: Sheet, posted: dict[str, str]) -> dict[str, str]:
    """A whole posted sheet (without JavaScript, or the button that hands it in): every
    field is saved on its own, so one field that is too long loses nothing of the
    others. A posted sheet is a finished one (the person pressed a button). The errors
    by field; handed in only without any. On a database thread, like every other write
    of the participants (vogter/workshops/runner.py)."""
    errors: dict[str, str] = {}
    stored = {e.field: e.seq for e in the_sheet.entries.all()}
    for field in FIELDS:
        if field.key not in posted:
            continue
        try:
            sheet_actions.save_entry(
                the_sheet, field.key, posted[field.key], stored.get(field.key, 0) + 1, final=True
            )
        except ActionError as exc:
            errors[field.key] = str(exc.message)
    if not errors and "submit" in posted:
        sheet_actions.submit_sheet(the_sheet)
    return errors


def _json_error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": message, **extra}, status=status)


@require_POST
def save(request: HttpRequest, join_code: str) -> JsonResponse:
    """Autosave of one field, from the worksheet's script. Idempotent by `seq`.

    `final: true` when the person has finished the field (left it, paused, submitted):
    only then may the text go to the board (sheet_actions.autosave).

    Like the API's saves, the work runs on the process's database threads
    (vogter/workshops/runner.py): a workshop's phones save every few seconds.
    """
    return runner.run(_save, request, join_code)


def _save(request: HttpRequest, join_code: str) -> JsonResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    the_sheet = sheet_for_request(request, workshop)
    if the_sheet is None:
        if removing.was_removed(request.COOKIES.get(cookie_name(workshop))):
            return _json_error(str(removing.REMOVED_MESSAGE), 410)
        return _json_error(_("This sheet cannot be found on this device any more."), 403)
    try:
        body = json.loads(request.body)
        field, text, seq = str(body["field"]), str(body["text"]), int(body["seq"])
        final = body.get("final", False)
        if not isinstance(final, bool):
            raise TypeError
    except (ValueError, KeyError, TypeError, AttributeError):
        return _json_error(_("The request could not be read."), 400)
    try:
        result = sheet_actions.autosave(the_sheet, field, text, seq, final=final)
    except ActionError as exc:
        return _json_error(str(exc.message), 409 if exc.field == "phase" else 400, field=field)
    return JsonResponse({"field": field, "seq": result.entry.seq, "saved": result.saved})


@require_POST
def submit(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    the_sheet = sheet_for_request(request, workshop)
    if the_sheet is None:
        return redirect("workshops:join", workshop.join_code)
    try:
        runner.run(sheet_actions.submit_sheet, the_sheet, request.POST.get("submitted", "1") == "1")
    except ActionError as exc:
        messages.error(request, str(exc.message))
    return redirect("workshops:sheet", workshop.join_code)


@never_cache
def resume_link(request: HttpRequest, join_code: str, token: str) -> HttpResponse:
    """The private link moves the sheet to this device, after asking.

    Opening the link changes nothing (chat apps open links to preview them). Moving
    gives the sheet new keys, so a link someone else sent you cannot be used to read
    what you then write on it: whoever sent it loses access when you continue.
    """
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    found = sheet_for_token(workshop, token)
    if found is None:
        return render(request, "workshops/resume_gone.html", {"workshop": workshop}, status=404)
    if request.method != "POST":
        return render(request, "workshops/resume_confirm.html", {"workshop": workshop})
    joined = sheet_actions.new_secrets(found)
    response = HttpResponseRedirect(reverse("workshops:sheet", args=[workshop.join_code]))
    _set_sheet_cookie(response, workshop, joined.token)
    return response


@never_cache
def resume_code(request: HttpRequest, join_code: str) -> HttpResponse:
    """Typing the short code moves the sheet to this device (the old device's key stops)."""
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = sheet_for_resume_code(workshop, form.cleaned_data["code"])
        if found is None:
            form.add_error("code", _("That code does not match a sheet in this workshop."))
        else:
            joined = sheet_actions.new_secrets(found)
            response = redirect("workshops:sheet", workshop.join_code)
            _set_sheet_cookie(response, workshop, joined.token)
            return response
    return render(request, "workshops/resume.html", {"workshop": workshop, "form": form})


@require_POST
@never_cache
def new_resume_code(request: HttpRequest, join_code: str) -> HttpResponse:
    """Show a fresh short code for moving to another device."""
    workshop = get_workshop_by_join_code(join_code, request)
    participant_language(request, workshop)
    the_sheet = sheet_for_request(request, workshop)
    if the_sheet is None:
        return redirect("workshops:join", workshop.join_code)
    code = sheet_actions.new_resume_code(the_sheet)
    return render(
        request,
        "workshops/resume_code.html",
        {"workshop": workshop, "code": f"{code[:5]}-{code[5:]}"},
    )


def events(request: HttpRequest, join_code: str) -> HttpResponseBase:
    workshop = get_workshop_by_join_code(join_code, request)

    def phase_now() -> tuple[str, dict[str, Any]]:
        workshop.refresh_from_db(fields=list(timer.FIELDS))
        return "phase", {
            "phase": workshop.phase,
            "editable": workshop.is_editable,
            "timer": timer.state(workshop),
        }

    return live.event_stream(request, channels.participants_channel(workshop), snapshot=phase_now)
