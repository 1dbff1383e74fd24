from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.charters import lookup as charter_lookup
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.document import LANGUAGES
from vogter.charters.exporters import CHARTER_EXPORTS, export_charter
from vogter.charters.models import Charter
from vogter.charters.versions import current_version, current_versions
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.workshops.models import Workshop

# Text formats may go to standard output; the others are binary files.
TEXT_FORMATS = ("md", "json")


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("org", nargs="?", help="Only this organisation's charters (its code).")


def _export_args(parser: CommandParser) -> None:
    parser.add_argument("code", help="The charter's code (see `vogter charter list`).")
    parser.add_argument("--format", required=True, choices=CHARTER_EXPORTS.formats, dest="fmt")
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help="The export's language (default: the organisation's).",
    )
    parser.add_argument(
        "--version",
        type=int,
        dest="number",
        help="The version's number (default: the current version).",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="Write to this file (standard output otherwise, for md and json only).",
    )


def _create_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("--unit", required=True, help="The unit's code.")
    parser.add_argument("--title", required=True)
    parser.add_argument(
        "--workshop",
        action="append",
        default=[],
        dest="workshops",
        help="A workshop whose principles it starts with (its code); give it once per workshop.",
    )


def _principles_args(parser: CommandParser) -> None:
    parser.add_argument("code", help="The charter's code.")


def _merge_args(parser: CommandParser) -> None:
    parser.add_argument("code", help="The charter's code.")
    parser.add_argument("principle", help="The code of the principle to merge (it goes).")
    parser.add_argument("--into", required=True, help="The code of the principle that stays.")
    parser.add_argument("--reason", default="")


class Command(SubcommandCommand):
    help = (
        "List charters; export a version of one as PDF, DOCX, Markdown or JSON; start one from "
        "workshops and merge its principles across them."
    )
    subcommands = {
        "list": (
            "Charters: code, organisation, unit, status and number of the current version, title.",
            _list_args,
            "list",
        ),
        "export": ("Export a version of a charter.", _export_args, "export"),
        "create": ("Start a charter from workshops' principles.", _create_args, "create"),
        "principles": (
            "A draft's principles: code, position, statement, the workshops it came from.",
            _principles_args,
            "principles",
        ),
        "merge-principles": (
            "Merge a principle into another; the one that stays keeps where both came from.",
            _merge_args,
            "merge_principles",
        ),
    }

    def list(self, org: str | None, **options: Any) -> None:
        charters = Charter.objects.select_related("organisation", "unit").order_by(
            "organisation__name", "title"
        )
        if org is not None:
            charters = charters.filter(organisation=lookup.organisation(org))
        found = list(charters)
        current = current_versions(found)
        for charter in found:
            version = current[charter.pk]
            self.line(
                charter.code,
                charter.organisation.code,
                charter.unit.name,
                version.status,
                version.number,
                charter.title,
            )

    def export(
        self,
        code: str,
        fmt: str,
        language: str | None,
        number: int | None,
        output: Path | None,
        **options: Any,
    ) -> None:
        if output is None and fmt not in TEXT_FORMATS:
            raise CommandError(f"{fmt.upper()} is a binary file: give -o FILE.")
        charter = charter_lookup.charter(code)
        if number is None:
            version = current_version(charter)
        else:
            found = charter.versions.filter(number=number).first()
            if found is None:
                raise CommandError(f"The charter {code!r} has no version {number}.")
            version = found
        if language is None:
            default = charter.organisation.default_language
            language = default if default in LANGUAGES else "da"
        body = export_charter(None, charter, version, fmt, language).content
        if output is None:
            self.stdout.write(body.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.line(output, len(body))

    def create(
        self, org: str, unit: str, title: str, workshops: Sequence[str], **options: Any
    ) -> None:
        organisation = lookup.organisation(org)
        chosen = []
        for code in workshops:
            found = Workshop.objects.filter(organisation=organisation, code=code).first()
            if found is None:
                raise CommandError(f"No workshop with the code {code!r} in {organisation.name}.")
            chosen.append(found)
        charter = draft_actions.create_charter(
            None,
            organisation,
            unit=lookup.unit(organisation, unit),
            title=title,
            workshops=chosen,
        )
        self.line(charter.code, charter.title)

    def principles(self, code: str, **options: Any) -> None:
        charter = charter_lookup.charter(code)
        rows = charter.principles.select_related("source__workshop").prefetch_related(
            "merged_sources__workshop"
        )
        for position, principle in enumerate(rows, start=1):
            sources = [principle.source, *principle.merged_sources.all()]
            workshops = ", ".join(p.workshop.code for p in sources if p is not None)
            self.line(principle.code, position, principle, workshops)

    def merge_principles(
        self, code: str, principle: str, into: str, reason: str, **options: Any
    ) -> None:
        charter = charter_lookup.charter(code)
        found = {p.code: p for p in charter.principles.filter(code__in=(principle, into))}
        for wanted in (principle, into):
            if wanted not in found:
                raise CommandError(f"The charter {code!r} has no principle {wanted!r}.")
        merged = editing_actions.merge_principles(None, found[principle], found[into], reason)
        self.line(merged.code, "merged")
