"""A live Step-1 workshop under load, against a running server.

Starts no server. Given the address of one running the demo (`make run`), it logs
in as the demo facilitator through the login form, creates a workshop through the
REST API (session + CSRF), moves it to the reflect phase and reveals the answers;
then N participants join (POST /api/worksheets/join), type their sheets field by
field with autosaves like the worksheet's script (a save after each pause in
typing, with an increasing seq per field; the last save of a field says `final`, as
leaving the field does), and submit. Meanwhile the facilitator's board listens to its
Server-Sent Events stream, as the board page does, asks every five seconds whether a
batch of finished answers is due (`board/release`), and refetches the board's
overview at most every two seconds when professions or use cases change.

Every saved text carries a unique marker, so the board's delay is measured from
the moment a finished save was sent to the `cards` event that carries it (the
batches make it seconds, by design), and any unfinished text that reaches the
board is counted as an error. At the end the workshop's JSON export is compared
with the last acknowledged text of every field: anything acknowledged but missing
is a lost save.

    .venv/bin/python bench/live_workshop.py --base-url http://127.0.0.1:8000 --participants 1000

Phones come from offices, 50 behind one address (X-Forwarded-For: start the server with
VOGTER_TRUSTED_PROXIES=127.0.0.1, as bench/live_smoke.py does, or every phone is one
client and the join limit refuses most of them), so the per-client limits on joins and
streams see rooms, not one client. With --flood,
one hostile client meanwhile joins in a loop with the code, tries unknown codes and opens
streams it never reads (all from one address); its answers are reported apart, and the
phones' figures show whether it slowed them.

With --server-pid, it also reports the server's CPU per save over the run (from
/proc), and afterwards the floor: the CPU per request of a bare JSON view (/healthz)
through the same stack, in the same run. The board's delivery is the time from the
board's release check to the batch it released arriving on the board.

Loopback only. The last line printed is one JSON object with the keys
participants, p50_ms, p95_ms, p99_ms, board_delay_p95_ms, errors, lost_saves,
saves_per_s, board_delivery_p95_ms, server_cpu_ms_per_save, floor_cpu_ms_per_request.

HTTP is spoken with h11 (already installed: uvicorn depends on it) over asyncio
streams: light enough that one client process can play a thousand phones on the
same small machine as the server.
"""

import argparse
import asyncio
import codecs
import collections
import contextlib
import datetime
import json
import math
import os
import random
import re
import sys
import time
import urllib.parse
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import h11

DEMO_EMAIL = "facilitator@havnestad.example"
DEMO_PASSWORD = "vogter-demo-2026"  # noqa: S105 - the public demo login (README)
DEMO_ORG = "Havnestad Kommune"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
MAX_PARTICIPANTS = 10_000
REQUEST_TIMEOUT = 30.0
# How long the board may take, after the last save, to show what it has not shown yet:
# a lone finished answer waits up to a minute for its batch (docs/workshops.md).
BOARD_GRACE_SECONDS = 75.0
# The worksheet's autosave: a save 1.2 s after typing pauses (worksheet.js).
DEBOUNCE_SECONDS = 1.2
# How often the board page asks whether a batch of finished answers is due (board.js).
RELEASE_CHECK_SECONDS = 5.0
QUESTION_KEYS = ("q1", "q2", "q3", "q4", "q5")
FIELD_KEYS = (*QUESTION_KEYS, "profession", "use_case")
MARKER = re.compile(r"\[b(\d+)\.(\w+)\.(\d+)\]")
# Phones come from offices: this many behind one address, as a room behind one NAT. Sent
# as X-Forwarded-For, which the server believes from loopback when started with
# VOGTER_TRUSTED_PROXIES=127.0.0.1, so the join and stream limits per client see them as the
# offices they play.
PHONES_PER_ADDRESS = 50
# --flood: one hostile client, with the join code from the projector.
FLOOD_ADDRESS = "203.0.113.66"
FLOOD_JOIN_WORKERS = 4
FLOOD_GUESS_WORKERS = 2
FLOOD_STREAMS = 400


def phone_address(number: int) -> str:
    office = number // PHONES_PER_ADDRESS
    return f"10.{office // 256 % 256}.{office % 256}.1"


WORDS = [
    "vi",
    "bruger",
    "AI",
    "til",
    "at",
    "skrive",
    "udkast",
    "og",
    "det",
    "sparer",
    "tid",
    "men",
    "kræver",
    "at",
    "nogen",
    "tjekker",
    "resultatet",
    "borgerne",
    "skal",
    "kunne",
    "stole",
    "på",
    "svarene",
    "og",
    "kollegerne",
    "skal",
    "have",
    "tid",
    "til",
    "at",
    "lære",
    "værktøjet",
    "at",
    "kende",
    "trivsel",
    "handler",
    "om",
    "indflydelse",
    "på",
    "egne",
    "opgaver",
    "faglighed",
    "ansvar",
    "gennemsigtighed",
    "åbenhed",
    "tillid",
    "kvalitet",
    "sagsbehandling",
    "dokumentation",
    "møder",
    "referater",
    "oversættelse",
    "journalnotater",
    "vejledning",
    "prioritering",
    "opfølgning",
]
PROFESSIONS = (
    "Sagsbehandler",
    "Socialrådgiver",
    "Pædagog",
    "Sygeplejerske",
    "Jurist",
    "Leder",
    "IT-medarbejder",
    "Kommunikationsmedarbejder",
)


# --- HTTP over h11 ------------------------------------------------------------------


class HttpError(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: bytes) -> list[bytes]:
        return [v for k, v in self.headers if k.lower() == name]


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened when the server has closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.host_header = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.h11: h11.Connection | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = self.h11 = None

    def _usable(self) -> bool:
        return (
            self.writer is not None
            and self.reader is not None
            and self.h11 is not None
            and self.h11.our_state is h11.IDLE
            and not self.writer.is_closing()
            and not self.reader.at_eof()
        )

    async def _open(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.h11 = h11.Connection(h11.CLIENT)

    async def _next_event(self) -> Any:
        assert self.h11 is not None and self.reader is not None
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await self.reader.read(65536)
            self.h11.receive_data(data)  # b"" marks the end; h11 then raises or ends

    async def _send(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes):
        assert self.h11 is not None and self.writer is not None
        all_headers = [("Host", self.host_header), *headers]
        if body or method in ("POST", "PUT", "PATCH"):
            all_headers.append(("Content-Length", str(len(body))))
        data = self.h11.send(h11.Request(method=method, target=target, headers=all_headers))
        if body:
            data += self.h11.send(h11.Data(data=body))
        data += self.h11.send(h11.EndOfMessage())
        self.writer.write(data)
        await self.writer.drain()

    async def _read_head(self) -> h11.Response:
        while True:
            event = await self._next_event()
            if isinstance(event, h11.Response):
                return event
            if isinstance(event, h11.ConnectionClosed):
                raise HttpError("connection closed before a response")
            # h11.InformationalResponse (100 Continue): wait for the real one.

    async def request(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]] | None = None,
        body: bytes = b"",
        timeout: float = REQUEST_TIMEOUT,
    ) -> Response:
        async with asyncio.timeout(timeout):
            for attempt in (1, 2):
                reused = self._usable()
                if not reused:
                    await self._open()
                try:
                    await self._send(method, target, headers or [], body)
                    head = await self._read_head()
                except (OSError, HttpError, h11.RemoteProtocolError):
                    self.close()
                    # A kept-alive connection the server closed just as we sent: nothing
                    # reached the application, so once more on a fresh one (as browsers do).
                    if reused and attempt == 1:
                        continue
                    raise
                break
            chunks = []
            while True:
                event = await self._next_event()
                if isinstance(event, h11.Data):
                    chunks.append(bytes(event.data))
                elif isinstance(event, h11.EndOfMessage):
                    break
                elif isinstance(event, h11.ConnectionClosed):
                    raise HttpError("connection closed mid-response")
            assert self.h11 is not None
            if self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE:
                self.h11.start_next_cycle()
            else:
                self.close()
            return Response(head.status_code, list(head.headers), b"".join(chunks))

    async def stream(
        self, target: str, headers: list[tuple[str, str]]
    ) -> AsyncIterator[tuple[int, bytes]]:
        """A streaming GET: the status first (with b""), then body chunks as they come."""
        await self._open()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                await self._send("GET", target, headers, b"")
                head = await self._read_head()
            yield head.status_code, b""
            while True:
                event = await self._next_event()
                if isinstance(event, h11.Data):
                    yield head.status_code, bytes(event.data)
                elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                    return
        finally:
            self.close()


class SseParser:
    """Server-Sent Events from body chunks: (event name, data text) pairs."""

    def __init__(self) -> None:
        self.buffer = ""
        # A chunk may end inside a character ("æ" is two bytes): keep its start for the next.
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def feed(self, chunk: bytes) -> list[tuple[str, str]]:
        self.buffer += self.decoder.decode(chunk)
        out = []
        while "\n\n" in self.buffer:
            block, self.buffer = self.buffer.split("\n\n", 1)
            name, data = "message", []
            for line in block.split("\n"):
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
            if data:
                out.append((name, "\n".join(data)))
        return out


# --- The server's CPU ------------------------------------------------------------------


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the process `pid` and every process below it, from
    /proc: `vogter serve --workers 2` runs its workers as children. Not what their threads at
    a lower priority than their process used (background_cpu_seconds): the sentence vectors of
    the answers that reached the board are made then, on CPU the requests leave idle, and would
    otherwise inflate every per-request figure, the floor included (docs/benchmarks.md)."""
    return sum(total - background for total, background in _cpu_by_process(pid))


def background_cpu_seconds(pid: int) -> float:
    """CPU time of the threads of `pid` and of the processes below it that run at a higher nice
    value than `pid` itself (the theme vectors' process, nice 19): a server started under
    `nice` as a whole counts as foreground all the same."""
    return sum(background for _total, background in _cpu_by_process(pid))


def _stat(path: str) -> list[str] | None:
    try:
        with open(path) as stat:
            # The command name may hold spaces: the fields start after its ")".
            return stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None  # ended meanwhile


def _cpu_by_process(pid: int) -> list[tuple[float, float]]:
    """(all CPU, CPU of its lower-priority threads) per process of the tree under `pid`, each
    read in one pass over the process and its threads."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(f"/proc/{entry}/stat")) is not None:
            parents[int(entry)] = int(fields[1])
    tree, grew = {pid}, True
    while grew:
        below = {child for child, parent in parents.items() if parent in tree} - tree
        grew = bool(below)
        tree |= below
    root = _stat(f"/proc/{pid}/stat")
    root_nice = int(root[16]) if root is not None else 0
    found = []
    for member in sorted(tree):
        # Fields after the command: [11] utime, [12] stime, [16] nice (proc(5)).
        process = _stat(f"/proc/{member}/stat")
        if process is None:
            continue
        background = 0.0
        try:
            tasks = os.listdir(f"/proc/{member}/task")
        except OSError:
            tasks = []
        for task in tasks:
            thread = _stat(f"/proc/{member}/task/{task}/stat")
            if thread is not None and int(thread[16]) > root_nice:
                background += (int(thread[11]) + int(thread[12])) / ticks
        found.append(((int(process[11]) + int(process[12])) / ticks, background))
    return found


# --- The run ------------------------------------------------------------------------


@dataclass
class Stats:
    save_ms: list[float] = field(default_factory=list)
    join_ms: list[float] = field(default_factory=list)
    # --flood: the hostile client's answers, by kind and status.
    flood: collections.Counter[str] = field(default_factory=collections.Counter)
    submit_ms: list[float] = field(default_factory=list)
    refresh_ms: list[float] = field(default_factory=list)
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    # (participant, field) -> [(seq, time the acknowledged request was sent)], and what
    # the board saw.
    acked: dict[tuple[int, str], list[tuple[int, float]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    last_acked_text: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    # (participant, field) -> the seq of its last save, the finished one (final): the only
    # one the board may ever show.
    finished: dict[tuple[int, str], int] = field(default_factory=dict)
    seen: dict[tuple[int, str], list[tuple[int, float]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    board_events: collections.Counter[str] = field(default_factory=collections.Counter)
    board_reconnects: int = 0
    joined: int = 0
    submitted: int = 0
    participant_streams_open: int = 0
    loop_lag_ms: list[float] = field(default_factory=list)
    # From sending the board's release check to the `cards` event it released: how long
    # the board takes to show a batch once it is due (the wait before is by design).
    delivery_ms: list[float] = field(default_factory=list)

    def error(self, kind: str) -> None:
        self.errors[kind] += 1


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        url = urllib.parse.urlsplit(args.base_url)
        if url.scheme != "http" or url.hostname not in LOOPBACK:
            raise SystemExit("--base-url must be http:// on this machine (127.0.0.1, localhost).")
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or 80
        self.prefix = url.path.rstrip("/")
        # CPU of the server's lowest-priority threads during the run (background_cpu_seconds).
        self.background_cpu: float | None = None
        self.args = args
        self.random = random.Random(args.seed)
        self.stats = Stats()
        self.cookies: dict[str, str] = {}
        self.facilitator = Connection(self.host, self.port)
        self.org = ""
        self.workshop: dict[str, Any] = {}
        self.done = asyncio.Event()
        self.streams_stop = asyncio.Event()
        self.flood_stop = asyncio.Event()
        self.started = 0.0
        self.streams: list[asyncio.Task[None]] = []
        # When the board's last release check was sent (monotonic), if one is out.
        self.release_sent: float | None = None

    # The facilitator's side

    def _cookie_header(self) -> list[tuple[str, str]]:
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return [("Cookie", jar)] if jar else []

    def _take_cookies(self, response: Response) -> None:
        for raw in response.header(b"set-cookie"):
            name, _, rest = raw.decode().partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def facilitator_call(
        self, method: str, path: str, data: Any = None, *, conn: Connection | None = None
    ) -> Response:
        headers = [*self._cookie_header(), ("Accept", "application/json")]
        body = b""
        if data is not None:
            body = json.dumps(data).encode()
            headers.append(("Content-Type", "application/json"))
        if method != "GET":
            headers.append(("X-CSRFToken", self.cookies.get("csrftoken", "")))
        response = await (conn or self.facilitator).request(
            method, self.prefix + path, headers, body
        )
        self._take_cookies(response)
        return response

    async def api(self, method: str, path: str, data: Any = None) -> Any:
        response = await self.facilitator_call(method, "/api" + path, data)
        if response.status >= 300:
            raise SystemExit(
                f"{method} /api{path}: {response.status} {response.body[:300].decode()}"
            )
        return response.json()

    async def log_in(self) -> None:
        page = await self.facilitator_call("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or token is None:
            raise SystemExit(f"The login page did not answer as expected ({page.status}).")
        form = urllib.parse.urlencode(
            {
                "username": self.args.email,
                "password": self.args.password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        ).encode()
        headers = [
            *self._cookie_header(),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Referer", f"http://{self.facilitator.host_header}/accounts/login/"),
        ]
        response = await self.facilitator.request(
            "POST", self.prefix + "/accounts/login/", headers, form
        )
        self._take_cookies(response)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(
                f"Could not log in as {self.args.email} ({response.status}); is the demo loaded?"
                + (" (rate limited: wait five minutes)" if response.status == 429 else "")
            )

    async def set_up(self) -> None:
        await self.log_in()
        organisations = await self.api("GET", "/organisations")
        found = [o for o in organisations if o["name"] == self.args.organisation]
        if not found:
            raise SystemExit(f"{self.args.email} is not in {self.args.organisation!r}.")
        self.org = found[0]["code"]
        units = await self.api("GET", f"/organisations/{self.org}/units")
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        base = f"/organisations/{self.org}/workshops"
        self.workshop = await self.api(
            "POST",
            base,
            {
                "title": f"Benchmark {self.args.participants} participants {stamp}",
                "unit": units[0]["code"],
                "date": datetime.date.today().isoformat(),
                "language": "da",
                # The lost-save check reads the export sheet by sheet (docs/workshop-exports.md).
                "per_sheet_export": True,
            },
        )
        code = self.workshop["code"]
        await self.api("POST", f"{base}/{code}/phase", {"phase": "reflect"})
        self.workshop = await self.api("POST", f"{base}/{code}/reveal", {"revealed": True})

    # The board

    def _saw(self, text: str | None, when: float) -> None:
        if not text:
            return
        for participant, key, seq in MARKER.findall(text):
            self.stats.seen[(int(participant), key)].append((int(seq), when))

    async def board(self, ready: asyncio.Event) -> None:
        """The board page's event stream, reconnecting as the browser does."""
        path = f"{self.prefix}/o/{self.org}/workshops/{self.workshop['code']}/board/events"
        refresh_due: asyncio.Task[None] | None = None
        first = True
        while not self.streams_stop.is_set():
            conn = Connection(self.host, self.port)
            parser = SseParser()
            try:
                headers = [*self._cookie_header(), ("Accept", "text/event-stream")]
                async for status, chunk in conn.stream(path, headers):
                    if status != 200:
                        self.stats.error(f"board stream {status}")
                        break
                    now = time.monotonic()
                    for name, data in parser.feed(chunk):
                        self.stats.board_events[name] += 1
                        if name == "snapshot":
                            for card in json.loads(data)["cards"]:
                                self._saw(card.get("text"), now)
                            ready.set()
                        elif name == "cards":
                            if self.release_sent is not None:
                                self.stats.delivery_ms.append((now - self.release_sent) * 1000)
                                self.release_sent = None
                            batch = json.loads(data)
                            for card in batch["cards"]:
                                self._saw(card.get("text"), now)
                            if batch.get("overview") and (
                                refresh_due is None or refresh_due.done()
                            ):
                                refresh_due = asyncio.create_task(self._refresh_soon())
                        elif name == "card":
                            self._saw(json.loads(data).get("text"), now)
                        elif name == "overview" and (refresh_due is None or refresh_due.done()):
                            refresh_due = asyncio.create_task(self._refresh_soon())
                    if self.streams_stop.is_set():
                        break
            except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                if not self.streams_stop.is_set():
                    self.stats.error(f"board stream: {type(error).__name__}")
            if self.streams_stop.is_set():
                break
            if not first or ready.is_set():
                self.stats.board_reconnects += 1
            first = False
            await asyncio.sleep(self.random.uniform(1.0, 2.0))  # the stream's retry:
        if refresh_due is not None:
            refresh_due.cancel()

    async def release_checks(self) -> None:
        """board.js: every few seconds, ask whether a batch of finished answers is due."""
        path = f"/o/{self.org}/workshops/{self.workshop['code']}/board/release"
        conn = Connection(self.host, self.port)
        try:
            while not self.streams_stop.is_set():
                await asyncio.sleep(RELEASE_CHECK_SECONDS)
                self.release_sent = time.monotonic()
                try:
                    response = await self.facilitator_call("POST", path, conn=conn)
                except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                    self.stats.error(f"board release: {type(error).__name__}")
                    conn.close()
                    conn = Connection(self.host, self.port)
                    continue
                if response.status != 200:
                    self.stats.error(f"board release {response.status}")
                elif not response.json().get("released"):
                    self.release_sent = None  # nothing was due: no batch to wait for
        finally:
            conn.close()

    async def _refresh_soon(self) -> None:
        """board.js: on `overview`, at most every two seconds, fetch the overview."""
        await asyncio.sleep(2.0)
        conn = Connection(self.host, self.port)
        path = f"/o/{self.org}/workshops/{self.workshop['code']}/board/overview.json"
        started = time.monotonic()
        try:
            response = await self.facilitator_call("GET", path, conn=conn)
        except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
            self.stats.error(f"board overview: {type(error).__name__}")
            return
        finally:
            conn.close()
        if response.status != 200:
            self.stats.error(f"board overview {response.status}")
            return
        self.stats.refresh_ms.append((time.monotonic() - started) * 1000)

    # The participants

    async def participant_stream(self, join_code: str, address: str) -> None:
        """The worksheet page's own event stream (phase changes), held open."""
        path = f"{self.prefix}/j/{join_code}/events"
        conn = Connection(self.host, self.port)
        headers = [("Accept", "text/event-stream"), ("X-Forwarded-For", address)]
        try:
            async for status, _chunk in conn.stream(path, headers):
                if status != 200:
                    self.stats.error(f"participant stream {status}")
                    return
                if not _chunk:
                    self.stats.participant_streams_open += 1
                if self.streams_stop.is_set():
                    return
        except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
            if not self.streams_stop.is_set():
                self.stats.error(f"participant stream: {type(error).__name__}")

    def _plan(self, number: int, start: float) -> list[tuple[str, list[str]]]:
        """What this participant will type: per field, the texts of successive saves."""
        rnd = self.random
        plan = []
        for key in FIELD_KEYS:
            if key == "profession":
                steps = [rnd.choice(PROFESSIONS)]
            elif key == "use_case":
                steps = [" ".join(rnd.choices(WORDS, k=rnd.randint(6, 12))) for _ in range(2)]
            else:
                steps = [" ".join(rnd.choices(WORDS, k=rnd.randint(8, 16))) for _ in range(3)]
            texts, so_far = [], ""
            for step in steps:
                so_far = (so_far + " " + step).strip()
                texts.append(so_far)
            plan.append((key, texts))
        return plan

    async def participant(self, number: int, start_at: float, end_at: float) -> None:
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        conn = Connection(self.host, self.port)
        address = [("X-Forwarded-For", phone_address(number))]
        try:
            started = time.monotonic()
            try:
                response = await conn.request(
                    "POST",
                    self.prefix + "/api/worksheets/join",
                    [("Content-Type", "application/json"), *address],
                    json.dumps({"join_code": self.workshop["join_code"]}).encode(),
                )
            except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                self.stats.error(f"join: {type(error).__name__}")
                return
            if response.status != 201:
                self.stats.error(f"join {response.status}")
                return
            self.stats.join_ms.append((time.monotonic() - started) * 1000)
            self.stats.joined += 1
            auth = [("Authorization", "Bearer " + response.json()["token"]), *address]
            if self.args.participant_streams:
                self.streams.append(
                    asyncio.create_task(
                        self.participant_stream(self.workshop["join_code"], address[0][1])
                    )
                )
            plan = self._plan(number, start_at)
            saves = sum(len(texts) for _key, texts in plan)
            gap = max(DEBOUNCE_SECONDS, (end_at - time.monotonic()) / (saves + 1))
            for key, texts in plan:
                self.stats.finished[(number, key)] = len(texts)
                for seq, text in enumerate(texts, start=1):
                    # Typing, then a pause of 1.2 s: the autosave goes out. The last one
                    # goes as the person leaves the field: finished.
                    await asyncio.sleep(self.random.uniform(0.5, 1.5) * gap)
                    final = seq == len(texts)
                    await self.save(conn, auth, number, key, seq, text, final=final)
            await asyncio.sleep(self.random.uniform(0.2, 1.0) * gap)
            started = time.monotonic()
            try:
                response = await conn.request(
                    "POST",
                    self.prefix + "/api/worksheets/me/submit",
                    [*auth, ("Content-Type", "application/json")],
                    b'{"submitted": true}',
                )
            except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                self.stats.error(f"submit: {type(error).__name__}")
                return
            if response.status != 200:
                self.stats.error(f"submit {response.status}")
                return
            self.stats.submit_ms.append((time.monotonic() - started) * 1000)
            self.stats.submitted += 1
        finally:
            conn.close()

    async def save(
        self,
        conn: Connection,
        auth: list[tuple[str, str]],
        number: int,
        key: str,
        seq: int,
        text: str,
        *,
        final: bool = False,
    ) -> None:
        """One autosave; retried with the worksheet's backoff until it is confirmed."""
        marked = f"{text} [b{number}.{key}.{seq}]"
        body = json.dumps({"text": marked, "seq": seq, "final": final}).encode()
        headers = [*auth, ("Content-Type", "application/json")]
        for failures in range(6):
            started = time.monotonic()
            try:
                response = await conn.request(
                    "PUT", f"{self.prefix}/api/worksheets/me/fields/{key}", headers, body
                )
            except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                self.stats.error(f"save: {type(error).__name__}")
                conn.close()
            else:
                if response.status == 200 and not json.loads(response.body).get("saved", True):
                    # Acknowledged but not stored (a newer text has the last word): with one
                    # device and increasing seqs this must never happen.
                    self.stats.error("save not stored")
                    return
                if response.status == 200:
                    now = time.monotonic()
                    self.stats.save_ms.append((now - started) * 1000)
                    if final:
                        self.stats.acked[(number, key)].append((seq, started))
                    self.stats.last_acked_text[(number, key)] = (seq, marked)
                    return
                self.stats.error(f"save {response.status}")
                if response.status < 500:
                    return
            await asyncio.sleep(min(15.0, 2.0**failures))

    # A hostile client (--flood)

    async def _flood_requests(self, body: bytes, kind: str) -> None:
        conn = Connection(self.host, self.port)
        headers = [("Content-Type", "application/json"), ("X-Forwarded-For", FLOOD_ADDRESS)]
        try:
            while not self.flood_stop.is_set():
                try:
                    response = await conn.request(
                        "POST", self.prefix + "/api/worksheets/join", headers, body
                    )
                except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
                    self.stats.flood[f"{kind} {type(error).__name__}"] += 1
                    conn.close()
                    await asyncio.sleep(0.1)
                    continue
                self.stats.flood[f"{kind} {response.status}"] += 1
                if kind == "guess":
                    body = json.dumps({"join_code": self._unknown_code()}).encode()
        finally:
            conn.close()

    def _unknown_code(self) -> str:
        return "".join(self.random.choices("23456789ABCDEFGHJKMNPQRSTUVWXYZ", k=6))

    async def _flood_stream(self) -> None:
        """A stream opened and never read: held until the run ends, unless refused."""
        conn = Connection(self.host, self.port)
        path = f"{self.prefix}/j/{self.workshop['join_code']}/events"
        headers = [("Accept", "text/event-stream"), ("X-Forwarded-For", FLOOD_ADDRESS)]
        try:
            async for status, chunk in conn.stream(path, headers):
                if not chunk:
                    self.stats.flood[f"stream {status}"] += 1
                if status != 200 or self.flood_stop.is_set():
                    return
        except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
            if not self.flood_stop.is_set():
                self.stats.flood[f"stream {type(error).__name__}"] += 1

    async def flood(self) -> None:
        """Joins in a loop, unknown codes tried in a loop, and streams opened and held,
        all from one address, for as long as the phones work."""
        join = json.dumps({"join_code": self.workshop["join_code"]}).encode()
        guess = json.dumps({"join_code": self._unknown_code()}).encode()
        workers = [
            *(self._flood_requests(join, "join") for _ in range(FLOOD_JOIN_WORKERS)),
            *(self._flood_requests(guess, "guess") for _ in range(FLOOD_GUESS_WORKERS)),
        ]
        tasks = [asyncio.create_task(w) for w in workers]
        for _ in range(FLOOD_STREAMS):
            if self.flood_stop.is_set():
                break
            tasks.append(asyncio.create_task(self._flood_stream()))
            await asyncio.sleep(0.02)
        await self.flood_stop.wait()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def loop_lag(self) -> None:
        """How late this client's own event loop runs: its timings are only as good."""
        while not self.done.is_set():
            before = time.monotonic()
            await asyncio.sleep(0.1)
            self.stats.loop_lag_ms.append((time.monotonic() - before - 0.1) * 1000)

    async def run(self) -> dict[str, Any]:
        await self.set_up()
        code = self.workshop["code"]
        print(
            f"Workshop {code} (join code {self.workshop['join_code']}) in {self.org}; "
            f"{self.args.participants} participants over {self.args.duration:.0f} s.",
            flush=True,
        )
        ready = asyncio.Event()
        board = asyncio.create_task(self.board(ready))
        release = asyncio.create_task(self.release_checks())
        lag = asyncio.create_task(self.loop_lag())
        async with asyncio.timeout(30):
            await ready.wait()
        self.started = time.monotonic()
        cpu_before = self._server_cpu()
        background_before = self._background_cpu()
        ramp = self.args.ramp if self.args.ramp is not None else min(60.0, self.args.duration / 3)
        end_at = self.started + self.args.duration
        tasks = [
            asyncio.create_task(
                self.participant(n, self.started + self.random.uniform(0, ramp), end_at)
            )
            for n in range(self.args.participants)
        ]
        progress = asyncio.create_task(self.progress())
        flood = asyncio.create_task(self.flood()) if self.args.flood else None
        _done, late = await asyncio.wait(tasks, timeout=self.args.duration + 300)
        self.flood_stop.set()
        if flood is not None:
            await flood
        if late:
            self.stats.error("participants not finished in time")
            for task in late:
                task.cancel()
        finished = time.monotonic()
        cpu_after = self._server_cpu()
        cpu_during = (
            cpu_after - cpu_before if cpu_after is not None and cpu_before is not None else None
        )
        background_after = self._background_cpu()
        self.background_cpu = (
            background_after - background_before
            if background_after is not None and background_before is not None
            else None
        )
        # The board has a little while to show the last saves.
        deadline = finished + BOARD_GRACE_SECONDS
        while time.monotonic() < deadline and self._unseen():
            await asyncio.sleep(0.2)
        self.streams_stop.set()
        self.done.set()
        # Participants' streams stayed open until everyone was done, as phones would.
        for task in (board, release, progress, lag, *self.streams):
            task.cancel()
        for task in (board, release, progress, lag, *self.streams):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        floor = await self.floor() if self.args.server_pid else None
        lost = await self.lost_saves()
        return self.summary(finished - self.started, lost, cpu_during, floor)

    def _server_cpu(self) -> float | None:
        return server_cpu_seconds(self.args.server_pid) if self.args.server_pid else None

    def _background_cpu(self) -> float | None:
        return background_cpu_seconds(self.args.server_pid) if self.args.server_pid else None

    async def floor(self) -> float:
        """The server's CPU per request for a bare JSON view through the same stack
        (`/healthz`: Django's middleware, one `SELECT 1`), in this run, after the load:
        what a save costs above it is the application's own."""
        count, clients = self.args.floor_requests, 32
        before = server_cpu_seconds(self.args.server_pid)

        async def client(share: int) -> None:
            conn = Connection(self.host, self.port)
            try:
                for _ in range(share):
                    response = await conn.request("GET", f"{self.prefix}/healthz")
                    if response.status != 200:
                        self.stats.error(f"healthz {response.status}")
            finally:
                conn.close()

        await asyncio.gather(*(client(count // clients) for _ in range(clients)))
        used = server_cpu_seconds(self.args.server_pid) - before
        return used / (count // clients * clients) * 1000

    def _half_written_shown(self) -> int:
        """Texts the board showed that their authors had not finished: must be none."""
        return sum(
            1
            for key, seen in self.stats.seen.items()
            for seq, _when in seen
            if seq != self.stats.finished.get(key)
        )

    def _delays(self) -> tuple[list[float], int]:
        """Per acknowledged finished question save: from sending it to the board first
        showing it (or a newer text)."""
        delays, missing = [], 0
        for key, acks in self.stats.acked.items():
            if key[1] not in QUESTION_KEYS:
                continue
            seen = sorted(self.stats.seen.get(key, []))
            for seq, sent_at in acks:
                shown = [when for s, when in seen if s >= seq]
                if shown:
                    delays.append(max(0.0, min(shown) - sent_at) * 1000)
                else:
                    missing += 1
        return delays, missing

    def _unseen(self) -> bool:
        return self._delays()[1] > 0

    async def progress(self) -> None:
        while True:
            await asyncio.sleep(15)
            recent = self.stats.save_ms[-500:]
            print(
                f"  {time.monotonic() - self.started:5.0f} s: joined {self.stats.joined}, "
                f"saves {len(self.stats.save_ms)} (recent p95 {pct(recent, 95):.0f} ms), "
                f"submitted {self.stats.submitted}, errors {dict(self.stats.errors) or 0}",
                flush=True,
            )

    async def lost_saves(self) -> int | None:
        """Acknowledged, but the database holds neither it nor anything newer."""
        # Answers are exported once the reflection has closed.
        base = f"/organisations/{self.org}/workshops/{self.workshop['code']}"
        await self.api("POST", f"{base}/phase", {"phase": "themes"})
        path = f"/api{base}/export?format=json&layout=sheets"
        conn = Connection(self.host, self.port)
        try:
            response = await self.facilitator_call("GET", path, conn=conn)
        except (OSError, HttpError, h11.ProtocolError, TimeoutError) as error:
            self.stats.error(f"export: {type(error).__name__}")
            return None
        finally:
            conn.close()
        if response.status != 200:
            self.stats.error(f"export {response.status}")
            return None
        stored: dict[tuple[int, str], int] = {}
        for sheet in response.json()["sheets"]:
            for key, text in sheet["answers"].items():
                for participant, marked_key, seq in MARKER.findall(text or ""):
                    if marked_key == key:
                        stored[(int(participant), key)] = int(seq)
        self.stored_texts = {
            k: t for sheet in response.json()["sheets"] for k, t in sheet["answers"].items()
        }
        return sum(
            1 for key, (seq, _t) in self.stats.last_acked_text.items() if stored.get(key, 0) < seq
        )

    def summary(
        self, seconds: float, lost: int | None, cpu: float | None, floor_ms: float | None
    ) -> dict[str, Any]:
        s = self.stats
        delays, missing = self._delays()
        # A save the board never showed counts as infinitely late.
        board_p95 = pct(delays + [math.inf] * missing, 95)
        errors = sum(s.errors.values())
        print()
        print(
            f"participants        {self.args.participants} (joined {s.joined}, submitted {s.submitted})"
        )
        print(
            f"run                 {seconds:.0f} s, {len(s.save_ms)} saves acknowledged "
            f"({len(s.save_ms) / max(seconds, 1):.0f}/s)"
        )
        for name, values in (
            ("save (PUT field)", s.save_ms),
            ("join", s.join_ms),
            ("submit", s.submit_ms),
            ("board overview", s.refresh_ms),
        ):
            print(
                f"{name:<19} p50 {pct(values, 50):6.0f}  p95 {pct(values, 95):6.0f}  "
                f"p99 {pct(values, 99):6.0f}  max {max(values, default=0):6.0f} ms  (n={len(values)})"
            )
        print(
            f"board delay         p50 {pct(delays, 50):6.0f}  p95 {board_p95:6.0f}  "
            f"p99 {pct(delays + [math.inf] * missing, 99):6.0f}  max {max(delays, default=0):6.0f} ms"
            f"  (n={len(delays)}, never shown {missing}, reconnects {s.board_reconnects})"
        )
        delivery = s.delivery_ms
        print(
            f"board delivery      p50 {pct(delivery, 50):6.0f}  p95 {pct(delivery, 95):6.0f}  "
            f"p99 {pct(delivery, 99):6.0f}  max {max(delivery, default=0):6.0f} ms  "
            f"(release check sent to its batch on the board; n={len(delivery)})"
        )
        cpu_per_save = cpu / len(s.save_ms) * 1000 if cpu is not None and s.save_ms else None
        if cpu is not None:
            print(
                f"server CPU          {cpu:.1f} s over the run, {cpu / max(seconds, 1):.2f} cores; "
                f"{cpu_per_save or 0:.2f} ms per save (joins, submits, streams and board included)"
            )
        background = self.background_cpu
        if background is not None:
            print(
                f"background CPU      {background:.1f} s over the run, at a lower priority (the "
                "theme vectors of answers on the board; not in the figures above)"
            )
        if floor_ms is not None:
            print(f"floor               {floor_ms:.2f} ms CPU per GET /healthz (a bare JSON view)")
        half = self._half_written_shown()
        print(f"board events        {dict(s.board_events)}")
        print(f"half-written shown  {half}")
        if self.args.participant_streams:
            print(f"participant streams {s.participant_streams_open} opened")
        if self.args.flood:
            print(f"flood (one client)  {dict(sorted(s.flood.items()))}")
        print(f"errors              {errors} {dict(s.errors) if errors else ''}")
        print(f"lost saves          {lost if lost is not None else 'unknown (export failed)'}")
        print(
            f"client loop lag     p99 {pct(s.loop_lag_ms, 99):.0f} ms, max {max(s.loop_lag_ms, default=0):.0f} ms"
        )
        return {
            "participants": self.args.participants,
            "p50_ms": round(pct(s.save_ms, 50), 1),
            "p95_ms": round(pct(s.save_ms, 95), 1),
            "p99_ms": round(pct(s.save_ms, 99), 1),
            "board_delay_p95_ms": round(board_p95, 1) if math.isfinite(board_p95) else None,
            "errors": errors + missing + half,
            "lost_saves": lost,
            "saves_per_s": round(len(s.save_ms) / max(seconds, 1), 1),
            "board_delivery_p95_ms": round(pct(delivery, 95), 1) if delivery else None,
            "server_cpu_ms_per_save": round(cpu_per_save, 2) if cpu_per_save else None,
            "floor_cpu_ms_per_request": round(floor_ms, 2) if floor_ms is not None else None,
            "background_cpu_s": round(background, 1) if background is not None else None,
            **({"flood": dict(sorted(s.flood.items()))} if self.args.flood else {}),
        }


def pct(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--participants", type=int, required=True)
    parser.add_argument(
        "--duration",
        type=float,
        default=180.0,
        help="Seconds from the first join to the last submit.",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="Seconds over which people join (default: a third of --duration, at most 60).",
    )
    parser.add_argument(
        "--participant-streams",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Each participant also holds the worksheet page's event stream open, as a phone does (default on).",
    )
    parser.add_argument(
        "--server-pid",
        type=int,
        default=None,
        help="The server's process id: report its CPU per save, and the floor (a bare JSON view).",
    )
    parser.add_argument(
        "--floor-requests",
        type=int,
        default=3200,
        help="Requests to /healthz for the floor (with --server-pid; default 3200).",
    )
    parser.add_argument(
        "--flood",
        action="store_true",
        help="Meanwhile one hostile client (one address) joins in a loop, tries unknown "
        "join codes and opens streams it never reads; its answers are reported apart.",
    )
    parser.add_argument("--email", default=DEMO_EMAIL)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--organisation", default=DEMO_ORG)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        raise SystemExit(f"--participants must be between 1 and {MAX_PARTICIPANTS}.")
    if not 10 <= args.duration <= 3600:
        raise SystemExit("--duration must be between 10 and 3600 seconds.")
    result = asyncio.run(Bench(args).run())
    print(json.dumps(result))
    sys.exit(0)


if __name__ == "__main__":
    main()
