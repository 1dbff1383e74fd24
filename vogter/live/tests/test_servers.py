"""Live delivery through real uvicorn processes serving the real ASGI application
(settings, middleware) with the test URLs: across two processes through Redis, and
within the single process of the embedded default."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from vogter.live.tests.helpers import REDIS_URL, parse_sse, redis_reachable

REPO_DIR = Path(__file__).resolve().parents[3]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def request(self, method: str, path: str, body: Any = None) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None)
            response = connection.getresponse()
            assert response.status == 200, response.read()
            return json.loads(response.read())
        finally:
            connection.close()

    def publish(self, channel: str, event: str, data: dict[str, Any]) -> Any:
        return self.request("POST", f"/send/{channel}", {"event": event, "data": data})

    def subscribers(self, channel: str) -> int:
        return int(self.request("GET", f"/subscribers/{channel}")["subscribers"])


class EventReader:
    """An EventSource's view of one stream, read from a plain socket."""

    def __init__(self, server: Server, channel: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        self.sock.sendall(
            f"GET /stream/{channel} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        self.buffer = b""
        head = self._until(b"\r\n\r\n", time.monotonic() + 5)
        assert head.startswith(b"HTTP/1.1 200"), head
        assert b"text/event-stream" in head
        assert b"transfer-encoding: chunked" in head.lower()

    def _receive(self, deadline: float) -> None:
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        data = self.sock.recv(65536)
        assert data, "the server closed the stream"
        self.buffer += data

    def _until(self, marker: bytes, deadline: float) -> bytes:
        while marker not in self.buffer:
            self._receive(deadline)
        found, self.buffer = self.buffer.split(marker, 1)
        return found

    def _chunk(self, deadline: float) -> str:
        """One chunk of the chunked transfer encoding."""
        size = int(self._until(b"\r\n", deadline), 16)
        while len(self.buffer) < size + 2:
            self._receive(deadline)
        chunk, self.buffer = self.buffer[:size], self.buffer[size + 2 :]
        return chunk.decode()

    def next_event(self, within: float) -> tuple[str, Any]:
        """The next event (skipping retry hints and comments), within `within` seconds."""
        deadline = time.monotonic() + within
        while True:
            for kind, value in parse_sse(self._chunk(deadline)):
                if kind not in ("retry", ":"):
                    return kind, value

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def start_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[int, str], list[Server]]]:
    tmp_path = tmp_path_factory.mktemp("live-servers")
    servers: list[Server] = []

    def start(count: int, redis_url: str) -> list[Server]:
        env = {
            **os.environ,
            "DEBUG": "true",
            "REDIS_URL": redis_url,
            "DATABASE_URL": "",
            "VOGTER_DATA_DIR": str(tmp_path / "data"),
            "PYTHONUNBUFFERED": "1",
        }
        started = []
        for _ in range(count):
            log = tmp_path / f"uvicorn-{len(servers)}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "vogter.live.tests.asgi:application",
                        "--host=127.0.0.1",
                        "--port=0",
                        "--lifespan=off",
                        "--no-access-log",
                        "--log-level=info",
                    ],
                    cwd=REPO_DIR,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            server = Server(process, log)
            servers.append(server)
            started.append(server)
        deadline = time.monotonic() + 30
        for server in started:
            while not server.port:
                text = server.log.read_text()
                found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", text)
                if found:
                    server.port = int(found.group(1))
                elif server.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"uvicorn did not start:\n{text}")
                else:
                    time.sleep(0.05)
        return started

    yield start
    for server in servers:
        server.process.terminate()
    for server in servers:
        try:
            server.process.wait(5)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture(scope="module")
def default_server(start_servers: Callable[[int, str], list[Server]]) -> Server:
    """The embedded default: one process, no Redis."""
    (server,) = start_servers(1, "")
    return server


@pytest.fixture
def channel() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_event_published_in_one_process_reaches_a_stream_on_another_through_redis(
    start_servers: Callable[[int, str], list[Server]], channel: str
) -> None:
    if not redis_reachable():
        pytest.skip(f"no Redis server answers at {REDIS_URL}")
    a, b = start_servers(2, REDIS_URL)
    reader = EventReader(a, channel)
    try:
        event, snapshot = reader.next_event(within=5)
        assert event == "hello"
        published_by = b.publish(channel, "saved", {"answer": "Mere tid til borgerne"})
        assert published_by["pid"] != snapshot["pid"]
        assert reader.next_event(within=1) == ("saved", {"answer": "Mere tid til borgerne"})
    finally:
        reader.close()


def test_single_process_without_redis_delivers_from_a_sync_view(
    default_server: Server, channel: str
) -> None:
    readers = [EventReader(default_server, channel) for _ in range(3)]
    try:
        for reader in readers:
            assert reader.next_event(within=5)[0] == "hello"
        default_server.publish(channel, "phase", {"phase": "reflect"})
        for reader in readers:
            assert reader.next_event(within=1) == ("phase", {"phase": "reflect"})
    finally:
        for reader in readers:
            reader.close()


def test_a_closed_connection_releases_its_subscription(
    default_server: Server, channel: str
) -> None:
    server = default_server
    reader = EventReader(server, channel)
    reader.next_event(within=5)
    assert server.subscribers(channel) == 1
    reader.close()
    deadline = time.monotonic() + 2
    while server.subscribers(channel) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.subscribers(channel) == 0
