import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.lib.errors import ActionError
from vogter.organisations import lookup
from vogter.workshops import imports, moderation, removing, timer
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.actions import timer as timer_actions
from vogter.workshops.actions.moderation import Decision, moderate_entry
from vogter.workshops.exporters import LAYOUTS, LISTS, WORKSHOP_EXPORTS, export_workshop
from vogter.workshops.models import TIMED_PHASES, Entry, Workshop, WorkshopTemplate


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


def _template(org: str, code: str) -> WorkshopTemplate:
    organisation = lookup.organisation(org)
    found = WorkshopTemplate.objects.filter(organisation=organisation, code=code).first()
    if found is None:
        raise CommandError(
            f"No workshop template with the code {code!r} in {organisation.name}. "
            f"See `vogter workshop templates {org}`."
        )
    return found


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


def _minutes(values: Sequence[str]) -> dict[str, object]:
    """reflect=20 themes=15 ... into {"reflect": 20, ...}."""
    minutes: dict[str, object] = {}
    for value in values:
        phase, _sep, number = value.partition("=")
        if not number.isdigit():
            raise CommandError(f"{value!r}: give PHASE=MINUTES, for instance reflect=20.")
        minutes[phase] = int(number)
    return minutes


def _template_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("--name", required=True, help="The template's name.")
    parser.add_argument(
        "--title",
        required=True,
        dest="title_pattern",
        help="The workshops' title; {unit} is replaced by the unit's name (\"AI i {unit}\").",
    )
    parser.add_argument("--language", choices=("da", "en"), default="da")
    parser.add_argument("--min-group-size", type=int, default=5)
    parser.add_argument(
        "--named", action="store_true", help="Answers carry their author (not anonymous)."
    )
    parser.add_argument("--require-login", action="store_true")
    parser.add_argument("--participants-propose", action="store_true")
    phases = ", ".join(p.value for p in TIMED_PHASES)
    parser.add_argument(
        "--minutes",
        nargs="*",
        default=[],
        metavar="PHASE=MINUTES",
        help=f"Minutes per phase ({phases}), for instance reflect=20 themes=15.",
    )


def _template_code_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("template", help="The template's code.")


def _from_template_args(parser: CommandParser) -> None:
    _template_code_args(parser)
    parser.add_argument("--unit", required=True, help="The unit's code.")
    parser.add_argument("--date", required=True, help="YYYY-MM-DD")


def _copy_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument("--unit", help="The unit's code (the same unit when left out).")
    parser.add_argument("--date", required=True, help="YYYY-MM-DD")
    parser.add_argument("--title", default="", help="A title of its own.")


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


def _check_args(parser: CommandParser) -> None:
    _workshop_args(parser)
    parser.add_argument(
        "card",
        nargs="?",
        help="A held answer's card id (from `workshop check ORG WORKSHOP`); without it, "
        "list the held answers.",
    )
    parser.add_argument(
        "--decision",
        choices=[d.value for d in Decision],
        help="blank: replace what was found with [removed]; hide: take the answer off the "
        "board; show: let it go up as written.",
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
        "sheets; check held answers before the room sees them; workshop templates and copies; "
        "run the phase timer."
    )
    subcommands = {
        "list": ("Workshops: code, join code, date, phase, title.", _list_args, "list"),
        "import": ("Import paper answers from CSV or XLSX.", _import_args, "import_"),
        "export": ("Export the answers as CSV, XLSX or JSON.", _export_args, "export"),
        "templates": ("Workshop templates as JSON lines.", _list_args, "templates"),
        "template-create": ("Create a workshop template.", _template_args, "template_create"),
        "template-delete": (
            "Delete a workshop template (workshops made from it are unchanged).",
            _template_code_args,
            "template_delete",
        ),
        "from-template": (
            "Create a workshop for a unit from a template.",
            _from_template_args,
            "from_template",
        ),
        "copy": (
            "Copy a workshop's settings into a new workshop (no answers, no sheets).",
            _copy_args,
            "copy",
        ),
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
        "check": (
            "List the answers held back because they look like they hold personal data "
            "(card id, question, what was found, the text with the findings in brackets), "
            "or decide on one with CARD --decision.",
            _check_args,
            # Not `check`: that is Django's system check, which every command runs first.
            "check_answers",
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

    def check_answers(
        self, org: str, workshop: str, card: str | None, decision: str | None, **options: Any
    ) -> None:
        found = _workshop(org, workshop)
        if card is None:
            for held in moderation.held_cards(found):
                marked = "".join(
                    f"[{piece.text}]" if piece.kind else piece.text for piece in held.pieces
                )
                self.line(held.id, held.field, ",".join(held.kinds), marked.replace("\n", " "))
            return
        if decision is None:
            raise CommandError("Say what to do with the answer: --decision blank, hide or show.")
        try:
            entry = Entry.objects.select_related("sheet__workshop__organisation").get(
                id=card, sheet__workshop=found
            )
        except (Entry.DoesNotExist, ValidationError):
            raise CommandError(f"No answer with the card id {card!r} in this workshop.") from None
        moderate_entry(None, entry, decision)
        self.line(entry.id, decision)

    def templates(self, org: str, **options: Any) -> None:
        for t in WorkshopTemplate.objects.filter(organisation=lookup.organisation(org)):
            fields = ("name", "title_pattern", "language", "min_group_size", "require_login")
            row = {"code": t.code, **{f: getattr(t, f) for f in fields}}
            self.stdout.write(json.dumps(row | {"phase_minutes": t.phase_minutes}))

    def template_create(
        self,
        org: str,
        name: str,
        title_pattern: str,
        language: str,
        min_group_size: int,
        named: bool,
        require_login: bool,
        participants_propose: bool,
        minutes: Sequence[str],
        **options: Any,
    ) -> None:
        template = template_actions.create_template(
            None,
            lookup.organisation(org),
            name=name,
            title_pattern=title_pattern,
            language=language,
            min_group_size=min_group_size,
            anonymous=not named,
            require_login=require_login,
            participants_propose=participants_propose,
            phase_minutes=_minutes(minutes),
        )
        self.line(template.code, template.name)

    def template_delete(self, org: str, template: str, **options: Any) -> None:
        template_actions.delete_template(None, _template(org, template))
        self.line("deleted", template)

    def from_template(self, org: str, template: str, unit: str, date: str, **options: Any) -> None:
        the_template = _template(org, template)
        workshop = template_actions.create_from_template(
            None,
            the_template,
            unit=lookup.unit(the_template.organisation, unit),
            date=_date(date),
        )
        self.line(workshop.code, workshop.join_code, workshop.title)

    def copy(
        self, org: str, workshop: str, unit: str | None, date: str, title: str, **options: Any
    ) -> None:
        the_workshop = _workshop(org, workshop)
        the_unit = (
            lookup.unit(the_workshop.organisation, unit) if unit is not None else the_workshop.unit
        )
        if the_unit is None:
            raise CommandError("The workshop has no unit: give --unit.")
        new = template_actions.copy_workshop(
            None, the_workshop, unit=the_unit, date=_date(date), title=title
        )
        self.line(new.code, new.join_code, new.title)
