"""How many event streams one client, and this whole process, may hold open.

A stream is cheap (no thread under `vogter serve`, some 35 KB), but not free: one
anonymous script opening streams in a loop would hold file descriptors and memory
until the process could take no more. So each process counts its open streams, per
client address (`LIVE_STREAMS_PER_CLIENT`, answered 429) and in all
(`LIVE_STREAMS_PER_PROCESS`, answered 503 with Retry-After: come back later). A
browser's EventSource gives up on either, and live.js tries again with backoff.

Counted in memory, per process: a stream lives in one process, and counting it in the
cache would cost a write at each opening and closing. With several processes, a client
may hold the cap in each.
"""

import random
import threading
from collections import Counter

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from vogter.lib.throttle import client_key

# Above the process's cap a stream is told to come back after this many seconds
# (jittered, so the refused do not all return together).
RETRY_AFTER_SECONDS = (5, 20)

_lock = threading.Lock()
_open: Counter[str] = Counter()
_total = 0


class Slot:
    """One open stream's place in the count; released once, when the stream ends (or,
    should its body never run, when it is dropped)."""

    def __init__(self, client: str) -> None:
        self.client: str | None = client

    def release(self) -> None:
        global _total
        with _lock:
            if self.client is None:
                return
            _open[self.client] -= 1
            if _open[self.client] <= 0:
                del _open[self.client]
            _total -= 1
            self.client = None

    def __del__(self) -> None:
        self.release()


def take(request: HttpRequest) -> Slot | JsonResponse:
    """A place for one more stream of this client, or the response that refuses it."""
    global _total
    client = client_key(request)
    with _lock:
        if _total >= settings.LIVE_STREAMS_PER_PROCESS:
            full = True
        elif _open[client] >= settings.LIVE_STREAMS_PER_CLIENT:
            full = False
        else:
            _open[client] += 1
            _total += 1
            return Slot(client)
    if full:
        response = JsonResponse(
            {"detail": _("The server has too many live connections open. Try again shortly.")},
            status=503,
        )
        response["Retry-After"] = str(random.randint(*RETRY_AFTER_SECONDS))  # noqa: S311
        return response
    response = JsonResponse(
        {
            "detail": _(
                "Too many live connections are open from this network. Close some pages "
                "and try again."
            )
        },
        status=429,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS[1])
    return response


def open_streams() -> int:
    """How many streams this process holds open (for tests and the bench)."""
    return _total
