"""The AI-literacy record for an organisation's admins: a page, or the file as CSV or PDF.
It reads workshops, charters and reflection rounds, so it sits with reflection."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation

from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_membership_for_user
from vogter.reflection.literacy import LITERACY_EXPORTS, record_for


@login_required
def literacy(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """The AI-literacy record (facts only), as a page, CSV or PDF, for the organisation's admins."""
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    language = request.GET.get("language", "en" if translation.get_language() == "en" else "da")
    if language not in LITERACY_EXPORTS.choices:
        raise Http404
    record = record_for(organisation, language)
    fmt = request.GET.get("format", "")
    if fmt in LITERACY_EXPORTS.formats:
        return file_response(LITERACY_EXPORTS.export(record, fmt, language))
    return render(
        request,
        "reflection/literacy.html",
        {"organisation": organisation, "membership": membership, "record": record},
    )
