"""The sign-in button and the way out, for the base layout and the login page."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vogter.sso import config


def sso(request: HttpRequest) -> dict[str, Any]:
    provider = config.provider()
    if provider is None:
        return {}
    signed_in_there = hasattr(request, "session") and "oidc_id_token" in request.session
    return {
        "sso": {
            "name": provider.name,
            "login_url": reverse("sso:login"),
            "logout_url": reverse("sso:logout") if signed_in_there else "",
        }
    }
