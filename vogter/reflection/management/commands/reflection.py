from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.exports import REFLECTION_EXPORTS
from vogter.reflection.models import AIMS, Round
from vogter.reflection.results import results


def _run_due_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--base-url",
        default=None,
        help="Address used in the reminder links (default: SITE_URL).",
    )


def _report_arguments(parser: CommandParser) -> None:
    parser.add_argument("round", help="The round's code.")
    parser.add_argument(
        "--format",
        choices=("text", *REFLECTION_EXPORTS.formats),
        default="text",
        dest="fmt",
        help="text (default, tab-separated lines), or the report as pdf, the results as "
        "csv or xlsx.",
    )
    parser.add_argument(
        "--language",
        choices=REFLECTION_EXPORTS.choices,
        help="The file's language (default: the organisation's).",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="Write the file here (required for pdf, csv and xlsx).",
    )


def _blank(*values: object) -> list[object]:
    return ["" if v is None else v for v in values]


def _mean(mean: float | None) -> object:
    return "withheld" if mean is None else mean


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
            "A round's results as text, its report as PDF or its results as CSV or XLSX "
            "(figures withheld below the minimum group size).",
            _report_arguments,
            "report",
        ),
    }

    def run_due(self, **options: Any) -> None:
        summary = schedule_actions.run_due(options["base_url"] or settings.SITE_URL)
        self.line("opened", len(summary.opened))
        self.line("opening_mails", summary.opening_mails)
        self.line("closing_mails", summary.closing_mails)

    def report(self, fmt: str, language: str | None, output: Path | None, **options: Any) -> None:
        reflection = (
            Round.objects.select_related("charter__organisation", "charter__unit")
            .filter(code=options["round"])
            .first()
        )
        if reflection is None:
            raise CommandError(f"No round with the code {options['round']!r}.")
        if fmt != "text":
            self._file(reflection, fmt, language, output)
            return
        result = results(reflection)
        self.line("round", reflection.code, reflection.opens_on, reflection.closes_on)
        self.line("checkins", result["checkins"])
        # Open first: an open round withholds its results whatever its count.
        if result["open"]:
            self.line(
                "withheld",
                f"still open until {reflection.closes_on.isoformat()}: "
                f"{result['checkins']} check-ins so far, results once it has closed",
            )
            return
        if result["withheld"]:
            self.line(
                "withheld",
                f"closed with {result['checkins']} check-ins, "
                f"fewer than the minimum of {result['min_group_size']}",
            )
            return
        # A withheld mean reads "withheld", any other withheld figure is an empty field, and
        # the last field says why ("few", "complement"; docs/disclosure.md).
        for aim in AIMS:
            figure = result["aims"][aim]
            self.line("aim", aim, _mean(figure.mean), *_blank(figure.n, figure.reason))
        for row in result["principles"]:
            score = row["score"]
            self.line(
                "principle",
                row["code"],
                _mean(score.mean),
                *_blank(score.n, row["revise_share"], score.reason),
            )

    def _file(self, reflection: Round, fmt: str, language: str | None, output: Path | None) -> None:
        if output is None:
            raise CommandError(f"{fmt.upper()} is a file: give -o FILE.")
        if language is None:
            default = reflection.charter.organisation.default_language
            language = default if default in REFLECTION_EXPORTS.choices else "da"
        body = REFLECTION_EXPORTS.export(reflection, fmt, language).content
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.line(output, len(body))
