"""Fixtures that consecutive tests share, as Django's TestCase.setUpTestData does for a class.

Three tests in four ask for the root conftest's `world`, a third of them for a workshop as
well, and building them through the actions (four people, two organisations, five units;
six answered sheets; themes and principles) took a sixth of the suite's time. So they are
built once and kept, in a transaction left open between tests, for as long as the tests
that follow one another ask for them: each test runs in a savepoint inside it that is
rolled back after it, as before, and gets copies of its own of the objects as they stood
when built. Each step of the chain has a savepoint of its own, so a test that asks for
less rolls back only the steps it does not want; a test that asks for none of them, or
runs outside a transaction, rolls back them all and finds the database as empty as before.
So does a test with a fixture of its own that pytest sets up before them and that might
change what they build (a clock, a setting): only the fixtures named harmless may come first.
"""

import copy
from collections.abc import Callable, Collection, Sequence
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import DjangoDbBlocker

# pytest's and pytest-django's own fixtures: none changes what the chain builds.
PYTEST_FIXTURES = frozenset(
    {
        "_dj_autoclear_mailbox",
        "_django_clear_site_cache",
        "_django_db_helper",
        "_django_db_marker",
        "_django_isolate_apps",
        "_django_set_urlconf",
        "_django_setup_unittest",
        "_fail_for_invalid_template_variable",
        "_live_server_helper",
        "_template_string_if_invalid_marker",
        "client",
        "db",
        "django_db_blocker",
        "django_db_createdb",
        "django_db_keepdb",
        "django_db_modify_db_settings",
        "django_db_modify_db_settings_parallel_suffix",
        "django_db_modify_db_settings_tox_suffix",
        "django_db_modify_db_settings_xdist_suffix",
        "django_db_setup",
        "django_db_use_migrations",
        "django_test_environment",
        "monkeypatch",
        "pytestconfig",
        "settings",
        "tmp_path_factory",
    }
)

Step = tuple[str, Callable[[dict[str, Any]], Any]]  # a fixture's name, and how to build it


def set_up_order(item: pytest.Item) -> list[str]:
    """The fixtures pytest sets up for this test, in order: each after those it asks for."""
    definitions = item._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
    seen: set[str] = set()
    order: list[str] = []

    def set_up(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        if name in definitions:
            for needed in definitions[name][-1].argnames:
                set_up(needed)
            order.append(name)

    for name in item.fixturenames:  # type: ignore[attr-defined]
        set_up(name)
    return order


def outside_a_transaction(item: pytest.Item) -> bool:
    """Whether pytest-django runs this test outside a transaction (as it decides)."""
    names = set(item.fixturenames)  # type: ignore[attr-defined]
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transactional, reset_sequences, _databases, serialized_rollback, _apps = validate_django_db(
        marker
    )
    return bool(transactional or reset_sequences or serialized_rollback)


class Kept:
    """The chain's steps kept for the tests that follow one another asking for them.

    `chain` lists fixtures of the root conftest, each built from the ones before it;
    `harmless` names the other fixtures that may be set up before them; `settings` are
    those every test runs with that building them needs.
    """

    def __init__(
        self, chain: Sequence[Step], harmless: Collection[str], settings: dict[str, Any]
    ) -> None:
        self.chain = chain
        self.names = [name for name, _build in chain]
        self.harmless = PYTEST_FIXTURES | set(harmless) | set(self.names)
        self.settings = settings
        self.blocker: DjangoDbBlocker | None = None  # set once the test database exists
        # Per step taken: its savepoint, and the objects of the chain as they stood then.
        self.steps: list[tuple[transaction.Atomic, dict[str, Any]]] = []
        self.serving: str | None = None  # the node id of the test they are kept for
        self.copies: dict[str, Any] | None = None

    def steps_for(self, item: pytest.Item) -> int:
        """How many steps of the chain this test may take from what is kept: those it asks
        for, defined in the root conftest, before which pytest sets up nothing else."""
        if outside_a_transaction(item):
            return 0
        definitions = item._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
        order = set_up_order(item)
        parameters = set(getattr(item, "callspec", SimpleNamespace(params={})).params)
        steps = 0
        for name in self.names:
            if name not in order or definitions[name][-1].baseid != "":
                break
            if not set(order[: order.index(name)]) <= self.harmless | parameters:
                break
            steps += 1
        return steps

    def copies_for(self, node: pytest.Item) -> dict[str, Any]:
        """Copies of the kept objects for this test, the same for all its fixtures; empty
        when nothing is kept for it."""
        if self.serving != node.nodeid:
            return {}
        if self.copies is None:
            self.copies = copy.deepcopy(self.steps[-1][1])
        return self.copies

    def prepare_for(self, item: pytest.Item) -> None:
        """Before any fixture of the test is set up: keep the chain for it, or roll it back."""
        self.serving, self.copies = None, None
        if self.blocker is None:
            return  # no test database yet: this test builds its own
        wanted = self.steps_for(item)
        if connection.atomic_blocks != [atomic for atomic, _objects in self.steps]:
            self.roll_back_to(0)  # the last test left the transaction (closed the connection?)
        self.roll_back_to(wanted)
        if not wanted:
            return
        with self.blocker.unblock(), override_settings(**self.settings):
            while len(self.steps) < wanted:
                name, build = self.chain[len(self.steps)]
                objects = copy.deepcopy(self.steps[-1][1]) if self.steps else {}
                atomic = transaction.atomic()
                atomic.__enter__()
                objects[name] = build(objects)
                self.steps.append((atomic, copy.deepcopy(objects)))
        self.serving = item.nodeid

    def roll_back_to(self, steps: int) -> None:
        if len(self.steps) <= steps or self.blocker is None:
            return
        with self.blocker.unblock():
            while len(self.steps) > steps:
                atomic, _objects = self.steps.pop()
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
