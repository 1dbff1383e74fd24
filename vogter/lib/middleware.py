"""Middleware of our own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render

from vogter.lib.throttle import Throttled


def refuse_nul(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Middleware: a page address with a NUL character (%00) is refused before any view
    reads it; PostgreSQL cannot even compare such a text, and no code of ours contains one.
    The API refuses it itself, in JSON and naming the field."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return get_response(request)  # the API answers in JSON itself (vogter/api_root.py)
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


class ThrottledMiddleware:
    """A view that refused a client for asking too often (`Throttled`, vogter/lib/throttle.py)
    answers 429 with Retry-After: JSON for scripts (the autosave, event streams), the
    message on a page otherwise. The API answers in JSON itself (vogter/api_root.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, Throttled):
            return None
        response: HttpResponse
        if _wants_json(request):
            response = JsonResponse({"detail": str(exc.message)}, status=429)
        else:
            response = render(request, "429.html", {"message": exc.message}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept or request.path.rstrip("/").endswith(("/save", "/events"))
