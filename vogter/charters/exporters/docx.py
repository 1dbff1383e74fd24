"""The charter as an editable Word document (DOCX), for Word and LibreOffice.

Real styles throughout, so an organisation can restyle it: Title and Subtitle on the
first page, Heading 1/2 for the sections, Normal for the preamble, Quote for quotes,
and "Table Grid" for the tables. The principles table sits in a landscape section of
its own with seven columns and a header row that Word repeats on every page. The
footer holds organisation, unit, version, status and date, and "Side N af M" as
PAGE/NUMPAGES fields. A principle shown in the other language carries that language
on its text (w:lang), so spell-checkers and screen readers switch.
"""

import io
import re
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common
from vogter.charters.exporters.common import label

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"

SOFT = RGBColor(0x4A, 0x5A, 0x60)
GAP_FILL = "EEEAE2"
HEADER_FILL = "E3EEF0"
MARGIN = Mm(18)
MAX_QUOTES = 3


def _set_lang(element_with_rpr: object, tag: str) -> None:
    """Set w:lang on a run or a style (anything with get_or_add_rPr)."""
    rpr = element_with_rpr.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(table: Table) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the application fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _landscape(section: object) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(297), Mm(210)  # type: ignore[attr-defined]


def _portrait(section: object) -> None:
    section.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)  # type: ignore[attr-defined]


class _Writer:
    def __init__(self, doc: CharterDoc, language: str) -> None:
        self.doc, self.language = doc, language
        self.word = Document()
        self.tag = common.LANGUAGE_TAGS[language]

    # --- helpers ------------------------------------------------------------------

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False) -> Paragraph:
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).bold = bold
        return paragraph

    def note(self, cell: _Cell, text: str) -> None:
        run = cell.add_paragraph().add_run(text)
        run.italic = True
        run.font.size = Pt(7.5)
        run.font.color.rgb = SOFT

    def statement(self, cell: _Cell, principle: PrincipleDoc) -> None:
        st = common.statement(principle, self.language)
        paragraph = cell.paragraphs[0]
        paragraph.add_run(f"{principle['position']}. ").bold = True
        run = paragraph.add_run(st.text)
        run.bold = True
        if st.note:
            run.italic = True
            _set_lang(run._r, common.LANGUAGE_TAGS[st.language])
            self.note(cell, f"({st.note})")
        origin = common.origin_label(principle, self.language)
        if origin:
            self.note(cell, origin)

    def level(self, cell: _Cell, principle: PrincipleDoc, key: str) -> None:
        c = common.cell(principle, key, self.language)
        if c.kind == "text":
            lines = c.text.split("\n")
            self.cell_text(cell, lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)
        elif c.kind == "empty_on_purpose":
            run = cell.paragraphs[0].add_run(f"{label('empty_mark', self.language)} {c.text}")
            run.italic = True
            run.font.color.rgb = SOFT
        else:
            _shade(cell, GAP_FILL)
        if c.responsible:
            self.note(cell, label("responsible", self.language, name=c.responsible))

    # --- parts --------------------------------------------------------------------

    def setup(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        normal = word.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        _set_lang(normal.element, self.tag)
        props = word.core_properties
        props.title = common.document_title(doc, lang)
        props.author = doc["organisation"]
        props.subject = common.unit_line(doc, lang)
        props.language = self.tag
        props.keywords = "GenAI; AI; " + label("charter", lang)
        props.comments = "Vogter"
        props.version = str(doc["version"])
        generated = datetime.fromisoformat(doc["generated_at"].replace("Z", "+00:00"))
        props.created = props.modified = generated
        section = word.sections[0]
        _portrait(section)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        self.footer(section)

    def footer(self, section: object) -> None:
        footer = section.footer  # type: ignore[attr-defined]
        paragraph = footer.paragraphs[0]
        paragraph.style = self.word.styles["Footer"]
        run = paragraph.add_run(common.footer_text(self.doc, self.language) + "\t")
        run.font.size = Pt(8)
        # The whole sentence, with the two numbers as fields in their places.
        sentence = label("page", self.language, page=-1, pages=-2)
        for part in re.split(r"(-1|-2)", sentence):
            if part == "-1":
                _field(paragraph, "PAGE")
            elif part == "-2":
                _field(paragraph, "NUMPAGES")
            elif part:
                paragraph.add_run(part).font.size = Pt(8)

    def cover(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        word.add_paragraph(common.title(doc, lang), style="Title")
        word.add_paragraph(
            f"{doc['organisation']} · {common.unit_line(doc, lang)}", style="Subtitle"
        )
        meta = [
            (label("version", lang, version="").strip(), str(doc["version"])),
            (label("status", lang), common.status_label(doc["status"], lang)),
            (label("date", lang), common.format_date(common.charter_date(doc), lang)),
        ]
        if doc["adopted_by"]:
            meta.append((label("adopted_by", lang), doc["adopted_by"]))
        paragraph = word.add_paragraph()
        for i, (key, value) in enumerate(meta):
            paragraph.add_run(f"{key}: ")
            paragraph.add_run(value).bold = True
            if i < len(meta) - 1:
                paragraph.add_run("   ·   ")
        word.add_heading(label("preamble", lang), level=1)
        for text in common.preamble(doc, lang):
            word.add_paragraph(text)

    def table(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        section = word.add_section(WD_SECTION.NEW_PAGE)
        _landscape(section)
        word.add_heading(common.pick(doc["table_title"], lang), level=1)
        if common.has_gaps(doc):
            word.add_paragraph(label("gap_legend", lang)).runs[0].italic = True
        keys = [level["key"] for level in doc["levels"]]
        table = word.add_table(rows=1, cols=1 + len(keys))
        table.style = word.styles["Table Grid"]
        usable = Mm(297) - 2 * MARGIN
        first = int(usable * 0.19)
        widths = [first] + [int((usable - first) / len(keys))] * len(keys)
        first_column = common.pick(doc["first_column"], lang)
        heads = [first_column, *(common.pick(level, lang) for level in doc["levels"])]
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            self.cell_text(cell, text, bold=True)
            _shade(cell, HEADER_FILL)
        _repeat_header(table)
        for principle in doc["principles"]:
            cells = table.add_row().cells
            self.statement(cells[0], principle)
            _shade(cells[0], HEADER_FILL)
            for cell, key in zip(cells[1:], keys, strict=True):
                self.level(cell, principle, key)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def signatures(self) -> None:
        word, lang = self.word, self.language
        section = word.add_section(WD_SECTION.NEW_PAGE)
        _portrait(section)
        word.add_heading(label("signatures", lang), level=1)
        lines = common.signature_lines(self.doc, lang)
        if not lines:
            word.add_paragraph(label("no_signatures", lang))
            return
        table = word.add_table(rows=1, cols=3)
        table.style = word.styles["Table Grid"]
        for cell, key in zip(table.rows[0].cells, ("role", "name", "signed_at"), strict=True):
            self.cell_text(cell, label(key, lang), bold=True)
        _repeat_header(table)
        for line in lines:
            cells = table.add_row().cells
            self.cell_text(cells[0], line.role)
            if line.name:
                self.cell_text(cells[1], line.name)
                self.cell_text(cells[2], line.signed_at)
            else:
                self.note(cells[0], label("not_signed", lang))
                # Room to sign by hand on the printed page.
                cells[1].add_paragraph()

    def sources(self) -> None:
        word, lang = self.word, self.language
        principles = [p for p in self.doc["principles"] if common.has_sources(p)]
        if not principles:
            return
        word.add_page_break()
        word.add_heading(label("sources", lang), level=1)
        for principle in principles:
            st = common.statement(principle, lang)
            heading = word.add_heading(f"{principle['position']}. ", level=2)
            run = heading.add_run(st.text)
            if st.note:
                run.italic = True
                _set_lang(run._r, common.LANGUAGE_TAGS[st.language])
                heading.add_run(f" ({st.note})")
            if principle["rationale"].strip():
                paragraph = word.add_paragraph()
                paragraph.add_run(label("rationale", lang) + ": ").bold = True
                paragraph.add_run(principle["rationale"])
            for source in principle["sources"]:
                when = common.format_date(source["date"], lang) if source["date"] else ""
                paragraph = word.add_paragraph()
                paragraph.add_run(label("workshop", lang) + ": ").bold = True
                paragraph.add_run(", ".join(x for x in (source["workshop"], when) if x))
                if source["themes"]:
                    paragraph = word.add_paragraph()
                    paragraph.add_run(label("themes", lang) + ": ").bold = True
                    paragraph.add_run(", ".join(source["themes"]))
            quotes = [q for s in principle["sources"] for q in s["quotes"]][:MAX_QUOTES]
            for quote in quotes:
                word.add_paragraph(label("quoted", lang, quote=quote), style="Quote")

    def render(self) -> bytes:
        self.setup()
        self.cover()
        self.table()
        self.signatures()
        self.sources()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as DOCX bytes in `language` ("da" or "en")."""
    return _Writer(doc, language).render()
