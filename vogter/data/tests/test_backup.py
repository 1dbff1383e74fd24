"""`vogter backup FILE` and `vogter restore FILE`: the whole installation, copied while it
runs and brought back after it is lost — on SQLite, and on PostgreSQL when one is here.

Each test has a database of its own beside the test database (the commands' --database),
so that wiping and restoring it touches nothing else.
"""

import shutil
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings
from django.utils import translation
from pytest_django.plugin import DjangoDbBlocker

from conftest import PASSWORD
from vogter.accounts.models import User
from vogter.organisations.models import Membership, Organisation, Role, Unit, UnitLevel

ALIAS = "backup_under_test"
PG_SERVER = {"HOST": "127.0.0.1", "PORT": "5432", "USER": "postgres"}


def _add(config: dict[str, Any]) -> None:
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], ALIAS: config}
    )
    connections.settings[ALIAS] = configured[ALIAS]


def _remove() -> None:
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _sqlite(path: Path) -> dict[str, Any]:
    """Like the installation's own embedded database (vogter/settings.py)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }


class _OnlyHere:
    """Sends every query to the database under test: a data migration (commons 0006)
    reads through its model's default manager without naming the database."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return ALIAS


def migrate() -> None:
    with override_settings(DATABASE_ROUTERS=[_OnlyHere()]):
        call_command("migrate", database=ALIAS, verbosity=0)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, "--database", ALIAS, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def populate(name: str = "Havneby Kommune") -> Organisation:
    alice = User.objects.db_manager(ALIAS).create_user(
        f"alice@{uuid.uuid4().hex[:6]}.example", PASSWORD, name="Alice Admin"
    )
    organisation = Organisation.objects.using(ALIAS).create(name=name)
    unit = Unit.objects.using(ALIAS).create(
        organisation=organisation, name="Kultur", level=UnitLevel.DEPARTMENT
    )
    Membership.objects.using(ALIAS).create(
        organisation=organisation, user=alice, unit=unit, role=Role.ADMIN
    )
    return organisation


def names() -> list[str]:
    return sorted(Organisation.objects.using(ALIAS).values_list("name", flat=True))


@pytest.fixture(scope="module")
def migrated_sqlite(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: Any
) -> Path:
    """A migrated, empty SQLite database, made once and copied by each test."""
    path = tmp_path_factory.mktemp("template") / "vogter.sqlite3"
    _add(_sqlite(path))
    try:
        with django_db_blocker.unblock():
            migrate()
    finally:
        _remove()
    return path


@pytest.fixture
def sqlite_db(
    migrated_sqlite: Path, tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> Iterator[Path]:
    path = tmp_path / "live" / "vogter.sqlite3"
    path.parent.mkdir()
    shutil.copy(migrated_sqlite, path)
    _add(_sqlite(path))
    try:
        with django_db_blocker.unblock():
            yield path
    finally:
        _remove()


def _wipe_sqlite(path: Path) -> None:
    connections[ALIAS].close()
    for lost in path.parent.glob(path.name + "*"):
        lost.unlink()


def test_a_wiped_sqlite_database_comes_back_from_its_backup(
    sqlite_db: Path, tmp_path: Path
) -> None:
    populate()
    file = tmp_path / "vogter.backup"
    out, _err = run("backup", str(file))
    first, *counts = out.splitlines()
    assert first == f"Backed up the SQLite database to {file} ({file.stat().st_size} bytes)."
    assert counts == ["organisations\t1", "people\t1", "workshops\t0", "charters\t0"]
    assert not list(tmp_path.glob(".vogter.backup*")), "no partial file is left behind"

    _wipe_sqlite(sqlite_db)
    out, err = run("restore", str(file))

    assert out.splitlines() == [f"Restored {file} into the SQLite database.", *counts]
    assert err == ""
    assert names() == ["Havneby Kommune"]
    alice = User.objects.using(ALIAS).get()
    assert alice.check_password(PASSWORD)
    assert Membership.objects.using(ALIAS).get().unit.name == "Kultur"


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    sqlite_db: Path, tmp_path: Path
) -> None:
    populate()
    file = tmp_path / "vogter.backup"
    run("backup", str(file))
    populate("Nyby Skole")

    with pytest.raises(CommandError, match=r"not empty \(organisations: 2, people: 2\)"):
        run("restore", str(file))
    assert names() == ["Havneby Kommune", "Nyby Skole"]

    out, _err = run("restore", str(file), "--force")
    assert out.splitlines()[1] == "organisations\t1"
    assert names() == ["Havneby Kommune"]


def test_backup_does_not_replace_a_file_unless_forced(sqlite_db: Path, tmp_path: Path) -> None:
    file = tmp_path / "vogter.backup"
    file.write_text("yesterday's backup")
    with pytest.raises(CommandError, match="exists already: choose another name, or add --force"):
        run("backup", str(file))
    assert file.read_text() == "yesterday's backup"
    run("backup", str(file), "--force")
    assert file.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"organisation,unit\nHavneby,Kultur\n", "is not a backup made by `vogter backup`"),
        (b"PGDMP\x01\x0f\x00", "is a backup of a PostgreSQL database, and this installation"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "is damaged"),
    ],
    ids=["a-csv-file", "a-postgresql-backup", "a-broken-sqlite-file"],
)
def test_restore_refuses_what_is_not_a_backup_of_this_kind_and_changes_nothing(
    sqlite_db: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    populate()
    file = tmp_path / "not-a-backup"
    file.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("restore", str(file), "--force")
    assert names() == ["Havneby Kommune"]


def test_restore_refuses_an_sqlite_database_that_is_not_vogters(
    sqlite_db: Path, tmp_path: Path
) -> None:
    import sqlite3

    file = tmp_path / "other.sqlite3"
    with sqlite3.connect(file) as other:
        other.execute("CREATE TABLE notes (text)")
    with pytest.raises(CommandError, match="is not a backup made by `vogter backup`"):
        run("restore", str(file))


@pytest.fixture
def postgresql_config(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A database of its own on the local PostgreSQL server, or a skip when there is none."""
    psycopg = pytest.importorskip("psycopg")
    server = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=2"
    try:
        admin = psycopg.connect(server, autocommit=True)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name = f"vogter_backup_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield {"ENGINE": "django.db.backends.postgresql", "NAME": name, **PG_SERVER}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_wiped_postgresql_database_comes_back_from_its_backup(
    postgresql_config: dict[str, Any], tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> None:
    import psycopg

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    _add(postgresql_config)
    try:
        with django_db_blocker.unblock():
            migrate()
            populate()
            file = tmp_path / "vogter.dump"
            out, _err = run("backup", str(file))
            assert out.startswith(f"Backed up the PostgreSQL database to {file}")
            assert file.read_bytes().startswith(b"PGDMP")

            populate("Nyby Skole")
            with pytest.raises(CommandError, match="not empty"):
                run("restore", str(file))
            out, _err = run("restore", str(file), "--force")
            assert names() == ["Havneby Kommune"]

            connections[ALIAS].close()
            server = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
            with psycopg.connect(server, autocommit=True) as admin:
                name = postgresql_config["NAME"]
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
            out, err = run("restore", str(file))
            assert out.splitlines()[1:3] == ["organisations\t1", "people\t1"]
            assert err == ""
            assert names() == ["Havneby Kommune"]
            assert User.objects.using(ALIAS).get().check_password(PASSWORD)
    finally:
        _remove()


def test_backup_on_postgresql_says_plainly_when_pg_dump_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_db_blocker: DjangoDbBlocker
) -> None:
    monkeypatch.setattr("vogter.data.backup.shutil.which", lambda name: None)
    _add({"ENGINE": "django.db.backends.postgresql", "NAME": "vogter", **PG_SERVER})
    try:
        with (
            django_db_blocker.unblock(),
            pytest.raises(
                CommandError, match="pg_dump is not installed, and PostgreSQL backups need it"
            ),
        ):
            run("backup", str(tmp_path / "vogter.dump"))
    finally:
        _remove()
    assert list(tmp_path.iterdir()) == []
