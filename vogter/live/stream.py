"""Server-Sent Events: a channel's events as a streaming HTTP response."""

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from vogter.lib.asgi_threads import on_shared_thread
from vogter.live import caps
from vogter.live.delivery import check_name, encode, open_async, open_blocking
from vogter.live.hub import Event

logger = logging.getLogger(__name__)

Snapshot = Callable[[], tuple[str, dict[str, Any]]]

# A comment line this often keeps proxies and NAT tables from closing an idle stream.
HEARTBEAT_SECONDS = 15.0
HEARTBEAT = b": keepalive\n\n"
# Browsers reconnect this long after a stream ends. Jittered, so that a thousand
# phones cut off together (a restart, a Redis hiccup) do not come back together.
RETRY_MILLISECONDS = (1000, 2000)


def event_stream(
    request: HttpRequest, channel: str, snapshot: Snapshot | None = None
) -> StreamingHttpResponse | HttpResponse:
    """A Server-Sent Events response with the events published on `channel`.

    Each (re)connection subscribes first, then sends `snapshot()`'s event (run as
    sync code: it may use the database), then every event published since it
    subscribed: so a reconnecting page is whole again, and may see an event that
    its snapshot already reflects (apply events idempotently). Check access in the
    view before calling this; the snapshot is for data.

    Under an ASGI server the body is an async generator that waits without a
    thread; under WSGI (runserver, pytest's live_server) a blocking generator. With
    `settings.LIVE_BOUNDED_STREAMS` on, the stream ends after the snapshot and the
    events already waiting: Django's test clients read a whole response.

    A client (by address) that already holds `LIVE_STREAMS_PER_CLIENT` open streams in
    this process gets 429 instead, and everyone gets 503 once the process holds
    `LIVE_STREAMS_PER_PROCESS` (vogter/live/caps.py).
    """
    check_name("channel", channel)
    slot = caps.take(request)
    if not isinstance(slot, caps.Slot):
        return slot  # too many streams open: 429 for this client, 503 for the process
    bounded = bool(getattr(settings, "LIVE_BOUNDED_STREAMS", False))
    body: AsyncIterator[bytes] | Iterator[bytes]
    if isinstance(request, ASGIRequest):
        body = _async_body(channel, snapshot, bounded, slot)
    else:
        body = _blocking_body(channel, snapshot, bounded, slot)
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # nginx would otherwise hold events back to fill its buffer.
    response["X-Accel-Buffering"] = "no"
    return response


async def _async_body(
    channel: str, snapshot: Snapshot | None, bounded: bool, slot: caps.Slot
) -> AsyncIterator[bytes]:
    try:
        inbox = await open_async(channel)
    except BaseException:
        slot.release()
        raise
    try:
        yield _retry()
        try:
            opening = await sync_to_async(_opening)(snapshot)
        except Exception:
            logger.exception("Live: the snapshot for %s failed; ending the stream.", channel)
            return
        if opening:
            yield opening
        if bounded:
            await asyncio.sleep(0)  # let hand-overs from other threads land
            chunk, _ended = _frames(inbox.pending())
            if chunk:
                yield chunk
            return
        while True:
            try:
                first = await inbox.next(HEARTBEAT_SECONDS)
            except TimeoutError:
                yield HEARTBEAT
                continue
            chunk, ended = _frames([first, *inbox.pending()])
            if chunk:
                yield chunk
            if ended:
                return
    finally:
        inbox.close()
        slot.release()


def _blocking_body(
    channel: str, snapshot: Snapshot | None, bounded: bool, slot: caps.Slot
) -> Iterator[bytes]:
    try:
        inbox = open_blocking(channel)
    except BaseException:
        slot.release()
        raise
    try:
        yield _retry()
        try:
            opening = _opening(snapshot)
        except Exception:
            logger.exception("Live: the snapshot for %s failed; ending the stream.", channel)
            return
        if opening:
            yield opening
        if bounded:
            chunk, _ended = _frames(inbox.pending())
            if chunk:
                yield chunk
            return
        while True:
            try:
                first = inbox.next(HEARTBEAT_SECONDS)
            except TimeoutError:
                yield HEARTBEAT
                continue
            chunk, ended = _frames([first, *inbox.pending()])
            if chunk:
                yield chunk
            if ended:
                return
    finally:
        inbox.close()
        slot.release()


def _opening(snapshot: Snapshot | None) -> bytes:
    """The snapshot's frame; then the stream lets go of the database.

    Under Django's ASGI handler (and under WSGI) this runs on the request's own
    thread, whose connection would otherwise stay open, idle, for as long as the page
    does: a thousand open pages would be a thousand database connections. Under
    `vogter serve` (`StreamHandler`) it runs on the one thread all streams share,
    whose one connection is kept for the next stream, as a pooled thread's is.
    """
    try:
        if snapshot is None:
            return b""
        event, data = snapshot()
        check_name("event", event)
        return _frame((event, encode(data)))
    finally:
        if not on_shared_thread():
            for connection in connections.all(initialized_only=True):
                # Inside a transaction is not ours to end (tests run inside one).
                if not connection.in_atomic_block:
                    connection.close()


def _retry() -> bytes:
    return f"retry: {random.randint(*RETRY_MILLISECONDS)}\n\n".encode()  # noqa: S311


def _frame(event: Event) -> bytes:
    name, payload = event
    return f"event: {name}\ndata: {payload}\n\n".encode()


def _frames(items: list[Event | None]) -> tuple[bytes, bool]:
    """The frames of the events before the end, and whether the end came."""
    frames: list[bytes] = []
    for item in items:
        if item is None:
            return b"".join(frames), True
        frames.append(_frame(item))
    return b"".join(frames), False
