"""Check-in slips on A4: eight to a page, with cut lines, each with a QR code of one
personal link and the link spelled out (docs/reflection.md, "Personal links and slips").

Data first (`SlipSheet`, from the round and the slips `actions/slips.py` made), then a
renderer that needs no database (`render`): a Typst template beside this module
(slips.typ), set by vogter/lib/typeset.py as a tagged PDF in the house style. Each QR code
is an image with alt text and a link to the same address.

A named slip carries the person's name so that it reaches them, and says so; an unnamed
slip has no line for a name: one would only invite people to write it where it is
neither needed nor kept.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from vogter.lib import formats
from vogter.lib.exporting import Export, stem
from vogter.lib.typeset import qr_svg, typeset
from vogter.reflection import links
from vogter.reflection.actions.slips import Slip
from vogter.reflection.models import Round

TEMPLATE = Path(__file__).with_name("slips.typ")


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
    # What the organisation writes in (its name and the charter's title): hyphenated as
    # that language, whatever the slips' own.
    written_in: str = "da"


def sheet_of(reflection: Round, slips: list[Slip], language: str, site_url: str) -> SlipSheet:
    charter = reflection.charter
    return SlipSheet(
        organisation=charter.organisation.name,
        charter=charter.title,
        opens=formats.long_date(reflection.opens_on, language),
        closes=formats.long_date(reflection.closes_on, language),
        slips=[Printed(slip.name, links.url_of(slip.link, site_url)) for slip in slips],
        written_in=charter.organisation.default_language,
    )


def render(sheet: SlipSheet, language: str) -> bytes:
    """The slips as an A4 PDF in `language` (da or en)."""
    with translation.override(language):
        data = {
            "lang": language,
            "title": f"{_('Check-in slips')} · {sheet.charter}",
            "author": "Vogter",
            "organisation": sheet.organisation,
            "charter": sheet.charter,
            "written_in": sheet.written_in,
            "check_in": _("Check-in"),
            # The dates one to a line, each kept whole.
            "opens": f"{sheet.opens} \N{EN DASH}",
            "closes": sheet.closes,
            "anonymous": _("Anonymous \N{EN DASH} takes under three minutes, usable once."),
            "yours": _("Your name is only on the slip so that it reaches you."),
            "slips": [
                {
                    "name": printed.name,
                    "url": printed.url,
                    # For a phone that cannot scan: whole, never cut short.
                    "url_text": printed.url.split("://", 1)[-1],
                    "svg": qr_svg(printed.url),
                    "alt": _("QR code to check in: %(url)s") % {"url": printed.url},
                }
                for printed in sheet.slips
            ],
        }
    return typeset(TEMPLATE, data)


def slips_pdf(reflection: Round, slips: list[Slip], language: str, site_url: str) -> Export:
    language = language if language in ("da", "en") else "da"
    charter = reflection.charter
    with translation.override(language):
        label = stem(_("check-in slips"))
    name = stem(charter.organisation.name, charter.unit.name)
    filename = f"{name}-{label}-{reflection.opens_on.isoformat()}-{language}.pdf".lstrip("-")
    content = render(sheet_of(reflection, slips, language, site_url), language)
    return Export(filename, "application/pdf", content)
