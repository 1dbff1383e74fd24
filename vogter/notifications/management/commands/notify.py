import datetime
from typing import Any

from django.core.management.base import CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.notifications.sweeps import notify_due


def _due_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=None,
        help="The day to run for, YYYY-MM-DD (default: today).",
    )


class Command(SubcommandCommand):
    help = "Notifications: send those that are due today (run once a day)."
    subcommands = {
        "due": (
            "Send the notifications due today: actions due soon, flags of rounds that "
            "closed. Safe to run twice.",
            _due_arguments,
            "due",
        ),
    }

    def due(self, date: datetime.date | None = None, **_options: Any) -> None:
        for name, count in notify_due(date).items():
            self.line(name, count)
