"""The audit page: an organisation's log, filtered, a page at a time, and its download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from vogter.audit.access import get_audit_scope
from vogter.audit.exporters import AUDIT_EXPORTS, export_audit
from vogter.audit.labels import LABELS
from vogter.audit.log import Filters, ordered, rows
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.models import Unit

PER_PAGE = 50


@login_required
@require_GET
def log(request: AuthedHttpRequest, org: str) -> HttpResponse:
    scope = get_audit_scope(request.user, org)
    error = None
    try:
        filters = Filters.from_query(request.GET)
    except ActionError as refusal:
        filters, error = Filters(), refusal
    page = Paginator(ordered(filters.apply(scope.entries())), PER_PAGE).get_page(
        request.GET.get("page")
    )
    units = Unit.objects.filter(organisation=scope.organisation)
    if scope.units is not None:
        units = units.filter(pk__in=scope.units)
    return render(
        request,
        "audit/log.html",
        {
            "organisation": scope.organisation,
            "membership": scope.membership,
            "scope": scope,
            "page": page,
            "rows": rows(scope.organisation, page.object_list),
            "filters": filters,
            "error": error,
            "units": units.order_by("name"),
            "actions": sorted(
                ((code, str(name)) for code, name in LABELS.items() if scope.shows(code)),
                key=_second,
            ),
            "formats": AUDIT_EXPORTS.formats,
        },
    )


def _second(pair: tuple[str, str]) -> str:
    return pair[1].lower()


@login_required
@require_GET
def export(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """The filtered log as a file, `?format=csv|json` and the page's filters."""
    scope = get_audit_scope(request.user, org)
    fmt = request.GET.get("format", "csv")
    language = "en" if translation.get_language() == "en" else "da"
    try:
        filters = Filters.from_query(request.GET)
        return file_response(export_audit(request.user, scope, filters, fmt, language))
    except ActionError as error:
        raise Http404 from error
