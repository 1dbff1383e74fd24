"""Shared plumbing for `vogter` sub-commands that call action functions.

Commands are run by the people who operate an installation; they act as the
system (the audit entry has no person), and look objects up by their codes.
"""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vogter.lib.errors import ActionError


class SubcommandCommand(BaseCommand):
    """A command with sub-commands: `vogter NAME SUB [options]`.

    Subclasses define `subcommands`: name -> (help, add_arguments, handler).
    """

    subcommands: dict[str, tuple[str, Callable[[CommandParser], None], str]] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, (help_text, add_args, _handler) in self.subcommands.items():
            add_args(sub.add_parser(name, help=help_text, description=help_text))

    def handle(self, *args: Any, **options: Any) -> None:
        _help, _add, handler_name = self.subcommands[options["subcommand"]]
        try:
            getattr(self, handler_name)(**options)
        except ActionError as error:
            raise CommandError(str(error.message)) from error

    def line(self, *cells: object) -> None:
        """One tab-separated line per record: easy to read, easy to `cut`."""
        self.stdout.write("\t".join("" if c is None else str(c) for c in cells))


def no_arguments(parser: CommandParser) -> None:
    """For sub-commands that take none."""
