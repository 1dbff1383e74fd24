"""Counting requests per client (and per anything else) in the shared cache, and
refusing them with 429 and Retry-After once a limit is reached.

Limits are written like the login's: `"100/5m"` is 100 in five minutes (s, m, h).
Windows are fixed and counted in the cache (Redis with REDIS_URL, else the database
cache every process shares): a counter per key and window, which expires with it.

A client is its address (`client_key`), kept only as a keyed hash: the cache never
holds an address, and a key says nothing that outlives its window.

Once a key is over its limit, this process also remembers that in memory until the
window ends (`blocked`): further requests are refused without asking the cache, so a
flood costs the database nothing, and a caller can refuse a blocked client on a hot
path (a participant's save) without adding a query there.
"""

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

from vogter.lib.env import parse_rate
from vogter.lib.http import client_address

# Blocked keys remembered in memory, at most: a flood from many addresses cannot
# grow this without bound (the oldest are forgotten; the cache still counts them).
_MEMORY_LIMIT = 10_000


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def setting(cls, name: str) -> "Rate":
        """The limit in setting `name` (checked when the settings were read)."""
        return cls(*parse_rate(name, getattr(settings, name)))


class Throttled(Exception):
    """Too many requests: answered with 429 (vogter/lib/middleware.py, the API)."""

    def __init__(self, retry_after: int, message: StrOrPromise) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
        self.message = message


def client_key(request: HttpRequest) -> str:
    """Who is asking, as far as limits go: a keyed hash of the client's address.

    The address is vogter.lib.http.client_address's (X-Forwarded-For believed only from
    the proxies named in VOGTER_TRUSTED_PROXIES). IPv6 clients are counted by their /64
    network: one device may hold a whole network of addresses.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.version == 6:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


_lock = threading.Lock()
_blocked: dict[tuple[str, str], float] = {}


def blocked(scope: str, key: str) -> float:
    """Seconds until this process lets `key` try `scope` again (0: not blocked).
    Memory only: no query, cheap enough for any path."""
    until = _blocked.get((scope, key))
    if until is None:
        return 0.0
    left = until - time.time()
    if left <= 0:
        with _lock:
            _blocked.pop((scope, key), None)
        return 0.0
    return left


def _remember(scope: str, key: str, until: float) -> None:
    with _lock:
        if len(_blocked) >= _MEMORY_LIMIT:
            now = time.time()
            for stale in [k for k, v in _blocked.items() if v <= now]:
                del _blocked[stale]
            while len(_blocked) >= _MEMORY_LIMIT:
                del _blocked[next(iter(_blocked))]
        _blocked[(scope, key)] = until


def _shared_cache() -> bool:
    """Whether the cache is Redis. The database cache is not counted on: on SQLite every
    count would be a write transaction, and a room joining at once made the phones'
    saves wait for the write lock (join p95 55 -> 486 ms at 1,000 phones,
    docs/benchmarks.md). Without Redis there is one server process (README), so its
    memory is the whole count."""
    return not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def count(scope: str, key: str, rate: Rate) -> float:
    """Count one request of `key` in `scope`; seconds to wait if it is one too many
    (0: allowed). Once over, the rest of the window is refused from memory."""
    left = blocked(scope, key)
    if left:
        return left
    if not _shared_cache():
        left = count_here(scope, key, rate)
        if left:
            _remember(scope, key, time.time() + left)
        return left
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"throttle:{scope}:{key}:{window}"
    # One counter per window: counted by `incr` (atomic on Redis), started by `add` when
    # the window is new.
    try:
        used = cache.incr(cache_key)
    except ValueError:
        used = 1 if cache.add(cache_key, 1, timeout=rate.seconds + 1) else cache.incr(cache_key)
    if used <= rate.count:
        return 0.0
    until = (window + 1) * rate.seconds
    _remember(scope, key, until)
    return until - now


_local: dict[tuple[str, str, int], int] = {}


def count_here(scope: str, key: str, rate: Rate) -> float:
    """Like `count`, but counted in this process's memory alone: free, and per process
    (with several processes each allows the rate). For keys that are not a client's,
    such as a workshop's, whose limit only bounds how fast the whole world may go."""
    now = time.time()
    window = int(now // rate.seconds)
    with _lock:
        if len(_local) >= _MEMORY_LIMIT:
            for old in [k for k in _local if k[2] < window]:
                del _local[old]
        used = _local[(scope, key, window)] = _local.get((scope, key, window), 0) + 1
        _local.pop((scope, key, window - 1), None)
    if used <= rate.count:
        return 0.0
    return (window + 1) * rate.seconds - now


def retry_after(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def reset() -> None:
    """Forget what this process remembers (tests: each starts with a clean slate)."""
    with _lock:
        _blocked.clear()
        _local.clear()
