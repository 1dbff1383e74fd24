"""CSV for spreadsheets, Danish Excel first: the conventions every CSV download shares
(the workshop's answers, a round's results, the roll-up, the AI-literacy record).

- UTF-8 with a byte-order mark: without it Excel reads UTF-8 as Windows-1252 and
  turns æ, ø and å into mojibake.
- `;` between fields: Danish Excel uses the comma as its decimal mark and so splits
  a double-clicked CSV on semicolons (the list separator of the Danish locale).
- RFC 4180 otherwise: CRLF between records, a field quoted when it holds `;`, `"`
  or a line break, `"` doubled inside; line breaks inside an answer are kept.
- A cell that starts with = + - @, a tab or a carriage return gets a leading `'`
  (`neutralise`), so a spreadsheet shows it as text instead of running it as a formula
  (OWASP's advice on CSV injection). The workshop importer strips that quote again.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

DELIMITER = ";"

# Spreadsheets run a cell that starts with one of these as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(value: str | int) -> str | int:
    """`value`, with a leading `'` if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class ExcelCsv:
    """A CSV file being written row by row; `content()` is its bytes, BOM first."""

    def __init__(self) -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, delimiter=DELIMITER, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(row)

    def content(self) -> bytes:
        return self._buffer.getvalue().encode("utf-8-sig")
