"""Whole-installation backups: `vogter backup FILE` and `vogter restore FILE`
(docs/operations.md).

On SQLite a backup is SQLite's online backup of the live database: a consistent copy
even while people write, taken page by page under one read transaction. On PostgreSQL it
is `pg_dump --format=custom` (one consistent snapshot), restored with `pg_restore --clean
--if-exists --single-transaction`, so a restore that fails half-way changes nothing.
Either way the file is written beside its destination and renamed into place, so a
backup that fails never leaves half a file behind.
"""

import os
import secrets
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.organisations.models import Organisation
from vogter.workshops.models import Workshop

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why."""


@dataclass
class Contents:
    """What a database holds, in the terms an operator recognises."""

    counts: dict[str, int]
    # Further tables of Vogter's own with rows (looked at only when the counts are 0).
    other_tables: int = 0
    pending_migrations: int = 0
    unknown_migrations: int = 0

    @property
    def empty(self) -> bool:
        return not any(self.counts.values()) and not self.other_tables


def contents(connection: BaseDatabaseWrapper) -> Contents:
    """Counts of the main things, and whether any table of Vogter's own has a row."""
    tables = set(connection.introspection.table_names())
    alias = connection.alias
    counts = {
        label: model._default_manager.using(alias).count() if model._meta.db_table in tables else 0
        for label, model in (
            ("organisations", Organisation),
            ("people", User),
            ("workshops", Workshop),
            ("charters", Charter),
        )
    }
    found = Contents(counts)
    if not any(counts.values()):
        found.other_tables = sum(
            1
            for model in apps.get_models()
            if model.__module__.startswith("vogter.")
            and model._meta.db_table in tables
            and model._default_manager.using(alias).exists()
        )
    if "django_migrations" in tables:
        executor = MigrationExecutor(connection)
        graph = executor.loader.graph
        found.pending_migrations = len(executor.migration_plan(graph.leaf_nodes()))
        found.unknown_migrations = len(set(executor.loader.applied_migrations) - set(graph.nodes))
    return found


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Backups of %(vendor)s databases are not supported.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")


def backup(alias: str, target: Path, *, force: bool = False) -> Contents:
    """Copy the whole database to `target`; what it holds."""
    connection = connections[alias]
    vendor = _vendor(connection)
    if target.exists() and not force:
        raise BackupError(
            _("%(file)s exists already: choose another name, or add --force to replace it.")
            % {"file": target}
        )
    if not target.parent.is_dir():
        raise BackupError(_("There is no directory %(dir)s.") % {"dir": target.parent})
    partial = _partial(target)
    try:
        if vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _pg_dump(connection, partial)
        os.replace(partial, target)
    except OSError as error:
        raise BackupError(
            _("Cannot write %(file)s: %(error)s") % {"file": target, "error": error.strerror}
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return contents(connection)


def restore(alias: str, source: Path, *, force: bool = False) -> Contents:
    """Replace the whole database with the backup in `source`; what it holds now.

    Refuses a database that holds anything unless `force`, and checks the file is a
    Vogter backup of this kind of database before touching anything."""
    connection = connections[alias]
    vendor = _vendor(connection)
    try:
        with source.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(
            _("Cannot read %(file)s: %(error)s") % {"file": source, "error": error.strerror}
        ) from error
    kind = {SQLITE_HEADER: "sqlite"}.get(header) or (
        "postgresql" if header.startswith(PG_DUMP_HEADER) else None
    )
    if kind is None:
        raise BackupError(_("%(file)s is not a backup made by `vogter backup`.") % {"file": source})
    if kind != vendor:
        raise BackupError(
            _(
                "%(file)s is a backup of a %(kind)s database, and this installation uses "
                "%(vendor)s. To move between the two, use `vogter org export` and "
                "`vogter org import`."
            )
            % {"file": source, "kind": _label(kind), "vendor": _label(vendor)}
        )
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    if vendor == "sqlite":
        _sqlite_check(source)
    else:
        _pg_check(source)
    if not force:
        held = contents(connection)
        if not held.empty:
            raise BackupError(
                _(
                    "The database is not empty (%(counts)s). A restore replaces everything "
                    "in it: add --force if that is what you want."
                )
                % {
                    "counts": ", ".join(f"{k}: {v}" for k, v in held.counts.items() if v)
                    or f"tables: {held.other_tables}"
                }
            )
    if vendor == "sqlite":
        _sqlite_restore(connection, source)
    else:
        _pg_restore(connection, source)
    return contents(connection)


def _label(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


# --- SQLite ----------------------------------------------------------------------------


def _sqlite_backup(connection: BaseDatabaseWrapper, partial: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(partial)) as target:
            # In one step: the copy is of one moment, however long it takes (in WAL mode
            # people keep writing meanwhile).
            connection.connection.backup(target)
            # One self-contained file, with no -wal or -shm beside it.
            target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(_("The backup failed: %(error)s") % {"error": error}) from error


def _read_only(source: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_check(source: Path) -> None:
    try:
        with closing(_read_only(source)) as backup_db:
            check = backup_db.execute("PRAGMA quick_check").fetchone()[0]
            ours = backup_db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('django_migrations', 'organisations_organisation')"
            ).fetchone()[0]
    except sqlite3.Error as error:
        check = str(error)
    if check != "ok":
        raise BackupError(_("%(file)s is damaged: %(error)s") % {"file": source, "error": check})
    if ours != 2:
        raise BackupError(_("%(file)s is not a backup made by `vogter backup`.") % {"file": source})


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(_read_only(source)) as backup_db:
            # In one step, under one write lock: other connections see the old database
            # or the restored one, never a mixture.
            backup_db.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(_("The restore failed: %(error)s") % {"error": error}) from error


# --- PostgreSQL ------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s is not installed, and PostgreSQL backups need it. Install the "
                "PostgreSQL client tools of the server's major version or newer (on Debian "
                "and Ubuntu: apt install postgresql-client)."
            )
            % {"tool": name}
        )
    return found


def _libpq(connection: BaseDatabaseWrapper) -> tuple[str, dict[str, str]]:
    """The database as a libpq connection string, and the environment with its password
    (kept off the command line, where every user of the machine could read it)."""
    from psycopg import pq
    from psycopg.conninfo import make_conninfo

    settings = connection.settings_dict
    keywords = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    params = {
        key: str(value)
        for key, value in (settings.get("OPTIONS") or {}).items()
        if key in keywords and isinstance(value, str | int) and key != "password"
    }
    for key, setting in (("dbname", "NAME"), ("user", "USER"), ("host", "HOST"), ("port", "PORT")):
        if settings.get(setting):
            params[key] = str(settings[setting])
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return make_conninfo(**params), env


def _run(command: list[str], env: dict[str, str], failed: Any) -> str:
    result = subprocess.run(  # noqa: S603 - a fixed tool with arguments, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(failed % {"error": result.stderr.strip() or result.returncode})
    return result.stdout


def _pg_dump(connection: BaseDatabaseWrapper, partial: Path) -> None:
    conninfo, env = _libpq(connection)
    command = [_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={conninfo}"]
    _run(command, env, _("pg_dump failed: %(error)s"))


def _pg_check(source: Path) -> None:
    listing = _run(
        [_tool("pg_restore"), "--list", str(source)],
        dict(os.environ),
        _("This is not a readable PostgreSQL backup: %(error)s"),
    )
    if " organisations_organisation " not in listing:
        raise BackupError(_("%(file)s is not a backup made by `vogter backup`.") % {"file": source})


def _pg_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    conninfo, env = _libpq(connection)
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={conninfo}",
        str(source),
    ]
    connection.close()  # so that it holds no lock on the tables pg_restore replaces
    _run(command, env, _("pg_restore failed, and the database is as it was: %(error)s"))
