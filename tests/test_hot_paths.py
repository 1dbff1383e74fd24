"""The hot paths open no database connection and run a fixed list of queries.

A live workshop's phones join, save every few seconds and hand in, a thousand at a
time, while the board polls; a reflection round reaches a whole organisation. Once the
participants' database thread (vogter/workshops/runner.py) opened a new SQLite
connection before every save, which made saves ten times slower, and no test noticed
(issue 14). So each path is measured here as `vogter serve` runs it: through Django's
real WSGI handler, whose `request_started` and `request_finished` close connections that
are too old (the test Client switches that off), with the participants' work on the
database thread. After one warm-up request of the same kind, a request must open no
connection in any thread, and run exactly the queries listed beside it.

The counts in the tests' names are those on PostgreSQL with Redis: what the application
itself asks for. On SQLite starting a transaction is a query too (`begin()`), and with
the database cache, the default without REDIS_URL, so is every cache read (`cache()`).

The tests are transactional: the database thread sees only what is committed.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.test import Client
from werkzeug.test import Client as Browser
from werkzeug.test import TestResponse

from conftest import World
from vogter.accounts.models import User
from vogter.api.actions import issue_token
from vogter.charters.models import Charter
from vogter.principles.actions import agreement as agreement_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.rounds import principles_of
from vogter.reflection.tests import conftest as reflection_conftest
from vogter.workshops import runner
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)

# The reflection tests' fixtures: an adopted charter for the Kommunikation unit, and six
# members placed in it.
adopted_charter = reflection_conftest.adopted_charter
colleagues = reflection_conftest.colleagues


# --- Measuring ----------------------------------------------------------------------------


@dataclass
class Reading:
    """What ran while one `Meter.measure()` was open, in every thread."""

    sql: list[str] = field(default_factory=list)
    connections: int = 0

    @property
    def queries(self) -> int:
        return len(self.sql)


class Meter:
    """Counts the queries on every connection, and the connections opened, in any thread.

    A connection object belongs to its thread: the database thread's cannot be reached
    from the test. So the meter is in place before the first request, and wraps each
    connection as it is created, in whichever thread that happens.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[Reading] = []

    def watch(self, connection: BaseDatabaseWrapper) -> None:
        # Once per connection object: one closed and opened again keeps its wrappers.
        if self._execute not in connection.execute_wrappers:
            connection.execute_wrappers.append(self._execute)

    def unwatch(self, connection: BaseDatabaseWrapper) -> None:
        if self._execute in connection.execute_wrappers:
            connection.execute_wrappers.remove(self._execute)

    def connection_created(self, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
        self.watch(connection)
        with self._lock:
            for reading in self._open:
                reading.connections += 1

    def _execute(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        with self._lock:
            for reading in self._open:
                reading.sql.append(sql)
        return execute(sql, params, many, context)

    @contextmanager
    def measure(self) -> Iterator[Reading]:
        reading = Reading()
        with self._lock:
            self._open.append(reading)
        try:
            yield reading
        finally:
            with self._lock:
                self._open.remove(reading)


@pytest.fixture
def meter(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Meter]:
    """The meter, and the participants' database thread on, as `vogter serve` runs it."""
    runner.stop()  # threads left by another test hold connections the meter cannot reach
    meter = Meter()
    connection_created.connect(meter.connection_created, weak=False, dispatch_uid=id(meter))
    for connection in connections.all(initialized_only=True):
        meter.watch(connection)
    monkeypatch.setenv(runner.ENVIRONMENT_VARIABLE, "1")
    yield meter
    runner.stop()  # closes the thread's connection: PostgreSQL cannot drop a database in use
    connection_created.disconnect(dispatch_uid=id(meter))
    for connection in connections.all(initialized_only=True):
        meter.unwatch(connection)


def begin() -> int:
    """Starting a transaction: a query on SQLite (`BEGIN IMMEDIATE`, the transaction mode
    in settings.py), none on PostgreSQL (psycopg leaves autocommit). A commit is never one."""
    return 0 if connections["default"].vendor == "postgresql" else 1


def cache() -> int:
    """A cache read: a query with the database cache, none with Redis."""
    return 1 if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache") else 0


def counted_join() -> int:
    """A client's join counted (vogter/workshops/limits.py): in the process's memory
    without Redis (the database cache cost five queries and a write), one INCR with
    Redis; no query either way."""
    return 0


def assert_cheap(reading: Reading, queries: int) -> None:
    assert reading.connections == 0, "a warm request opened a database connection"
    assert reading.queries == queries, "\n".join(sql[:120] for sql in reading.sql)


def browser() -> Browser:
    """A client of the real WSGI handler (made in the test: its middleware reads the
    settings that the test changes)."""
    return Browser(get_wsgi_application())


def send(client: Browser, method: str, path: str, **kwargs: Any) -> TestResponse:
    # Buffered: the response is closed, which sends `request_finished`, before it returns.
    return client.open(path, method=method, buffered=True, **kwargs)


def json_of(response: TestResponse) -> Any:
    assert response.is_json, response.text
    return response.json


def csrf_token(client: Browser) -> str:
    cookie = client.get_cookie(settings.CSRF_COOKIE_NAME)
    assert cookie is not None
    return cookie.value


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


# --- Participants: join, save, hand in ----------------------------------------------------


def phone(workshop: Workshop) -> Browser:
    """A phone on the join page: it has the CSRF cookie that the page's forms send."""
    client = browser()
    assert send(client, "GET", f"/j/{workshop.join_code}/").status_code == 200
    return client


def page_join(client: Browser, workshop: Workshop) -> None:
    token = {"csrfmiddlewaretoken": csrf_token(client)}
    response = send(client, "POST", f"/j/{workshop.join_code}/", data=token)
    assert response.status_code == 302, response.text


def page_save(client: Browser, workshop: Workshop, text: str, seq: int) -> None:
    response = send(
        client,
        "POST",
        f"/j/{workshop.join_code}/save",
        json={"field": "q1", "text": text, "seq": seq},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert json_of(response) == {"field": "q1", "seq": seq, "saved": True}


def page_submit(client: Browser, workshop: Workshop) -> None:
    token = {"csrfmiddlewaretoken": csrf_token(client)}
    response = send(client, "POST", f"/j/{workshop.join_code}/submit", data=token)
    assert response.status_code == 302, response.text


def api_join(client: Browser, workshop: Workshop) -> dict[str, str]:
    """Join through the API; the headers that speak for the new sheet."""
    response = send(client, "POST", "/api/worksheets/join", json={"join_code": workshop.join_code})
    assert response.status_code == 201, response.text
    return bearer(json_of(response)["token"])


def api_save(client: Browser, sheet: dict[str, str], text: str, seq: int) -> None:
    body = {"text": text, "seq": seq}
    response = send(client, "PUT", "/api/worksheets/me/fields/q1", json=body, headers=sheet)
    assert json_of(response) == {"field": "q1", "seq": seq, "saved": True}


def api_submit(client: Browser, sheet: dict[str, str]) -> None:
    response = send(client, "POST", "/api/worksheets/me/submit", json={}, headers=sheet)
    assert response.status_code == 200, response.text
    assert json_of(response)["submitted"] is True


def test_a_page_save_opens_no_connection_and_runs_four_queries(
    meter: Meter, workshop: Workshop
) -> None:
    participant = phone(workshop)
    page_join(participant, workshop)
    page_save(participant, workshop, "Første", 1)
    with meter.measure() as saved:
        page_save(participant, workshop, "Første svar", 2)
    # All on the database thread: the workshop by its join code, the sheet by the
    # cookie, the entry (locked), its update.
    assert_cheap(saved, 4 + begin())


def test_an_api_save_opens_no_connection_and_runs_three_queries(
    meter: Meter, workshop: Workshop
) -> None:
    client = browser()
    sheet = api_join(client, workshop)
    api_save(client, sheet, "Første", 1)
    with meter.measure() as saved:
        api_save(client, sheet, "Første svar", 2)
    # All on the database thread: the sheet with its workshop by the token, the entry
    # (locked), its update.
    assert_cheap(saved, 3 + begin())


def test_joining_on_the_page_opens_no_connection_and_runs_seven_queries_and_the_count(
    meter: Meter, workshop: Workshop
) -> None:
    page_join(phone(workshop), workshop)
    newcomer = phone(workshop)
    with meter.measure() as joined:
        page_join(newcomer, workshop)
    # The workshop by its join code; the sheets counted (is it full?), a savepoint, the
    # new sheet, the savepoint released; the sheets joined and handed in, for the board.
    # And the client's join counted (counted_join).
    assert_cheap(joined, 7 + counted_join() + begin())


def test_joining_through_the_api_opens_no_connection_and_runs_eight_queries_and_the_count(
    meter: Meter, workshop: Workshop
) -> None:
    client = browser()
    api_join(client, workshop)
    with meter.measure() as joined:
        api_join(client, workshop)
    # On the database thread, as on the page (seven and the count), and the new sheet's
    # entries for the answer.
    assert_cheap(joined, 8 + counted_join() + begin())


def test_handing_in_on_the_page_opens_no_connection_and_runs_six_queries(
    meter: Meter, workshop: Workshop
) -> None:
    first, second = phone(workshop), phone(workshop)
    for participant in (first, second):
        page_join(participant, workshop)
        page_save(participant, workshop, "Svar", 1)
    page_submit(first, workshop)
    with meter.measure() as handed_in:
        page_submit(second, workshop)
    # The workshop by its join code, the sheet by the cookie, the sheet marked handed in,
    # the sheets joined and handed in (for the board), the fields marked finished.
    assert_cheap(handed_in, 6 + begin())


def test_handing_in_through_the_api_opens_no_connection_and_runs_six_queries(
    meter: Meter, workshop: Workshop
) -> None:
    client = browser()
    first, second = api_join(client, workshop), api_join(client, workshop)
    for sheet in (first, second):
        api_save(client, sheet, "Svar", 1)
    api_submit(client, first)
    with meter.measure() as handed_in:
        api_submit(client, second)
    # On the database thread: the sheet with its workshop by the token, the sheet marked
    # handed in, the sheets joined and handed in (for the board), the fields marked
    # finished, the entries for the answer.
    assert_cheap(handed_in, 6 + begin())


# --- The board ----------------------------------------------------------------------------


class Board(NamedTuple):
    fiona: Browser  # logged in, with a CSRF cookie
    url: str


@pytest.fixture
def board(meter: Meter, world: World, workshop: Workshop) -> Board:
    """Fiona's browser on the board of a workshop whose answers are revealed: two of them
    on the board, none waiting for the next batch."""
    for text in ("Mere tid til borgerne", "Hurtigere udkast"):
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "q1", text, 1, final=True)
        sheet_actions.save_entry(sheet, "use_case", "Referater", 1, final=True)
    workshop_actions.reveal_answers(world.fiona, workshop)
    logged_in = Client()
    logged_in.force_login(world.fiona)
    fiona = browser()
    session = logged_in.cookies[settings.SESSION_COOKIE_NAME].value
    fiona.set_cookie(settings.SESSION_COOKIE_NAME, session)
    url = f"/o/{world.havneby.code}/workshops/{workshop.code}/board/"
    assert send(fiona, "GET", url).status_code == 200  # and the page sets the CSRF cookie
    return Board(fiona, url)


def test_the_boards_snapshot_opens_no_connection_and_runs_ten_queries(
    meter: Meter, board: Board
) -> None:
    send(board.fiona, "GET", board.url + "state.json")
    with meter.measure() as read:
        response = send(board.fiona, "GET", board.url + "state.json")
    assert len(json_of(response)["cards"]) == 2
    # Fiona (the session is cached), her membership, the workshop; on the database
    # thread the release check: the sheets with finished answers waiting, then (none
    # waiting) the batch's deadline in the cache; the snapshot: the workshop's phase,
    # the sheets joined and handed in, the cards, the professions, the use cases. (Not how
    # many answers wait for the facilitator's check: the board is on the projector.)
    assert_cheap(read, 10 + 2 * cache())


def test_the_boards_overview_opens_no_connection_and_runs_six_queries(
    meter: Meter, board: Board
) -> None:
    send(board.fiona, "GET", board.url + "overview.json")
    with meter.measure() as read:
        response = send(board.fiona, "GET", board.url + "overview.json")
    assert json_of(response)["use_cases"] == ["Referater", "Referater"]
    # Fiona (the session is cached), her membership, the workshop, whether its answers
    # are revealed, the professions, the use cases.
    assert_cheap(read, 6 + cache())


def test_the_boards_poll_opens_no_connection_and_runs_four_queries(
    meter: Meter, board: Board
) -> None:
    headers = {"X-CSRFToken": csrf_token(board.fiona)}
    send(board.fiona, "POST", board.url + "release", headers=headers)
    with meter.measure() as polled:
        response = send(board.fiona, "POST", board.url + "release", headers=headers)
    assert json_of(response) == {"released": 0}
    # Fiona (the session is cached), her membership, the workshop; on the database
    # thread the sheets with finished answers waiting, then (none waiting) the batch's
    # deadline in the cache.
    assert_cheap(polled, 4 + 2 * cache())


# --- Agreement and reflection -------------------------------------------------------------


def test_a_ballot_opens_no_connection_and_runs_eleven_queries(
    meter: Meter, world: World, drafted_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, drafted_workshop, "agreement")
    agreement = agreement_actions.open_round(world.fiona, drafted_workshop)
    ballot = {
        "round": agreement.number,
        "votes": [
            {"principle": item.principle.code, "choice": "agree", "comment": "Vigtigt"}
            for item in agreement.items.select_related("principle")
        ],
    }
    client = browser()
    first, second = api_join(client, drafted_workshop), api_join(client, drafted_workshop)
    send(client, "POST", "/api/worksheets/me/agreement", json=ballot, headers=first)
    with meter.measure() as voted:
        response = send(client, "POST", "/api/worksheets/me/agreement", json=ballot, headers=second)
    assert json_of(response)["voted"] is True
    # All on the database thread: the sheet with its workshop by the token, the round
    # by its number, its principles, a savepoint, the ballot, the savepoint released,
    # the votes, the ballots counted (for the board); the answer: the current round,
    # whether the sheet has voted, the round's principles.
    assert_cheap(voted, 11 + begin())


def test_a_check_in_opens_no_connection_and_runs_twenty_four_queries(
    meter: Meter, world: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    body = {
        "principles": [
            {"code": principle["code"], "score": 4, "verdict": "keep"}
            for principle in principles_of(reflection)
        ],
        "productivity": 4,
        "wellbeing": 3,
        "meaningfulness": None,
        "changed": "Mere tid til borgerne",
    }
    url = f"/api/organisations/{world.havneby.code}/reflection/{reflection.code}/checkin"
    first, second = (bearer(issue_token(person, "tests")[1]) for person in colleagues[:2])
    client = browser()
    assert send(client, "POST", url, json=body, headers=first).status_code == 201
    with meter.measure() as checked_in:
        response = send(client, "POST", url, json=body, headers=second)
    assert response.status_code == 201, response.text
    # The API token with its person, its first use in a minute noted; the membership,
    # the round with its charter; whether the person is placed in the charter's unit
    # (the units below it, a query a level, two here; the membership), asked by the
    # handler and again by the action; the charter's version; a savepoint, the receipt,
    # the savepoint released; the round locked (with its unit), the person's link used up;
    # then the mix (actions/checkins.py): up to MIX earlier check-ins and their answers
    # read, deleted (the check-ins read once more by the deletion), and written again
    # with the new one, in a random order: the check-ins, the answers.
    assert_cheap(checked_in, 24 + begin())
