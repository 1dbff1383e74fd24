"""How fast a client may join workshops, and try join codes (docs/security.md).

The join code is on the projector, so anyone in the room (or who saw a photo of it)
may join: a script could start thousands of sheets. And join codes are short, so a
script could try codes until one answers. Both are counted per client address (in Redis
when it is configured, else in the one process's memory: vogter/lib/throttle.py) and
refused with 429 once over the limit; joins are also counted per workshop, from all
addresses together (in each process's memory).

Only joins and codes that match no workshop are counted: a participant's save asks
nothing of the cache (a client blocked for guessing codes is refused from memory).
"""

import math
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from vogter.lib import throttle
from vogter.lib.throttle import Rate, Throttled
from vogter.workshops.models import Workshop

JOINS = "join"
WORKSHOP_JOINS = "join-workshop"
GUESSES = "join-code"


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def _refuse(seconds: float, message: StrOrPromise) -> Throttled:
    return Throttled(throttle.retry_after(seconds), message)


def _wait(seconds: float, message: Callable[[int], str]) -> StrOrPromise:
    """`message(minutes)`, in the language of whoever shows it: a refusal may be decided
    on a database thread (vogter/workshops/runner.py), the page is drawn on the request's."""
    minutes = _minutes(seconds)
    return lazy(lambda: message(minutes) % {"minutes": minutes}, str)()


def _guessing(seconds: float) -> Throttled:
    return _refuse(
        seconds,
        _wait(
            seconds,
            lambda n: ngettext(
                "Too many codes that match no workshop have been tried from this network. "
                "Wait %(minutes)d minute and try again.",
                "Too many codes that match no workshop have been tried from this network. "
                "Wait %(minutes)d minutes and try again.",
                n,
            ),
        ),
    )


def refuse_guessing(request: HttpRequest) -> None:
    """Refuse a client that has tried too many codes, whatever code it asks for now: a
    code that works must not answer differently from one that does not. From memory."""
    left = throttle.blocked(GUESSES, throttle.client_key(request))
    if left:
        raise _guessing(left)


def count_guess(request: HttpRequest) -> None:
    """A code that matches no workshop was tried: count it, and refuse when too many."""
    left = throttle.count(
        GUESSES, throttle.client_key(request), Rate.setting("JOIN_CODE_GUESS_LIMIT")
    )
    if left:
        raise _guessing(left)


def refuse_blocked(request: HttpRequest) -> None:
    """Refuse, from memory alone, a client already over its join or guessing limit: a
    flood's refused requests then never reach the database thread the saves run on."""
    refuse_guessing(request)
    left = throttle.blocked(JOINS, throttle.client_key(request))
    if left:
        raise _too_many_joins(left)


def _too_many_joins(seconds: float) -> Throttled:
    return _refuse(
        seconds,
        _wait(
            seconds,
            lambda n: ngettext(
                "Too many sheets have been started from this network in a short time. "
                "Wait %(minutes)d minute and try again.",
                "Too many sheets have been started from this network in a short time. "
                "Wait %(minutes)d minutes and try again.",
                n,
            ),
        ),
    )


def count_join(request: HttpRequest, workshop: Workshop) -> None:
    """A new sheet is asked for: count it per client and per workshop, and refuse when
    either is over its limit (before the sheet is made)."""
    left = throttle.count(JOINS, throttle.client_key(request), Rate.setting("JOIN_RATE_LIMIT"))
    if left:
        raise _too_many_joins(left)
    # Per process, in memory: this limit only bounds how fast sheets can be made from
    # many addresses at once, and costs a join nothing.
    left = throttle.count_here(
        WORKSHOP_JOINS, workshop.join_code, Rate.setting("JOIN_RATE_LIMIT_PER_WORKSHOP")
    )
    if left:
        raise _refuse(
            left,
            _wait(
                left,
                lambda n: ngettext(
                    "Very many people are joining this workshop right now. "
                    "Wait %(minutes)d minute and try again.",
                    "Very many people are joining this workshop right now. "
                    "Wait %(minutes)d minutes and try again.",
                    n,
                ),
            ),
        )
