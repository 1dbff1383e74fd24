"""WordprocessingML that python-docx has no API for, for the DOCX exporter (docx.py).

Each helper puts its element where ECMA-376 part 1 (17.3, 17.4, 17.7 and 17.15) orders
it among its siblings: Word refuses a document whose elements are out of order, even
where LibreOffice reads it.
"""

import math
from collections.abc import Mapping
from xml.sax.saxutils import quoteattr

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

# What may follow an element in its parent, in the schema's order.
AFTER_TBL_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
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
# The children of a paragraph's properties, in order, from the borders on.
P_PR_ORDER = (
    "w:pBdr",
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
AFTER_P_BDR = P_PR_ORDER[1:]
AFTER_SUPPRESS_AUTO_HYPHENS = P_PR_ORDER[P_PR_ORDER.index("w:suppressAutoHyphens") + 1 :]
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
# Character properties that follow the run's spacing (17.3.2.35) and its language.
AFTER_R_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")

# Word's text watermark, as Design > Watermark writes it: the text-path shape type
# (#136) and a shape of it behind the text, centred on the margins and turned. The
# shape sits in the header, so it is on every page of every section sharing the header.
WATERMARK_TURN = 30  # degrees up from the left, as the PDF turns its mark
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
 style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;
rotation:{rotation};z-index:-251657216;mso-position-horizontal:center;
mso-position-horizontal-relative:margin;mso-position-vertical:center;
mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#{colour}" stroked="f">
<v:fill opacity="{opacity}"/>
<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt;font-weight:bold"
 string={text}/>
<w10:wrap anchorx="margin" anchory="margin"/>
</v:shape></w:pict></w:r>"""


def put(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> BaseOxmlElement:
    """`parent`'s only child `tag`, new, in its place in the schema's order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child: BaseOxmlElement = OxmlElement(tag)
    parent.insert_element_before(child, *successors)
    return child


def twips(length: Length) -> str:
    return str(round(length.twips))


def set_lang(element_with_rpr: object, tag: str) -> None:
    """Set w:lang on a run or a style (anything with get_or_add_rPr)."""
    rpr = element_with_rpr.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *AFTER_LANG)
    lang.set(qn("w:val"), tag)


def font(style: object, name: str) -> None:
    """Set the style's font by name, dropping the theme's font (Calibri Light on the
    default template's headings), which would win over the name."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{key}"), None)
    style.font.name = name  # type: ignore[attr-defined]


def no_rules(style: object) -> None:
    """Drop a style's paragraph rules (the default Title's blue line under it)."""
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    for borders in ppr.findall(qn("w:pBdr")):
        ppr.remove(borders)


def no_letter_spacing(element_with_rpr: object) -> None:
    """Drop a style's letter spacing (the default Subtitle spreads its letters)."""
    rpr = element_with_rpr.get_or_add_rPr()  # type: ignore[attr-defined]
    for spacing in rpr.findall(qn("w:spacing")):
        rpr.remove(spacing)


def no_hyphens(element_with_ppr: object) -> None:
    """Never hyphenate this paragraph or style: headings, names, dates."""
    ppr = element_with_ppr.get_or_add_pPr()  # type: ignore[attr-defined]
    put(ppr, "w:suppressAutoHyphens", AFTER_SUPPRESS_AUTO_HYPHENS)


def auto_hyphenation(settings: BaseOxmlElement) -> None:
    put(settings, "w:autoHyphenation", AFTER_AUTO_HYPHENATION)


def shade(cell: _Cell, fill: str) -> None:
    shd = put(cell._tc.get_or_add_tcPr(), "w:shd", AFTER_SHD)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def pad(table: Table, margins: Mapping[str, Length]) -> None:
    """Room between the cells' text and their rules (w:tblCellMar), per side."""
    element = put(table._tbl.tblPr, "w:tblCellMar", AFTER_TBL_CELL_MAR)
    for side, length in margins.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), twips(length))
        edge.set(qn("w:type"), "dxa")
        element.append(edge)


def _border(parent: BaseOxmlElement, side: str, colour: str, eighths: int) -> None:
    edge = OxmlElement(f"w:{side}")
    val = "single" if eighths else "nil"
    for key, value in (("val", val), ("sz", str(eighths)), ("space", "0"), ("color", colour)):
        edge.set(qn(f"w:{key}"), value)
    parent.append(edge)


TABLE_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def table_borders(table: Table, sides: dict[str, tuple[str, int]]) -> None:
    """The table's rules: per side (top, left, bottom, right, insideH, insideV) a colour
    and a width in eighths of a point; a side left out has none."""
    borders = put(table._tbl.tblPr, "w:tblBorders", AFTER_TBL_BORDERS)
    for side in TABLE_SIDES:
        colour, eighths = sides.get(side, ("auto", 0))
        _border(borders, side, colour, eighths)


def caption(table: Table, text: str) -> None:
    """The table's title for screen readers (Word's alternative text)."""
    put(table._tbl.tblPr, "w:tblCaption", AFTER_TBL_CAPTION).set(qn("w:val"), text)


def keep_whole(row: _Row) -> None:
    put(row._tr.get_or_add_trPr(), "w:cantSplit", AFTER_CANT_SPLIT)


def repeat_header(table: Table) -> None:
    put(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", AFTER_TBL_HEADER)


def paragraph_rule(
    paragraph: Paragraph, side: str, colour: str, eighths: int, *, space: int = 4
) -> None:
    """A rule above ("top") or below ("bottom") the paragraph, `space` points off."""
    borders = put(paragraph._p.get_or_add_pPr(), "w:pBdr", AFTER_P_BDR)
    edge = OxmlElement(f"w:{side}")
    for key, value in (
        ("val", "single"),
        ("sz", str(eighths)),
        ("space", str(space)),
        ("color", colour),
    ):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


def field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the application fills in."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def watermark(
    paragraph: Paragraph,
    text: str,
    *,
    colour: str,
    opacity: float,
    height: Length,
    room: Length,
) -> None:
    """`text` across the page behind the text, turned 30 degrees up like the PDF's, at
    most `height` high and no wider, turned, than `room` (the narrowest text width).

    Word stretches the text to its box, so the box has the proportions Word gives its
    own watermarks: half the box's height for each letter (the box's height is a line's,
    so capitals come out about half as high). LibreOffice keeps the font's proportions
    and scales the word to the box's length, so its letters are taller than Word's."""
    turn = math.radians(WATERMARK_TURN)
    per_letter = 0.5
    # The turned box's width on the page: its length's share plus its height's.
    across = per_letter * len(text) * math.cos(turn) + math.sin(turn)
    points = min(height.pt, room.pt / across)
    xml = WATERMARK.format(
        ns=" ".join((nsdecls("w"), VML_NAMESPACES)),
        text=quoteattr(text),
        width=math.floor(points * per_letter * len(text)),
        height=math.floor(points),
        rotation=360 - WATERMARK_TURN,
        colour=colour,
        opacity=f"{opacity:.2f}",
    )
    paragraph._p.append(parse_xml(xml))
