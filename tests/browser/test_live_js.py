"""vogter/live's browser helper (live.js) in headless Chromium against the live server
(WSGI, so the blocking stream): snapshot then events, a fresh snapshot after a
dropped stream, and coming back after the browser's EventSource gave up.

Here rather than in vogter/live/tests/ because it needs this folder's Playwright
fixtures (one Playwright per test session). The pages are vogter/live/tests/urls.py.
"""

import uuid

import pytest
from playwright.sync_api import Page
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from vogter.live import publish
from vogter.live.hub import hub

pytestmark = [pytest.mark.browser, pytest.mark.urls("vogter.live.tests.urls")]


@pytest.fixture(autouse=True)
def _in_process(settings: Settings) -> None:
    settings.REDIS_URL = ""


@pytest.fixture
def channel() -> str:
    return f"test-{uuid.uuid4().hex}"


def open_page(page: Page, live_server: LiveServer, stream: str) -> None:
    page.goto(f"{live_server.url}/live-page?stream=/{stream}")


def received(page: Page) -> list[list[object]]:
    return page.evaluate("window.received")  # type: ignore[no-any-return]


def wait_until(page: Page, expression: str, seconds: float = 10) -> None:
    """Poll from outside the page: its Content Security Policy forbids the eval
    that page.wait_for_function uses."""
    for _ in range(int(seconds * 40)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"still not {expression}: {received(page)}")


def wait_for_subscribers(channel: str, count: int, page: Page) -> None:
    for _ in range(200):
        if hub.count(channel) == count:
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"{hub.count(channel)} subscribers of {channel}, not {count}")


def test_page_takes_the_snapshot_then_each_event_and_says_it_is_connected(
    page: Page,
    live_server: LiveServer,
    channel: str,
) -> None:
    open_page(page, live_server, f"stream/{channel}")
    wait_until(page, "window.received.length === 1")
    wait_for_subscribers(channel, 1, page)
    publish(channel, "saved", {"answer": "Mere tid"})
    wait_until(page, "window.received.length === 2")
    assert received(page)[1] == ["saved", {"answer": "Mere tid"}]
    assert received(page)[0][0] == "hello"
    assert page.evaluate("window.states") == ["connecting", "connected"]


def test_page_is_whole_again_after_the_stream_drops(
    page: Page,
    live_server: LiveServer,
    channel: str,
) -> None:
    open_page(page, live_server, f"stream/{channel}")
    wait_until(page, "window.received.length === 1")
    wait_for_subscribers(channel, 1, page)
    hub.end_all("")  # as when Redis was lost, or the page fell too far behind
    # The browser comes back by itself and starts from a fresh snapshot.
    wait_until(page, "window.received.length === 2")
    wait_for_subscribers(channel, 1, page)
    publish(channel, "saved", {"answer": "efter"})
    wait_until(page, "window.received.length === 3")
    assert [name for name, _data in received(page)] == ["hello", "hello", "saved"]
    assert page.evaluate("window.states") == [
        "connecting",
        "connected",
        "reconnecting",
        "connected",
    ]


def test_page_comes_back_after_the_browser_gives_up(
    page: Page,
    live_server: LiveServer,
    channel: str,
) -> None:
    # Two 503s: EventSource stops for good on each, live.js tries again with backoff.
    open_page(page, live_server, f"stream-refused-at-first/{channel}")
    wait_until(page, "window.received.length === 1", seconds=15)
    assert received(page)[0][0] == "hello"
    assert page.evaluate("window.states") == ["connecting", "reconnecting", "connected"]
