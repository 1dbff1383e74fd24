"""Limits that stop attackers, not colleagues (docs/security.md).

Many people share one office address, so logging in is limited first **per account**:
after ``LOGIN_FREE_ATTEMPTS`` failures in a row, each further attempt at that account must
wait 1, 2, 4 … seconds after the last failure, at most ``LOGIN_MAX_DELAY``; a successful
login starts afresh. Guessing one person's password becomes slow, and nobody else at the
same address notices. Beside it a loose **per-address** ceiling counts failed logins only,
which an office never reaches but a client trying stolen passwords across many accounts
does. The account is whatever was typed: an unknown address is delayed exactly like a
real one, so the limit tells nobody which accounts exist.

A stranger who knows someone's address could keep that account waiting for ever, so a
browser that has logged in to the account before (it holds a signed **device cookie**
for it, OWASP's "device cookies") counts its failures apart: the owner's own browser is
never made to wait by someone else's guessing, only by its own.

django-ratelimit (already a dependency) keeps the per-address counters; it counts in fixed
windows, which cannot express a delay that doubles and ends on success, so those few lines
are here. Everything lives in the shared cache (Redis when configured, else the database
cache), so several server processes hold the same limits. The cache keys carry a
fingerprint of the typed address, never the address itself.
"""

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

# Our login page and Django admin's share one set of counters, so the admin's form is no
# way around the limit.
LOGIN_ADDRESS_GROUP = "vogter.accounts.login-address"
SIGNUP_GROUP = "vogter.accounts.signup"
RESET_GROUP = "vogter.accounts.password-reset"
RESET_ADDRESS_GROUP = "vogter.accounts.password-reset-address"
# A failed account is forgotten a day after its last failure.
_FORGET_AFTER = 24 * 60 * 60


def now() -> float:
    """The clock of every limit here; tests move it instead of sleeping."""
    return time.time()


@dataclass(frozen=True)
class Refusal:
    """Not now: try again in ``retry_after`` seconds (at least 1). ``per_account`` when
    the account tried is waiting, else the client's address is over its ceiling."""

    retry_after: int
    per_account: bool = False


def normalise(identifier: str) -> str:
    # As LoginForm and the user manager do: changing the case buys no extra attempts.
    return identifier.strip().lower()


def _fingerprint(identifier: str) -> str:
    return hashlib.sha256(normalise(identifier).encode()).hexdigest()


def _account_key(identifier: str, device: str | None = None) -> str:
    key = f"vogter.login-failures.{_fingerprint(identifier)}"
    return f"{key}.device.{device}" if device else key


DEVICE_COOKIE = "vogter_device"
_DEVICE_SALT = "vogter.accounts.limits.device"
DEVICE_MAX_AGE = 180 * 24 * 60 * 60


def device_cookie(identifier: str) -> str:
    """The signed value that marks this browser as one the account has logged in from."""
    return signing.dumps(
        {"a": _fingerprint(identifier), "d": secrets.token_hex(8)}, salt=_DEVICE_SALT
    )


def known_device(request: HttpRequest | None, identifier: str) -> str | None:
    """This browser's device id, if it has logged in to this account before."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "") if request is not None else ""
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("a") != _fingerprint(identifier):
        return None
    return str(value.get("d") or "") or None


def _delay(failures: int) -> int:
    """Seconds the next attempt must wait after this many failures in a row."""
    over = failures - settings.LOGIN_FREE_ATTEMPTS
    if over < 0:
        return 0
    return int(min(2 ** min(over, 30), settings.LOGIN_MAX_DELAY))


def _address_usage(request: HttpRequest, group: str, rate: str, increment: bool) -> Refusal | None:
    usage: dict[str, Any] | None = get_usage(
        request, group=group, key="ip", rate=rate, increment=increment
    )
    if not usage:
        return None
    # Counting this attempt, it may be the limit-th; only asking, the limit is used up.
    if usage["count"] > usage["limit"] or (not increment and usage["count"] >= usage["limit"]):
        return Refusal(max(1, int(usage["time_left"])))
    return None


def login_refusal(request: HttpRequest, identifier: str) -> Refusal | None:
    """Whether an attempt to log in as ``identifier`` must wait; asked before the password
    is even looked at. The failures themselves are counted by the receivers below."""
    refusal = _address_usage(
        request, LOGIN_ADDRESS_GROUP, settings.LOGIN_ADDRESS_RATE_LIMIT, increment=False
    )
    if refusal:
        return refusal
    return account_refusal(identifier, known_device(request, identifier))


def account_refusal(identifier: str, device: str | None = None) -> Refusal | None:
    key = _account_key(identifier, device)
    state = cache.get(key)
    if not state:
        return None
    failures, last = state
    delay = _delay(failures)
    if delay == 0:
        return None
    wait = last + delay - now()
    if wait > 0:
        return Refusal(math.ceil(wait), per_account=True)
    # The wait has earned one attempt, not one per request sent at the same moment:
    # whoever claims it first goes ahead, the rest wait as if it had failed.
    claim = f"{key}.{failures}.{last}"
    if cache.add(claim, now(), _FORGET_AFTER):
        return None
    wait = (cache.get(claim) or 0) + _delay(failures + 1) - now()
    if wait > 0:
        return Refusal(math.ceil(wait), per_account=True)
    # The claimed attempt came to nothing (say, a person without access to the admin):
    # after as long again, another may go ahead.
    cache.set(claim, now(), _FORGET_AFTER)
    return None


def account_failed(identifier: str, device: str | None = None) -> None:
    key = _account_key(identifier, device)
    state = cache.get(key)
    failures = state[0] if state else 0
    cache.set(key, (failures + 1, now()), _FORGET_AFTER)


def account_succeeded(identifier: str, device: str | None = None) -> None:
    cache.delete_many(
        [_account_key(identifier)] + ([_account_key(identifier, device)] if device else [])
    )


@receiver(user_login_failed, dispatch_uid="vogter.accounts.limits.login_failed")
def _login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    identifier = str(credentials.get("username") or credentials.get("email") or "")
    if identifier:
        account_failed(identifier, known_device(request, identifier))
    if request is not None:
        _address_usage(
            request, LOGIN_ADDRESS_GROUP, settings.LOGIN_ADDRESS_RATE_LIMIT, increment=True
        )


@receiver(user_logged_in, dispatch_uid="vogter.accounts.limits.logged_in")
def _logged_in(sender: object, user: Any, request: HttpRequest | None = None, **kw: Any) -> None:
    account_succeeded(user.email, known_device(request, user.email))


def signup_refusal(request: HttpRequest) -> Refusal | None:
    """Counts a sign-up attempt from the request's address; refuses one too many."""
    return _address_usage(request, SIGNUP_GROUP, settings.SIGNUP_RATE_LIMIT, increment=True)


def password_reset_refusal(request: HttpRequest, email: str) -> Refusal | None:
    """Counts a reset request: per e-mail address (nobody floods an inbox), and per client
    address as loosely as sign-up (nobody walks through everyone's inbox)."""
    refusal = _address_usage(
        request, RESET_ADDRESS_GROUP, settings.SIGNUP_RATE_LIMIT, increment=True
    )
    per_email: dict[str, Any] | None = get_usage(
        request,
        group=RESET_GROUP,
        key=lambda group, req: normalise(email),
        rate=settings.PASSWORD_RESET_RATE_LIMIT,
        increment=True,
    )
    if per_email and per_email["should_limit"]:
        return Refusal(max(1, int(per_email["time_left"])))
    return refusal


def wait_message(refusal: Refusal) -> str:
    """When to try again, as a whole sentence in the active language."""
    seconds = refusal.retry_after
    if seconds < 60:
        return ngettext(
            "Try again in %(count)d second.", "Try again in %(count)d seconds.", seconds
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext(
            "Try again in %(count)d minute.", "Try again in %(count)d minutes.", minutes
        ) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("Try again in %(count)d hour.", "Try again in %(count)d hours.", hours) % {
        "count": hours
    }
