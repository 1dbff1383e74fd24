"""XLSX: one sheet of answers with a header row, wrapped text and sensible widths,
and a second sheet that says which workshop it is and what q1..q5 ask.

Every answer is written as a string cell, never a formula, and a cell that starts
like a formula also gets Excel's quote prefix, so editing it later does not turn
it into one either.
"""

import io

from django.utils import formats, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vogter.workshops.exporters.base import collect, columns, filename, is_formula_like, table
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Workshop

WIDTHS = {"workshop": 24, "participant": 12, "email": 28, "profession": 24, "hidden": 12}
ANSWER_WIDTH = 48
WRAP = Alignment(wrap_text=True, vertical="top")


def _put(sheet: Worksheet, row: int, column: int, value: str | int) -> None:
    if isinstance(value, int):
        sheet.cell(row, column, value).alignment = WRAP
        return
    # XML 1.0 cannot hold most control characters; they carry no meaning in an answer.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row, column)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    cell.alignment = WRAP
    if is_formula_like(text):
        cell.quotePrefix = True


def _answers_sheet(sheet: Worksheet, workshop: Workshop) -> None:
    header = columns(workshop)
    for col, name in enumerate(header, start=1):
        _put(sheet, 1, col, name)
        sheet.cell(1, col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, ANSWER_WIDTH)
    for r, cells in enumerate(table(workshop, collect(workshop)), start=2):
        for col, value in enumerate(cells, start=1):
            _put(sheet, r, col, value)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions


def _about_sheet(sheet: Worksheet, workshop: Workshop) -> None:
    """Labels in the workshop's language; the kit's questions verbatim beside their keys."""
    language = workshop.language
    facts: list[tuple[str, str]] = [
        (_("Title"), workshop.title),
        (_("Date"), formats.date_format(workshop.date, "DATE_FORMAT")),
        (_("Organisation"), workshop.organisation.name),
        (_("Unit"), workshop.unit.name if workshop.unit else ""),
        (_("Language"), workshop.get_language_display()),
        (_("Anonymous answers"), _("Yes") if workshop.anonymous else _("No")),
    ]
    facts += [(key, FIELDS_BY_KEY[key].label(language)) for key in FIELDS_BY_KEY]
    for r, (key, value) in enumerate(facts, start=1):
        _put(sheet, r, 1, key)
        sheet.cell(r, 1).font = Font(bold=True)
        _put(sheet, r, 2, value)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70


class XlsxExporter:
    key = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def export(self, workshop: Workshop) -> tuple[str, str, bytes]:
        book = Workbook()
        with translation.override(workshop.language):
            answers = book.worksheets[0]
            answers.title = _("Answers")
            _answers_sheet(answers, workshop)
            _about_sheet(book.create_sheet(_("Workshop")), workshop)
        buffer = io.BytesIO()
        book.save(buffer)
        return filename(workshop, "xlsx"), self.media_type, buffer.getvalue()
