import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from vogter.data.retention import run_retention
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.organisations.actions import organisations as organisation_actions

KEEP = "keep"


def _months(value: str) -> int | None:
    """A number of months, or `keep` (kept for ever)."""
    if value == KEEP:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"Give a number of months or {KEEP!r}, not {value!r}.") from None


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Give the day as YYYY-MM-DD, not {value!r}.") from None


def _run_args(parser: CommandParser) -> None:
    parser.add_argument("--today", help="Act as on this day (YYYY-MM-DD); default: today.")


def _show_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _set_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument(
        "--answers-months",
        help=f"Delete workshop answers this many months after the workshop's date, or {KEEP}.",
    )
    parser.add_argument(
        "--audit-months", help=f"Delete audit entries older than this many months, or {KEEP}."
    )


def _shown(months: int | None) -> str:
    return KEEP if months is None else str(months)


class Command(SubcommandCommand):
    help = "How long organisations keep answers and audit entries, and the job that deletes them."
    subcommands = {
        "run": (
            "Delete what each organisation's policy says is past keeping: one line per "
            "organisation with a policy (code, workshops, answers deleted, answers emptied, "
            "comments, audit entries). Safe to run twice; run it daily.",
            _run_args,
            "run",
        ),
        "show": (
            "An organisation's policy: code, answers (months), audit log (months).",
            _show_args,
            "show",
        ),
        "set": ("Change an organisation's policy.", _set_args, "set_"),
    }

    def run(self, today: str | None, **options: Any) -> None:
        report = run_retention(_day(today) if today else timezone.localdate())
        for done in report.done:
            self.line(
                done.organisation,
                done.workshops,
                done.answers_deleted,
                done.answers_emptied,
                done.comments,
                done.audit_entries,
            )

    def show(self, org: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        self.line(
            organisation.code,
            _shown(organisation.answers_kept_months),
            _shown(organisation.audit_kept_months),
        )

    def set_(
        self, org: str, answers_months: str | None, audit_months: str | None, **options: Any
    ) -> None:
        organisation = lookup.organisation(org)
        organisation_actions.set_retention(
            None,
            organisation,
            answers_kept_months=(
                organisation.answers_kept_months
                if answers_months is None
                else _months(answers_months)
            ),
            audit_kept_months=(
                organisation.audit_kept_months if audit_months is None else _months(audit_months)
            ),
        )
        self.show(org)
