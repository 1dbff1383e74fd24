from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vogter.data import backup


def report(command: BaseCommand, found: backup.Contents, *, restored: bool = False) -> None:
    """One tab-separated line per count; after a restore, whether the schema fits."""
    for label, count in found.counts.items():
        command.stdout.write(f"{label}\t{count}")
    if restored and found.unknown_migrations:
        command.stderr.write(
            ngettext(
                "The backup has %(count)d migration this version of Vogter does not know: it "
                "comes from a newer version. Run that version, or expect errors.",
                "The backup has %(count)d migrations this version of Vogter does not know: it "
                "comes from a newer version. Run that version, or expect errors.",
                found.unknown_migrations,
            )
            % {"count": found.unknown_migrations}
        )
    elif restored and found.pending_migrations:
        command.stderr.write(
            ngettext(
                "The backup is %(count)d migration behind this version: run `vogter migrate` "
                "before serving.",
                "The backup is %(count)d migrations behind this version: run `vogter migrate` "
                "before serving.",
                found.pending_migrations,
            )
            % {"count": found.pending_migrations}
        )


class Command(BaseCommand):
    help = (
        "Back up the whole installation's database to FILE: SQLite's online backup, or "
        "pg_dump's custom format on PostgreSQL (docs/operations.md)."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup.")
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args: Any, file: Path, force: bool, database: str, **options: Any) -> None:
        try:
            found = backup.backup(database, file, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up the %(vendor)s database to %(file)s (%(size)d bytes).")
            % {
                "vendor": connections[database].display_name,
                "file": file,
                "size": file.stat().st_size,
            }
        )
        report(self, found)
