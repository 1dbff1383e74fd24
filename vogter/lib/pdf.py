"""What every PDF Vogter writes shares: the fonts, the colours, the paragraph styles, the
A4 margins and the footer with "Side N af M".

The charter, the reflection report and the AI-literacy record draw with these, so they
look like one family and a change of colour or font happens here once: reportlab's
platypus. The worksheet and the check-in slips are set with Typst (vogter/lib/typeset.py),
whose house style (lib/typst/house.typ) has the same fonts and colours.

The fonts are Bitstream Vera, which ships inside reportlab itself: no system font is
needed on any machine, it covers æ, ø and å, and it is embedded (as subsets) in every
PDF. reportlab's own Helvetica is never embedded, so every document and canvas starts in
`FONT`.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD, ITALIC, BOLD_ITALIC = (
    "VogterVera",
    "VogterVera-Bold",
    "VogterVera-Italic",
    "VogterVera-BoldItalic",
)
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
_FONT_FILES = {
    FONT: "Vera.ttf",
    BOLD: "VeraBd.ttf",
    ITALIC: "VeraIt.ttf",
    BOLD_ITALIC: "VeraBI.ttf",
}

INK = HexColor("#1f2a2e")
SOFT = HexColor("#4a5a60")
BRAND = HexColor("#1d5560")
BRAND_TINT = HexColor("#e3eef0")
RULE = HexColor("#b9b2a5")
ZEBRA = HexColor("#f7f5f1")
GAP = HexColor("#eeeae2")

PORTRAIT, LANDSCAPE = A4, landscape(A4)
P_MARGIN, L_MARGIN = 20 * mm, 14 * mm
FOOTER_Y = 10 * mm


def register_fonts() -> None:
    """Make the Vera family known to reportlab (once per process; idempotent)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the flowing documents (charter, reflection report)."""
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "kicker": style("kicker", fontName=BOLD, fontSize=10, textColor=BRAND, spaceAfter=4),
        "organisation": style("organisation", fontName=BOLD, fontSize=26, leading=31),
        "unit": style("unit", fontSize=13, leading=17, textColor=SOFT, spaceBefore=4),
        "title": style("title", fontName=BOLD, fontSize=17, leading=22, spaceBefore=14),
        "meta_key": style("meta_key", fontSize=8.5, leading=11, textColor=SOFT),
        "meta": style("meta", fontName=BOLD, fontSize=10.5, leading=13),
        "preamble": style("preamble", fontSize=12, leading=18, spaceAfter=10),
        "h1": style("h1", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6, keepWithNext=1),
        "h2": style(
            "h2",
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=10,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "legend": style("legend", fontSize=8, leading=10, textColor=SOFT, spaceAfter=5),
        "th": style("th", fontName=BOLD, fontSize=9, leading=11, textColor=white),
        "statement": style("statement", fontName=BOLD, fontSize=9, leading=11.5),
        "cell": style("cell", fontSize=8.5, leading=10.8),
        "note": style("note", fontName=ITALIC, fontSize=7.5, leading=9.5, textColor=SOFT),
        "level": style("level", fontName=BOLD, fontSize=8.5, leading=10.8),
        "small": style("small", fontSize=9, leading=12, textColor=SOFT),
        "quote": style("quote", fontName=ITALIC, fontSize=9.5, leading=13, leftIndent=10),
    }


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped (reportlab reads `<` and `&` as its own
    tags), line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def truncate(text: str, font: str, size: float, width: float) -> str:
    """`text`, cut short with "…" where it would be wider than `width`."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_footer(canvas: Canvas, left: str, right: str, *, x0: float, x1: float, y: float) -> None:
    """A thin rule, then `right` (the page number) flush right and `left` (what the
    document is) on the left, cut short so the two never meet."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(x0, y + 4 * mm, x1, y + 4 * mm)
    canvas.setFillColor(SOFT)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(x1, y, right)
    room = x1 - x0 - pdfmetrics.stringWidth(right, FONT, 8) - 6 * mm
    canvas.drawString(x0, y, truncate(left, FONT, 8, room))


def numbered_canvas(footer: str, page_label: Callable[[int, int], str]) -> type[Canvas]:
    """A canvas class for platypus that holds its pages back until the end, to write
    `footer` and `page_label(N, M)` ("Side N af M") at the foot of each, on portrait and
    landscape pages alike."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Otherwise every page starts in Helvetica, which is not embedded.
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, number: int, total: int) -> None:
            width, height = self._pagesize
            margin = L_MARGIN if width > height else P_MARGIN
            self.saveState()
            right = page_label(number, total)
            draw_footer(self, footer, right, x0=margin, x1=width - margin, y=FOOTER_Y)
            self.restoreState()

    return NumberedCanvas
