"""The printable Step-1 worksheet: A4, Danish or English, with the join code and QR code.

For people who prefer paper. The kit's texts come verbatim from kit.py; the few words
around them are translated like the rest of the UI. The layout is a Typst template
beside this module (worksheet.typ), set by vogter/lib/typeset.py as a tagged PDF with the
house style: this module only gathers the words, already translated and formatted.

The answer space follows the kit where it gives a measure: Profession one writing line,
the AI use-case three ("one to three lines"). For the five questions the kit gives none,
so they share the rest of each page evenly (see docs/workshops.md).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vogter.lib import formats
from vogter.lib.exporting import Export
from vogter.lib.typeset import page_label, qr_svg, typeset
from vogter.workshops.exporters.base import filename as export_filename
from vogter.workshops.kit import FIELDS, PROFESSION, STEP_1_TITLE, USE_CASE, KitField
from vogter.workshops.models import Workshop

TEMPLATE = Path(__file__).with_name("worksheet.typ")
# The kit's fields page by page, in the kit's order (kit.FIELDS): questions 1-3, then
# question 4, Profession, AI use-case and question 5. One sheet, printed on both sides.
PAGES = (FIELDS[:3], FIELDS[3:])
# The answer space the kit gives the two short fields, in writing lines.
SHORT_LINES = {PROFESSION.key: 1, USE_CASE.key: 3}
# The kit gives the questions no measure, so each gets room for what it asks: questions 1
# and 2 ask for one thing; 3 for two horizons (short and long term), 4 for two things
# (well-being and efficiency) and 5 for a list of values, so these get half as much room
# again as a one-thing question on the same page.
WEIGHTS = {"q3": 1.5, "q4": 1.5, "q5": 1.5}


def join_url(workshop: Workshop, site_url: str | None = None) -> str:
    """The link a participant's phone opens: `{site}/j/{join code}/`."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("workshops:join", args=[workshop.join_code])


def pdf_filename(workshop: Workshop, language: str) -> str:
    return export_filename(workshop, "pdf").replace(".pdf", f"-{language}.pdf")


def _field(field: KitField, language: str) -> dict[str, Any]:
    hints = {
        PROFESSION.key: _("Your job, in a few words"),
        USE_CASE.key: _("What you use AI for, in one to three lines"),
    }
    return {
        "number": field.number,
        "label": field.label(language),
        "hint": hints.get(field.key),
        "lines": SHORT_LINES.get(field.key),
        "weight": WEIGHTS.get(field.key, 1),
    }


def _data(workshop: Workshop, language: str, url: str) -> dict[str, Any]:
    """Everything the template shows, translated into the active language."""
    date = formats.long_date(workshop.date, language)
    notes = [
        _(
            "Answer in your own words. There are no right or wrong answers, and you may "
            "leave a question empty."
        ),
        _(
            "Your answers are anonymous: do not write your name on the sheet. The "
            "facilitator types them up without anything that says who wrote them."
        ),
    ]
    if workshop.per_sheet_export:
        notes.append(
            _(
                "The answers may be exported sheet by sheet: your profession, your AI use "
                "case and your answers together in one row."
            )
        )
    kit_title = STEP_1_TITLE[language]
    return {
        "lang": language,
        "title": f"{kit_title} · {workshop.title}",
        "author": "Vogter",
        "footer": " · ".join((workshop.title, date, workshop.join_code)),
        "page_label": page_label(language),
        "workshop": workshop.title,
        "workshop_lang": workshop.language,
        "date": date,
        "step": _("Step 1").upper(),
        "kit_title": kit_title,
        "notes": notes,
        "join": {
            "hint": _("Or answer on your phone"),
            "svg": qr_svg(url),
            "alt": _("QR code to join: %(url)s") % {"url": url},
            "code_label": _("Join code"),
            "code": workshop.join_code,
            "url": url,
            "url_text": url.split("://", 1)[-1],
        },
        "running": {
            "right": _("Join code: %(code)s") % {"code": workshop.join_code},
        },
        "pages": [[_field(f, language) for f in fields] for fields in PAGES],
    }


def worksheet(
    workshop: Workshop, language: str | None = None, site_url: str | None = None
) -> Export:
    """The worksheet as an A4 PDF, in `language` (default: the workshop's)."""
    language = language if language in ("da", "en") else workshop.language
    with translation.override(language):
        data = _data(workshop, language, join_url(workshop, site_url))
    return Export(pdf_filename(workshop, language), "application/pdf", typeset(TEMPLATE, data))
