"""This process's subscribers and the fan-out to them.

Every subscriber has a bounded inbox here, whatever the backend: without Redis,
`publish` hands events straight to the hub; with Redis, the one listener thread of
the process does. An event is a pair of strings (name, JSON text), serialised once
by the publisher and shared by every inbox.

A subscriber that falls more than `QUEUE_LIMIT` events behind is *ended* rather than
buffered without bound: its inbox is emptied and its reader sees the end, so a stuck
projector cannot grow memory, and a browser reconnects and starts again from a
snapshot. The same ending tells subscribers that the backend may have lost events.
"""

import asyncio
import logging
import threading
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable

logger = logging.getLogger(__name__)

Event = tuple[str, str]  # (event name, JSON text)

# How many undelivered events one subscriber may hold before it is ended. Generous:
# events are shared strings, so an inbox costs a pointer per event, and a busy board
# sees a few hundred saves a second at most.
QUEUE_LIMIT = 1000


class Inbox(ABC):
    """One subscriber's bounded inbox on `channel`."""

    def __init__(self, hub: "Hub", channel: str, source: str) -> None:
        self.hub = hub
        self.channel = channel
        # Which backend fills it ("" in-process, else the Redis URL), so losing a
        # Redis connection ends only the inboxes that depended on it.
        self.source = source
        self.limit = QUEUE_LIMIT
        self.ended = False

    @abstractmethod
    def offer(self, event: Event) -> None:
        """Queue `event`, or end the inbox when it is full."""

    @abstractmethod
    def end(self) -> None:
        """Empty the inbox and let its reader see the end."""

    def close(self) -> None:
        """Stop receiving (the reader is gone). Safe from any thread, twice."""
        self.hub.remove(self)

    def _overflowed(self) -> None:
        logger.warning(
            "Live: a subscriber of %s fell %d events behind; ending it so it resyncs.",
            self.channel,
            self.limit,
        )


class AsyncInbox(Inbox):
    """Read by a coroutine on `loop`; filled only on that loop (see `Hub.deliver`)."""

    def __init__(self, hub: "Hub", channel: str, source: str, loop: asyncio.AbstractEventLoop):
        super().__init__(hub, channel, source)
        self.loop = loop
        # None marks the end; the +1 leaves room for it after the events.
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(self.limit + 1)

    def offer(self, event: Event) -> None:
        """Called on the loop's thread."""
        if self.ended:
            return
        if self.queue.qsize() >= self.limit:
            self._overflowed()
            self.end()
        else:
            self.queue.put_nowait(event)

    def end(self) -> None:
        """Called on the loop's thread."""
        if self.ended:
            return
        self.ended = True
        self.close()
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)

    async def next(self, timeout: float | None = None) -> Event | None:
        """The next event, or None at the end; TimeoutError after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            return await self.queue.get()

    def pending(self) -> list[Event | None]:
        """What is waiting now, without waiting."""
        items: list[Event | None] = []
        while not self.queue.empty():
            items.append(self.queue.get_nowait())
        return items


class ThreadInbox(Inbox):
    """Read by a blocking thread (a WSGI server's streaming response)."""

    def __init__(self, hub: "Hub", channel: str, source: str) -> None:
        super().__init__(hub, channel, source)
        self._items: deque[Event] = deque()
        self._changed = threading.Condition()

    def offer(self, event: Event) -> None:
        """Called from any thread."""
        with self._changed:
            if self.ended:
                return
            if len(self._items) < self.limit:
                self._items.append(event)
                self._changed.notify()
                return
        self._overflowed()
        self.end()

    def end(self) -> None:
        """Called from any thread."""
        with self._changed:
            self.ended = True
            self._items.clear()
            self._changed.notify()
        self.close()

    def next(self, timeout: float | None = None) -> Event | None:
        """The next event, or None at the end; TimeoutError after `timeout` seconds."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._items or self.ended, timeout):
                raise TimeoutError
            return self._items.popleft() if self._items else None

    def pending(self) -> list[Event | None]:
        with self._changed:
            items: list[Event | None] = list(self._items)
            self._items.clear()
            if self.ended:
                items.append(None)
            return items


class Hub:
    """The subscribers of this process, by channel. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channels: dict[str, set[Inbox]] = {}

    def add(self, inbox: Inbox) -> None:
        with self._lock:
            self._channels.setdefault(inbox.channel, set()).add(inbox)

    def remove(self, inbox: Inbox) -> None:
        with self._lock:
            inboxes = self._channels.get(inbox.channel)
            if inboxes is not None:
                inboxes.discard(inbox)
                if not inboxes:
                    del self._channels[inbox.channel]

    def count(self, channel: str) -> int:
        with self._lock:
            return len(self._channels.get(channel, ()))

    def deliver(self, channel: str, event: Event) -> None:
        """Hand `event` to every inbox of `channel`. Never blocks; from any thread.

        Async inboxes are filled on their own loop: one call_soon_threadsafe per loop
        (under uvicorn, one per process) fans out to all of that loop's subscribers.
        """
        with self._lock:
            inboxes = list(self._channels.get(channel, ()))
        self._each(inboxes, lambda inbox: inbox.offer(event))

    def end_all(self, source: str) -> None:
        """End every inbox filled by `source`: it may have missed events."""
        with self._lock:
            inboxes = [i for group in self._channels.values() for i in group if i.source == source]
        self._each(inboxes, lambda inbox: inbox.end())

    def _each(self, inboxes: list[Inbox], action: Callable[[Inbox], None]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[Inbox]] = {}
        for inbox in inboxes:
            if isinstance(inbox, AsyncInbox):
                by_loop.setdefault(inbox.loop, []).append(inbox)
            else:
                action(inbox)
        for loop, group in by_loop.items():
            try:
                loop.call_soon_threadsafe(_apply, group, action)
            except RuntimeError:
                # The loop is closed, so nobody reads these inboxes any more.
                for inbox in group:
                    self.remove(inbox)


def _apply(inboxes: list[Inbox], action: Callable[[Inbox], None]) -> None:
    for inbox in inboxes:
        action(inbox)


hub = Hub()
