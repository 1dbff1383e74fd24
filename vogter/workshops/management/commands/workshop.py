from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.lib.errors import ActionError
from vogter.organisations import lookup
from vogter.workshops import imports, removing, timer
from vogter.workshops.actions import timer as timer_actions
from vogter.workshops.exporters import LAYOUTS, LISTS, WORKSHOP_EXPORTS, export_workshop
from vogter.workshops.models import Workshop


def _workshop(org: str, code: str) -> Workshop:
    organisation = lookup.organisation(org)
    found = (
        Workshop.objects.select_related("organisation", "unit")
        .filter(organisation=organisation, code=code)
        .first()
        or Workshop.objects.select_related("organisation", "unit")
        .filter(organisation=organisation, join_code=code.upper())
        .first()
    )
    if found is None:
        raise CommandError(
            f"No workshop with the code {code!r} in {organisation.name}. "
            f"See `vogter workshop list {org}`."
        )
    return found


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _workshop_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("workshop", help="The workshop's code (or its join code).")


def _import_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument(
        "file", type=Path, help="A CSV or XLSX file (see docs/workshop-exports.md)."
    )
    parser.add_argument(
        "--only-valid",
        action="store_true",
        help="Import the rows without errors and leave out the rest.",
    )
    parser.add_argument(
        "--workshop-value",
        help="When the file's `workshop` column names several workshops, the one to import.",
    )


def _export_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument("--format", required=True, choices=WORKSHOP_EXPORTS.formats, dest="fmt")
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default=LISTS,
        help="lists (default): each question's answers, the use cases and the professions "
        "apart; sheets: one row per sheet, only where the participants were told so.",
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="Write to this file (standard output otherwise)."
    )


def _timer_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument("command", choices=timer_actions.COMMANDS)


def _timings_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument(
        "minutes",
        nargs="*",
        metavar="PHASE=MINUTES",
        help=f"Phases: {', '.join(timer.TIMED_PHASES)}. Without any, the plan is shown.",
    )


class Command(SubcommandCommand):
    help = (
        "List workshops; import typed-up paper answers; export the answers; remove empty "
        "sheets; run the phase timer."
    )
    subcommands = {
        "list": ("Workshops: code, join code, date, phase, title.", _list_args, "list"),
        "import": ("Import paper answers from CSV or XLSX.", _import_args, "import_"),
        "export": ("Export the answers as CSV, XLSX or JSON.", _export_args, "export"),
        "timer": (
            "Start, pause, resume or add a minute to the current phase's timer.",
            _timer_args,
            "timer",
        ),
        "timings": ("Show or plan the minutes of each phase.", _timings_args, "timings"),
        "remove-empty-sheets": (
            "Remove the sheets with nothing written on them (people who joined but have not "
            "written yet are removed too, and may join again).",
            _workshop_args,
            "remove_empty_sheets",
        ),
    }

    def timer(self, org: str, workshop: str, command: str, **options: Any) -> None:
        the_workshop = _workshop(org, workshop)
        try:
            state = timer_actions.control_timer(None, the_workshop, command)
        except ActionError as error:
            raise CommandError(str(error.message)) from error
        running = "running" if state["running"] else "paused"
        self.line(the_workshop.phase, running, f"{state['remaining']}s left")

    def timings(self, org: str, workshop: str, minutes: list[str], **options: Any) -> None:
        the_workshop = _workshop(org, workshop)
        planned: dict[str, int] = {}
        for pair in minutes:
            phase, _sep, value = pair.partition("=")
            if not value.isdigit():
                raise CommandError(f"Write PHASE=MINUTES, such as reflect=20 (not {pair!r}).")
            planned[phase] = int(value)
        if planned:
            try:
                timer_actions.set_phase_minutes(None, the_workshop, planned)
            except ActionError as error:
                raise CommandError(str(error.message)) from error
        for row in timer.plan(the_workshop):
            self.line(row["phase"], row["minutes"])

    def list(self, org: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        for w in Workshop.objects.filter(organisation=organisation):
            self.line(w.code, w.join_code, w.date.isoformat(), w.phase, w.title)

    def import_(
        self,
        org: str,
        workshop: str,
        file: Path,
        only_valid: bool,
        workshop_value: str | None,
        **options: Any,
    ) -> None:
        the_workshop = _workshop(org, workshop)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        preview = imports.parse(data, file.name)
        if workshop_value is not None:
            preview.choose(workshop_value)
        else:
            preview.guess(the_workshop)
        for problem in preview.errors:
            self.stderr.write(problem.message)
        for problem in preview.warnings:
            self.stderr.write(problem.message)
        if preview.needs_choice:
            values = ", ".join(repr(v) for v, _n in preview.workshops)
            raise CommandError(
                f"The file holds rows for several workshops ({values}); "
                "choose one with --workshop-value."
            )
        for row in preview.bad:
            for problem in row.problems:
                self.stderr.write(f"row {row.number}: {problem.message}")
        count = imports.import_sheets(None, the_workshop, preview, only_valid=only_valid)
        self.line(count, "imported")

    def export(
        self,
        org: str,
        workshop: str,
        fmt: str,
        layout: str,
        output: Path | None,
        **options: Any,
    ) -> None:
        the_workshop = _workshop(org, workshop)
        if output is None and fmt == "xlsx":
            raise CommandError("XLSX is a binary file: give -o FILE.")
        try:
            body = export_workshop(None, the_workshop, fmt, layout).content
        except ActionError as error:
            raise CommandError(str(error.message)) from error
        if output is None:
            self.stdout.write(body.decode("utf-8"), ending="")
            return
        output.write_bytes(body)
        self.line(output, len(body))

    def remove_empty_sheets(self, org: str, workshop: str, **options: Any) -> None:
        removed = removing.remove_empty_sheets(None, _workshop(org, workshop))
        self.line(removed, "removed")
