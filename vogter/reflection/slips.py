"""Check-in slips on A4: eight to a page, with cut lines, each with a QR code of one
personal link and the link spelled out (docs/reflection.md, "Personal links and slips").

Data first (`SlipSheet`, from the round and the slips `actions/slips.py` made), then a
renderer that needs no database (`render`). Fonts, colours and the QR code are every
PDF's (vogter/lib/pdf.py); each slip's code is its own form XObject (`qr1`, `qr2`, …),
which the tests read back and decode.

A named slip carries the person's name so that it reaches them, and says so; an unnamed
slip has no line for a name: one would only invite people to write it where it is
neither needed nor kept.
"""

import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from vogter.charters.exporters.common import format_date
from vogter.lib.exporting import Export, stem
from vogter.lib.pdf import BOLD, BRAND, FONT, INK, RULE, SOFT, draw_qr, register_fonts, truncate
from vogter.reflection import links
from vogter.reflection.actions.slips import Slip
from vogter.reflection.models import Round

PAGE_W, PAGE_H = A4
COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
SLIP_W, SLIP_H = PAGE_W / COLUMNS, PAGE_H / ROWS
PAD = 8 * mm  # inside each slip: most printers leave the outer 5 mm of a page blank
QR = 36 * mm  # quiet zone included: about 0.9 mm a module for a link of this length


@dataclass(frozen=True)
class Printed:
    name: str  # "" on an unnamed slip
    url: str


@dataclass(frozen=True)
class SlipSheet:
    """What the slips say: the same head on every slip, a name and a link on each."""

    organisation: str
    charter: str
    opens: str
    closes: str
    slips: list[Printed]


def sheet_of(reflection: Round, slips: list[Slip], language: str, site_url: str) -> SlipSheet:
    charter = reflection.charter
    return SlipSheet(
        organisation=charter.organisation.name,
        charter=charter.title,
        opens=format_date(reflection.opens_on.isoformat(), language),
        closes=format_date(reflection.closes_on.isoformat(), language),
        slips=[Printed(slip.name, links.url_of(slip.link, site_url)) for slip in slips],
    )


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The font size, at most `size`, at which `text` fits in `width`."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1))


class _Slips:
    def __init__(self, sheet: SlipSheet) -> None:
        self.sheet = sheet
        self.buffer = io.BytesIO()
        self.c = Canvas(self.buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
        self.c.setTitle(f"{_('Check-in slips')} · {sheet.charter}")
        self.c.setAuthor("Vogter")
        self.c.setCreator("Vogter")
        self.c.setSubject(sheet.organisation)
        self.anonymous = _("Anonymous \N{EN DASH} takes under three minutes, usable once.")
        self.yours = _("Your name is only on the slip so that it reaches you.")
        self.check_in = _("Check-in")

    def lines(
        self,
        x: float,
        top: float,
        text: str,
        *,
        size: float,
        width: float,
        bold: bool = False,
        colour: Color = INK,
        most: int = 3,
    ) -> float:
        """`text` wrapped to `width` below `top`, at most `most` lines (the last cut short
        with "…"); the top of what may follow."""
        font = BOLD if bold else FONT
        leading = size * 1.25
        wrapped = simpleSplit(text, font, size, width)
        if len(wrapped) > most:
            wrapped = [
                *wrapped[: most - 1],
                truncate(" ".join(wrapped[most - 1 :]), font, size, width),
            ]
        self.c.setFont(font, size)
        self.c.setFillColor(colour)
        for i, line in enumerate(wrapped):
            self.c.drawString(x, top - size * 0.95 - i * leading, line)
        return top - len(wrapped) * leading

    def cut_lines(self) -> None:
        self.c.saveState()
        self.c.setStrokeColor(RULE)
        self.c.setLineWidth(0.5)
        self.c.setDash(3, 2)
        for column in range(1, COLUMNS):
            self.c.line(column * SLIP_W, 0, column * SLIP_W, PAGE_H)
        for row in range(1, ROWS):
            self.c.line(0, row * SLIP_H, PAGE_W, row * SLIP_H)
        self.c.restoreState()

    def slip(self, number: int, printed: Printed, x0: float, y0: float) -> None:
        left, right = x0 + PAD, x0 + SLIP_W - PAD
        width = right - left
        top = y0 + SLIP_H - PAD
        if printed.name:
            self.c.setFillColor(INK)
            self.c.setFont(BOLD, 12)
            self.c.drawString(left, top - 11, truncate(printed.name, BOLD, 12, width))
            top -= 6.5 * mm
        top = self.lines(
            left, top, self.sheet.organisation, size=7.5, width=width, colour=SOFT, most=1
        )
        top = self.lines(
            left, top - 0.5 * mm, self.sheet.charter, size=10, width=width, bold=True, most=2
        )
        # The code on the left, where a thumb holding the slip is least in the way of it;
        # the words on the right.
        url_y = y0 + PAD
        qr_top = top - 1 * mm
        qr_size = min(QR, qr_top - url_y - 4 * mm)
        draw_qr(self.c, printed.url, left - 2.5 * mm, qr_top - qr_size, qr_size, name=f"qr{number}")
        text_x = left + qr_size - 1 * mm
        text_w = right - text_x
        y = self.lines(text_x, qr_top - 3 * mm, self.check_in, size=8.5, width=text_w, bold=True)
        # The dates one to a line, each kept whole.
        y = self.lines(text_x, y, f"{self.sheet.opens} \N{EN DASH}", size=8.5, width=text_w, most=1)
        y = self.lines(text_x, y, self.sheet.closes, size=8.5, width=text_w, most=1)
        y = self.lines(
            text_x, y - 2 * mm, self.anonymous, size=8.5, width=text_w, bold=True, colour=BRAND
        )
        if printed.name:
            self.lines(text_x, y - 2 * mm, self.yours, size=7, width=text_w, colour=SOFT)
        # The link spelled out, for a phone that cannot scan: whole, never cut short.
        link = printed.url.split("://", 1)[-1]
        self.c.setFillColor(INK)
        self.c.setFont(FONT, _fit(link, FONT, 8.5, width))
        self.c.drawString(left, url_y, link)

    def render(self) -> bytes:
        slips = self.sheet.slips
        for start in range(0, max(len(slips), 1), PER_PAGE):
            self.cut_lines()
            for i, printed in enumerate(slips[start : start + PER_PAGE]):
                row, column = divmod(i, COLUMNS)
                x0, y0 = column * SLIP_W, PAGE_H - (row + 1) * SLIP_H
                self.slip(start + i + 1, printed, x0, y0)
            self.c.showPage()
        self.c.save()
        return self.buffer.getvalue()


def render(sheet: SlipSheet, language: str) -> bytes:
    """The slips as an A4 PDF in `language` (da or en)."""
    register_fonts()
    with translation.override(language):
        return _Slips(sheet).render()


def slips_pdf(reflection: Round, slips: list[Slip], language: str, site_url: str) -> Export:
    language = language if language in ("da", "en") else "da"
    charter = reflection.charter
    with translation.override(language):
        label = stem(_("check-in slips"))
    name = stem(charter.organisation.name, charter.unit.name)
    filename = f"{name}-{label}-{reflection.opens_on.isoformat()}-{language}.pdf".lstrip("-")
    content = render(sheet_of(reflection, slips, language, site_url), language)
    return Export(filename, "application/pdf", content)
