"""The charter as an editable Word document (DOCX), for Word and LibreOffice.

Real styles throughout, so an organisation can restyle it, with the PDF's look on them:
Title and Subtitle on the cover, Heading 1/2 for the sections, Normal for the preamble,
Quote for quotes, "Table Text" inside tables and "Table Grid" for the principles table.
The order is the PDF's: a portrait cover (title, facts, preamble, signatures), the
principles table in a landscape section of its own, the appendix in portrait. Each
section's footer holds organisation, unit, version, status and date, and "Side N af M"
as PAGE/NUMPAGES fields at a right tab stop at that section's own margin.

What makes it a document to print, sign and hang up (docs/charters.md, "DOCX"):

- every table has cell padding (w:tblCellMar), a header row Word and LibreOffice repeat
  on each page (w:tblHeader) and rows that move whole to the next page (w:cantSplit);
- the document's language (w:lang on the defaults and Normal) and automatic
  hyphenation (w:autoHyphenation) are set, so the narrow level columns break words at
  a hyphen rather than anywhere; headings, names and dates never break;
- a draft, a proposal and a superseded version carry "KLADDE", "FORSLAG" or "AFLØST"
  as Word's own watermark (a VML text shape in the header, as Word's Design >
  Watermark writes it) and say what they are at the top of every page ("Afløst af
  version N" on a superseded one);
- each role still to sign gets its name, then a tall row with lines for the signature,
  the name and the date; each signature given in Vogter is a sentence saying who
  signed, in which role, when.

The WordprocessingML python-docx has no API for is in wordml.py.
"""

import io
import re
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common, wordml
from vogter.charters.exporters.common import label

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"
# python-docx refuses a core property (title, author, subject) longer than this.
WORD_PROPERTY = 255

# The PDF's colours (vogter/lib/typst/house.typ), as hex for the XML and as RGB for runs.
INK = "1F2A2E"
SOFT = "4A5A60"
BRAND = "1D5560"
BRAND_TINT = "E3EEF0"
RULE = "B9B2A5"
GAP_FILL = "EEEAE2"
MARK = "9B1C1C"  # the status line on a copy that is not in force
WHITE = "FFFFFF"

PORTRAIT = (Mm(210), Mm(297))
LANDSCAPE = (Mm(297), Mm(210))
MARGIN = Mm(18)
TABLE_SIDES = Mm(14)  # the landscape table's side margins, as in the PDF
MAX_QUOTES = 3
TABLE_TEXT = "Table Text"
TABLE_SIZE = Pt(9)
SMALL = Pt(7.5)

# Cell padding: room between the text and the rules, as a printed table needs.
CELL_MARGINS: dict[str, Length] = {"top": Mm(1), "left": Mm(1.5), "bottom": Mm(1), "right": Mm(1.5)}
# The lines to sign: no padding on the left, so the first line starts at the margin,
# and a gutter on the right between one line and the next (the last column reaches
# into the margin by as much, so that its line ends at the margin).
SIGN_GUTTER = Mm(7)
SIGN_MARGINS: dict[str, Length] = {
    "top": Mm(1),
    "left": Mm(0),
    "bottom": Mm(1),
    "right": SIGN_GUTTER,
}
SIGN_SHARES = (0.43, 0.34, 0.23)  # signature, name, date: the PDF's 1.3fr 1fr 0.7fr
SIGN_ROW_HEIGHT = Mm(20)  # room to sign by hand above the line

# A row taller than this share of the page may break inside: Word clips a row that
# cannot break and does not fit on a page, which is worse than a row carried over.
WHOLE_ROW_SHARE = 0.8
# Rough measures of 9 pt text for that estimate: an average glyph is about half an em
# wide, and a line with its spacing about 1.3 em high.
GLYPH = Pt(9 * 0.5)
LINE = Pt(9 * 1.3)

# The watermark: the PDF's brand colour, faint, letters 100 pt high.
WATERMARK_OPACITY = 0.16
WATERMARK_HEIGHT = Pt(130)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def _page(section: Section, size: tuple[Length, Length], sides: Length = MARGIN) -> Length:
    """Set the section's paper and margins; the width left for text."""
    width, height = size
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = sides
    section.top_margin = section.bottom_margin = MARGIN
    return Length(width - 2 * sides)


def _fits_on_a_page(principle: PrincipleDoc, width: int, language: str) -> bool:
    """Whether the principle's row is surely shorter than a landscape page: only then
    is it kept whole (see WHOLE_ROW_SHARE)."""
    per_line = max(1, int((width - 2 * CELL_MARGINS["left"]) / GLYPH))
    tallest = 0
    for key in principle["cells"]:
        c = common.cell(principle, key, language)
        text = "\n".join(x for x in (c.text, c.responsible) if x)
        lines = sum(len(part) // per_line + 1 for part in text.split("\n"))
        tallest = max(tallest, lines)
    page = Mm(210) - 2 * MARGIN
    return tallest * LINE < page * WHOLE_ROW_SHARE


def _property(value: str) -> str:
    """A core property as Word holds it: at most 255 characters."""
    return value if len(value) <= WORD_PROPERTY else value[: WORD_PROPERTY - 1].rstrip() + "…"


class _Writer:
    def __init__(self, doc: CharterDoc, language: str) -> None:
        self.doc, self.language = doc, language
        self.word = Document()
        self.tag = common.LANGUAGE_TAGS[language]
        self.table_text_id = ""  # set up with the styles

    # --- helpers ------------------------------------------------------------------

    def table(
        self,
        rows: int,
        widths: list[int],
        *,
        style: str | None = None,
        margins: dict[str, Length] = CELL_MARGINS,
    ) -> Table:
        """A table of fixed column widths (LibreOffice reads the grid, Word the cells,
        so both are set) with padding in its cells."""
        table = self.word.add_table(rows=rows, cols=len(widths))
        if style:
            table.style = self.word.styles[style]
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        wordml.pad(table, margins)
        return table

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False) -> Paragraph:
        paragraph = cell.paragraphs[0]
        # By the style's id: python-docx looks a style's name up through every style,
        # which for each cell of a large table doubles the time to render.
        paragraph._p.style = self.table_text_id
        paragraph.add_run(text).bold = bold
        return paragraph

    def cell_paragraph(self, cell: _Cell, text: str = "") -> Paragraph:
        paragraph = cell.add_paragraph(text)
        paragraph._p.style = self.table_text_id
        return paragraph

    def small(self, paragraph: Paragraph, text: str, *, italic: bool = False) -> None:
        run = paragraph.add_run(text)
        run.italic = italic
        run.font.size = SMALL
        run.font.color.rgb = _rgb(SOFT)

    def note(self, cell: _Cell, text: str) -> None:
        self.small(self.cell_paragraph(cell), text, italic=True)

    def statement(self, cell: _Cell, principle: PrincipleDoc) -> None:
        st = common.statement(principle, self.language)
        paragraph = self.cell_text(cell, f"{principle['position']}. ", bold=True)
        run = paragraph.add_run(st.text)
        run.bold = True
        if st.note:
            run.italic = True
            wordml.set_lang(run._r, common.LANGUAGE_TAGS[st.language])
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
                self.cell_paragraph(cell, line)
        elif c.kind == "empty_on_purpose":
            run = self.cell_text(cell, "").add_run(f"{label('empty_mark', self.language)} {c.text}")
            run.italic = True
            run.font.color.rgb = _rgb(SOFT)
        else:
            self.cell_text(cell, "")
            wordml.shade(cell, GAP_FILL)
        if c.responsible:
            self.note(cell, label("responsible", self.language, name=c.responsible))

    def section(self, size: tuple[Length, Length], sides: Length = MARGIN) -> Length:
        """A new section on a new page, with its own footer; the width for text."""
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        width = _page(section, size, sides)
        self.footer(section, width)
        return width

    # --- parts --------------------------------------------------------------------

    def setup(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        self.styles()
        self.language_and_hyphenation()
        props = word.core_properties
        props.title = _property(common.document_title(doc, lang))
        props.author = _property(doc["organisation"])
        props.subject = _property(common.unit_line(doc, lang))
        props.language = self.tag
        props.keywords = "GenAI; AI; " + label("charter", lang)
        props.comments = "Vogter"
        props.version = str(doc["version"])
        generated = datetime.fromisoformat(doc["generated_at"].replace("Z", "+00:00"))
        props.created = props.modified = generated
        section = word.sections[0]
        width = _page(section, PORTRAIT)
        self.header(section)
        self.footer(section, width)

    def styles(self) -> None:
        """The PDF's look on Word's own styles, so that restyling them restyles the
        document: ink for text, the brand colour for the second level of headings,
        no hyphens in headings, and Calibri instead of the template's theme fonts."""
        styles = self.word.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = _rgb(INK)
        wordml.set_lang(normal.element, self.tag)
        looks = {
            "Title": (Pt(24), INK),
            "Subtitle": (Pt(12.5), SOFT),
            "Heading 1": (Pt(15), INK),
            "Heading 2": (Pt(11.5), BRAND),
        }
        for name, (size, colour) in looks.items():
            style = styles[name]
            wordml.font(style, "Calibri")
            style.font.size = size
            style.font.color.rgb = _rgb(colour)
            style.font.bold = name != "Subtitle"
            style.font.italic = False
            wordml.no_rules(style)
            wordml.no_letter_spacing(style.element)
            wordml.no_hyphens(style.element)
        styles["Title"].paragraph_format.space_after = Pt(2)
        styles["Subtitle"].paragraph_format.space_after = Pt(14)
        styles["Heading 1"].paragraph_format.space_before = Pt(18)
        styles["Heading 1"].paragraph_format.space_after = Pt(6)
        styles["Heading 2"].paragraph_format.space_before = Pt(12)
        # The footer's page number goes to a right tab at each section's own margin
        # (see footer()); the template's fixed tabs at 8 and 16 cm would catch it first.
        footer = styles["Footer"]
        footer.paragraph_format.tab_stops.clear_all()
        footer.font.size = Pt(8)
        footer.font.color.rgb = _rgb(SOFT)
        styles["Header"].paragraph_format.tab_stops.clear_all()
        table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = TABLE_SIZE
        table_text.paragraph_format.space_after = Pt(2)
        table_text.paragraph_format.line_spacing = 1.1
        self.table_text_id = table_text.style_id

    def language_and_hyphenation(self) -> None:
        """The language on everything (the defaults every style inherits) and automatic
        hyphenation in the settings: Word and LibreOffice hyphenate by the language."""
        defaults = self.word.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            path = "/".join(qn(t) for t in ("w:rPrDefault", "w:rPr", "w:lang"))
            lang = defaults.find(path)
            if lang is not None:
                lang.set(qn("w:val"), self.tag)
        settings = self.word.settings.element
        wordml.auto_hyphenation(settings)
        theme = settings.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), self.tag)

    def header(self, section: Section) -> None:
        """On a copy that is not in force: the status line at the top of every page, and
        the status across the page as a watermark. Later sections share this header."""
        mark = common.status_mark(self.doc, self.language)
        if not mark:
            return
        paragraph = section.header.paragraphs[0]
        paragraph.style = self.word.styles["Header"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(mark)
        run.bold = True
        run.font.color.rgb = _rgb(MARK)
        watermark = common.watermark(self.doc, self.language)
        if watermark:
            wordml.watermark(
                paragraph,
                watermark,
                colour=BRAND,
                opacity=WATERMARK_OPACITY,
                height=WATERMARK_HEIGHT,
                room=Length(PORTRAIT[0] - 2 * MARGIN),
            )

    def footer(self, section: Section, width: Length) -> None:
        """Organisation, unit, version, status and date; "Side N af M" at the right
        margin, which on a landscape page is further out than on a portrait one."""
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = self.word.styles["Footer"]
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        wordml.paragraph_rule(paragraph, "top", RULE, 4)
        paragraph.add_run(common.footer_text(self.doc, self.language) + "\t")
        # The whole sentence, with the two numbers as fields in their places.
        sentence = label("page", self.language, page=-1, pages=-2)
        for part in re.split(r"(-1|-2)", sentence):
            if part == "-1":
                wordml.field(paragraph, "PAGE")
            elif part == "-2":
                wordml.field(paragraph, "NUMPAGES")
            elif part:
                paragraph.add_run(part)

    def cover(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        word.add_paragraph(common.title(doc, lang), style="Title")
        word.add_paragraph(
            f"{doc['organisation']} · {common.unit_line(doc, lang)}", style="Subtitle"
        )
        self.facts()
        word.add_heading(label("preamble", lang), level=1)
        for text in common.preamble(doc, lang):
            word.add_paragraph(text)

    def facts(self) -> None:
        """Version, status, date and who adopted it, as the PDF's cover has them: small
        captions over the values, between a brand-coloured rule and a light one."""
        doc, lang = self.doc, self.language
        facts = [
            (label("version", lang, version="").strip(), str(doc["version"])),
            (label("status", lang), common.status_text(doc, lang)),
            (label("date", lang), common.format_date(common.charter_date(doc), lang)),
        ]
        if doc["adopted_by"]:
            facts.append((label("adopted_by", lang), doc["adopted_by"]))
        usable = PORTRAIT[0] - 2 * MARGIN
        table = self.table(1, [int(usable / len(facts))] * len(facts))
        wordml.table_borders(table, {"top": (BRAND, 8), "bottom": (RULE, 4)})
        for cell, (key, value) in zip(table.rows[0].cells, facts, strict=True):
            caption = self.cell_text(cell, "")
            self.small(caption, key)
            wordml.no_hyphens(caption._p)
            value_paragraph = self.cell_paragraph(cell)
            value_paragraph.add_run(value).bold = True
            wordml.no_hyphens(value_paragraph._p)

    def principles(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        usable = self.section(LANDSCAPE, TABLE_SIDES)
        table_title = common.pick(doc["table_title"], lang)
        word.add_heading(table_title, level=1)
        if common.has_gaps(doc):
            word.add_paragraph(label("gap_legend", lang)).runs[0].italic = True
        keys = [level["key"] for level in doc["levels"]]
        first = int(usable * 0.19)
        widths = [first] + [int((usable - first) / len(keys))] * len(keys)
        table = self.table(1, widths, style="Table Grid")
        wordml.table_borders(table, {side: (RULE, 4) for side in wordml.TABLE_SIDES})
        wordml.caption(table, table_title)
        first_column = common.pick(doc["first_column"], lang)
        heads = [first_column, *(common.pick(level, lang) for level in doc["levels"])]
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            paragraph = self.cell_text(cell, text, bold=True)
            paragraph.runs[0].font.color.rgb = _rgb(WHITE)
            wordml.no_hyphens(paragraph._p)
            wordml.shade(cell, BRAND)
        wordml.repeat_header(table)
        wordml.keep_whole(table.rows[0])
        for principle in doc["principles"]:
            row = table.add_row()
            if _fits_on_a_page(principle, widths[1], lang):
                wordml.keep_whole(row)
            cells = row.cells
            self.statement(cells[0], principle)
            wordml.shade(cells[0], BRAND_TINT)
            for cell, key in zip(cells[1:], keys, strict=True):
                self.level(cell, principle, key)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def signatures(self) -> None:
        """On the cover under the preamble, as in the PDF."""
        word, doc, lang = self.word, self.doc, self.language
        word.add_heading(label("signatures", lang), level=1)
        signed = common.signed_in_vogter(doc, lang)
        to_sign = common.roles_to_sign(doc, lang)
        for sentence in signed:
            paragraph = word.add_paragraph(sentence)
            wordml.paragraph_rule(paragraph, "left", BRAND, 16)
        if to_sign:
            intro = word.add_paragraph(label("sign_by_hand", lang))
            intro.paragraph_format.keep_with_next = True
            self.lines_to_sign(to_sign)
        if not signed and not to_sign:
            word.add_paragraph(label("no_signatures", lang))

    def lines_to_sign(self, roles: list[str]) -> None:
        """Per role two rows kept together: the role, then a tall row with lines for the
        signature, the name in capitals and the date, each captioned under its line."""
        lang = self.language
        usable = PORTRAIT[0] - 2 * MARGIN + SIGN_GUTTER
        widths = [int(usable * share) for share in SIGN_SHARES]
        captions = (label("signature", lang), label("printed_name", lang), label("date", lang))
        table = self.table(0, widths, margins=SIGN_MARGINS)
        wordml.caption(table, label("signatures", lang))
        for role in roles:
            above = table.add_row()
            wordml.keep_whole(above)
            named = above.cells[0].merge(above.cells[-1])
            paragraph = named.paragraphs[0]  # in Normal, as large as the text above
            paragraph.add_run(role).bold = True
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.keep_with_next = True
            wordml.no_hyphens(paragraph._p)
            row = table.add_row()
            row.height = SIGN_ROW_HEIGHT
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            wordml.keep_whole(row)
            for cell, caption in zip(row.cells, captions, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                line = self.cell_text(cell, "")
                wordml.paragraph_rule(line, "bottom", INK, 6, space=1)
                self.small(self.cell_paragraph(cell), caption)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def sources(self) -> None:
        word, lang = self.word, self.language
        principles = [p for p in self.doc["principles"] if common.has_sources(p)]
        if not principles:
            return
        self.section(PORTRAIT)
        word.add_heading(label("sources", lang), level=1)
        for principle in principles:
            st = common.statement(principle, lang)
            heading = word.add_heading(f"{principle['position']}. ", level=2)
            run = heading.add_run(st.text)
            if st.note:
                run.italic = True
                wordml.set_lang(run._r, common.LANGUAGE_TAGS[st.language])
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
        self.signatures()
        self.principles()
        self.sources()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


# Control codes XML cannot hold (python-docx refuses them): a vertical tab or form feed
# pasted from Word becomes a line break, the others are dropped.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _xml_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_text(v) for v in value]
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\x0b", "\n").replace("\x0c", "\n"))
    return value


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as DOCX bytes in `language` ("da" or "en")."""
    return _Writer(_xml_text(doc), language).render()
