"""Pages for the people reflection reaches without an account: the card on a workshop
participant's phone ("Would you like to be asked again?"), a plain form that works without
JavaScript, which the sheet and the outcome pages include (templatetags/reflection.py); and
the page behind the link in every reminder to such a contact, to stop the reminders (no
login: the token is the credential, and every wrong one gets the same 404)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from vogter.lib import throttle
from vogter.lib.errors import ActionError
from vogter.lib.throttle import Rate
from vogter.reflection import reminders
from vogter.reflection.actions import contacts as contact_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.contacts import ASKED_AGE, ASKED_COOKIE, asked_path, offer
from vogter.workshops.access import get_workshop_by_join_code, sheet_for_request
from vogter.workshops.language import participant_language

# Per client address: a room behind one network may all say yes within the hour; a script
# signing strangers up is stopped.
ASKS = Rate(60, 60 * 60)
# The same whether the address was there already or not.
THANKS = gettext_lazy(
    "Thank you. When your unit reflects on the charter, we will send you a personal link."
)
BACK = {"sheet": "workshops:sheet", "outcome": "charters:outcome"}


@never_cache
def ask_again(request: HttpRequest, join_code: str) -> HttpResponse:
    workshop = get_workshop_by_join_code(join_code, request)
    language = participant_language(request, workshop)
    sheet = sheet_for_request(request, workshop)
    if sheet is None:
        return redirect("workshops:join", workshop.join_code)
    if workshop.unit_id is None:
        raise Http404
    back = request.POST.get("back") or request.GET.get("back")
    back = back if back in BACK else "sheet"
    asked = bool(request.COOKIES.get(ASKED_COOKIE))
    if not asked and not offer(request, workshop, sheet):
        return redirect(BACK[back], workshop.join_code)
    email, chosen, error, wait = "", language, "", 0.0
    if request.method == "POST" and not asked:
        email = request.POST.get("email", "")[:1000]
        chosen = request.POST.get("language", "")
        chosen = chosen if chosen in contact_actions.LANGUAGES else language
        wait = throttle.count("ask-again", throttle.client_key(request), ASKS)
        try:
            if wait:
                raise ActionError(_("Too many attempts. Wait a few minutes and try again."))
            contact_actions.ask_again(workshop, email, chosen)
        except ActionError as exc:
            error = str(exc.message)
        else:
            messages.success(request, THANKS)
            done = redirect(BACK[back], workshop.join_code)
            done.set_cookie(
                ASKED_COOKIE,
                "1",
                max_age=ASKED_AGE,
                path=asked_path(workshop),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return done
    response = render(
        request,
        "reflection/ask_again.html",
        {
            "workshop": workshop,
            "asked": asked,
            "email": email,
            "chosen": chosen,
            "error": error,
            "back": back,
            "back_url": BACK[back],
            "thanks": THANKS,
        },
        status=429 if wait else 400 if error else 200,
    )
    if wait:
        response["Retry-After"] = str(throttle.retry_after(wait))
    return response


@never_cache
def stop_reminders(request: HttpRequest, token: str) -> HttpResponse:
    """Asks first (a mail scanner that follows links must not unsubscribe anyone), then
    deletes the address."""
    contact = reminders.find_contact(token)
    if contact is None:
        raise Http404
    organisation = contact.unit.organisation
    if request.method == "POST":
        schedule_actions.stop_reminders(contact)
        return render(
            request, "reflection/stop_reminders.html", {"organisation": organisation, "done": True}
        )
    return render(
        request,
        "reflection/stop_reminders.html",
        {"organisation": organisation, "email": contact.email, "done": False},
    )
