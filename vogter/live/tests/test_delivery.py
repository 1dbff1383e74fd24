"""publish() and subscribe() within one process (the embedded default), and through
Redis within one process when a Redis server is reachable."""

import asyncio
import datetime
import logging
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from asgiref.sync import async_to_sync
from django.utils.translation import gettext_lazy
from pytest_django.fixtures import Settings

from vogter.live import publish, relay, subscribe
from vogter.live.hub import hub
from vogter.live.tests.helpers import REDIS_URL, kill_live_redis_connection, redis_reachable

T = TypeVar("T")


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    return async_to_sync(scenario)()


async def within(seconds: float, awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, seconds)


@pytest.fixture
def channel() -> str:
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _in_process(settings: Settings) -> None:
    settings.REDIS_URL = ""


def test_subscriber_receives_in_order_what_is_published_after_it_subscribed(channel: str) -> None:
    async def scenario() -> list[tuple[str, dict[str, Any]]]:
        publish(channel, "saved", {"n": 0})
        async with subscribe(channel) as events:
            for n in (1, 2, 3):
                publish(channel, "saved", {"n": n})
            return [await within(1, anext(events)) for _ in range(3)]

    assert run(scenario) == [("saved", {"n": 1}), ("saved", {"n": 2}), ("saved", {"n": 3})]


def test_iterating_subscribes_without_async_with(channel: str) -> None:
    async def scenario() -> tuple[str, dict[str, Any]]:
        events = subscribe(channel)
        receiving = asyncio.ensure_future(anext(events))
        while hub.count(channel) == 0:
            await asyncio.sleep(0.001)
        publish(channel, "phase", {"phase": "reflect"})
        try:
            return await within(1, receiving)
        finally:
            await events.aclose()

    assert run(scenario) == ("phase", {"phase": "reflect"})
    assert hub.count(channel) == 0


def test_every_subscriber_gets_each_event_and_other_channels_none(channel: str) -> None:
    async def scenario() -> tuple[list[Any], bool]:
        async with (
            subscribe(channel) as first,
            subscribe(channel) as second,
            subscribe(channel + "-other") as other,
        ):
            publish(channel, "phase", {"phase": "reflect"})
            received = [await within(1, anext(first)), await within(1, anext(second))]
            try:
                await asyncio.wait_for(anext(other), 0.1)
            except TimeoutError:
                return received, False
            return received, True

    received, other_heard = run(scenario)
    assert received == [("phase", {"phase": "reflect"})] * 2
    assert not other_heard


def test_publishing_from_another_thread_reaches_an_async_subscriber(channel: str) -> None:
    async def scenario() -> tuple[str, dict[str, Any]]:
        async with subscribe(channel) as events:
            # As a sync view does in transaction.on_commit, on a thread of its own.
            thread = threading.Thread(target=publish, args=(channel, "saved", {"from": "thread"}))
            thread.start()
            await asyncio.to_thread(thread.join)
            return await within(1, anext(events))

    assert run(scenario) == ("saved", {"from": "thread"})


def test_slow_subscriber_is_ended_instead_of_buffering_without_bound(
    channel: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("vogter.live.hub.QUEUE_LIMIT", 5)

    async def scenario() -> list[Any]:
        async with subscribe(channel) as events:
            for n in range(6):
                publish(channel, "saved", {"n": n})
            # Ended: what it held is dropped, and it ends so its reader can resync.
            return [event async for event in events]

    with caplog.at_level(logging.WARNING, logger="vogter.live.hub"):
        assert run(scenario) == []
    assert hub.count(channel) == 0
    assert "fell 5 events behind" in caplog.text


def test_subscriber_at_the_limit_keeps_everything(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vogter.live.hub.QUEUE_LIMIT", 5)

    async def scenario() -> list[Any]:
        async with subscribe(channel) as events:
            for n in range(5):
                publish(channel, "saved", {"n": n})
            return [await within(1, anext(events)) for _ in range(5)]

    assert [data["n"] for _event, data in run(scenario)] == [0, 1, 2, 3, 4]


def test_dates_and_lazy_strings_are_published_as_json(channel: str) -> None:

    label = gettext_lazy("English")

    async def scenario() -> tuple[str, dict[str, Any]]:
        async with subscribe(channel) as events:
            publish(channel, "phase", {"at": datetime.date(2026, 1, 2), "label": label})
            return await within(1, anext(events))

    assert run(scenario) == ("phase", {"at": "2026-01-02", "label": str(label)})


@pytest.mark.parametrize("name", ["", "two words", "line\nbreak", "x" * 201])
def test_publish_refuses_names_that_cannot_travel(name: str) -> None:
    with pytest.raises(ValueError, match="names are"):
        publish(name, "saved", {})
    with pytest.raises(ValueError, match="names are"):
        publish("workshop", name, {})


def test_publish_refuses_data_that_is_not_json(channel: str) -> None:
    with pytest.raises(TypeError):
        publish(channel, "saved", {"what": object()})


def test_publish_logs_instead_of_raising_when_redis_is_away(
    channel: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with caplog.at_level(logging.WARNING, logger="vogter.live"):
        publish(channel, "saved", {"n": 1})
    assert f"could not publish saved on {channel}" in caplog.text


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason=f"no Redis server answers at {REDIS_URL}"
)


@needs_redis
def test_through_redis_subscriber_receives_what_is_published(
    channel: str, settings: Settings
) -> None:
    settings.REDIS_URL = REDIS_URL

    async def scenario() -> tuple[str, dict[str, Any]]:
        async with subscribe(channel) as events:
            await asyncio.to_thread(publish, channel, "saved", {"via": "redis"})
            return await within(1, anext(events))

    assert run(scenario) == ("saved", {"via": "redis"})


@needs_redis
def test_through_redis_a_lost_connection_ends_subscriptions_then_delivery_resumes(
    channel: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.REDIS_URL = REDIS_URL

    async def scenario() -> tuple[list[Any], tuple[str, dict[str, Any]]]:
        async with subscribe(channel) as events:
            await asyncio.to_thread(kill_live_redis_connection)
            # Events may have been lost while it was down: the subscription ends.
            ended = [event async for event in events]
        # A browser comes back after its retry delay; by then Redis is back too.
        listener = relay.listener(REDIS_URL, hub)
        while not listener.ready.is_set():
            await asyncio.sleep(0.05)
        async with subscribe(channel) as events:
            await asyncio.to_thread(publish, channel, "saved", {"after": "reconnect"})
            return ended, await within(1, anext(events))

    async def at_most_ten_seconds() -> tuple[list[Any], tuple[str, dict[str, Any]]]:
        return await within(10, scenario())

    with caplog.at_level(logging.WARNING, logger="vogter.live"):
        ended, after = run(at_most_ten_seconds)
    assert ended == []
    assert after == ("saved", {"after": "reconnect"})
    assert "lost Redis pub/sub" in caplog.text
