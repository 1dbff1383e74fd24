"""What every export says the same way: fixed labels, dates, cells.

The export's language is chosen per export (a Danish facilitator may download the
English charter), not by the active Django language, so each label is looked up in
the gettext catalogue under `translation.override(language)`. The kit's own texts
come verbatim from the document instead (vogter/workshops/kit.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from vogter.charters.document import (
    Bilingual,
    CharterDoc,
    LevelDoc,
    PrincipleDoc,
    SignatureDoc,
    statement_in,
)
from vogter.lib import formats
from vogter.lib.exporting import stem

LABELS: dict[str, StrOrPromise] = {
    "charter": _("Charter"),
    "preamble": _("Preamble"),
    "principles": _("The principles"),
    "version": _("Version %(version)s"),
    "status": _("Status"),
    "date": _("Date"),
    "adopted_by": _("Adopted by"),
    "signatures": _("Signatures"),
    "role": _("Role"),
    "name": _("Name"),
    "signed_at": _("Date and time"),
    "signature": _("Signature"),
    "not_signed": _("Not signed yet"),
    "no_signatures": _("There are no signatures yet."),
    "empty_on_purpose": _("left empty on purpose"),
    # Before "bevidst tomt" in a cell, so an empty-on-purpose cell never reads as blank.
    "empty_mark": "\N{EN DASH}",
    "gap_legend": _("An empty cell has not been filled in yet."),
    "responsible": _("Responsible: %(name)s"),
    "origin_above": _("Adopted from %(unit)s (version %(version)s)"),
    "origin_below": _("Proposed by %(unit)s"),
    "origin_template": _("Started from a template of the national commons"),
    "page": _("Page %(page)d of %(pages)d"),
    "sources": _("Where the principles come from"),
    "rationale": _("Rationale"),
    "workshop": _("Workshop"),
    "themes": _("Themes"),
    "quotes": _("Quotes"),
    "generated": _("Generated %(when)s"),
    # Translators: a quotation from an answer, in the language's quotation marks.
    "quoted": pgettext_lazy("quotation marks", "“%(quote)s”"),
    # What a printed copy says at the top of every page while it is not the charter in force.
    "mark_draft": _("Draft \N{EN DASH} not adopted"),
    "mark_proposed": _("Proposed for adoption \N{EN DASH} not adopted yet"),
    "mark_superseded": _("Superseded \N{EN DASH} no longer in force"),
    "mark_superseded_by": _("Superseded by version %(version)s \N{EN DASH} no longer in force"),
    "superseded_by": _("Superseded by version %(version)s"),
    # Translators: %(date)s is "4 March 2025", %(time)s is "14:30" ("kl. 14.30" in Danish).
    "signed_in_vogter": _("Signed in Vogter by %(name)s, %(role)s, on %(date)s at %(time)s"),
    # The same words as the PDF's lines to sign (vogter/charters/exporters/pdf.py).
    "printed_name": _("Name in block capitals"),
    "sign_by_hand": _("To be signed by hand for each role that has not signed in Vogter:"),
}
# Across every page of a charter that is not in force; the PDF's marks, by status.
WATERMARK: dict[str, StrOrPromise] = {
    "draft": pgettext_lazy("watermark", "DRAFT"),
    "proposed": pgettext_lazy("watermark", "PROPOSAL"),
    "superseded": pgettext_lazy("watermark", "SUPERSEDED"),
}
STATUS: dict[str, StrOrPromise] = {
    # The same msgids as the pages (vogter/charters/models.py), so the same words.
    "draft": _("Draft"),
    "proposed": _("Proposed"),
    "adopted": _("Adopted"),
    "superseded": _("Superseded"),
}
# "(only in English)" after a principle shown in the other language, by the language shown.
ONLY_IN: dict[str, StrOrPromise] = {
    "da": _("in Danish only"),
    "en": _("in English only"),
}
# BCP 47 tags for the formats that can mark a language (DOCX, Markdown's HTML, PDF's /Lang).
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}


def pick(texts: Bilingual | LevelDoc, language: str) -> str:
    """The text in `language`, or in the other language when it was written only in that."""
    da, en = texts["da"], texts["en"]
    return (da or en) if language == "da" else (en or da)


def in_language(text: StrOrPromise, language: str) -> str:
    """A fixed text from the catalogue in the export's language."""
    with translation.override(language):
        return str(text)


def label(key: str, language: str, **values: object) -> str:
    text = in_language(LABELS[key], language)
    return text % values if values else text


def origin_label(principle: PrincipleDoc, language: str) -> str:
    """Where a principle came from in the unit tree or the commons; "" when from here."""
    origin = principle.get("origin")
    if not origin:
        return ""
    key = f"origin_{origin['kind']}"
    return label(key, language, unit=origin["unit"], version=origin["version"])


def status_label(status: str, language: str) -> str:
    return in_language(STATUS[status], language) if status in STATUS else status


def format_date(iso: str, language: str) -> str:
    """`2025-03-04` (or a datetime) → "4. marts 2025" / "4 March 2025"."""
    return formats.long_date(iso[:10], language)


def format_datetime(iso: str, language: str) -> str:
    """A UTC timestamp in Danish time: "4. marts 2025 kl. 14.30" / "4 March 2025, 14:30"."""
    return formats.date_and_time(iso, language)


def charter_date(doc: CharterDoc) -> str:
    """The date a charter carries: the day it was adopted, else the day it was generated."""
    return doc["adopted_on"] or doc["generated_at"][:10]


def title(doc: CharterDoc, language: str) -> str:
    return pick(doc["title"], language)


def unit_line(doc: CharterDoc, language: str) -> str:
    """ "Afdeling: Kommunikation" — the unit with its level."""
    level = pick(doc["unit_level"], language)
    return f"{level}: {doc['unit']}" if level else doc["unit"]


def preamble(doc: CharterDoc, language: str) -> list[str]:
    """The document's preamble in `language` (it already has the organisation's name)."""
    return doc["preamble"].get(language) or doc["preamble"].get("da", [])


def document_title(doc: CharterDoc, language: str) -> str:
    """For PDF/DOCX metadata: "Principsæt · Kommunikation · Region Nord", the unit left
    out when it is the whole organisation (a screen reader announces this title first)."""
    unit = "" if whole_organisation(doc) else doc["unit"]
    return " · ".join(x for x in (title(doc, language), unit, doc["organisation"]) if x)


def whole_organisation(doc: CharterDoc) -> bool:
    """The charter's unit is the whole organisation: the top of its tree, or named as it."""
    same_name = doc["unit"].strip().casefold() == doc["organisation"].strip().casefold()
    return same_name or bool(doc.get("whole_organisation"))


def place(doc: CharterDoc) -> str:
    """ "Sønderå Kommune · Kommunikation", or the organisation's name alone when the unit
    is the whole organisation."""
    if whole_organisation(doc):
        return doc["organisation"]
    return f"{doc['organisation']} · {doc['unit']}"


def footer_text(doc: CharterDoc, language: str) -> str:
    version = label("version", language, version=doc["version"])
    status = status_label(doc["status"], language)
    when = format_date(charter_date(doc), language)
    return f"{place(doc)} · {version} ({status.lower()}) · {when}"


def status_mark(doc: CharterDoc, language: str) -> str:
    """The line a printed copy carries on every page when it is not the charter in force
    (LABELS' `mark_*`: a draft, a proposal, a superseded version); "" when adopted."""
    status = doc["status"]
    if status == "superseded" and doc.get("superseded_by"):
        return label("mark_superseded_by", language, version=doc["superseded_by"])
    if status in ("draft", "proposed", "superseded"):
        return label(f"mark_{status}", language)
    return ""


def watermark(doc: CharterDoc, language: str) -> str:
    """ "KLADDE" / "FORSLAG" / "AFLØST" across the pages of a charter not in force; ""."""
    mark = WATERMARK.get(doc["status"])
    return in_language(mark, language) if mark else ""


def status_text(doc: CharterDoc, language: str) -> str:
    """The status as the cover gives it: "Vedtaget", or "Afløst af version 4"."""
    if doc["status"] == "superseded" and doc.get("superseded_by"):
        return label("superseded_by", language, version=doc["superseded_by"])
    return status_label(doc["status"], language)


@dataclass(frozen=True)
class Statement:
    language: str  # the language it is shown in
    text: str  # the completion of the kit's prompt, as written
    sentence: str  # the whole sentence, prompt included
    note: str  # "kun på engelsk" when shown in the other language, else ""


def statement(principle: PrincipleDoc, language: str) -> Statement:
    shown, sentence = statement_in(principle, language)
    text = pick(principle["statement"], shown)
    note = "" if shown == language else in_language(ONLY_IN[shown], language)
    return Statement(shown, text, sentence, note)


_DANISH_WORDS = frozenset(
    {"og", "i", "at", "vi", "det", "er", "til", "på", "af", "der", "som", "med", "ikke"}
    | {"vores", "den", "de", "har", "kan", "skal", "når", "vil", "os"}
)
_ENGLISH_WORDS = frozenset(
    {"the", "and", "to", "of", "we", "is", "in", "our", "with", "not", "that", "it", "are"}
    | {"have", "can", "will", "when", "us", "be", "on", "by"}
)
_DANISH_LETTERS = frozenset("æøåÆØÅ")


def written_in(text: str, fallback: str) -> str:
    """The language a free text (a cell, a rationale, a quote) is most likely written in,
    "da" or "en", for hyphenation and for screen readers: the schema keeps these texts in
    one language, whichever it was. Counts the two languages' commonest small words (and
    æ, ø, å); `fallback` when it cannot tell."""
    words = [w.strip(".,;:!?()\"'“”„\N{EN DASH}").lower() for w in text.split()]
    danish = sum(w in _DANISH_WORDS for w in words) + 2 * bool(_DANISH_LETTERS & set(text))
    english = sum(w in _ENGLISH_WORDS for w in words)
    if danish == english:
        return fallback
    return "da" if danish > english else "en"


@dataclass(frozen=True)
class Cell:
    text: str  # "" for a gap
    responsible: str
    kind: str  # "text", "empty_on_purpose" or "gap"


def cell(principle: PrincipleDoc, level_key: str, language: str) -> Cell:
    """How a principle's cell at a level reads, whichever way it is empty."""
    value = principle["cells"].get(level_key)
    if value is None:
        return Cell("", "", "gap")
    if value["empty_on_purpose"] or not value["text"].strip():
        kind = "empty_on_purpose" if value["empty_on_purpose"] else "gap"
        text = label("empty_on_purpose", language) if kind == "empty_on_purpose" else ""
        return Cell(text, value["responsible"], kind)
    return Cell(value["text"], value["responsible"], "text")


def has_gaps(doc: CharterDoc) -> bool:
    keys = [level["key"] for level in doc["levels"]]
    return any(cell(p, k, "da").kind == "gap" for p in doc["principles"] for k in keys)


@dataclass(frozen=True)
class SignatureLine:
    role: str
    name: str  # "" when not signed yet
    signed_at: str  # formatted; "" when not signed yet


def signature_lines(doc: CharterDoc, language: str) -> list[SignatureLine]:
    """Who signed, then every required role nobody has signed for yet (as empty lines)."""
    lines: list[SignatureLine] = []
    signed_roles: set[str] = set()
    for signature in doc["signatures"]:
        lines.append(_signed(signature, language))
        signed_roles.update(_role_labels(signature["role_label"]))
    for required in doc["required_signatures"]:
        if not signed_roles.intersection(_role_labels(required)):
            role = pick(required, language)
            lines.append(SignatureLine(role, "", ""))
    return lines


def signed_in_vogter(doc: CharterDoc, language: str) -> list[str]:
    """Each signature as a sentence: "Underskrevet i Vogter af Mette Sørensen, leder, den
    4. marts 2025 kl. 14.30" (Danish time)."""
    sentences = []
    for signature in doc["signatures"]:
        moment = datetime.fromisoformat(signature["signed_at"].replace("Z", "+00:00"))
        role = pick(signature["role_label"], language) or signature["role"]
        sentences.append(
            label(
                "signed_in_vogter",
                language,
                name=signature["name"],
                role=_in_sentence(role),
                date=formats.long_date(moment, language),
                time=formats.clock(moment, language),
            )
        )
    return sentences


def roles_to_sign(doc: CharterDoc, language: str) -> list[str]:
    """The required roles nobody has signed for yet, in the order the organisation gave;
    none on a superseded version, which nobody signs any more."""
    if doc["status"] == "superseded":
        return []
    return [line.role for line in signature_lines(doc, language) if not line.name]


def _in_sentence(role: str) -> str:
    """ "Leder" → "leder" inside a sentence; "MED-udvalget/SU" keeps its capitals."""
    if len(role) > 1 and role[0].isupper() and role[1].islower():
        return role[0].lower() + role[1:]
    return role


def _role_labels(labels: Bilingual) -> set[str]:
    return {labels["da"], labels["en"]} - {""}


def _signed(signature: SignatureDoc, language: str) -> SignatureLine:
    role = pick(signature["role_label"], language) or signature["role"]
    return SignatureLine(role, signature["name"], format_datetime(signature["signed_at"], language))


def has_sources(principle: PrincipleDoc) -> bool:
    return bool(principle["sources"] or principle["rationale"].strip())


def filename(doc: CharterDoc, language: str, extension: str) -> str:
    """`region-nord-kommunikation-v3-da.pdf`: ASCII only, so every browser keeps it."""
    name = stem(doc["organisation"], doc["unit"]) or "charter"
    return f"{name}-v{int(doc['version'])}-{language}.{extension}"


def table_rows(doc: CharterDoc, language: str) -> list[dict[str, object]]:
    """The principles table for a page: per principle its sentence (and the language it
    is in) and one cell per level: text and responsible, empty on purpose, or a gap."""
    rows: list[dict[str, object]] = []
    for principle in doc["principles"]:
        shown, sentence = statement_in(principle, language)
        cells = []
        for level in doc["levels"]:
            cell = principle["cells"].get(level["key"])
            cells.append(
                {
                    "level": level["key"],
                    "label": level[language],  # type: ignore[literal-required]
                    "gap": cell is None,
                    "empty": bool(cell and cell["empty_on_purpose"]),
                    "text": cell["text"] if cell else "",
                    "responsible": cell["responsible"] if cell else "",
                }
            )
        rows.append(
            {
                "code": principle["code"],
                "position": principle["position"],
                "lang": shown,
                "sentence": sentence,
                "origin": origin_label(principle, language),
                "statement": principle["statement"][shown],  # type: ignore[literal-required]
                "rationale": principle["rationale"],
                "cells": cells,
                "sources": principle["sources"],
            }
        )
    return rows


# --- Building the document from the working copy ------------------------------------
