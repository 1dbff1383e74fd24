"""Typesetting documents as tagged, hyphenated PDF with Typst.

Every document people print (the charter and its poster, the worksheet, the reflection
report, the AI-literacy record) is a Typst template beside the code that fills it, and
`typeset` turns template + data into PDF bytes:

- **Data, never markup.** The template receives one JSON object (`sys.inputs.data`) and
  shows its strings as text: nothing anyone typed is ever read as Typst markup, so a
  participant's `#` or `*` prints as itself. Every label arrives already translated
  and every date already formatted (vogter/lib/formats.py), so the templates hold
  layout only.
- **Accessible.** PDF/UA-1: a structure tree with headings, tables with header cells,
  lists and figures, the document's language (`/Lang`) and title, alt text on every
  image (Typst refuses to write the PDF otherwise). Page headers, footers and
  watermarks are artifacts.
- **Hyphenated.** Typst hyphenates Danish and English itself (`text(lang: …)`), so a
  long Danish compound breaks as "kommunikations-|politikken", never mid-word without
  a hyphen.
- **Fonts from a package.** Bitstream Vera, shipped inside reportlab, as every PDF
  Vogter writes has used; system fonts are ignored so a machine's fonts never change
  a document.

A warm render of a 12-principle charter takes milliseconds (bench/charter_pdf.py).
"""

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import reportlab
import segno
import typst
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ROOT = Path(__file__).resolve().parents[1]  # the vogter package: templates import "/lib/typst/…"
FONT_DIR = Path(reportlab.__file__).parent / "fonts"
# A fixed creation date: the same data gives the same bytes (documents state their own date).
EPOCH = datetime(2000, 1, 1)


# The footer's page number; the house template puts the numbers in (house.typ `page-of`).
PAGE = _("Page {page} of {pages}")


def page_label(language: str) -> str:
    """ "Side {page} af {pages}" / "Page {page} of {pages}" for the house footer."""
    with translation.override(language):
        return str(PAGE)


class TypesetError(RuntimeError):
    """A template could not be set (a bug in the template, never in what people typed)."""


def typeset(template: Path, data: Mapping[str, Any]) -> bytes:
    """The PDF of `template` (a .typ file inside the vogter package) filled with `data`."""
    try:
        return typst.compile(
            str(template),
            root=str(ROOT),
            font_paths=[str(FONT_DIR)],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
            pdf_standards=["ua-1"],
            timestamp=int(EPOCH.timestamp()),
        )
    except typst.TypstError as error:  # pragma: no cover - a template bug
        raise TypesetError(f"{template.name}: {error}") from error


def qr_svg(text: str) -> str:
    """The QR code for `text` as SVG (error correction M, quiet zone kept), for a
    template's `image(bytes(…), alt: …)`: vector, so crisp at any print size."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=4, border=4)
