"""What idle participant streams cost a running server: threads, memory, CPU.

Starts no server. Given the address of one running the demo (`make run`) and its
process id, it logs in as the demo facilitator, creates a workshop in the reflect
phase, then opens N participant event streams (GET /j/<join code>/events, as the
worksheet page does), each counted open once its snapshot (`event: phase`) has
arrived. It reads the server's threads and resident memory (/proc) before, with all
N open, and a few seconds after closing them, and the CPU the server spent opening
them (user + system, from /proc/<pid>/stat).

    .venv/bin/python bench/idle_streams.py --base-url http://127.0.0.1:8000 \\
        --server-pid 12345 --streams 1000

The last line printed is one JSON object.
"""

import argparse
import asyncio
import json
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_workshop import DEMO_EMAIL, DEMO_ORG, DEMO_PASSWORD, Bench, server_cpu_seconds


def proc(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {
        "threads": int(fields["Threads"]),
        "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
        "hwm_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
        "cpu_s": server_cpu_seconds(pid),
    }


async def open_stream(host: str, port: int, path: str):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    seen = b""
    while b"event: phase" not in seen:
        chunk = await reader.read(4096)
        if not chunk:
            raise ConnectionError(f"closed before the snapshot: {seen[:200]!r}")
        seen += chunk
    return reader, writer


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100, help="Openings at once.")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80

    # Reuse the load benchmark's facilitator: log in, create a workshop, reflect phase.
    runner_args = argparse.Namespace(
        base_url=args.base_url,
        participants=1,
        seed=1,
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        organisation=DEMO_ORG,
    )
    runner = Bench(runner_args)
    await runner.set_up()
    join_code = runner.workshop["join_code"]
    path = f"/j/{join_code}/events"

    await asyncio.sleep(2)
    before = proc(args.server_pid)
    gate = asyncio.Semaphore(args.concurrency)
    latencies: list[float] = []

    async def one() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        async with gate:
            started = time.monotonic()
            pair = await open_stream(host, port, path)
            latencies.append(time.monotonic() - started)
            return pair

    started = time.monotonic()
    pairs = await asyncio.gather(*(one() for _ in range(args.streams)))
    open_seconds = time.monotonic() - started
    opened = proc(args.server_pid)
    await asyncio.sleep(3)
    settled = proc(args.server_pid)
    for _reader, writer in pairs:
        writer.close()
    await asyncio.sleep(5)
    after = proc(args.server_pid)
    latencies.sort()
    result = {
        "streams": args.streams,
        "before": before,
        "open": settled,
        "after_close": after,
        "open_wall_s": round(open_seconds, 2),
        "open_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "open_p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
        "server_cpu_to_open_s": round(opened["cpu_s"] - before["cpu_s"], 2),
        "server_cpu_ms_per_open": round(
            (opened["cpu_s"] - before["cpu_s"]) * 1000 / args.streams, 2
        ),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
