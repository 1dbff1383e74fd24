"""CSV for spreadsheets, Danish Excel first.

- UTF-8 with a byte-order mark: without it Excel reads UTF-8 as Windows-1252 and
  turns æ, ø and å into mojibake.
- `;` between fields: Danish Excel uses the comma as its decimal mark and so splits
  a double-clicked CSV on semicolons (the list separator of the Danish locale).
- RFC 4180 otherwise: CRLF between records, a field quoted when it holds `;`, `"`
  or a line break, `"` doubled inside; line breaks inside an answer are kept.
- A cell that starts with = + - @, a tab or a carriage return gets a leading `'`,
  so a spreadsheet shows it as text instead of running it as a formula (OWASP's
  advice on CSV injection). The importer strips that quote again.

The default layout is one table of `field;text;hidden;count`: the answers to q1, then
q2 … q5, each question's in a fresh random order, then the use cases, then the
professions with their counts (docs/workshop-exports.md).
"""

import csv
import io
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from vogter.lib.exporting import Export
from vogter.workshops.exporters.base import (
    SHEETS,
    collect,
    columns,
    filename,
    is_formula_like,
    lists,
    table,
)
from vogter.workshops.models import Workshop

DELIMITER = ";"


def neutralise(value: str | int) -> str | int:
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class CsvExporter:
    format = "csv"
    media_type = "text/csv; charset=utf-8"

    def export(self, workshop: Workshop, layout: str, /) -> Export:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
        if layout == SHEETS:
            writer.writerow(columns(workshop))
            rows = table(workshop, collect(workshop))
        else:
            writer.writerow(LIST_COLUMNS)
            rows = list(list_rows(workshop))
        for cells in rows:
            writer.writerow([neutralise(c) for c in cells])
        body = buffer.getvalue().encode("utf-8-sig")
        return Export(filename(workshop, "csv", layout), self.media_type, body)


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
