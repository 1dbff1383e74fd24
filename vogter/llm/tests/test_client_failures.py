"""Every way the endpoint can fail becomes AssistantUnavailable, quickly; the workshop
goes on without it. Nothing of the prompt or the key reaches the log."""

import logging
import socket
import time

import pytest
from pytest_django.fixtures import Settings

from vogter.llm.assist import name_themes
from vogter.llm.client import MAX_RESPONSE_BYTES, AssistantUnavailable
from vogter.llm.tests.conftest import API_KEY, FakeServer

THEMES = [["Min kollega Mette Hansen bruger Copilot til referater."]]


def _ask() -> None:
    name_themes(THEMES, "Hvilken værdi tilføres?", "da")


def test_server_error_makes_the_assistant_unavailable(assistant_on: FakeServer) -> None:
    assistant_on.status = 500
    assistant_on.raw = b'{"error": {"message": "model crashed"}}'
    with pytest.raises(AssistantUnavailable) as raised:
        _ask()
    assert raised.value.reason == "HTTP 500"
    assert "500" not in str(raised.value)  # the facilitator gets a sentence, not a code


def test_wrong_key_makes_the_assistant_unavailable(assistant_on: FakeServer) -> None:
    assistant_on.status = 401
    with pytest.raises(AssistantUnavailable):
        _ask()


def test_slow_server_times_out_within_the_configured_time(
    settings: Settings, assistant_on: FakeServer
) -> None:
    settings.VOGTER_LLM_TIMEOUT = 0.2
    assistant_on.delay = 10
    started = time.monotonic()
    with pytest.raises(AssistantUnavailable) as raised:
        _ask()
    # Far sooner than the server would have answered (generous for a loaded CI machine).
    assert time.monotonic() - started < 3
    assert "within 0.2 s" in raised.value.reason
    # No retries. (Under load the server may not even have read the first request yet.)
    assert len(assistant_on.received) <= 1


def test_refused_connection_makes_the_assistant_unavailable(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.VOGTER_LLM_BASE_URL = f"http://127.0.0.1:{port}/v1"
    settings.VOGTER_LLM_MODEL = "test-model"
    with pytest.raises(AssistantUnavailable) as raised:
        _ask()
    assert raised.value.reason == "ConnectError"


@pytest.mark.parametrize(
    "raw",
    [
        b"<html>Bad gateway</html>",
        b'{"choices": []}',
        b'{"choices": [{"message": {"role": "assistant"}}]}',
        b'{"choices": [{"message": {"content": null}}]}',
        b'["not", "an", "object"]',
        b"\xff\xfe",
    ],
)
def test_malformed_response_makes_the_assistant_unavailable(
    assistant_on: FakeServer, raw: bytes
) -> None:
    assistant_on.raw = raw
    with pytest.raises(AssistantUnavailable):
        _ask()


def test_oversize_response_makes_the_assistant_unavailable(assistant_on: FakeServer) -> None:
    assistant_on.answer('{"labels": ["' + "x" * MAX_RESPONSE_BYTES + '"]}')
    with pytest.raises(AssistantUnavailable) as raised:
        _ask()
    assert "larger" in raised.value.reason


def test_failures_are_logged_without_prompt_answer_or_key(
    assistant_on: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    assistant_on.status = 500
    assistant_on.raw = b'{"error": "Mette Hansen made me crash"}'
    with caplog.at_level(logging.DEBUG), pytest.raises(AssistantUnavailable):
        _ask()
    logged = caplog.text
    assert "HTTP 500" in logged
    for secret in (API_KEY, "Mette", "Copilot", "referater", "crash"):
        assert secret not in logged


def test_successes_are_logged_without_prompt_or_answer(
    assistant_on: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    assistant_on.answer('{"labels": ["Referater med Copilot"]}')
    with caplog.at_level(logging.DEBUG):
        _ask()
    for secret in (API_KEY, "Copilot", "referater", "Referater"):
        assert secret not in caplog.text
