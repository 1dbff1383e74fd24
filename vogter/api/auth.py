"""Who an API request speaks for: a personal API token, or the browser's own session."""

from typing import Any

from django.http import HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from ninja.security import APIKeyCookie, HttpBearer

from vogter.api.actions import token_for_key


class TokenRefused(Exception):
    """A real token that may not do this: expired (401), or read-only asked to write (403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# What a read-only token may do: read.
READ_METHODS = {"GET", "HEAD"}


def user_for_token(request: HttpRequest, raw: str) -> Any:
    """The person a personal API token stands for, None for no such live token; raises
    TokenRefused for an expired token, or a read-only one on a request that writes."""
    found = token_for_key(raw)
    if found is None:
        return None
    user = found.user
    # LanguageMiddleware ran before the token was read: answer in the
    # person's own language here too, as pages and session requests do.
    translation.activate(user.language)
    request.LANGUAGE_CODE = user.language
    if found.has_expired(timezone.now()):
        raise TokenRefused(
            401,
            gettext("This API token expired on %(date)s. Create a new one on your settings page.")
            % {"date": formats.date_format(timezone.localtime(found.expires_at))},
        )
    if found.read_only and request.method not in READ_METHODS:
        raise TokenRefused(
            403,
            gettext(
                "This API token may only read. Use a token that is not read-only to make changes."
            ),
        )
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vgt_…` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(request, token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's own session (with CSRF), so pages can call the API too."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None
