"""Shared plumbing for `vogter` sub-commands that call action functions.

Commands are run by the people who operate an installation; they act as the
system, and look objects up by their codes. Every audit entry they write says it came
from the command line and which operating-system user ran it; `--as EMAIL` (or
VOGTER_ACTOR) names the account responsible, which must exist (docs/audit.md).
"""

import getpass
import os
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vogter.lib.errors import ActionError, on_command_line

ACTOR_VARIABLE = "VOGTER_ACTOR"


class SubcommandCommand(BaseCommand):
    """A command with sub-commands: `vogter NAME SUB [options]`.

    Subclasses define `subcommands`: name -> (help, add_arguments, handler).
    """

    subcommands: dict[str, tuple[str, Callable[[CommandParser], None], str]] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as",
            dest="acting_as",
            metavar="EMAIL",
            help=(
                "The account responsible, named in the audit log (default: "
                f"${ACTOR_VARIABLE}; without either, the operating-system user)."
            ),
        )
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, (help_text, add_args, _handler) in self.subcommands.items():
            add_args(sub.add_parser(name, help=help_text, description=help_text))

    def handle(self, *args: Any, **options: Any) -> None:
        _help, _add, handler_name = self.subcommands[options["subcommand"]]
        try:
            with on_command_line(_actor(options.get("acting_as")), _os_user()):
                getattr(self, handler_name)(**options)
        except ActionError as error:
            raise CommandError(str(error.message)) from error

    def line(self, *cells: object) -> None:
        """One tab-separated line per record: easy to read, easy to `cut`."""
        self.stdout.write("\t".join("" if c is None else str(c) for c in cells))


def _actor(email: str | None) -> Any:
    """The account named with --as or VOGTER_ACTOR, or None when neither is given.
    A name that is no account is refused: a log that names nobody real is no record."""
    email = (email or os.environ.get(ACTOR_VARIABLE, "")).strip()
    if not email:
        return None
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise CommandError(
            f"No account has the address {email!r}: --as (or {ACTOR_VARIABLE}) must name "
            "an existing account."
        )
    return user


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no such user in the password database (a container)
        return str(os.getuid())


def no_arguments(parser: CommandParser) -> None:
    """For sub-commands that take none."""
