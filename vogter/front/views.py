import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from vogter.organisations.access import memberships_for_user

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_for_user(request.user)) if request.user.is_authenticated else []
    return render(request, "front/home.html", {"memberships": memberships})


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the reason goes to the log
        logger.exception("Health check: the database is not answering")
        return "down"
    return "ok"


def _redis_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        cache.set("vogter:healthz", "1", timeout=5)
        if cache.get("vogter:healthz") != "1":
            return "down"
    except Exception:
        logger.exception("Health check: Redis is not answering")
        return "down"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when everything configured answers, 503 when something is down."""
    checks = {"database": _database_state(), "redis": _redis_state()}
    healthy = all(state != "down" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503
    )
