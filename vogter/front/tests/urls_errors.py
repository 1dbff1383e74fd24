"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from vogter.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _raise(exception: Exception):  # type: ignore[no-untyped-def]
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        raise exception

    return view


urlpatterns = [
    path("broken/", _raise(RuntimeError("on purpose"))),
    path("bad/", _raise(BadRequest("on purpose"))),
    path("forbidden/", _raise(PermissionDenied())),
    path("j/<str:code>/broken/", _raise(RuntimeError("on purpose"))),
    path("api/broken/", _raise(RuntimeError("on purpose"))),
    *urlpatterns,
]
