"""How far one live event fans out, and how fast, through real uvicorn processes.

Starts PROCESSES uvicorn processes serving the real ASGI application (settings,
middleware) with vogter/live's test URLs, opens CONNECTIONS Server-Sent Events
streams spread over them (as participants' phones would), then publishes ROUNDS
events through a sync view of the first process (as a phase change does) and times
how long each takes to reach every stream. Also reports each server process's
memory and threads with all streams open.

    .venv/bin/python bench/live_fanout.py --connections 1000
    .venv/bin/python bench/live_fanout.py --connections 1000 --processes 2 \\
        --redis-url redis://127.0.0.1:6379/0

The last line printed is one JSON object.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]


def start_servers(
    count: int, redis_url: str, folder: Path
) -> list[tuple[subprocess.Popen[bytes], int]]:
    env = {
        **os.environ,
        "DEBUG": "true",
        "REDIS_URL": redis_url,
        "DATABASE_URL": "",
        "VOGTER_DATA_DIR": str(folder),
    }
    started = []
    for n in range(count):
        log = folder / f"uvicorn-{n}.log"
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
        started.append((process, log))
    servers = []
    for process, log in started:
        deadline = time.monotonic() + 60
        while True:
            found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", log.read_text())
            if found:
                servers.append((process, int(found.group(1))))
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.05)
    return servers


def process_status(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return {"rss_mb": rss // 1024, "threads": threads}


class Stream:
    """One browser's stream: records when each event arrives."""

    def __init__(self) -> None:
        self.arrivals: dict[int, float] = {}
        self.ready = asyncio.Event()

    async def run(self, port: int, channel: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            f"GET /stream/{channel} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        try:
            await reader.readuntil(b"\r\n\r\n")
            while True:
                size = int(await reader.readuntil(b"\r\n"), 16)
                chunk = (await reader.readexactly(size + 2))[:-2].decode()
                now = time.monotonic()
                for block in chunk.split("\n\n"):
                    if block.startswith("event: hello"):
                        self.ready.set()
                    elif block.startswith("event: phase"):
                        data = json.loads(block.split("\ndata: ", 1)[1])
                        self.arrivals[data["round"]] = now
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()


async def post(port: int, path: str, body: dict[str, object]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    payload = json.dumps(body).encode()
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
        + payload
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    if not response.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"publish failed: {response[:200]!r}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def bench(
    servers: list[tuple[subprocess.Popen[bytes], int]], connections: int, rounds: int
) -> dict[str, object]:
    ports = [port for _process, port in servers]
    channel = f"bench-{uuid.uuid4().hex}"
    streams = [Stream() for _ in range(connections)]
    started = time.monotonic()
    tasks = [
        asyncio.create_task(stream.run(ports[n % len(ports)], channel))
        for n, stream in enumerate(streams)
    ]
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in streams)), 120)
    connect_seconds = time.monotonic() - started
    sent: dict[int, float] = {}
    for n in range(rounds):
        sent[n] = time.monotonic()
        await post(ports[0], f"/send/{channel}", {"event": "phase", "data": {"round": n}})
        deadline = time.monotonic() + 10
        while any(n not in s.arrivals for s in streams) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.2)
    every = [s.arrivals[n] - sent[n] for s in streams for n in range(rounds) if n in s.arrivals]
    last = [max(s.arrivals.get(n, float("inf")) for s in streams) - sent[n] for n in range(rounds)]
    missed = sum(1 for s in streams for n in range(rounds) if n not in s.arrivals)
    statuses = [process_status(process.pid) for process, _port in servers]
    for task in tasks:
        task.cancel()
    return {
        "connect_all_s": round(connect_seconds, 2),
        "p50_ms": round(statistics.median(every) * 1000, 1),
        "p95_ms": round(percentile(every, 0.95) * 1000, 1),
        "last_p50_ms": round(statistics.median(last) * 1000, 1),
        "last_max_ms": round(max(last) * 1000, 1),
        "missed": missed,
        "servers": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--redis-url", default="")
    options = parser.parse_args()
    if options.processes > 1 and not options.redis_url:
        raise SystemExit("Several processes share events only through Redis: add --redis-url.")
    with tempfile.TemporaryDirectory() as folder:
        servers = start_servers(options.processes, options.redis_url, Path(folder))
        try:
            result = asyncio.run(bench(servers, options.connections, options.rounds))
            result = {
                "connections": options.connections,
                "processes": options.processes,
                "redis": bool(options.redis_url),
                **result,
            }
        finally:
            for process, _port in servers:
                process.terminate()
                process.wait(10)
    print(
        f"{options.connections} streams on {options.processes} process(es): "
        f"connected in {result['connect_all_s']} s; an event reached a stream in "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms; reached the last stream in "
        f"p50 {result['last_p50_ms']} ms, at worst {result['last_max_ms']} ms; "
        f"missed {result['missed']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
