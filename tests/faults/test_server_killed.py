"""Issue 8, item 5: faults, nothing lost.

A live workshop's participants autosave against a real `vogter serve`; midway the
server is killed hard (SIGKILL to its process group) and started again, or its
database connections are cut as a PostgreSQL restart cuts them. The participants'
clients keep typing, keep their unsent text and retry as worksheet.js does. Then the
database must hold every save the server acknowledged (or a newer one of the same
field) and every participant's last text.

Counts go to test-results/faults.json (docs/quality.md quotes them).

    VOGTER_FAULTS=1 .venv/bin/pytest -q -p no:xdist -m faults tests/faults
"""

import asyncio
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults import harness
from tests.faults.harness import Counts, Database, Participant, Server

pytestmark = pytest.mark.faults

PARTICIPANTS = 30
BEFORE_FAULT = 6.0  # seconds of typing before the fault
AFTER_FAULT = 6.0  # seconds of typing once the fault is over
DOWNTIME = 2.0  # seconds the server stays dead / the database keeps refusing
DRAIN_WITHIN = 40.0  # seconds the clients get to deliver everything unsent


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Database]]:
    """databases(kind): one fresh, migrated database of that kind for this session."""
    made: dict[str, Database] = {}

    def get(kind: str) -> Database:
        if kind not in made:
            if kind == "postgresql" and not harness.pg_reachable():
                pytest.skip(f"PostgreSQL is not reachable at {harness.PG_ADMIN_URL}")
            made[kind] = harness.make_database(kind, tmp_path_factory.mktemp(f"faults-{kind}"))
        return made[kind]

    yield get
    for db in made.values():
        harness.drop_database(db)


Fault = Callable[[Server, Database, Counts], Awaitable[dict[str, Any]]]


async def kill_server(server: Server, db: Database, counts: Counts) -> dict[str, Any]:
    """SIGKILL the whole process group while saves are in flight, stay down, start
    again on the same port."""
    deadline = time.monotonic() + 3
    while counts.inflight < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.001)
    cut = counts.inflight
    killed_at = time.monotonic()
    server.kill(signal.SIGKILL)
    await asyncio.sleep(DOWNTIME)
    restart = await asyncio.to_thread(server.start)
    return {
        "injected": "SIGKILL to the server's process group, restart on the same port",
        "requests_in_flight_at_kill": cut,
        "downtime_s": round(time.monotonic() - killed_at, 2),
        "restart_s": round(restart, 2),
    }


def _cut_connections(name: str, seconds: float) -> int:
    """What a restart looks like to the app: every connection to the database dies, and
    new ones are refused, for `seconds`."""
    import psycopg

    terminated = 0
    with psycopg.connect(harness.PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                row = conn.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                ).fetchone()
                terminated += row[0] if row else 0
                time.sleep(0.05)
        finally:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    return terminated


async def cut_database(server: Server, db: Database, counts: Counts) -> dict[str, Any]:
    started = time.monotonic()
    terminated = await asyncio.to_thread(_cut_connections, db.name, DOWNTIME)
    assert server.process is not None and server.process.poll() is None, "the server died"
    return {
        "injected": (
            "PostgreSQL restart as the app sees it: ALLOW_CONNECTIONS false and "
            "pg_terminate_backend on every connection to the test database for "
            f"{DOWNTIME:.0f} s, then connections allowed again"
        ),
        "downtime_s": round(time.monotonic() - started, 2),
        "connections_terminated": terminated,
    }


def _restart_postgresql() -> float:
    """Restart the PostgreSQL server itself (the cluster CI runs on), and wait for it."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - fixed arguments
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=60,
    )
    for _ in range(60):
        if harness.pg_reachable():
            break
        time.sleep(0.5)
    return time.monotonic() - started


async def restart_database(server: Server, db: Database, counts: Counts) -> dict[str, Any]:
    took = await asyncio.to_thread(_restart_postgresql)
    assert server.process is not None and server.process.poll() is None, "the server died"
    return {
        "injected": "a real restart of the PostgreSQL server (pg_ctlcluster … restart)",
        "downtime_s": round(took, 2),
    }


async def live_workshop_with(
    db: Database, log: Path, fault: Fault, seed: int, key: str
) -> dict[str, Any]:
    """Join, type and autosave; inject `fault` midway; check the database; record the
    counts under `key` in test-results/faults.json."""
    started = time.monotonic()
    workshop = db.python(harness.SETUP_WORKSHOP)
    server = Server(db, harness.free_port(), log)
    await asyncio.to_thread(server.start)
    counts = Counts()
    participants = [
        Participant(n, "127.0.0.1", server.port, counts, random.Random(seed * 1000 + n))
        for n in range(PARTICIPANTS)
    ]
    stop, typing = asyncio.Event(), asyncio.Event()
    typing.set()
    tasks: list[asyncio.Task[None]] = []
    try:
        await asyncio.gather(*(p.join(workshop["join_code"]) for p in participants))
        tasks = [asyncio.create_task(p.run(typing, stop)) for p in participants]
        await asyncio.sleep(BEFORE_FAULT)
        acknowledged_before = len(counts.acknowledged)
        unsent_at_fault = sum(len(p.unsent()) for p in participants)
        fault_info = await fault(server, db, counts)
        fault_over = time.monotonic()
        await asyncio.sleep(AFTER_FAULT)
        typing.clear()
        drained = await harness.drain(participants, DRAIN_WITHIN)
        stop.set()
        await asyncio.gather(*tasks)
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(server.kill, signal.SIGTERM)
    checked = harness.verify(db, participants, counts)
    result = {
        **fault_info,
        "database": db.kind,
        "participants": PARTICIPANTS,
        "texts_typed": counts.typed,
        "save_requests": counts.attempts,
        "saves_acknowledged": len(counts.acknowledged),
        "saves_acknowledged_before_fault": acknowledged_before,
        "fields_unsent_at_fault": unsent_at_fault,
        "saves_retried": counts.saves_retried,
        "retry_requests": counts.retries,
        "saves_lost": len(checked["lost"]),
        "final_texts_missing": len(checked["final_missing"]),
        "all_unsent_delivered": drained,
        "client_errors": dict(sorted(counts.errors.items())),
        "client_errors_after_fault_over": sum(1 for t in counts.error_at if t > fault_over),
        # From the end of the fault to the last failed request: how long recovery took.
        "last_error_after_fault_over_s": round(
            max([0.0, *(t - fault_over for t in counts.error_at)]), 2
        ),
        "runtime_s": round(time.monotonic() - started, 1),
        "measured": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    # Written before the checks, so that a failure leaves its counts too.
    harness.write_results(key, result)
    assert drained, f"unsent text left after {DRAIN_WITHIN:.0f} s: {result}"
    assert not checked["lost"], f"acknowledged saves lost: {checked['lost'][:10]}"
    assert not checked["final_missing"], f"final texts missing: {checked['final_missing'][:10]}"
    assert "acknowledged but not saved" not in counts.errors
    assert counts.retries > 0, "the fault did not hit any save: nothing was tested"
    return result


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_server_sigkill_loses_no_acknowledged_save(
    kind: str, databases: Callable[[str], Database], tmp_path: Path
) -> None:
    db = databases(kind)
    log = tmp_path / "server.log"
    asyncio.run(live_workshop_with(db, log, kill_server, 1, f"server_sigkill_{kind}"))


def test_database_restart_loses_no_acknowledged_save(
    databases: Callable[[str], Database], tmp_path: Path
) -> None:
    db = databases("postgresql")
    log = tmp_path / "server.log"
    asyncio.run(live_workshop_with(db, log, cut_database, 2, "database_restart_postgresql"))


@pytest.mark.skipif(
    os.environ.get("VOGTER_FAULTS_RESTART_POSTGRES") != "1"
    or shutil.which("pg_ctlcluster") is None,
    reason="restarts the machine's PostgreSQL server: only where nothing else uses it (CI)",
)
def test_a_real_database_restart_loses_no_acknowledged_save(
    databases: Callable[[str], Database], tmp_path: Path
) -> None:
    db = databases("postgresql")
    log = tmp_path / "server.log"
    asyncio.run(
        live_workshop_with(db, log, restart_database, 3, "database_restart_real_postgresql")
    )
