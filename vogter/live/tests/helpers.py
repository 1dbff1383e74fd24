"""Shared by the live tests: the Redis they use, and a way to cut this process's
listener off it."""

import json
import os
from typing import Any

import redis

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def kill_live_redis_connection() -> None:
    """Make Redis drop this process's live listener, as a restart or network cut would."""
    client = redis.Redis.from_url(REDIS_URL)
    name = f"vogter-live-{os.getpid()}"
    killed = [
        client.client_kill_filter(_id=entry["id"])
        for entry in client.client_list()
        if entry.get("name") == name
    ]
    client.close()
    assert killed, f"no Redis connection named {name}"


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """Server-Sent Events blocks as (kind, value): ("retry", ms), (":", comment),
    or (event name, data)."""
    blocks: list[tuple[str, Any]] = []
    for block in text.split("\n\n"):
        if not block:
            continue
        fields = dict(line.split(": ", 1) for line in block.split("\n") if not line.startswith(":"))
        if block.startswith(":"):
            blocks.append((":", block[1:].strip()))
        elif "retry" in fields:
            blocks.append(("retry", int(fields["retry"])))
        else:
            blocks.append((fields["event"], json.loads(fields["data"])))
    return blocks
