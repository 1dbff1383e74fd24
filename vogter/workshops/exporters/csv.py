"""CSV for spreadsheets, Danish Excel first (the conventions of vogter/lib/spreadsheets.py:
BOM, `;`, formula-like cells quoted).

The default layout is one table of `field;text;hidden;count`: the answers to q1, then
q2 … q5, each question's in a fresh random order, then the use cases, then the
professions with their counts (docs/workshop-exports.md).
"""

from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from vogter.lib.exporting import Export
from vogter.lib.spreadsheets import ExcelCsv, neutralise
from vogter.workshops.exporters.base import (
    SHEETS,
    collect,
    columns,
    filename,
    lists,
    table,
)
from vogter.workshops.models import Workshop


class CsvExporter:
    format = "csv"
    media_type = "text/csv; charset=utf-8"

    def export(self, workshop: Workshop, layout: str, /) -> Export:
        writer = ExcelCsv()
        if layout == SHEETS:
            writer.writerow(columns(workshop))
            rows = table(workshop, collect(workshop))
        else:
            writer.writerow(LIST_COLUMNS)
            rows = list(list_rows(workshop))
        for cells in rows:
            writer.writerow([neutralise(c) for c in cells])
        return Export(filename(workshop, "csv", layout), self.media_type, writer.content())


LIST_COLUMNS = ("field", "text", "hidden", "count")
HIDDEN = "hidden"
OTHER_PROFESSIONS = "other_professions"


def list_rows(workshop: Workshop) -> Iterator[list[str | int]]:
    """The rows of the default layout under LIST_COLUMNS."""
    content = lists(workshop)
    for key, items in (*content.answers.items(), ("use_case", content.use_cases)):
        for item in items:
            yield [key, item.text, HIDDEN if item.hidden else "", ""]
    professions = content.professions
    for p in professions.named:
        yield ["profession", p.name, "", "" if p.count is None else p.count]
    if professions.others:
        with translation.override(workshop.language):
            label = _("other professions")
        count = professions.others_count
        yield [OTHER_PROFESSIONS, label, "", "" if count is None else count]
