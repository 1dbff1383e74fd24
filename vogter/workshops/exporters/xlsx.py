"""XLSX for people, in the workshop's language.

The default layout has one sheet per list: a sheet for each question with its answers in a
random order of its own, one for the use cases and one for the professions, then a sheet
that says which workshop it is and that the lists do not line up. The per-sheet layout has
one sheet with a row per worksheet and the same sheet about the workshop.

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

from vogter.lib.exporting import Export
from vogter.lib.spreadsheets import is_formula_like
from vogter.workshops.exporters.base import (
    SHEETS,
    Item,
    collect,
    columns,
    filename,
    lists,
    table,
)
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Workshop

WIDTHS = {"workshop": 24, "participant": 12, "email": 28, "profession": 24, "hidden": 12}
ANSWER_WIDTH = 48
LIST_WIDTH = 80
WRAP = Alignment(wrap_text=True, vertical="top")


def _put(sheet: Worksheet, row: int, column: int, value: str | int | None) -> None:
    if value is None:
        return
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


def _header(sheet: Worksheet, names: list[str], widths: list[int]) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        _put(sheet, 1, col, name)
        sheet.cell(1, col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def _items_sheet(sheet: Worksheet, heading: str, items: list[Item]) -> None:
    """One list: the text, and "Yes" under Hidden where the facilitator hid the card."""
    _header(sheet, [heading, _("Hidden")], [LIST_WIDTH, 12])
    for r, item in enumerate(items, start=2):
        _put(sheet, r, 1, item.text)
        _put(sheet, r, 2, _("Yes") if item.hidden else None)
    sheet.auto_filter.ref = sheet.dimensions


def _lists_sheets(book: Workbook, workshop: Workshop) -> None:
    language = workshop.language
    content = lists(workshop)
    for number, (key, items) in enumerate(content.answers.items(), start=1):
        sheet = book.create_sheet(_("Question %(number)s") % {"number": number})
        _items_sheet(sheet, FIELDS_BY_KEY[key].label(language), items)
    use_cases = book.create_sheet(FIELDS_BY_KEY["use_case"].label(language))
    _items_sheet(use_cases, FIELDS_BY_KEY["use_case"].label(language), content.use_cases)
    professions = book.create_sheet(_("Professions"))
    heading = [FIELDS_BY_KEY["profession"].label(language), _("Number of people")]
    _header(professions, heading, [40, 16])
    rows: list[tuple[str, int | None]] = [(p.name, p.count) for p in content.professions.named]
    if content.professions.others:
        rows.append((_("other professions"), content.professions.others_count))
    for r, (name, count) in enumerate(rows, start=2):
        _put(professions, r, 1, name)
        _put(professions, r, 2, count)


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


def _about_sheet(sheet: Worksheet, workshop: Workshop, layout: str) -> None:
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
    if layout != SHEETS:
        order = _(
            "Each list is in a random order of its own, so a row on one sheet has nothing to "
            "do with the same row on another."
        )
        facts.append((_("Order"), order))
    facts += [(key, FIELDS_BY_KEY[key].label(language)) for key in FIELDS_BY_KEY]
    for r, (key, value) in enumerate(facts, start=1):
        _put(sheet, r, 1, key)
        sheet.cell(r, 1).font = Font(bold=True)
        _put(sheet, r, 2, value)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70


class XlsxExporter:
    format = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def export(self, workshop: Workshop, layout: str, /) -> Export:
        book = Workbook()
        with translation.override(workshop.language):
            if layout == SHEETS:
                answers = book.worksheets[0]
                answers.title = _("Answers")
                _answers_sheet(answers, workshop)
            else:
                book.remove(book.worksheets[0])
                _lists_sheets(book, workshop)
            _about_sheet(book.create_sheet(_("Workshop")), workshop, layout)
        buffer = io.BytesIO()
        book.save(buffer)
        return Export(filename(workshop, "xlsx", layout), self.media_type, buffer.getvalue())
