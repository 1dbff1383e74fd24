"""The pages for a request that went wrong: 400, 403, 404 and 500, in the site's look.

Django calls these for any view that raises (`handler400` … in `vogter/urls.py`,
`CSRF_FAILURE_VIEW` for a refused form). The API and SCIM keep answering in JSON, as
their clients expect. A participant's page (under /j/) gets a page without the site's
account links, pointing back to the join code. The 500 page is rendered without the
request's context: whatever broke may be the database, and the context would ask it
for the signed-in person.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext

from vogter.front.context_processors import participant_page

_MACHINE_PREFIXES = ("/api/", "/scim/")


def _for_machines(request: HttpRequest) -> bool:
    return request.path.startswith(_MACHINE_PREFIXES)


def _page(request: HttpRequest, status: int, detail: str, *, bare: bool = False) -> HttpResponse:
    if _for_machines(request):
        return JsonResponse({"detail": detail}, status=status)
    if bare:
        context = {"participant_page": participant_page(request), "bare": True}
        page = loader.render_to_string(f"errors/{status}.html", context)
    else:
        page = loader.render_to_string(f"errors/{status}.html", {}, request)
    return HttpResponse(page, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, gettext("Bad request."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, gettext("You do not have the role this needs."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Bare, like the 500 page: "missing" and "not yours" must be the same bytes whoever
    # asks (the tenant-isolation tests compare them), so no name and no session token.
    return _page(request, 404, gettext("Not found."), bare=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that has been open too long, or with cookies blocked."""
    if _for_machines(request):
        return JsonResponse({"detail": gettext("The form has expired.")}, status=403)
    context = {"back_url": request.path}
    return HttpResponse(loader.render_to_string("errors/csrf.html", context, request), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _for_machines(request):
        return JsonResponse({"detail": gettext("Something went wrong on our side.")}, status=500)
    # No request: no context processors, so no database and no signed-in person.
    context = {"participant_page": participant_page(request), "bare": True}
    return HttpResponse(loader.render_to_string("errors/500.html", context), status=500)
