"""Live events across server processes, through Redis pub/sub.

Per process and Redis URL: one publishing client (a shared, thread-safe connection
pool) and one listener thread holding a single PSUBSCRIBE connection on `vogter:*`.
The listener hands each message to the in-process hub, which fans it out to the
local subscribers; so a thousand browsers on a process cost Redis one connection,
and subscribing or leaving costs Redis nothing.

The listener lives in a thread of its own rather than on an event loop, so it serves
async streams (uvicorn) and blocking ones (a WSGI server) alike and outlives any loop.
When its connection drops, events may have been lost: it ends every local
subscription that depended on it (browsers reconnect and take a fresh snapshot),
reconnects with backoff, and ends those again once it is back.
"""

import logging
import os
import threading
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from vogter.live.hub import Event, Hub

logger = logging.getLogger(__name__)

PREFIX = "vogter:"
# A publish happens inside a request (after commit): a slow or absent Redis must
# cost it little. One retry covers a pooled connection that went stale.
TIMEOUT_SECONDS = 2.0
# How long a new subscription waits for a listener that is still connecting.
READY_SECONDS = 3.0

_lock = threading.Lock()
_publishers: dict[str, redis.Redis] = {}
_listeners: dict[str, "Listener"] = {}


def _client(url: str, retries: int, name: str | None = None) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        client_name=name,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_keepalive=True,
        health_check_interval=15,
        retry=Retry(NoBackoff(), retries),
    )


def publish(url: str, channel: str, event: Event) -> None:
    """Publish through Redis; raises redis.RedisError or OSError when it cannot."""
    with _lock:
        client = _publishers.get(url)
        if client is None:
            client = _publishers[url] = _client(url, retries=1)
    name, payload = event
    # Event names never hold a newline (see delivery.check_name), JSON text never
    # holds a raw one: the first newline splits them again.
    client.publish(PREFIX + channel, f"{name}\n{payload}")


def listener(url: str, hub: Hub) -> "Listener":
    """This process's listener for `url`, started on first use."""
    with _lock:
        found = _listeners.get(url)
        if found is None or not found.is_alive():
            found = _listeners[url] = Listener(url, hub)
            found.start()
        return found


class Listener(threading.Thread):
    def __init__(self, url: str, hub: Hub) -> None:
        super().__init__(name="vogter-live-redis", daemon=True)
        self.url = url
        self.hub = hub
        # Set while subscribed; `down` while the last attempt failed, so that new
        # subscriptions do not each wait for a Redis that is not there.
        self.ready = threading.Event()
        self.down = threading.Event()

    @property
    def settled(self) -> bool:
        """Subscribed, or known to be down: either way, no point waiting longer."""
        return self.ready.is_set() or self.down.is_set()

    def run(self) -> None:
        delay = 0.5
        while True:
            try:
                self._listen()
            except (redis.RedisError, OSError) as error:
                logger.warning("Live: lost Redis pub/sub (%s); reconnecting.", error)
            except Exception:  # a bug here must not silence live delivery for good
                logger.exception("Live: the Redis listener failed; restarting it.")
            if self.ready.is_set():
                delay = 0.5
            self.ready.clear()
            self.down.set()
            self.hub.end_all(self.url)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)

    def _listen(self) -> None:
        # No retries inside redis-py: a silent reconnect would hide lost events.
        client = _client(self.url, retries=0, name=f"vogter-live-{os.getpid()}")
        pubsub = client.pubsub()
        try:
            pubsub.psubscribe(PREFIX + "*")
            deadline = time.monotonic() + TIMEOUT_SECONDS
            while True:
                message = pubsub.get_message(timeout=TIMEOUT_SECONDS)
                if message is not None and message["type"] == "psubscribe":
                    break
                if time.monotonic() > deadline:
                    raise redis.TimeoutError("no reply to PSUBSCRIBE")
            if self.down.is_set():
                # Whoever subscribed while Redis was away may have missed events.
                self.hub.end_all(self.url)
                self.down.clear()
            self.ready.set()
            while True:
                message = pubsub.get_message(timeout=5.0)
                if message is not None and message["type"] == "pmessage":
                    self._deliver(message["channel"], message["data"])
        finally:
            pubsub.close()
            client.close()

    def _deliver(self, raw_channel: bytes, raw: bytes) -> None:
        try:
            channel = raw_channel.decode()
            name, payload = raw.decode().split("\n", 1)
        except (UnicodeDecodeError, ValueError):
            logger.warning("Live: ignored a malformed message on %r.", raw_channel[:100])
            return
        self.hub.deliver(channel.removeprefix(PREFIX), (name, payload))
