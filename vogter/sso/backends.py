"""The two ways the sign-in policy takes part in authentication (docs/sso.md).

`OidcBackend` is mozilla-django-oidc's backend with the ID token checked in full: the library
verifies the signature (against the provider's JWKS) and the nonce but leaves the audience,
issuer and expiry to us. `LocalPasswordsOff` refuses a password for the people of an
organisation that switched local passwords off, before Django's ModelBackend looks at it.
"""

import hashlib
import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.sso import policy
from vogter.sso.actions import signin as signin_actions

logger = logging.getLogger(__name__)

# Clocks of provider and server may differ by this many seconds.
CLOCK_SKEW = 60
# The provider's signing keys are kept this long; a token signed with a key not among them
# (the provider rotated its keys) fetches them again at once.
JWKS_CACHE_SECONDS = 3600


class OidcBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not settings.VOGTER_OIDC_ENABLED:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The session's person, unless their account was closed since."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The key the token names (`kid`, and `alg` where the key says), from the provider's
        keys kept for an hour rather than fetched at every sign-in."""
        header = jwt.get_unverified_header(token)
        cache_key = "sso:jwks:" + hashlib.sha256(self.OIDC_OP_JWKS_ENDPOINT.encode()).hexdigest()
        keys = cache.get(cache_key)
        key = _matching_key(keys or [], header)
        if key is None:
            response = requests.get(
                self.OIDC_OP_JWKS_ENDPOINT,
                timeout=self.get_settings("OIDC_TIMEOUT", None),
                proxies=self.get_settings("OIDC_PROXY", None),
            )
            response.raise_for_status()
            keys = response.json().get("keys", [])
            cache.set(cache_key, keys, JWKS_CACHE_SECONDS)
            key = _matching_key(keys, header)
        if key is None:
            raise SuspiciousOperation("ID token refused: no key of the provider's matches (kid)")
        return jwt.PyJWK(key)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        key = self.retrieve_matching_jwk(token)
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.VOGTER_OIDC_ISSUER,
                leeway=CLOCK_SKEW,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token refused: issued to another party (azp)")
        if "nonce" in kwargs and payload.get("nonce") != kwargs["nonce"]:
            raise SuspiciousOperation("ID token refused: the nonce does not match")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo is about someone else (sub)")
        # Groups are often in the ID token only (Entra ID), names in the userinfo only.
        claims = {**payload, **userinfo}
        try:
            language = getattr(self.request, "LANGUAGE_CODE", None)
            return signin_actions.sign_in(claims, language=language)
        except ActionError as error:
            self.request.sso_refusal = error.message
            return None


def _matching_key(keys: list[dict[str, Any]], header: dict[str, Any]) -> dict[str, Any] | None:
    for key in keys:
        if key.get("kid") != header.get("kid"):
            continue
        if "alg" in key and key["alg"] != header.get("alg"):
            continue
        return key
    return None


class LocalPasswordsOff(ModelBackend):
    """Refuses passwords of people whose organisation signs in through the provider only.

    It is a ModelBackend only so that sessions it is named in (the first backend is the one
    `Client.force_login` names) find their person; it never lets a password in itself.

    Raising PermissionDenied stops Django's authenticate() before ModelBackend. Whether the
    clear message may be shown is decided without telling a stranger anything the login
    page does not already tell: by the address's domain at once, by membership only once
    the password was right (vogter/sso/middleware.py shows it).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not username or password is None:
            return None
        if policy.refused_at_once(username):
            if request is not None:
                request.sso_passwords_off = True  # type: ignore[attr-defined]
            raise PermissionDenied
        user = User.objects.filter(email__iexact=username.strip()).first()
        if user is None or not policy.passwords_off_for_user(user):
            return None
        if request is not None and user.check_password(password):
            request.sso_passwords_off = True  # type: ignore[attr-defined]
        raise PermissionDenied
