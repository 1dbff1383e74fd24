"""The charter on one page for the wall: A4 or A3 landscape, set with Typst
(vogter/charters/exporters/poster.typ).

Every principle as a numbered card with what it means for each person (the first
level of the table), the kit's prompt above them, who adopted and signed it, and the
version's mark across the page when it is not the charter in force. The type is the
largest that keeps it all on one page. Printed from the shared page, it carries a QR code
to that page (the full charter with every level); from inside Vogter there is no such
link to give (the share link is shown once), so there is no code.

Offered as the formats `poster-a4` and `poster-a3` beside the full charter.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from vogter.charters.document import CharterDoc
from vogter.charters.exporters import common, pdf
from vogter.lib.exporting import Export
from vogter.lib.typeset import qr_svg, typeset
from vogter.workshops.kit import PRINCIPLE_PROMPT

CONTENT_TYPE = "application/pdf"
TEMPLATE = pdf.TEMPLATE.with_name("poster.typ")
PAPERS = ("a4", "a3")

TEXTS = {
    "kicker": _("Our principles for generative AI"),
    "qr_alt": _("QR code to the whole charter: %(url)s"),
    "qr_caption": _("The whole charter, level by level"),
    "signed_by": _("Signed by %(names)s."),
    "adopted": _("Adopted %(date)s. Version %(version)s."),
    "not_adopted": _("Version %(version)s, %(status)s, %(date)s: not adopted yet."),
}


def text(key: str, language: str, **values: object) -> str:
    value = common.in_language(TEXTS[key], language)
    return value % values if values else value


def data(doc: CharterDoc, language: str, paper: str) -> dict[str, Any]:
    full = pdf.data(doc, language)
    first_level = doc["levels"][0] if doc["levels"] else None
    principles = []
    for row, principle in zip(full["rows"], doc["principles"], strict=True):
        first = common.cell(principle, first_level["key"], language) if first_level else None
        principles.append(
            {
                "number": row["number"],
                "statement": row["statement"],
                "lang": row["lang"],
                "italic": row["italic"],
                "note": row["note"],
                "first": first.text if first and first.kind == "text" else "",
                "first_lang": common.written_in(first.text, language) if first else language,
                "first_label": common.pick(first_level, language) if first_level else "",
            }
        )
    date = common.format_date(common.charter_date(doc), language)
    status = common.status_label(doc["status"], language).lower()
    signed = [
        f"{line.name} ({line.role})" for line in common.signature_lines(doc, language) if line.name
    ]
    link = str(doc.get("link") or "")
    return {
        **{k: full[k] for k in ("lang", "title", "author", "footer", "watermark")},
        "page_label": "",  # one page
        "paper": paper,
        "landscape": True,
        "kicker": text("kicker", language),
        "doc_title": full["doc_title"],
        "organisation_line": common.place(doc),
        "prompt": PRINCIPLE_PROMPT["en" if language == "en" else "da"] + " …",
        "principles": principles,
        "signed": text("signed_by", language, names=", ".join(signed)) if signed else "",
        "status_line": text("adopted", language, date=date, version=doc["version"])
        if doc["status"] == "adopted"
        else full["status_note"]
        or text("not_adopted", language, version=doc["version"], status=status, date=date),
        "link": link,
        "qr": qr_svg(link) if link else "",
        "qr_alt": text("qr_alt", language, url=link) if link else "",
        "qr_caption": text("qr_caption", language),
        "no_principles": full["labels"]["no_principles"],
    }


def render(doc: CharterDoc, language: str, paper: str = "a4") -> bytes:
    return typeset(TEMPLATE, data(doc, language, paper))


@dataclass(frozen=True)
class Poster:
    """The exporter of one paper size: format `poster-a4` / `poster-a3`, a .pdf file."""

    paper: str

    @property
    def format(self) -> str:
        return f"poster-{self.paper}"

    @property
    def media_type(self) -> str:
        return CONTENT_TYPE

    def export(self, doc: CharterDoc, language: str, /) -> Export:
        name = common.filename(doc, language, "pdf").removesuffix(".pdf")
        return Export(
            f"{name}-poster-{self.paper}.pdf", CONTENT_TYPE, render(doc, language, self.paper)
        )
