"""The fixed pool of request threads that `vogter serve` puts in front of Django."""

import asyncio
import threading
from typing import Any

import pytest
from asgiref.sync import ThreadSensitiveContext, sync_to_async

from vogter.lib import asgi_threads
from vogter.lib.asgi_threads import ThreadPoolApplication


class RecordingApp:
    """An ASGI app whose sync part records its thread and how many run at once."""

    def __init__(self, hold: float = 0.0) -> None:
        self.hold = hold
        self.threads: list[int] = []
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def sync_part(self) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.append(threading.get_ident())
        threading.Event().wait(self.hold)
        with self.lock:
            self.running -= 1

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        # As Django's handler does: a context per request, sync code thread-sensitive.
        async with ThreadSensitiveContext():
            await sync_to_async(self.sync_part, thread_sensitive=True)()
            await sync_to_async(self.sync_part, thread_sensitive=True)()


def http(accept: bytes = b"*/*") -> dict[str, Any]:
    return {"type": "http", "headers": [(b"accept", accept)]}


async def call(app: Any, scope: dict[str, Any]) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        pass

    await app(scope, receive, send)


def test_requests_take_turns_on_a_fixed_number_of_long_lived_threads() -> None:
    inner = RecordingApp(hold=0.02)
    app = ThreadPoolApplication(inner, threads=2)

    async def many() -> None:
        await asyncio.gather(*(call(app, http()) for _ in range(8)))
        await asyncio.gather(*(call(app, http()) for _ in range(4)))

    asyncio.run(many())
    assert inner.most == 2
    assert len(set(inner.threads)) == 2  # the same two threads, reused
    assert len(inner.threads) == 24


def test_one_request_keeps_one_thread_from_start_to_end() -> None:
    inner = RecordingApp()
    app = ThreadPoolApplication(inner, threads=4)
    asyncio.run(call(app, http()))
    first, second = inner.threads
    assert first == second


def test_event_streams_do_not_hold_a_pooled_thread() -> None:
    inner = RecordingApp(hold=0.05)
    app = ThreadPoolApplication(inner, threads=1)

    async def streams() -> None:
        await asyncio.gather(*(call(app, http(b"text/event-stream")) for _ in range(3)))

    asyncio.run(streams())
    assert inner.most == 3  # each stream on a thread of its own, none waiting for the pool


def test_the_factory_serves_django_directly_without_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from vogter.asgi import application as django_application

    monkeypatch.setenv(asgi_threads.ENVIRONMENT_VARIABLE, "0")
    assert asgi_threads.application() is django_application
    monkeypatch.setenv(asgi_threads.ENVIRONMENT_VARIABLE, "3")
    pooled = asgi_threads.application()
    assert isinstance(pooled, ThreadPoolApplication) and pooled.threads == 3
    with pytest.raises(ValueError):
        ThreadPoolApplication(django_application, threads=0)
