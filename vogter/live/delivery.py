"""Publishing and subscribing, on whichever backend the settings choose.

`settings.REDIS_URL` set: through Redis (see relay.py), so every server process
hears every event. Unset: within this process only, which is right for the embedded
default's single server process.
"""

import asyncio
import contextlib
import json
import logging
import re
import time
from typing import Any

import redis
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from vogter.live import relay
from vogter.live.hub import AsyncInbox, Event, ThreadInbox, hub

logger = logging.getLogger(__name__)

# Channel and event names go into Redis channel names and SSE `event:` lines:
# no spaces, no newlines.
NAME = re.compile(r"[A-Za-z0-9_.:-]{1,200}\Z")


def check_name(kind: str, name: str) -> None:
    if not NAME.match(name):
        raise ValueError(f"Live {kind} names are 1-200 of A-Z a-z 0-9 _ . : - (not {name!r}).")


def encode(data: Any) -> str:
    """JSON text, once per event however many subscribers; dates and lazy strings welcome."""
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def publish(channel: str, event: str, data: dict[str, Any]) -> None:
    """Send `event` with `data` to every subscriber of `channel`, in every process.

    Synchronous and safe from any thread. Delivery problems (Redis away) are logged,
    never raised: the data is already saved, and subscribers resync from their
    snapshot when the connection comes back. Bad names (ValueError) and data JSON
    cannot encode (TypeError) are programming errors and do raise.
    """
    check_name("channel", channel)
    check_name("event", event)
    item: Event = (event, encode(data))
    url = settings.REDIS_URL
    if not url:
        hub.deliver(channel, item)
        return
    try:
        relay.publish(url, channel, item)
    except (redis.RedisError, OSError) as error:
        logger.warning("Live: could not publish %s on %s through Redis: %s", event, channel, error)


def publish_after_commit(channel: str, event: str, data: dict[str, Any]) -> None:
    """Publish the live event once the change is committed (never one that was rolled back)."""
    transaction.on_commit(lambda: publish(channel, event, data))


async def open_async(channel: str) -> AsyncInbox:
    """A subscription read on the running loop; it hears what is published from now on."""
    url = settings.REDIS_URL
    inbox = AsyncInbox(hub, channel, url, asyncio.get_running_loop())
    hub.add(inbox)
    if url:
        listener = relay.listener(url, hub)
        deadline = time.monotonic() + relay.READY_SECONDS
        try:
            while not listener.settled and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        except asyncio.CancelledError:  # the browser left already
            inbox.close()
            raise
    return inbox


def open_blocking(channel: str) -> ThreadInbox:
    """A subscription read by a blocking thread; it hears what is published from now on."""
    url = settings.REDIS_URL
    inbox = ThreadInbox(hub, channel, url)
    hub.add(inbox)
    if url:
        listener = relay.listener(url, hub)
        deadline = time.monotonic() + relay.READY_SECONDS
        while not listener.settled and time.monotonic() < deadline:
            time.sleep(0.01)
    return inbox


class Subscription:
    """An async iterator of (event, data) published on one channel.

    ``async for event, data in subscribe(channel)`` subscribes when iteration
    starts. ``async with subscribe(channel) as events:`` is subscribed before its
    body runs, so nothing the body causes is missed. Iteration ends when the
    subscriber fell too far behind or the backend lost its connection: events may
    be missing, so read the state afresh and subscribe again.
    """

    def __init__(self, channel: str) -> None:
        self._inbox: AsyncInbox | None = None
        self._closed = False
        check_name("channel", channel)
        self.channel = channel

    async def _open(self) -> AsyncInbox:
        if self._inbox is None:
            self._inbox = await open_async(self.channel)
        return self._inbox

    async def __aenter__(self) -> "Subscription":
        await self._open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def __aiter__(self) -> "Subscription":
        return self

    async def __anext__(self) -> tuple[str, dict[str, Any]]:
        if self._closed:
            raise StopAsyncIteration
        item = await (await self._open()).next()
        if item is None:
            self.close()
            raise StopAsyncIteration
        event, payload = item
        return event, json.loads(payload)

    def close(self) -> None:
        self._closed = True
        if self._inbox is not None:
            self._inbox.close()

    async def aclose(self) -> None:
        self.close()

    def __del__(self) -> None:
        # Abandoned half-way through an `async for`: stop filling its inbox. Later, on
        # its loop: a collection may run while this thread holds the hub's lock.
        inbox = self._inbox
        if inbox is not None and not self._closed:
            # A closed loop needs nothing: the hub drops its inboxes on the next event.
            with contextlib.suppress(RuntimeError):
                inbox.loop.call_soon_threadsafe(inbox.close)


def subscribe(channel: str) -> Subscription:
    """Events published on `channel` after the subscription started, as (event, data)."""
    return Subscription(channel)
