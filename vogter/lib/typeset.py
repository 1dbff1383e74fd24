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
import re
import unicodedata
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


# Strings the templates do not set as running text: link targets, images, metadata, alt
# texts (read aloud), and the slips' address (made smaller to fit, never broken).
NOT_RUNNING_TEXT = frozenset(
    {"url", "link", "svg", "qr", "title", "author", "alt", "qr_alt", "url_text"}
)
ZWSP = "\N{ZERO WIDTH SPACE}"
# A run of text without a space that Typst cannot break: it has no hyphenation pattern
# for an address or a pasted reference, and no overflow-wrap, so the run would run off
# the page. Real words (Danish compounds included) are shorter than LONGEST_WORD and
# are left to Typst's hyphenation.
_RUN = re.compile(r"\S{30,}")
_AFTER = re.compile(r"(?<=[/._?=&@:#-])(?=[^\s/._?=&@:#-])")
LONGEST_WORD = 40
PIECE = 10


def _breakable_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) <= LONGEST_WORD and not re.search(r"[/_?=&@:#]", run):
        return run  # a word, hyphenated by Typst
    parts = _AFTER.split(run)  # an address breaks after its punctuation
    return ZWSP.join(
        ZWSP.join(part[i : i + PIECE] for i in range(0, len(part), PIECE))
        if len(part) > LONGEST_WORD
        else part
        for part in parts
    )


def breakable(value: Any, key: str = "") -> Any:
    """`value` with a break opportunity (a zero-width space) in every unbroken run of
    running text that would otherwise overflow its column: after an address's slashes
    and dots, and every PIECE characters of a run longer than any word."""
    if isinstance(value, Mapping):
        return {k: breakable(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [breakable(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_RUNNING_TEXT:
        return _RUN.sub(_breakable_run, value)
    return value


# Characters no font Vogter sets with has: PDF/UA forbids a missing glyph, so Typst
# would refuse the whole document. Emoji (with their skin tones, joiners and variation
# selectors) are left out; other characters without a glyph print as U+FFFD.
MISSING = "\N{REPLACEMENT CHARACTER}"
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff"
    "\U0001f3fb-\U0001f3ff\U0000fe0e\U0000fe0f\U0000200d\U000e0020-\U000e007f]+"
)
_NOT_SHOWN = re.compile(r"the text `\"((?:[^\"\\]|\\.)+)\"` could not be displayed")


def _unprintable(char: str) -> bool:
    """A character that is not text (a control code pasted from Word, a surrogate, an
    unassigned or private code point), or a wide East Asian one (no font here has them)."""
    if char in "\n\t":
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return True
    return unicodedata.east_asian_width(char) in ("W", "F")


def printable(value: Any, key: str = "") -> Any:
    """`value` with every string made printable with the house fonts: emoji left out, a
    pasted vertical tab or form feed a line break, other control codes dropped, and
    characters no font has (Chinese, Japanese, Korean) as U+FFFD."""
    if isinstance(value, Mapping):
        return {k: printable(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v, key) for v in value]
    if isinstance(value, str) and key not in ("svg", "qr"):
        text = _EMOJI.sub("", value).replace("\x0b", "\n").replace("\x0c", "\n")
        if any(_unprintable(c) for c in text):
            text = "".join(
                ("" if unicodedata.category(c) == "Cc" else MISSING) if _unprintable(c) else c
                for c in text
            )
        return text
    return value


def _replace(value: Any, missing: str) -> Any:
    if isinstance(value, Mapping):
        return {k: _replace(v, missing) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, missing) for v in value]
    if isinstance(value, str):
        return value.replace(missing, MISSING)
    return value


def _typst_text(escaped: str) -> str:
    """The text in Typst's error message, its `\\u{…}` escapes undone."""
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), escaped)


class TypesetError(RuntimeError):
    """A template could not be set (a bug in the template, never in what people typed)."""


def typeset(template: Path, data: Mapping[str, Any]) -> bytes:
    """The PDF of `template` (a .typ file inside the vogter package) filled with `data`.

    Text the fonts cannot show is made printable first (`printable`); should Typst still
    find a character without a glyph, it prints as U+FFFD and the document is set again,
    so nothing anyone typed can stop a document from printing."""
    filled = breakable(printable(data))
    for _attempt in range(20):
        try:
            return typst.compile(
                str(template),
                root=str(ROOT),
                font_paths=[str(FONT_DIR)],
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps(filled, ensure_ascii=False, default=str)},
                pdf_standards=["ua-1"],
                timestamp=int(EPOCH.timestamp()),
            )
        except typst.TypstError as error:
            missing = _NOT_SHOWN.search(str(error))
            if missing is None or _typst_text(missing.group(1)) == MISSING:
                raise TypesetError(f"{template.name}: {error}") from error  # a template bug
            filled = _replace(filled, _typst_text(missing.group(1)))
    raise TypesetError(f"{template.name}: too many characters without a glyph")


def qr_svg(text: str) -> str:
    """The QR code for `text` as SVG (error correction M, quiet zone kept), for a
    template's `image(bytes(…), alt: …)`: vector, so crisp at any print size."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=4, border=4)
