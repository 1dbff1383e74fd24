"""The organisation overview for its admins: every unit's charters and reflection, and the
principles that recur across units. Above charters and reflection, so it sits here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_membership_for_user
from vogter.reflection.overview import recurring_principles, root_units, unit_rows


@login_required
def organisation_overview(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """For the organisation's admins: the unit tree's charters and reflection (through the
    roll-up of each top unit) and the principles that recur across units."""
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    return render(
        request,
        "reflection/overview.html",
        {
            "organisation": organisation,
            "membership": membership,
            "roots": root_units(organisation),
            "rows": unit_rows(organisation),
            "today": timezone.localdate(),
            "recurring": recurring_principles(
                organisation, "en" if translation.get_language() == "en" else "da"
            ),
        },
    )
