"""What `vogter serve` runs: streams through ASGI, other requests through WSGI on a
fixed pool of threads."""

import asyncio
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.urls import path

from vogter.lib import asgi_threads
from vogter.lib.asgi_threads import SplitApplication


class RecordingWSGI:
    """A WSGI app that records its thread and how many requests run at once."""

    def __init__(self, hold: float = 0.0) -> None:
        self.hold = hold
        self.threads: list[int] = []
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.append(threading.get_ident())
        threading.Event().wait(self.hold)
        with self.lock:
            self.running -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"wsgi " + environ["PATH_INFO"].encode()]


class RecordingASGI:
    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"asgi"})


def http(path: str = "/", accept: bytes = b"*/*") -> dict[str, Any]:
    return {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"accept", accept)],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }


async def call(app: Any, scope: dict[str, Any]) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def test_ordinary_requests_take_turns_on_a_fixed_number_of_long_lived_threads() -> None:
    wsgi = RecordingWSGI(hold=0.02)
    app = SplitApplication(RecordingASGI(), wsgi, threads=2)

    async def many() -> list[tuple[int, bytes]]:
        first = await asyncio.gather(*(call(app, http(f"/{n}")) for n in range(8)))
        return [*first, *await asyncio.gather(*(call(app, http()) for _ in range(4)))]

    answers = asyncio.run(many())
    assert answers[3] == (200, b"wsgi /3")
    assert wsgi.most == 2
    assert len(set(wsgi.threads)) == 2  # the same two threads, reused
    assert len(wsgi.threads) == 12


def test_event_streams_go_to_the_async_handler_and_hold_no_thread() -> None:
    wsgi, asgi = RecordingWSGI(), RecordingASGI()
    app = SplitApplication(asgi, wsgi, threads=1)
    answer = asyncio.run(call(app, http("/events", accept=b"text/event-stream")))
    assert answer == (200, b"asgi")
    assert asgi.paths == ["/events"] and wsgi.threads == []


@pytest.mark.django_db
def test_django_answers_through_the_split_application() -> None:
    from vogter.asgi import application as django_asgi
    from vogter.wsgi import application as django_wsgi

    app = SplitApplication(django_asgi, django_wsgi, threads=2)
    status, body = asyncio.run(call(app, http("/healthz")))
    assert status == 200 and b"ok" in body.lower()


def test_the_factory_serves_django_directly_without_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from vogter.asgi import application as django_application

    monkeypatch.setenv(asgi_threads.ENVIRONMENT_VARIABLE, "0")
    assert asgi_threads.application() is django_application
    monkeypatch.setenv(asgi_threads.ENVIRONMENT_VARIABLE, "3")
    split = asgi_threads.application()
    assert isinstance(split, SplitApplication) and split.threads == 3
    with pytest.raises(ValueError):
        SplitApplication(django_application, RecordingWSGI(), threads=0)


def test_a_page_asked_for_as_a_stream_still_goes_to_the_pool() -> None:
    """The streams' openings share one thread (StreamHandler): a page or an export sent
    there with a stream's Accept header would hold up every stream's opening."""
    wsgi, asgi = RecordingWSGI(), RecordingASGI()
    app = SplitApplication(asgi, wsgi, threads=1)
    answer = asyncio.run(call(app, http("/o/abc/export", accept=b"text/event-stream")))
    assert answer == (200, b"wsgi /o/abc/export") and asgi.paths == []


def test_an_event_stream_without_its_accept_header_still_holds_no_pooled_thread() -> None:
    wsgi, asgi = RecordingWSGI(), RecordingASGI()
    app = SplitApplication(asgi, wsgi, threads=1)
    answer = asyncio.run(call(app, http("/j/ABC123/events")))
    assert answer == (200, b"asgi") and wsgi.threads == []


# Event streams under Django: where their sync code runs.

_ran_on: list[tuple[str, int, bool]] = []


def _recorded_stream(request: Any, channel: str) -> Any:
    from vogter.live import event_stream

    _ran_on.append(("view", threading.get_ident(), asgi_threads.on_shared_thread()))

    def snapshot() -> tuple[str, dict[str, Any]]:
        _ran_on.append(("snapshot", threading.get_ident(), asgi_threads.on_shared_thread()))
        return "hello", {}

    return event_stream(request, channel, snapshot=snapshot)


urlpatterns = [path("recorded/<str:channel>/events", _recorded_stream)]


async def stream_once(app: Any, path: str) -> bytes:
    """One stream, read to its end (bounded streams end after the snapshot)."""
    sent: list[dict[str, Any]] = []
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays until the response ends
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(http(path, accept=b"text/event-stream"), receive, send)
    assert next(m["status"] for m in sent if m["type"] == "http.response.start") == 200
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def threads_of_two_streams(app: Any) -> list[tuple[str, int, bool]]:
    _ran_on.clear()

    async def both() -> list[bytes]:
        return await asyncio.gather(
            stream_once(app, "/recorded/test-a/events"), stream_once(app, "/recorded/test-b/events")
        )

    for body in asyncio.run(both()):
        assert b"event: hello" in body
    return list(_ran_on)


@pytest.mark.urls(__name__)
def test_streams_under_the_stream_handler_run_their_sync_code_on_one_shared_thread(
    settings: Any,
) -> None:
    settings.LIVE_BOUNDED_STREAMS = True
    settings.REDIS_URL = ""
    app = SplitApplication(asgi_threads.StreamHandler(), RecordingWSGI(), threads=1)
    ran_on = threads_of_two_streams(app)
    assert sorted(kind for kind, _, _ in ran_on) == ["snapshot", "snapshot", "view", "view"]
    assert len({ident for _, ident, _ in ran_on}) == 1  # both streams, one thread
    assert threading.get_ident() not in {ident for _, ident, _ in ran_on}
    assert all(shared for _, _, shared in ran_on)
    # The same thread again: nothing was made for these requests.
    assert {ident for _, ident, _ in threads_of_two_streams(app)} == {ran_on[0][1]}


@pytest.mark.urls(__name__)
def test_under_djangos_own_handler_each_stream_has_a_thread_of_its_own(settings: Any) -> None:
    from django.core.handlers.asgi import ASGIHandler

    settings.LIVE_BOUNDED_STREAMS = True
    settings.REDIS_URL = ""
    ran_on = threads_of_two_streams(ASGIHandler())
    assert len({ident for _, ident, _ in ran_on}) == 2
    assert not any(shared for _, _, shared in ran_on)
