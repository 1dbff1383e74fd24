"""The page behind the link in every reminder to a workshop contact: stop the reminders.
No login; the token is the credential, and every wrong one gets the same 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from vogter.reflection import reminders
from vogter.reflection.actions import schedules as schedule_actions


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
