"""What the fault tests share: a throwaway database, a real `vogter serve` in its own
process group, and participants whose clients autosave like the worksheet's script.

Everything Django runs in subprocesses with their own environment (DATABASE_URL,
VOGTER_DATA_DIR, DEBUG=true), never in the pytest process, whose settings belong to
pytest-django.

The participants speak HTTP through the live-workshop benchmark's client
(`bench/live_workshop.py`: h11 over asyncio) and behave like worksheet.js: a text is
kept on the device until the server confirms it (200, `saved`), every field carries an
increasing `seq`, and a failed save (refused, reset, timeout, 5xx) is retried with a
backoff of 1 s doubling — capped at 4 s here instead of the page's 15 s, to keep the
test short.
"""

import asyncio
import contextlib
import importlib.util
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parents[2]
VOGTER = REPO_DIR / ".venv" / "bin" / "vogter"
PYTHON = Path(sys.executable)
RESULTS = REPO_DIR / "test-results" / "faults.json"
# Where the throwaway PostgreSQL databases are created (the `postgres` maintenance db).
PG_ADMIN_URL = os.environ.get("VOGTER_FAULTS_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MAX_BACKOFF = 4.0
REQUEST_TIMEOUT = 5.0

_spec = importlib.util.spec_from_file_location(
    "vogter_bench_live_workshop", REPO_DIR / "bench" / "live_workshop.py"
)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


# --- Databases and servers -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_reachable() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def pg_admin(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql, params or None)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


@dataclass
class Database:
    kind: str  # "sqlite" or "postgresql"
    env: dict[str, str]
    name: str = ""  # the PostgreSQL database's name

    def manage(self, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
            [str(VOGTER), *args],
            env=self.env,
            cwd=REPO_DIR,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"vogter {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def python(self, code: str, stdin: str = "") -> Any:
        """Run `code` (after django.setup()) in a subprocess; it prints one JSON line."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [str(PYTHON), "-c", "import django; django.setup()\n" + code],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "vogter.settings"},
            cwd=REPO_DIR,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"script failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def make_database(kind: str, tmp: Path) -> Database:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DEBUG="true", VOGTER_DATA_DIR=str(tmp), PYTHONUNBUFFERED="1")
    name = ""
    if kind == "postgresql":
        name = f"vogter_faults_{uuid.uuid4().hex[:12]}"
        pg_admin(f'CREATE DATABASE "{name}"')
        admin = urllib.parse.urlsplit(PG_ADMIN_URL)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(admin._replace(path="/" + name))
    db = Database(kind, env, name)
    db.manage("migrate", "--verbosity", "0")
    db.manage("createcachetable")
    return db


def drop_database(db: Database) -> None:
    if db.kind == "postgresql":
        pg_admin(f'ALTER DATABASE "{db.name}" ALLOW_CONNECTIONS true')
        pg_admin(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')


SETUP_WORKSHOP = """
import datetime, json, uuid
from vogter.accounts.models import User
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import UnitLevel
from vogter.workshops.actions import workshops as workshop_actions
email = f"facilitator-{uuid.uuid4().hex[:8]}@faults.example"
person = User.objects.create_user(email, uuid.uuid4().hex, name="Fault Facilitator")
org = organisation_actions.create_organisation(person, f"Faults {uuid.uuid4().hex[:6]}", "da")
unit = unit_actions.create_unit(person, org, "Enhed", UnitLevel.UNIT)
workshop = workshop_actions.create_workshop(
    person, org, unit=unit, title="Faults", date=datetime.date.today(), language="da"
)
workshop = workshop_actions.set_phase(person, workshop, "reflect")
print(json.dumps({"join_code": workshop.join_code, "code": workshop.code}))
"""

# Tokens on stdin; for each, the fields its sheet holds: {field: [seq, text]}.
READ_SHEETS = """
import json, sys
from vogter.workshops.access import fingerprint
from vogter.workshops.models import Entry, Sheet
out = []
for token in json.loads(sys.stdin.read()):
    sheet = Sheet.objects.get(token_hash=fingerprint(token))
    out.append({e.field: [e.seq, e.text] for e in Entry.objects.filter(sheet=sheet)})
print(json.dumps(out))
"""


class Server:
    """`vogter serve --no-migrate` in a process group of its own."""

    def __init__(self, db: Database, port: int, log: Path) -> None:
        self.db, self.port, self.log = db, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, ready_within: float = 60) -> float:
        """Start and wait until /healthz answers 200; returns the seconds that took."""
        started = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [str(VOGTER), "serve", "--no-migrate", "--port", str(self.port)],
                env=self.db.env,
                cwd=REPO_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = started + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {self.log.read_text()[-3000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as s,
            ):
                s.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"the server did not start: {self.log.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


# --- Participants ----------------------------------------------------------------


@dataclass
class FieldState:
    seq: int = 0  # the newest text typed
    text: str = ""
    confirmed: int = 0  # the newest seq the server acknowledged
    failures: int = 0
    next_try: float = 0.0
    failed_seqs: set[int] = field(default_factory=set)


@dataclass
class Counts:
    acknowledged: list[tuple[int, str, int, str]] = field(default_factory=list)
    attempts: int = 0
    retries: int = 0  # attempts after a failure of the same field
    saves_retried: int = 0  # acknowledged saves that had failed at least once first
    errors: dict[str, int] = field(default_factory=dict)
    error_at: list[float] = field(default_factory=list)  # time.monotonic() of each
    typed: int = 0
    inflight: int = 0  # requests sent and not yet answered, right now

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        self.error_at.append(time.monotonic())


class Participant:
    def __init__(self, number: int, host: str, port: int, counts: Counts, rnd: random.Random):
        self.number = number
        self.conn = bench.Connection(host, port)
        self.counts = counts
        self.random = rnd
        self.token = ""
        self.fields = {key: FieldState() for key in bench.FIELD_KEYS}

    async def join(self, join_code: str) -> None:
        body = json.dumps({"join_code": join_code}).encode()
        for _attempt in range(10):
            try:
                response = await self.conn.request(
                    "POST",
                    "/api/worksheets/join",
                    [("Content-Type", "application/json")],
                    body,
                    timeout=REQUEST_TIMEOUT * 2,
                )
            except (OSError, bench.HttpError, bench.h11.ProtocolError, TimeoutError):
                self.conn.close()
            else:
                if response.status == 201:
                    self.token = response.json()["token"]
                    return
            await asyncio.sleep(0.5)
        raise AssertionError(f"participant {self.number} could not join")

    def type_something(self) -> None:
        key = self.random.choice(bench.FIELD_KEYS)
        f = self.fields[key]
        f.seq += 1
        words = " ".join(self.random.choices(bench.WORDS, k=self.random.randint(3, 8)))
        f.text = f"{words} [f{self.number}.{key}.{f.seq}]"
        self.counts.typed += 1

    def unsent(self) -> list[str]:
        return [k for k, f in self.fields.items() if f.seq > f.confirmed]

    async def send_due(self) -> None:
        """Send every field with unconfirmed text whose backoff has passed."""
        now = time.monotonic()
        for key in self.unsent():
            f = self.fields[key]
            if f.next_try > now:
                continue
            await self._send(key, f)

    async def _send(self, key: str, f: FieldState) -> None:
        seq, text = f.seq, f.text
        body = json.dumps({"text": text, "seq": seq}).encode()
        headers = [("Authorization", "Bearer " + self.token), ("Content-Type", "application/json")]
        self.counts.attempts += 1
        if f.failures:
            self.counts.retries += 1
        problem = ""
        try:
            self.counts.inflight += 1
            try:
                response = await self.conn.request(
                    "PUT",
                    f"/api/worksheets/me/fields/{key}",
                    headers,
                    body,
                    timeout=REQUEST_TIMEOUT,
                )
            finally:
                self.counts.inflight -= 1
        except ConnectionRefusedError:
            problem = "refused"
        except TimeoutError:  # an OSError too: before it
            problem = "timeout"
        except (OSError, bench.HttpError, bench.h11.ProtocolError) as error:
            problem = f"cut: {type(error).__name__}"
        else:
            if response.status == 200:
                data = response.json()
                if not data.get("saved", False):
                    # One device, increasing seqs: the server must never prefer another text.
                    self.counts.error("acknowledged but not saved")
                self.counts.acknowledged.append((self.number, key, seq, text))
                if seq in f.failed_seqs:
                    self.counts.saves_retried += 1
                f.confirmed = max(f.confirmed, int(data.get("seq", seq)))
                f.failures = 0
                f.next_try = 0.0
                return
            problem = f"status {response.status}"
            if response.status < 500:
                # worksheet.js would block the field: this must not happen here.
                raise AssertionError(f"save refused: {response.status} {response.body[:300]!r}")
        if problem:
            self.conn.close()
            self.counts.error(problem)
            f.failed_seqs.add(seq)
            f.failures += 1
            f.next_try = time.monotonic() + min(MAX_BACKOFF, 2.0 ** (f.failures - 1))

    async def run(self, typing: asyncio.Event, stop: asyncio.Event) -> None:
        """Type and autosave until `stop`; stop typing when `typing` is cleared."""
        try:
            while not stop.is_set():
                await asyncio.sleep(self.random.uniform(0.3, 0.9))
                if typing.is_set():
                    self.type_something()
                await self.send_due()
        finally:
            self.conn.close()


async def drain(participants: list[Participant], within: float) -> bool:
    """Wait until every participant's text is confirmed (or `within` seconds pass)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(p.unsent() for p in participants):
            return True
        await asyncio.sleep(0.2)
    return False


def verify(db: Database, participants: list[Participant], counts: Counts) -> dict[str, Any]:
    """Compare what the database holds with what the server acknowledged."""
    stored = db.python(READ_SHEETS, json.dumps([p.token for p in participants]))
    by_number = {p.number: sheet for p, sheet in zip(participants, stored, strict=True)}
    lost: list[tuple[int, str, int, str]] = []
    for number, key, seq, text in counts.acknowledged:
        have = by_number[number].get(key)
        if have is None or have[0] < seq or (have[0] == seq and have[1] != text):
            lost.append((number, key, seq, text))
    final_missing = []
    for p in participants:
        for key, f in p.fields.items():
            if f.seq and by_number[p.number].get(key) != [f.seq, f.text]:
                final_missing.append((p.number, key, f.seq, by_number[p.number].get(key)))
    return {"lost": lost, "final_missing": final_missing}


def write_results(key: str, result: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if RESULTS.exists():
        with contextlib.suppress(ValueError):
            data = json.loads(RESULTS.read_text())
    data[key] = result
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
