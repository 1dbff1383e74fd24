from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from vogter.data import backup
from vogter.data.management.commands.backup import report


class Command(BaseCommand):
    help = (
        "Restore the whole installation's database from a FILE made by `vogter backup`; "
        "refuses a database that is not empty unless --force (docs/operations.md)."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A file made by `vogter backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database even though it is not empty.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to restore into."
        )

    def handle(self, *args: Any, file: Path, force: bool, database: str, **options: Any) -> None:
        try:
            found = backup.restore(database, file, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(file)s into the %(vendor)s database.")
            % {"file": file, "vendor": connections[database].display_name}
        )
        report(self, found, restored=True)
