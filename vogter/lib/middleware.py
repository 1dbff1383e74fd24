"""Middleware of our own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


def refuse_nul(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Middleware: a page address with a NUL character (%00) is refused before any view
    reads it; PostgreSQL cannot even compare such a text, and no code of ours contains one.
    The API refuses it itself, in JSON and naming the field."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return get_response(request)  # the API answers in JSON itself (api/main.py)
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in value for values in request.GET.lists() for value in values[1])
        ):
            return HttpResponseBadRequest(
                "Bad request: the address holds a NUL character.", content_type="text/plain"
            )
        return get_response(request)

    return middleware
