from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from vogter.audit.access import AuditScope, whole_log
from vogter.audit.exporters import AUDIT_EXPORTS, export_audit
from vogter.audit.log import Filters, ordered, rows
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup


def _filter_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("--action", default="", help="An action (charter.sign) or a family.")
    parser.add_argument("--actor", default="", help="Part of the name or e-mail of who did it.")
    parser.add_argument("--since", default="", help="From this day (YYYY-MM-DD), included.")
    parser.add_argument("--until", default="", help="To this day (YYYY-MM-DD), included.")
    parser.add_argument("--unit", default="", help="The code of the unit the entries are about.")


def _list_args(parser: CommandParser) -> None:
    _filter_args(parser)
    parser.add_argument("--limit", type=int, default=100, help="At most this many (newest first).")


def _export_args(parser: CommandParser) -> None:
    _filter_args(parser)
    parser.add_argument("--format", choices=AUDIT_EXPORTS.formats, default="csv", dest="fmt")
    parser.add_argument("--language", choices=AUDIT_EXPORTS.choices, default=None)
    parser.add_argument("-o", "--output", type=Path, required=True, help="The file to write.")


def _scope(org: str) -> AuditScope:
    return whole_log(lookup.organisation(org))


def _filters(options: dict[str, Any]) -> Filters:
    return Filters.from_query(
        {k: options[k] for k in ("action", "actor", "since", "until", "unit")}
    )


class Command(SubcommandCommand):
    help = "Read and download an organisation's audit log (docs/audit.md)."
    subcommands = {
        "list": (
            "Newest first, one line per entry: time, action, who, target, unit, details (JSON).",
            _list_args,
            "list",
        ),
        "export": ("The filtered log as a CSV or JSON file.", _export_args, "export"),
    }

    def list(self, org: str, limit: int, **options: Any) -> None:
        scope = _scope(org)
        entries = ordered(_filters(options).apply(scope.entries()))[: max(limit, 0)]
        for row in rows(scope.organisation, entries):
            self.line(
                timezone.localtime(row.at).isoformat(timespec="seconds"),
                row.action,
                row.actor_email or row.actor,
                row.target,
                row.unit,
                row.data or "",
            )

    def export(
        self, org: str, fmt: str, language: str | None, output: Path, **options: Any
    ) -> None:
        scope = _scope(org)
        language = language or scope.organisation.default_language
        body = export_audit(None, scope, _filters(options), fmt, language).content
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.line(output, len(body))
