"""`vogter daily`: everything that runs once a day, from one cron line or timer.

Each job runs on its own: one that fails is reported (standard error, exit status 1) and the
others still run. Every job is safe to run twice on the same day.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vogter.data.retention import run_retention
from vogter.lib.errors import ActionError
from vogter.notifications.sweeps import notify_due
from vogter.reflection.actions import schedules as schedule_actions

logger = logging.getLogger(__name__)

Lines = Iterable[tuple[object, ...]]


def _reflection(today: datetime.date, base_url: str) -> Lines:
    summary = schedule_actions.run_due(base_url, today)
    yield ("rounds_opened", len(summary.opened))
    yield ("rounds_skipped", len(summary.skipped))
    yield ("reminder_mails", summary.opening_mails + summary.closing_mails)
    yield ("failed_mails", summary.failed_mails)


def _notifications(today: datetime.date, base_url: str) -> Lines:
    # Their links come from SITE_URL (docs/notifications.md).
    yield from notify_due(today).items()


def _retention(today: datetime.date, base_url: str) -> Lines:
    # Per organisation with a policy: what was deleted or emptied (counts, never contents).
    for done in run_retention(today).done:
        yield (
            done.organisation,
            f"workshops={done.workshops}",
            f"answers_deleted={done.answers_deleted}",
            f"answers_emptied={done.answers_emptied}",
            f"comments={done.comments}",
            f"audit_entries={done.audit_entries}",
        )


# (name, job): the order they run in. Rounds open (and mail) before the sweeps look at them;
# retention last, so nothing is deleted that a mail of the same run was about to name.
JOBS: list[tuple[str, Callable[[datetime.date, str], Lines]]] = [
    ("reflection", _reflection),
    ("notifications", _notifications),
    ("retention", _retention),
]


class Command(BaseCommand):
    help = (
        "Run the daily jobs: open scheduled reflection rounds and send their reminders, send "
        "the notifications that are due, apply each organisation's retention policy. Run it "
        "once a day, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Run as if today were this date (YYYY-MM-DD); for catching up after downtime.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        # Every mailed link of every job starts with SITE_URL, the one address of the site.
        base_url = settings.SITE_URL
        failed = []
        for name, job in JOBS:
            try:
                for cells in job(today, base_url):
                    self.stdout.write("\t".join((name, *(str(c) for c in cells))))
            except ActionError as error:
                failed.append(name)
                self.stderr.write(f"{name}: {error.message}")
            except Exception:  # one job failing must not stop the others
                failed.append(name)
                logger.exception("daily job %s failed", name)
                self.stderr.write(f"{name}: failed (see the log)")
        if failed:
            raise CommandError(f"daily jobs failed: {', '.join(failed)}")
