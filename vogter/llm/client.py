"""A small client for the OpenAI chat-completions protocol.

It speaks to any server that implements POST {base_url}/chat/completions: a local
Ollama (`http://127.0.0.1:11434/v1`), vLLM, llama.cpp's server, or a hosted service.
One request, no retries: the assistant is optional, and a workshop must never wait on
it for longer than VOGTER_LLM_TIMEOUT. Every way the request can fail ends in one
exception, AssistantUnavailable, whose message can be shown to the facilitator.

Neither the prompt, the answer nor the API key is ever logged.
"""

import functools
import json
import logging
import ssl
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# A chat answer of a few suggestions is a few kilobytes; anything much larger is a
# misbehaving server, and reading it all would only cost memory.
MAX_RESPONSE_BYTES = 256 * 1024


class AssistantUnavailable(Exception):
    """The assistant could not help this time; the workshop carries on without it.

    `str(error)` is a translated sentence for the facilitator; `reason` is a short
    technical note for the log, free of prompt content and secrets.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def not_configured() -> AssistantUnavailable:
    return AssistantUnavailable(
        gettext("Language-model assistance is not switched on for this installation."),
        reason="not configured",
    )


def _unreachable(reason: str) -> AssistantUnavailable:
    return AssistantUnavailable(
        gettext(
            "The language-model assistant could not be reached. "
            "Carry on without it, or try again later."
        ),
        reason=reason,
    )


def _too_slow(reason: str) -> AssistantUnavailable:
    return AssistantUnavailable(
        gettext(
            "The language-model assistant did not answer in time. "
            "Carry on without it, or try again later."
        ),
        reason=reason,
    )


def _refused(reason: str) -> AssistantUnavailable:
    return AssistantUnavailable(
        gettext(
            "The language-model assistant answered with an error. "
            "Carry on without it, or ask your administrator to check its settings."
        ),
        reason=reason,
    )


def unusable_answer(reason: str) -> AssistantUnavailable:
    """For an answer that arrived but cannot be used (also raised by assist.py)."""
    return AssistantUnavailable(
        gettext(
            "The language-model assistant gave an answer Vogter could not use. "
            "Carry on without it, or try again."
        ),
        reason=reason,
    )


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach the assistant; from settings unless a caller says otherwise."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 20.0

    @classmethod
    def from_settings(cls) -> "Endpoint":
        return cls(
            base_url=settings.VOGTER_LLM_BASE_URL.rstrip("/"),
            model=settings.VOGTER_LLM_MODEL,
            api_key=settings.VOGTER_LLM_API_KEY,
            timeout=float(settings.VOGTER_LLM_TIMEOUT),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"


@dataclass(frozen=True)
class Answer:
    content: str
    model: str


def build_payload(model: str, messages: list[dict[str, str]]) -> dict[str, Any]:
    """The request body, exactly as it will be sent (and shown to the facilitator)."""
    return {
        "model": model,
        "messages": messages,
        # Low temperature: we want the plain reading of the answers, not invention.
        "temperature": 0.2,
        "response_format": {"type": "json_object"},
        "stream": False,
    }


def complete(payload: dict[str, Any], endpoint: Endpoint | None = None) -> Answer:
    """Send one chat-completions request and return the assistant's message text."""
    endpoint = endpoint or Endpoint.from_settings()
    if not endpoint.enabled:
        raise not_configured()
    headers = {"Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    started = time.monotonic()
    try:
        body = _post(endpoint, payload, headers, deadline=started + endpoint.timeout)
        answer = _parse(body, endpoint.model)
    except AssistantUnavailable as error:
        logger.warning(
            "Language-model assistant unavailable (%s) after %.1f s: %s",
            endpoint.model,
            time.monotonic() - started,
            error.reason,
        )
        raise
    logger.info(
        "Language-model assistant (%s) answered in %.1f s",
        endpoint.model,
        time.monotonic() - started,
    )
    return answer


@functools.cache
def _tls() -> ssl.SSLContext:
    # The system's trust store, so an in-house endpoint with the organisation's own
    # certificate authority works; built once, as it takes a noticeable while.
    return ssl.create_default_context()


def _post(
    endpoint: Endpoint, payload: dict[str, Any], headers: dict[str, str], *, deadline: float
) -> bytes:
    # httpx's timeout limits each phase (connect, each read); the deadline below also
    # limits the whole, so a server that trickles bytes cannot hold the page.
    timeout = httpx.Timeout(endpoint.timeout)
    try:
        with (
            httpx.Client(timeout=timeout, verify=_tls(), follow_redirects=False) as client,
            client.stream("POST", endpoint.url, json=payload, headers=headers) as response,
        ):
            if not response.is_success:
                raise _refused(f"HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise unusable_answer(f"answer larger than {MAX_RESPONSE_BYTES} bytes")
                if time.monotonic() > deadline:
                    raise _too_slow(f"no complete answer within {endpoint.timeout:g} s")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException:
        raise _too_slow(f"no answer within {endpoint.timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeEncodeError) as error:
        # The class says what went wrong; the text could quote the URL or the key.
        raise _unreachable(type(error).__name__) from None


def _parse(body: bytes, default_model: str) -> Answer:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise unusable_answer("response is not JSON") from None
    try:
        message = data["choices"][0]["message"]
        content = message["content"]
    except (KeyError, IndexError, TypeError):
        raise unusable_answer("response has no choices[0].message.content") from None
    if not isinstance(content, str) or not content.strip():
        raise unusable_answer("the message content is empty")
    model = data.get("model") if isinstance(data.get("model"), str) else None
    return Answer(content=content, model=model or default_model)
