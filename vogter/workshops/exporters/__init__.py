"""Workshop exports, one module per format, each behind the same small interface.

An exporter turns a workshop into an `Export` (filename, media type, bytes), in one of
two layouts (`base.LAYOUTS`; vogter/lib/exporting.py). Adding a format means adding a
module here and registering it with `WORKSHOP_EXPORTS`; the views, the API and the `vogter
workshop export` command pick it up from there. `export_workshop` decides whether an
export may be taken at all (docs/workshop-exports.md).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.lib.exporting import Export, ExportKind
from vogter.workshops.exporters.base import LAYOUTS, LISTS, SHEETS
from vogter.workshops.exporters.csv import CsvExporter
from vogter.workshops.exporters.json import JsonExporter
from vogter.workshops.exporters.xlsx import XlsxExporter
from vogter.workshops.models import Workshop

WORKSHOP_EXPORTS: ExportKind[Workshop] = ExportKind("workshop", option="layout", choices=LAYOUTS)
WORKSHOP_EXPORTS.register(CsvExporter(), XlsxExporter(), JsonExporter())

# The audit entry of an export.
EXPORT_ACTION = "workshop.export"

__all__ = [
    "EXPORT_ACTION",
    "LAYOUTS",
    "LISTS",
    "SHEETS",
    "WORKSHOP_EXPORTS",
    "answers_exported",
    "check_export",
    "export_workshop",
]


def answers_exported(workshop: Workshop) -> bool:
    """Whether the answers have ever left Vogter in an export: from then on they are fixed.
    Asked of the database, since the object in hand may predate the export."""
    return Workshop.objects.filter(pk=workshop.pk, exported_at__isnull=False).exists()


def check_export(workshop: Workshop, layout: str = LISTS) -> None:
    """Refuse an export that could give a person away (ActionError, field `phase` or
    `layout`).

    Not while answers can still change: two exports taken at different times would show
    what one person wrote in between. Sheet by sheet only where every participant was told
    so on their phone before they wrote.
    """
    if workshop.is_editable:
        raise ActionError(
            _(
                "The answers can be exported once the reflection has closed. Until then "
                "they can still change, and two exports could be compared to single out "
                "what one person wrote."
            ),
            field="phase",
        )
    if layout == SHEETS and not workshop.per_sheet_export:
        raise ActionError(
            _(
                "This workshop's answers can only be exported as separate lists: the "
                "participants were not told that their answers could be exported sheet by "
                "sheet."
            ),
            field="layout",
        )


def export_workshop(
    actor: User | None, workshop: Workshop, fmt: str, layout: str = LISTS
) -> Export:
    """Export the answers and log that it happened: answers may be personal data.

    Raises ActionError for an unknown format or layout (field `format` or `layout`) and
    where `check_export` refuses.
    """
    exporter = WORKSHOP_EXPORTS.check(fmt, layout)
    with transaction.atomic():
        # Locked, so that the reflection cannot reopen between the check and the mark.
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        workshop.phase, workshop.exported_at = locked.phase, locked.exported_at
        check_export(workshop, layout)
        if workshop.exported_at is None:
            # The minimum in force now stays this workshop's: a later change of the
            # organisation's must not let two exports be compared.
            locked.min_group_size = workshop.min_group_size = workshop.group_minimum
            workshop.exported_at = locked.exported_at = timezone.now()
            locked.save(update_fields=["exported_at", "min_group_size"])
        result = exporter.export(workshop, layout)
        record(
            actor,
            workshop.organisation,
            EXPORT_ACTION,
            workshop.code,
            scope=workshop.unit,
            format=fmt,
            layout=layout,
        )
    return result
