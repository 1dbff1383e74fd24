"""Participants' database work on the process's own threads (`vogter serve --db-threads`)."""

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, connections
from django.test import Client

from vogter.workshops import runner
from vogter.workshops.models import Entry, Workshop


@pytest.fixture
def db_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(runner.ENVIRONMENT_VARIABLE, "1")
    monkeypatch.setattr(runner, "_executor", None)
    yield
    if runner._executor is not None:
        # The thread's connection goes with it (tests share the database).
        runner._executor.submit(connections.close_all).result()
        runner._executor.shutdown()


def test_without_vogter_serve_the_work_runs_where_django_would() -> None:
    assert runner.threads() == 0
    caller = threading.get_ident()
    assert runner.run(threading.get_ident) == caller


def test_a_bad_setting_turns_the_threads_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runner.ENVIRONMENT_VARIABLE, "many")
    assert runner.threads() == 0


def test_the_work_runs_on_a_long_lived_database_thread(db_threads: None) -> None:
    first = runner.run(lambda: threading.current_thread().name)
    again = runner.run(threading.get_ident)
    assert first.startswith("vogter-db")
    assert again == runner.run(threading.get_ident)


@pytest.mark.django_db(transaction=True)
def test_a_participant_saves_through_the_database_thread(
    db_threads: None, workshop: Workshop
) -> None:
    joined = Client().post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    me = Client(headers={"authorization": f"Bearer {joined.json()['token']}"})
    saved = me.put(
        "/api/worksheets/me/fields/q1", {"text": "Tid", "seq": 1}, content_type="application/json"
    )
    assert saved.json() == {"field": "q1", "seq": 1, "saved": True}
    assert Entry.objects.get(field="q1").text == "Tid"
    assert runner._executor is not None


@pytest.mark.django_db(transaction=True)
def test_a_transaction_left_open_never_leaks_into_the_next_job(db_threads: None) -> None:
    def leave_open() -> bool:
        connection.set_autocommit(False)
        return connection.get_autocommit()

    assert runner.run(leave_open) is False
    assert runner.run(lambda: connection.get_autocommit()) is True
