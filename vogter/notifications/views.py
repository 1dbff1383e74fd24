"""The person's notification settings: a switch for each kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vogter.lib.http import AuthedHttpRequest
from vogter.notifications import actions
from vogter.notifications.kinds import EXPLAINED, Kind
from vogter.notifications.preferences import settings_for


@login_required
def notification_settings(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = set(request.POST.getlist("kinds"))
        actions.set_preferences(
            request.user, request.user, {kind: kind in chosen for kind in Kind.values}
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    current = settings_for(request.user)
    kinds = [
        {"value": kind.value, "label": kind.label, "help": EXPLAINED[kind], "on": current[kind]}
        for kind in Kind
    ]
    return render(request, "notifications/settings.html", {"kinds": kinds})
