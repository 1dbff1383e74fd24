"""The charter as an editable Word document (DOCX), for Word and LibreOffice.

Real styles throughout, so an organisation can restyle it: Title and Subtitle on the
first page, Heading 1/2 for the sections, Normal for the preamble, Quote for quotes,
"Table Text" inside tables and "Table Grid" for the principles table. The principles
table sits in a landscape section of its own with seven columns. The footer holds
organisation, unit, version, status and date, and "Side N af M" as PAGE/NUMPAGES fields.

What makes it a document to print, sign and hang up (docs/charters.md, "DOCX"):

- every table has cell padding (w:tblCellMar), a header row Word and LibreOffice repeat
  on each page (w:tblHeader) and rows that move whole to the next page (w:cantSplit);
- the document's language (w:lang on the defaults and Normal) and automatic
  hyphenation (w:autoHyphenation) are set, so the narrow level columns break words at
  a hyphen rather than anywhere;
- a draft, a proposal and a superseded version carry "KLADDE", "FORSLAG" or "AFLØST"
  as Word's own watermark (a VML text shape in the header, as Word's Design >
  Watermark writes it) and say what they are at the top of every page ("Afløst af
  version N" on a superseded one);
- the signature block has, per role still to sign, a tall row with a line to sign on
  and lines for the name and date; each signature given in Vogter is a sentence
  saying who signed, in which role, when.

Elements python-docx has no API for are inserted in the schema's order (ECMA-376
part 1, 17.4 and 17.15), since Word refuses a document whose elements are out of order.
"""

import io
import re
from datetime import datetime
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common
from vogter.charters.exporters.common import label

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"

SOFT = RGBColor(0x4A, 0x5A, 0x60)
MARK = RGBColor(0x9B, 0x1C, 0x1C)  # the status line on a copy that is not in force
GAP_FILL = "EEEAE2"
HEADER_FILL = "E3EEF0"
MARGIN = Mm(18)
MAX_QUOTES = 3
TABLE_TEXT = "Table Text"
TABLE_SIZE = Pt(9)

# Cell padding: room between the text and the rules, as a printed table needs.
CELL_MARGINS = {"top": Mm(1), "left": Mm(1.5), "bottom": Mm(1), "right": Mm(1.5)}

# A row taller than this share of the page may break inside: Word clips a row that
# cannot break and does not fit on a page, which is worse than a row carried over.
WHOLE_ROW_SHARE = 0.8
# Rough measures of 9 pt text for that estimate: an average glyph is about half an em
# wide, and a line with its spacing about 1.3 em high.
GLYPH = Pt(9 * 0.5)
LINE = Pt(9 * 1.3)

SIGN_ROW_HEIGHT = Mm(24)  # room to sign by hand above the line

# What may follow an element in its parent, in the schema's order (ECMA-376 part 1).
AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
AFTER_TBL_CAPTION = ("w:tblDescription", "w:tblPrChange")
AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
AFTER_P_BDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
AFTER_AUTO_HYPHENATION = (
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFold",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
)

# Word's text watermark: the text-path shape type (#136) and a shape of it behind the
# page, centred on the margins and turned 45 degrees. The shape sits in the header, so
# it is on every page of every section that shares the header.
VML_NAMESPACES = (
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
WATERMARK = """<w:r {ns}><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;
z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#c8c8c8" stroked="f">
<v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string={text}/>
<w10:wrap anchorx="margin" anchory="margin"/>
</v:shape></w:pict></w:r>"""


def _put(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> BaseOxmlElement:
    """`parent`'s only child `tag`, new, in its place in the schema's order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child: BaseOxmlElement = OxmlElement(tag)
    parent.insert_element_before(child, *successors)
    return child


def _twips(length: Length) -> str:
    return str(round(length.twips))


def _set_lang(element_with_rpr: object, tag: str) -> None:
    """Set w:lang on a run or a style (anything with get_or_add_rPr)."""
    rpr = element_with_rpr.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _shade(cell: _Cell, fill: str) -> None:
    shd = _put(cell._tc.get_or_add_tcPr(), "w:shd", AFTER_SHD)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _pad(table: Table) -> None:
    margins = _put(table._tbl.tblPr, "w:tblCellMar", AFTER_TBL_CELL_MAR)
    for side, length in CELL_MARGINS.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), _twips(length))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)


def _caption(table: Table, text: str) -> None:
    """The table's title for screen readers (Word's alternative text)."""
    _put(table._tbl.tblPr, "w:tblCaption", AFTER_TBL_CAPTION).set(qn("w:val"), text)


def _keep_whole(row: _Row) -> None:
    _put(row._tr.get_or_add_trPr(), "w:cantSplit", AFTER_CANT_SPLIT)


def _repeat_header(table: Table) -> None:
    _put(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", AFTER_TBL_HEADER)


def _line_below(paragraph: Paragraph) -> None:
    """A rule under the paragraph, inside the cell's padding: a line to write on."""
    borders = _put(paragraph._p.get_or_add_pPr(), "w:pBdr", AFTER_P_BDR)
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)


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


class _Writer:
    def __init__(self, doc: CharterDoc, language: str) -> None:
        self.doc, self.language = doc, language
        self.word = Document()
        self.tag = common.LANGUAGE_TAGS[language]
        self.table_text_id = ""  # set up with the styles

    # --- helpers ------------------------------------------------------------------

    def table(self, rows: int, widths: list[int], *, style: str | None = None) -> Table:
        """A table of fixed column widths (LibreOffice reads the grid, Word the cells,
        so both are set) with padding in its cells."""
        table = self.word.add_table(rows=rows, cols=len(widths))
        if style:
            table.style = self.word.styles[style]
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        _pad(table)
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

    def note(self, cell: _Cell, text: str) -> None:
        run = self.cell_paragraph(cell).add_run(text)
        run.italic = True
        run.font.size = Pt(7.5)
        run.font.color.rgb = SOFT

    def statement(self, cell: _Cell, principle: PrincipleDoc) -> None:
        st = common.statement(principle, self.language)
        paragraph = self.cell_text(cell, f"{principle['position']}. ", bold=True)
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
                self.cell_paragraph(cell, line)
        elif c.kind == "empty_on_purpose":
            run = self.cell_text(cell, "").add_run(f"{label('empty_mark', self.language)} {c.text}")
            run.italic = True
            run.font.color.rgb = SOFT
        else:
            self.cell_text(cell, "")
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
        self.language_and_hyphenation()
        table_text = word.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = TABLE_SIZE
        table_text.paragraph_format.space_after = Pt(2)
        table_text.paragraph_format.line_spacing = 1.1
        self.table_text_id = table_text.style_id
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
        self.header(section)
        self.footer(section)

    def language_and_hyphenation(self) -> None:
        """The language on everything (the defaults every style inherits) and automatic
        hyphenation in the settings: Word and LibreOffice hyphenate by the language."""
        defaults = self.word.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
            if lang is not None:
                lang.set(qn("w:val"), self.tag)
        settings = self.word.settings.element
        _put(settings, "w:autoHyphenation", AFTER_AUTO_HYPHENATION)
        theme = settings.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), self.tag)

    def header(self, section: object) -> None:
        """On a copy that is not in force: the status line at the top of every page, and
        the status across the page as a watermark."""
        mark = common.status_mark(self.doc, self.language)
        if not mark:
            return
        paragraph = section.header.paragraphs[0]  # type: ignore[attr-defined]
        paragraph.style = self.word.styles["Header"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(mark)
        run.bold = True
        run.font.color.rgb = MARK
        watermark = common.watermark(self.doc, self.language)
        if watermark:
            xml = WATERMARK.format(
                ns=" ".join((nsdecls("w"), VML_NAMESPACES)),
                text=quoteattr(watermark),
            )
            paragraph._p.append(parse_xml(xml))

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
            (label("status", lang), common.status_text(doc, lang)),
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

    def principles(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        section = word.add_section(WD_SECTION.NEW_PAGE)
        _landscape(section)
        table_title = common.pick(doc["table_title"], lang)
        word.add_heading(table_title, level=1)
        if common.has_gaps(doc):
            word.add_paragraph(label("gap_legend", lang)).runs[0].italic = True
        keys = [level["key"] for level in doc["levels"]]
        usable = Mm(297) - 2 * MARGIN
        first = int(usable * 0.19)
        widths = [first] + [int((usable - first) / len(keys))] * len(keys)
        table = self.table(1, widths, style="Table Grid")
        _caption(table, table_title)
        first_column = common.pick(doc["first_column"], lang)
        heads = [first_column, *(common.pick(level, lang) for level in doc["levels"])]
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            self.cell_text(cell, text, bold=True)
            _shade(cell, HEADER_FILL)
        _repeat_header(table)
        _keep_whole(table.rows[0])
        for principle in doc["principles"]:
            row = table.add_row()
            if _fits_on_a_page(principle, widths[1], lang):
                _keep_whole(row)
            cells = row.cells
            self.statement(cells[0], principle)
            _shade(cells[0], HEADER_FILL)
            for cell, key in zip(cells[1:], keys, strict=True):
                self.level(cell, principle, key)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def signatures(self) -> None:
        word, doc, lang = self.word, self.doc, self.language
        section = word.add_section(WD_SECTION.NEW_PAGE)
        _portrait(section)
        word.add_heading(label("signatures", lang), level=1)
        signed = common.signed_in_vogter(doc, lang)
        to_sign = common.roles_to_sign(doc, lang)
        for sentence in signed:
            word.add_paragraph(sentence)
        if to_sign:
            intro = word.add_paragraph(label("sign_by_hand", lang))
            intro.paragraph_format.keep_with_next = True
            self.lines_to_sign(to_sign)
        if not signed and not to_sign:
            word.add_paragraph(label("no_signatures", lang))

    def lines_to_sign(self, roles: list[str]) -> None:
        """Per role a tall row: the role, then lines for the signature, the name in
        capitals and the date, each with its caption under the line."""
        lang = self.language
        usable = Mm(210) - 2 * MARGIN
        widths = [int(usable * share) for share in (0.24, 0.36, 0.26, 0.14)]
        captions = ("", label("signature", lang), label("printed_name", lang), label("date", lang))
        table = self.table(0, widths)
        _caption(table, label("signatures", lang))
        for role in roles:
            row = table.add_row()
            row.height = SIGN_ROW_HEIGHT
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            _keep_whole(row)
            for i, (cell, caption, width) in enumerate(
                zip(row.cells, captions, widths, strict=True)
            ):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                line = self.cell_text(cell, role if i == 0 else "", bold=True)
                if i:
                    _line_below(line)
                run = self.cell_paragraph(cell).add_run(caption)
                run.font.size = Pt(7.5)
                run.font.color.rgb = SOFT

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
        self.principles()
        self.signatures()
        self.sources()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as DOCX bytes in `language` ("da" or "en")."""
    return _Writer(doc, language).render()
