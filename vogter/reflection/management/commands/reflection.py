from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.lib.errors import ActionError
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.actions import slips as slip_actions
from vogter.reflection.exports import REFLECTION_EXPORTS, export_round
from vogter.reflection.models import AIMS, Round
from vogter.reflection.results import results
from vogter.reflection.slips import slips_pdf


def _run_due_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--base-url",
        default=None,
        help="Address used in the reminder links (default: SITE_URL).",
    )


def _round_argument(parser: CommandParser) -> None:
    parser.add_argument("round", help="The round's code.")


def _slips_arguments(parser: CommandParser) -> None:
    _round_argument(parser)
    parser.add_argument("--extra", type=int, default=0, help="Unnamed slips (0-200).")
    parser.add_argument(
        "--no-names", action="store_true", help="No named slips: only the unnamed ones."
    )
    parser.add_argument(
        "--language",
        choices=("da", "en"),
        help="The slips' language (default: the organisation's).",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="Write the PDF here.")


def _report_arguments(parser: CommandParser) -> None:
    _round_argument(parser)
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


def _round(code: str) -> Round:
    reflection = (
        Round.objects.select_related("charter__organisation", "charter__unit")
        .filter(code=code)
        .first()
    )
    if reflection is None:
        raise CommandError(f"No round with the code {code!r}.")
    return reflection


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
        "close": (
            "Close a round now: no more check-ins; its results show as the minimum group "
            "size allows.",
            _round_argument,
            "close",
        ),
        "slips": (
            "Printable check-in slips for a round as a PDF: a named slip for every member "
            "placed in the charter's unit or below it, and --extra unnamed ones.",
            _slips_arguments,
            "slips",
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
        for reflection in summary.opened:
            self.line("opened_round", reflection.code, reflection.charter.code)
        self.line("skipped", len(summary.skipped))
        for schedule in summary.skipped:
            # Due, but a round after an event was open or planned: it stands in for this
            # one, and the schedule moved on to its next date.
            self.line(
                "skipped_charter",
                schedule.charter.code,
                "another round open or planned",
                f"next {schedule.next_opens_on.isoformat()}",
            )
        self.line("opening_mails", summary.opening_mails)
        self.line("closing_mails", summary.closing_mails)
        self.line("failed_mails", summary.failed_mails)

    def close(self, **options: Any) -> None:
        reflection = _round(options["round"])
        try:
            closed = round_actions.close_round(None, reflection)
        except ActionError as error:
            raise CommandError(str(error.message)) from None
        if closed is None:
            self.line("cancelled", reflection.code)
        else:
            self.line("closed", reflection.code, closed.closes_on)

    def slips(
        self, extra: int, no_names: bool, language: str | None, output: Path, **options: Any
    ) -> None:
        reflection = _round(options["round"])
        try:
            made = slip_actions.make_slips(
                None, reflection, chosen=[] if no_names else None, extra=extra
            )
        except ActionError as error:
            raise CommandError(str(error.message)) from None
        default = reflection.charter.organisation.default_language
        pdf = slips_pdf(reflection, made, language or default, settings.SITE_URL)
        output.write_bytes(pdf.content)
        self.line("slips", len(made), output)

    def report(self, fmt: str, language: str | None, output: Path | None, **options: Any) -> None:
        reflection = _round(options["round"])
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
                f"{_checkins(result['checkins'])} so far, results once it has closed",
            )
            return
        if result["withheld"]:
            self.line(
                "withheld",
                f"closed with {_checkins(result['checkins'])}, "
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
        body = export_round(None, reflection, fmt, language).content
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.line(output, len(body))


def _checkins(n: int) -> str:
    """ "1 check-in", "5 check-ins": the command line speaks English."""
    return f"{n} check-in" if n == 1 else f"{n} check-ins"
