"""The audit log as a download: CSV for a spreadsheet, JSON for a program.

The subject is an `AuditLog` (the organisation and its filtered rows); each format is a
pure renderer behind `AUDIT_EXPORTS` (vogter/lib/exporting.py). Every cell a person or
an action could have written is neutralised against formula injection
(vogter/lib/spreadsheets.py).
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from vogter.accounts.models import User
from vogter.audit.access import AuditScope
from vogter.audit.log import Filters, Row, ordered, rows
from vogter.lib.errors import record
from vogter.lib.exporting import LANGUAGES, Export, ExportKind, Rendered
from vogter.lib.spreadsheets import ExcelCsv, neutralise


@dataclass(frozen=True)
class AuditLog:
    organisation: str
    rows: Iterable[Row]


def _csv(log: AuditLog, language: str) -> bytes:
    with override(language):
        writer = ExcelCsv()
        writer.writerow(
            [
                _("When"),
                _("Who"),
                _("E-mail address"),
                _("What"),
                _("Action"),
                _("About"),
                _("Code"),
                _("Unit"),
                _("Details"),
            ]
        )
        for row in log.rows:
            details = json.dumps(row.data, ensure_ascii=False, sort_keys=True) if row.data else ""
            writer.writerow(
                neutralise(cell)
                for cell in (
                    timezone.localtime(row.at).isoformat(timespec="seconds"),
                    row.actor,
                    row.actor_email,
                    row.label,
                    row.action,
                    row.target_name,
                    row.target,
                    row.unit_name,
                    details,
                )
            )
        return writer.content()


def _json(log: AuditLog, language: str) -> bytes:
    with override(language):
        entries = [
            {
                "at": row.at.isoformat(),
                "actor": row.actor,
                "actor_email": row.actor_email or None,
                "command_line": row.command_line or None,
                "action": row.action,
                "label": row.label,
                "target": row.target,
                "target_name": row.target_name,
                "unit": row.unit or None,
                "unit_name": row.unit_name,
                "data": row.data,
            }
            for row in log.rows
        ]
    document = {"schema": "vogter.audit/1", "organisation": log.organisation, "entries": entries}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def filename(log: AuditLog, language: str, extension: str) -> str:
    stem = slugify(log.organisation) or "vogter"
    return f"audit-{stem}-{timezone.localdate().isoformat()}.{extension}"


AUDIT_EXPORTS: ExportKind[AuditLog] = ExportKind("audit", choices=LANGUAGES)
AUDIT_EXPORTS.register(
    Rendered("csv", "text/csv; charset=utf-8", _csv, filename),
    Rendered("json", "application/json", _json, filename),
)


def _all_rows(scope: AuditScope, filters: Filters) -> Iterator[Row]:
    """Every matching row, a thousand entries at a time: the whole log of a large
    organisation is never in memory as objects at once."""
    entries = ordered(filters.apply(scope.entries())).iterator(chunk_size=1000)
    while chunk := list(islice(entries, 1000)):
        yield from rows(scope.organisation, chunk)


def export_audit(
    actor: User | None, scope: AuditScope, filters: Filters, fmt: str, language: str
) -> Export:
    """The filtered log as a file; downloading it is itself an entry of the log, which
    the organisation's admins read (ActionError for an unknown format or language)."""
    AUDIT_EXPORTS.check(fmt, language)
    log = AuditLog(scope.organisation.name, _all_rows(scope, filters))
    result = AUDIT_EXPORTS.export(log, fmt, language)
    record(
        actor,
        scope.organisation,
        "audit.export",
        scope.organisation.code,
        format=fmt,
        filters={key: str(value) for key, value in vars(filters).items() if value},
    )
    return result
