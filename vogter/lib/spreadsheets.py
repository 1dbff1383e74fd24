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
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

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


# --- Reading an uploaded table -----------------------------------------------------------
# Shared by every import (the workshop's paper answers, the directory's units and people):
# a CSV or XLSX file read into rows of text, or the reason it cannot be. Problems are codes
# with their details, worded by `reading_problem` in the language of whoever reads them.

MAX_FILE_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: a small file may unpack to gigabytes (a "zip bomb"), and its
# declared size may claim 16,384 columns for openpyxl to fill in row by row.
MAX_XLSX_UNPACKED_BYTES = 10 * MAX_FILE_BYTES
MAX_COLUMNS = 100

Reported = tuple[str, dict[str, Any]]


@dataclass
class ReadTable:
    """The rows of the file's first sheet (None if it cannot be read), and what was wrong."""

    table: list[list[str]] | None = None
    errors: list[Reported] = field(default_factory=list)
    warnings: list[Reported] = field(default_factory=list)


def read_table(file_bytes: bytes, filename: str, max_rows: int) -> ReadTable:
    """Read CSV (UTF-8, UTF-16 or Windows-1252; `,`, `;` or tab) or XLSX bytes. Never
    raises on bad input. Reading stops a row past `max_rows` filled rows plus a header,
    so the caller can tell a file that has too many."""
    result = ReadTable()
    if len(file_bytes) > MAX_FILE_BYTES:
        result.errors.append(("too_large", {"max": MAX_FILE_BYTES // (1024 * 1024)}))
        return result
    if not file_bytes.strip():
        result.errors.append(("empty_file", {}))
        return result
    lower = filename.lower()
    if file_bytes.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
        result.table = _read_xlsx(file_bytes, result, max_rows)
    elif file_bytes.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith((".xls", ".ods", ".numbers")):
        result.errors.append(("old_excel", {}))
    else:
        result.table = _read_csv(file_bytes, result, max_rows)
    return result


def is_empty(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def _decode(file_bytes: bytes, result: ReadTable) -> str | None:
    if file_bytes.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16 with a byte-order mark.
        try:
            return file_bytes.decode("utf-16")
        except UnicodeDecodeError:
            result.errors.append(("encoding", {}))
            return None
    try:
        return file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = file_bytes.decode("cp1252")
    except UnicodeDecodeError:
        result.errors.append(("encoding", {}))
        return None
    result.warnings.append(("read_as_cp1252", {}))
    return text


def _delimiter(text: str) -> str:
    """The separator the header line uses most: `,`, `;` (Danish Excel) or tab."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _unquote(cell: str) -> str:
    """Undo the `'` that our CSV exports put before a cell that looks like a formula."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def _read_csv(file_bytes: bytes, result: ReadTable, max_rows: int) -> list[list[str]] | None:
    text = _decode(file_bytes, result)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    table: list[list[str]] = []
    try:
        filled = 0  # empty rows (a spreadsheet's trailing ones) don't count towards the limit
        for record_ in reader:
            table.append([_unquote(cell) for cell in record_])
            filled += not is_empty(table[-1])
            if filled > max_rows + 1:
                break
    except csv.Error as error:
        result.errors.append(("broken_csv", {"row": len(table) + 1, "reason": str(error)}))
        return None
    return table


def _read_xlsx(file_bytes: bytes, result: ReadTable, max_rows: int) -> list[list[str]] | None:
    try:
        # zipfile never inflates a member past the size its header declares.
        with zipfile.ZipFile(io.BytesIO(file_bytes)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            result.errors.append(("too_large", {"max": MAX_FILE_BYTES // (1024 * 1024)}))
            return None
        book = load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            table = []
            filled = 0  # as for CSV: empty rows don't count towards the limit
            for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                table.append([_cell_text(v) for v in values])
                filled += not is_empty(table[-1])
                if filled > max_rows + 1:
                    break
        finally:
            book.close()
    # A damaged or disguised file fails in many ways inside openpyxl; these are they.
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        ParseError,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        EOFError,
        OSError,
    ):
        result.errors.append(("broken_xlsx", {}))
        return None
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reading_problem(code: str, params: dict[str, Any]) -> str | None:
    """What a reading problem says, in the active language; None for another code."""
    match code:
        case "too_large":
            return _("The file is too large: at most %(max)d MB.") % {"max": params["max"]}
        case "empty_file":
            return _("The file is empty.")
        case "encoding":
            return _(
                "The file's characters could not be read. Save it as “CSV UTF-8” "
                "(in Excel: Save as → CSV UTF-8) and upload it again."
            )
        case "read_as_cp1252":
            return _(
                "The file was not in UTF-8, so it was read as Windows-1252 (Western "
                "European). Check that æ, ø and å look right below."
            )
        case "broken_xlsx":
            return _(
                "The file could not be read as an Excel workbook (.xlsx). It may be "
                "damaged, or another kind of file. Open it in Excel and save it again as "
                ".xlsx or as CSV UTF-8."
            )
        case "old_excel":
            return _(
                "Old Excel files (.xls) and other spreadsheet formats cannot be read. "
                "Save the file as .xlsx or as CSV UTF-8."
            )
        case "broken_csv":
            return _("The CSV file could not be read near row %(row)d: %(reason)s") % params
        case "duplicate_column":
            return _("The column %(column)s appears more than once.") % params
        case "unknown_columns":
            return ngettext(
                "This column was not recognised and is left out: %(columns)s.",
                "These columns were not recognised and are left out: %(columns)s.",
                len(params["columns"]),
            ) % {"columns": ", ".join(params["columns"])}
        case "skipped_empty":
            return (
                ngettext(
                    "%(count)d empty row was skipped.",
                    "%(count)d empty rows were skipped.",
                    params["count"],
                )
                % params
            )
    return None


@dataclass
class Problem:
    """Something wrong with an imported file or one of its rows: a code with its details,
    worded only when shown, so a preview made in one request reads right in the language of
    the person who looks at it later. Each importer words its own codes in `own_message`;
    the reading problems above are worded here for all of them."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        reading = reading_problem(self.code, self.params)
        return reading if reading is not None else self.own_message()

    def own_message(self) -> str:
        return self.code
