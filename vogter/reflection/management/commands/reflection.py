from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.reflection import actions
from vogter.reflection.models import AIMS, Round


def _run_due_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--base-url",
        default=None,
        help="Address used in the reminder links (default: SITE_URL).",
    )


def _report_arguments(parser: CommandParser) -> None:
    parser.add_argument("round", help="The round's code.")


class Command(SubcommandCommand):
    help = "Reflection rounds: open the due ones and send reminders; report a round."

    subcommands = {
        "run-due": (
            "Open scheduled rounds that are due and send the reminders that are due "
            "(safe to run twice; run it daily, e.g. from cron).",
            _run_due_arguments,
            "run_due",
        ),
        "report": (
            "A round's results, as text (figures withheld below the minimum group size).",
            _report_arguments,
            "report",
        ),
    }

    def run_due(self, **options: Any) -> None:
        summary = actions.run_due(options["base_url"] or settings.SITE_URL)
        self.line("opened", len(summary.opened))
        self.line("opening_mails", summary.opening_mails)
        self.line("closing_mails", summary.closing_mails)

    def report(self, **options: Any) -> None:
        reflection = Round.objects.filter(code=options["round"]).first()
        if reflection is None:
            raise CommandError(f"No round with the code {options['round']!r}.")
        result = actions.results(reflection)
        self.line("round", reflection.code, reflection.opens_on, reflection.closes_on)
        self.line("checkins", result["checkins"])
        if result["withheld"]:
            self.line("withheld", f"fewer than {result['min_group_size']} check-ins")
            return
        for aim in AIMS:
            figure = result["aims"][aim]
            self.line("aim", aim, "withheld" if figure.withheld else figure.mean, figure.n)
        for row in result["principles"]:
            score = row["score"]
            self.line(
                "principle",
                row["code"],
                "withheld" if score.withheld else score.mean,
                score.n,
                row["revise_share"] if row["revise_share"] is not None else "",
            )
