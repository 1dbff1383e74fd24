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
"""

import csv
import io

from vogter.workshops.exporters.base import collect, columns, filename, is_formula_like, table
from vogter.workshops.models import Workshop

DELIMITER = ";"


def neutralise(value: str | int) -> str | int:
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class CsvExporter:
    key = "csv"
    media_type = "text/csv; charset=utf-8"

    def export(self, workshop: Workshop) -> tuple[str, str, bytes]:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow(columns(workshop))
        for cells in table(workshop, collect(workshop)):
            writer.writerow([neutralise(c) for c in cells])
        return filename(workshop, "csv"), self.media_type, buffer.getvalue().encode("utf-8-sig")
