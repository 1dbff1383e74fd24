"""The printable Step-1 worksheet: A4, Danish or English, with the join code and QR code.

For people who prefer paper. The kit's texts come verbatim from kit.py; the few
words around them are translated like the rest of the UI. Fonts, colours and the
footer are every PDF's (vogter/lib/pdf.py).

The QR code is drawn by vogter/lib/pdf.py's `draw_qr`: vectors in a form XObject
named `qr`, whose modules the tests read back out of the PDF and decode.
"""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from vogter.lib.exporting import Export
from vogter.lib.pdf import (
    BOLD,
    BRAND,
    FONT,
    INK,
    RULE,
    SOFT,
    draw_footer,
    draw_qr,
    register_fonts,
    truncate,
)
from vogter.workshops.exporters.base import filename as export_filename
from vogter.workshops.kit import FIELDS, PROFESSION, STEP_1_TITLE, USE_CASE, KitField
from vogter.workshops.models import Workshop

BOX = HexColor("#8a9497")

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
LEFT, RIGHT = MARGIN, PAGE_W - MARGIN
WIDTH = RIGHT - LEFT
TOP, BOTTOM = PAGE_H - MARGIN, MARGIN + 8 * mm  # room for the footer below
QR_SIZE = 30 * mm
LINE_GAP = 8.5 * mm  # between ruled writing lines: room for ordinary handwriting
# The kit's fields page by page, in the kit's order (kit.FIELDS): questions 1-3, then
# question 4, Profession, AI use-case and question 5.
PAGES = (FIELDS[:3], FIELDS[3:])
# The answer space the kit gives the two short fields, in writing lines: Profession is a
# few words, the AI use-case "one to three lines". The questions share the rest evenly.
SHORT_LINES = {PROFESSION.key: 1, USE_CASE.key: 3}


def join_url(workshop: Workshop, site_url: str | None = None) -> str:
    """The link a participant's phone opens: `{site}/j/{join code}/`."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("workshops:join", args=[workshop.join_code])


def pdf_filename(workshop: Workshop, language: str) -> str:
    return export_filename(workshop, "pdf").replace(".pdf", f"-{language}.pdf")


class _Sheet:
    """Draws the worksheet on a reportlab canvas, top to bottom."""

    def __init__(self, workshop: Workshop, language: str, url: str) -> None:
        self.workshop, self.language, self.url = workshop, language, url
        self.buffer = io.BytesIO()
        self.c = Canvas(self.buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
        self.c.setTitle(f"{STEP_1_TITLE[language]} · {workshop.title}")
        self.c.setAuthor("Vogter")
        self.c.setCreator("Vogter")
        self.c.setSubject(workshop.title)
        self.date = formats.date_format(workshop.date, "DATE_FORMAT")

    # --- small drawing helpers ----------------------------------------------------

    def text(
        self,
        x: float,
        top: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        colour: Color = INK,
        width: float | None = None,
        leading: float | None = None,
    ) -> float:
        """Draw `text` below `top`, wrapped to `width`; return the top of what may follow."""
        font = BOLD if bold else FONT
        leading = leading or size * 1.3
        lines = simpleSplit(text, font, size, width) if width else [text]
        self.c.setFont(font, size)
        self.c.setFillColor(colour)
        for i, line in enumerate(lines):
            self.c.drawString(x, top - size * 0.95 - i * leading, line)
        return top - len(lines) * leading

    def ruled_box(self, top: float, bottom: float) -> None:
        """A rounded box from `top` to `bottom`, with writing lines."""
        self.c.setStrokeColor(BOX)
        self.c.setLineWidth(0.8)
        self.c.roundRect(LEFT, bottom, WIDTH, top - bottom, 2.5 * mm, stroke=1, fill=0)
        self.c.setStrokeColor(RULE)
        self.c.setLineWidth(0.4)
        y = top - LINE_GAP
        while y > bottom + LINE_GAP * 0.6:
            self.c.line(LEFT + 4 * mm, y, RIGHT - 4 * mm, y)
            y -= LINE_GAP

    def field(self, top: float, field: KitField, hint: str, lines: int) -> float:
        """Profession or AI use-case: its label, a hint, and `lines` writing lines."""
        self.text(LEFT + WIDTH * 0.3, top - 1.5, hint, size=8.5, colour=SOFT)
        y = self.text(LEFT, top, field.label(self.language), size=11, bold=True) - 1.5 * mm
        bottom = y - lines * LINE_GAP - 2 * mm
        self.ruled_box(y, bottom)
        return bottom

    def question(self, top: float, bottom: float, number: int, field: KitField) -> None:
        """A numbered question, verbatim, and a box that fills the space down to `bottom`."""
        cx, cy = LEFT + 3.6 * mm, top - 3.6 * mm
        self.c.setFillColor(BRAND)
        self.c.circle(cx, cy, 3.6 * mm, stroke=0, fill=1)
        self.c.setFillColor(HexColor("#ffffff"))
        self.c.setFont(BOLD, 11)
        self.c.drawCentredString(cx, cy - 3.9, str(number))
        y = self.text(
            LEFT + 10 * mm,
            top - 1.6 * mm,
            field.label(self.language),
            size=12.5,
            bold=True,
            width=WIDTH - 10 * mm,
            leading=15,
        )
        self.ruled_box(min(y, top - 7.2 * mm) - 2 * mm, bottom)

    def footer(self, page: int, pages: int) -> None:
        label = _("Page %(page)d of %(pages)d") % {"page": page, "pages": pages}
        left = " · ".join((self.workshop.title, self.date, self.workshop.join_code))
        draw_footer(self.c, left, label, x0=LEFT, x1=RIGHT, y=MARGIN)

    # --- the pages ----------------------------------------------------------------

    def head(self) -> float:
        """Workshop, kit title and the note on anonymity (left); the way in by phone (right)."""
        box_w = QR_SIZE + 10 * mm
        column = WIDTH - box_w - 8 * mm
        y = self.text(LEFT, TOP, self.workshop.title, size=11, bold=True, width=column)
        y = self.text(LEFT, y, self.date, size=10, colour=SOFT)
        y = self.text(LEFT, y - 5 * mm, _("Step 1").upper(), size=9, bold=True, colour=BRAND)
        y = self.text(
            LEFT, y - 1, STEP_1_TITLE[self.language], size=19, bold=True, width=column, leading=23
        )
        y = self.text(
            LEFT,
            y - 3 * mm,
            _(
                "Answer in your own words. There are no right or wrong answers, and you may "
                "leave a question empty."
            ),
            size=9.5,
            width=column,
        )
        y = self.text(
            LEFT,
            y - 1.5 * mm,
            _(
                "Your answers are anonymous: do not write your name on the sheet. The "
                "facilitator types them up without anything that says who wrote them."
            ),
            size=9.5,
            width=column,
        )
        if self.workshop.per_sheet_export:
            y = self.text(
                LEFT,
                y - 1.5 * mm,
                _(
                    "The answers may be exported sheet by sheet: your profession, your AI use "
                    "case and your answers together in one row."
                ),
                size=9.5,
                width=column,
            )

        # The way in by phone, boxed on the right.
        box_x, box_bottom = RIGHT - box_w, TOP - QR_SIZE - 27 * mm
        centre = box_x + box_w / 2
        self.c.setStrokeColor(BOX)
        self.c.setLineWidth(0.8)
        self.c.roundRect(box_x, box_bottom, box_w, TOP - box_bottom, 2.5 * mm, stroke=1, fill=0)
        self.c.setFillColor(SOFT)
        hint = _("Or answer on your phone")
        self.c.setFont(FONT, _fit(hint, FONT, 8, box_w - 3 * mm))
        self.c.drawCentredString(centre, TOP - 5 * mm, hint)
        qr_x, qr_y = centre - QR_SIZE / 2, TOP - 6.5 * mm - QR_SIZE
        draw_qr(self.c, self.url, qr_x, qr_y, QR_SIZE)
        # On screen, the code and the address below it are a link too.
        self.c.linkURL(self.url, (box_x, box_bottom, RIGHT, TOP), relative=0, thickness=0)
        self.c.setFont(FONT, 8)
        self.c.drawCentredString(centre, box_bottom + 15.5 * mm, _("Join code"))
        self.c.setFillColor(INK)
        self.c.setFont(BOLD, 15)
        self.c.drawCentredString(centre, box_bottom + 9.5 * mm, self.workshop.join_code)
        self.c.setFillColor(SOFT)
        link = self.url.split("://", 1)[-1]
        self.c.setFont(FONT, _fit(link, FONT, 7.5, box_w - 3 * mm))
        self.c.drawCentredString(centre, box_bottom + 4 * mm, link)
        return min(y, box_bottom) - 7 * mm

    def small_head(self) -> float:
        """Later pages: enough to match a loose page to its workshop."""
        code = _("Join code: %(code)s") % {"code": self.workshop.join_code}
        self.c.setFillColor(SOFT)
        self.c.setFont(BOLD, 9)
        self.c.drawRightString(RIGHT, TOP - 9, code)
        room = WIDTH - pdfmetrics.stringWidth(code, BOLD, 9) - 6 * mm
        title = f"{STEP_1_TITLE[self.language]} · {self.workshop.title}"
        self.c.setFont(FONT, 9)
        self.c.drawString(LEFT, TOP - 9, truncate(title, FONT, 9, room))
        return TOP - 9 * mm

    def short_height(self, field: KitField) -> float:
        """The height of Profession or AI use-case with its lines and the gap below."""
        return 11 * 1.3 + 1.5 * mm + SHORT_LINES[field.key] * LINE_GAP + 2 * mm + 7 * mm

    def short_field(self, top: float, field: KitField) -> None:
        hints = {
            PROFESSION.key: _("Your job, in a few words"),
            USE_CASE.key: _("What you use AI for, in one to three lines"),
        }
        self.field(top, field, hints[field.key], SHORT_LINES[field.key])

    def render(self) -> bytes:
        pages = len(PAGES)
        for page, fields in enumerate(PAGES, start=1):
            y = self.head() if page == 1 else self.small_head()
            questions = [f for f in fields if f.is_question]
            reserved = sum(self.short_height(f) for f in fields if not f.is_question)
            # The questions on a page share what the short fields leave of it evenly.
            slot = (y - BOTTOM - reserved) / len(questions)
            for field in fields:
                if field.is_question:
                    self.question(y, y - slot + 7 * mm, field.number or 0, field)
                    y -= slot
                else:
                    self.short_field(y, field)
                    y -= self.short_height(field)
            self.footer(page, pages)
            self.c.showPage()
        self.c.save()
        return self.buffer.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The font size, at most `size`, at which `text` fits in `width`."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1))


def worksheet(
    workshop: Workshop, language: str | None = None, site_url: str | None = None
) -> Export:
    """The worksheet as an A4 PDF, in `language` (default: the workshop's)."""
    language = language if language in ("da", "en") else workshop.language
    register_fonts()
    with translation.override(language):
        content = _Sheet(workshop, language, join_url(workshop, site_url)).render()
    return Export(pdf_filename(workshop, language), "application/pdf", content)
