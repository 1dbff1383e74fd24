"""`vogter person`: an operator answers a person's request for their data or for deletion
(docs/personal-data.md), through the same functions as the profile page and the API."""

import json
import os
from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.data import personal_data
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup


def _export_args(parser: CommandParser) -> None:
    parser.add_argument("email", help="The person's e-mail address.")
    parser.add_argument(
        "-o", "--output", help="Write to this file (readable by you only) instead of printing."
    )


def _delete_args(parser: CommandParser) -> None:
    parser.add_argument("email", help="The person's e-mail address.")
    parser.add_argument("--yes", action="store_true", help="Yes, delete the account for good.")


class Command(SubcommandCommand):
    help = "Export everything held about a person, or delete their account."
    subcommands = {
        "export": (
            "Everything Vogter holds about the person, as JSON (schema vogter.person/1).",
            _export_args,
            "export",
        ),
        "delete": (
            "Delete the account and every reference to the person; anonymous answers stay.",
            _delete_args,
            "delete",
        ),
    }

    def export(self, email: str, output: str | None, **options: Any) -> None:
        text = json.dumps(
            personal_data.export_person(lookup.user(email)), ensure_ascii=False, indent=2
        )
        if output is None:
            self.stdout.write(text)
            return
        # Personal data: not for the other users of the machine to read.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        self.line(output)

    def delete(self, email: str, yes: bool, **options: Any) -> None:
        user = lookup.user(email)
        if not yes:
            raise CommandError(
                f"This deletes the account of {user.email} for good. Add --yes to go ahead."
            )
        deletion = personal_data.delete_person(None, user)
        self.line(email, "deleted" if deletion.account_removed else "emptied")
        for organisation in deletion.organisations:
            self.line("left", organisation)
        for kept in deletion.kept_signatures:
            self.line(
                "signature kept",
                kept["organisation"],
                kept["charter"],
                kept["version"],
                kept["role"],
            )
