"""A local stand-in for an OpenAI-compatible server, so the real HTTP client is tested
end to end without the network.

`llm_server` answers POST /v1/chat/completions with whatever the test asked for and
records every request it received; `assistant_on` points the settings at it.
"""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django.fixtures import Settings

API_KEY = "sk-test-0123456789abcdef"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeServer:
    base_url: str
    received: list[Received] = field(default_factory=list)
    status: int = 200
    raw: bytes | None = None  # sent as is instead of a chat-completions envelope
    content: str = '{"labels": []}'
    delay: float = 0.0
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, content: str) -> None:
        """The assistant's message text for the next requests."""
        self.content = content

    def envelope(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": "test-model:latest",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content},
                        "finish_reason": "stop",
                    }
                ],
            }
        ).encode()


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            server.received.append(Received(self.path, dict(self.headers.items()), body))
            if server.delay:
                server.release.wait(server.delay)
            payload = server.envelope()
            try:
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                return  # the client gave up waiting (the timeout tests): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def llm_server() -> Iterator[FakeServer]:
    fake = FakeServer(base_url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.daemon_threads = True
    httpd.block_on_close = False
    fake.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables; the test server is local and must be reached directly.
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def assistant_on(settings: Settings, llm_server: FakeServer) -> FakeServer:
    settings.VOGTER_LLM_BASE_URL = llm_server.base_url
    settings.VOGTER_LLM_MODEL = "test-model"
    settings.VOGTER_LLM_API_KEY = API_KEY
    settings.VOGTER_LLM_TIMEOUT = 10  # generous: a loaded CI machine must not fail a good answer
    return llm_server
