import datetime
from typing import Any

from django.core.management.base import CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.notifications import actions
from vogter.notifications.kinds import Kind
from vogter.notifications.preferences import settings_for
from vogter.notifications.sweeps import notify_due
from vogter.organisations import lookup


def _due_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=None,
        help="The day to run for, YYYY-MM-DD (default: today).",
    )


def _settings_arguments(parser: CommandParser) -> None:
    parser.add_argument("email", help="Whose settings.")
    kinds = ", ".join(Kind.values)
    parser.add_argument(
        "--on", action="append", default=[], metavar="KIND", help=f"Switch on: {kinds}."
    )
    parser.add_argument(
        "--off", action="append", default=[], metavar="KIND", help=f"Switch off: {kinds}."
    )


class Command(SubcommandCommand):
    help = "Notifications: send those that are due today (run once a day); a person's settings."
    subcommands = {
        "due": (
            "Send the notifications due today: actions due soon, flags of rounds that "
            "closed. Safe to run twice.",
            _due_arguments,
            "due",
        ),
        "settings": (
            "Show a person's notification settings (kind, on/off), or switch kinds on or off.",
            _settings_arguments,
            "settings",
        ),
    }

    def due(self, date: datetime.date | None = None, **_options: Any) -> None:
        for name, count in notify_due(date).items():
            self.line(name, count)

    def settings(self, email: str, on: list[str], off: list[str], **_options: Any) -> None:
        user = lookup.user(email)
        if on or off:
            current = actions.set_preferences(
                None, user, {**dict.fromkeys(on, True), **dict.fromkeys(off, False)}
            )
        else:
            current = settings_for(user)
        for kind, wanted in current.items():
            self.line(kind, "on" if wanted else "off")
