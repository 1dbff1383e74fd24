"""event_stream(): Server-Sent Events through Django's test clients, over ASGI (as
uvicorn serves it) and over WSGI (as runserver and pytest's live_server do)."""

import asyncio
import logging
import os
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

import pytest
from asgiref.sync import async_to_sync
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import AsyncClient, Client, RequestFactory
from pytest_django.fixtures import Settings

from vogter.live import event_stream, publish
from vogter.live.hub import hub
from vogter.live.tests.helpers import parse_sse

pytestmark = pytest.mark.urls("vogter.live.tests.urls")

T = TypeVar("T")


@pytest.fixture
def channel() -> str:
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _in_process(settings: Settings) -> None:
    settings.REDIS_URL = ""


@pytest.fixture
def bounded(settings: Settings) -> None:
    settings.LIVE_BOUNDED_STREAMS = True


async def within(seconds: float, awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, seconds)


async def next_chunk(chunks: AsyncIterator[bytes]) -> list[tuple[str, Any]]:
    return parse_sse((await within(1, anext(chunks))).decode())


@pytest.mark.usefixtures("bounded")
def test_stream_is_an_uncached_unbuffered_event_stream(client: Client, channel: str) -> None:
    response = client.get(f"/stream/{channel}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    (retry, retry_ms), snapshot = parse_sse(b"".join(response.streaming_content).decode())
    assert retry == "retry"
    assert 1000 <= retry_ms <= 2000
    assert snapshot == ("hello", {"pid": os.getpid()})


@pytest.mark.usefixtures("bounded")
def test_bounded_stream_ends_after_the_snapshot_and_the_events_already_waiting(
    client: Client, channel: str
) -> None:
    response = client.get(f"/stream-racing-a-save/{channel}")
    # Subscribed before the snapshot was read: a save during it is not missed.
    assert parse_sse(b"".join(response.streaming_content).decode())[1:] == [
        ("hello", {"answers": []}),
        ("saved", {"answer": "during the snapshot"}),
    ]
    assert hub.count(channel) == 0


def test_under_asgi_the_snapshot_comes_first_then_live_events(channel: str) -> None:
    async def scenario() -> list[list[tuple[str, Any]]]:
        response = await AsyncClient().get(f"/stream/{channel}")
        assert response["Content-Type"] == "text/event-stream"
        chunks = response.streaming_content
        received = [await next_chunk(chunks), await next_chunk(chunks)]
        await asyncio.to_thread(publish, channel, "saved", {"answer": "Mere tid"})
        received.append(await next_chunk(chunks))
        await chunks.aclose()
        return received

    retry, snapshot, event = async_to_sync(scenario)()
    assert retry[0][0] == "retry"
    assert snapshot == [("hello", {"pid": os.getpid()})]
    assert event == [("saved", {"answer": "Mere tid"})]
    assert hub.count(channel) == 0


def test_idle_stream_sends_keepalive_comments(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vogter.live.stream.HEARTBEAT_SECONDS", 0.05)

    async def scenario() -> list[tuple[str, Any]]:
        response = await AsyncClient().get(f"/stream-without-snapshot/{channel}")
        chunks = response.streaming_content
        await next_chunk(chunks)  # retry
        heartbeat = await next_chunk(chunks)
        await chunks.aclose()
        return heartbeat

    assert async_to_sync(scenario)() == [(":", "keepalive")]


def test_stream_ends_when_its_reader_falls_too_far_behind(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vogter.live.hub.QUEUE_LIMIT", 2)

    async def scenario() -> list[bytes]:
        response = await AsyncClient().get(f"/stream/{channel}")
        chunks = response.streaming_content
        await next_chunk(chunks)
        await next_chunk(chunks)
        for n in range(3):  # while the reader is stuck
            publish(channel, "saved", {"n": n})
        # The browser reconnects and starts again from a snapshot.
        return [chunk async for chunk in chunks]

    assert async_to_sync(scenario)() == []
    assert hub.count(channel) == 0


def test_failing_snapshot_is_logged_and_ends_the_stream(
    client: Client, channel: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="vogter.live"):
        response = client.get(f"/stream-with-failing-snapshot/{channel}")
        blocks = parse_sse(b"".join(response.streaming_content).decode())
    assert [kind for kind, _value in blocks] == ["retry"]
    assert f"snapshot for {channel} failed" in caplog.text
    assert hub.count(channel) == 0


def test_under_wsgi_an_unbounded_stream_waits_for_events(
    rf: RequestFactory, channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vogter.live.stream.HEARTBEAT_SECONDS", 2)
    response = event_stream(rf.get("/"), channel, snapshot=lambda: ("hello", {"n": 0}))
    chunks = response.streaming_content
    assert [kind for kind, _ in parse_sse(next(chunks).decode())] == ["retry"]
    assert parse_sse(next(chunks).decode()) == [("hello", {"n": 0})]
    threading.Timer(0.05, publish, args=(channel, "phase", {"phase": "reflect"})).start()
    assert parse_sse(next(chunks).decode()) == [("phase", {"phase": "reflect"})]
    # The browser leaves: the server closes the response. (Closing fires
    # request_finished, whose database clean-up this test without a database skips.)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert hub.count(channel) == 0
