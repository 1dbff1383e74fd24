"""The charter as a printable, accessible PDF (A4), set with Typst (vogter/lib/typeset.py).

Layout (vogter/charters/exporters/charter.typ): a portrait cover with the organisation,
unit, title, version, status and date and the preamble under it; the principles-by-levels
table on landscape pages, its header row repeating at the top of each page, Danish and
English hyphenated, rows moving whole to the next page; a principle whose cells would
make a row taller than about half a page is set as a block in the same table (statement
across it, then a row per level), and a level row of it that lands on a later page says
which principle it continues, "(fortsat)"; the signatures; and an appendix with where
each principle came from. The footer carries organisation, unit, version, status, date
and "Side N af M".

A draft, a proposed and a superseded version carry a mark across every page ("KLADDE",
"FORSLAG", "AFLØST") and a superseded one says so on its cover, so an old version
never prints as the charter in force. The signature block gives every required role
not signed yet a line to sign on by hand, with room for the name in print and the date;
a signature given in Vogter reads "Underskrevet i Vogter 6. december 2026 kl. 10.15".

The PDF is tagged (PDF/UA-1): headings, the table with its header cells, the document's
language and title.
"""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common
from vogter.charters.exporters.common import label
from vogter.lib import formats
from vogter.lib.typeset import page_label, typeset

CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"
TEMPLATE = Path(__file__).with_name("charter.typ")

MAX_QUOTES = 3
# About how many lines of a level cell fit on a landscape page.
PAGE_LINES = 38
# A principle whose tallest cell would need more lines than this is set as a block.
BLOCK_LINES = 24
# Roughly how many characters of 8.5 pt Vera fit on one line of a level column, for
# one to six level columns on a landscape page (the first column takes 19 %).
_CHARS_PER_LINE = {1: 150, 2: 95, 3: 62, 4: 46, 5: 36, 6: 30}

TEXTS: dict[str, StrOrPromise] = {
    "no_principles": _("No principles yet."),
    # Translators: after a principle's number on a later page of the table.
    "continued": _("(continued)"),
    "sign_here_intro": _("To be signed by hand for each role that has not signed in Vogter:"),
    "name_in_print": _("Name in block capitals"),
    "signed_in_vogter": _("Signed in Vogter on %(when)s"),
    "superseded_by": _(
        "Superseded by version %(version)s. This version is no longer in force; "
        "print the charter in force from Vogter."
    ),
    "superseded": _(
        "This version has been superseded and is no longer in force; "
        "print the charter in force from Vogter."
    ),
}


def text(key: str, language: str, **values: object) -> str:
    value = common.in_language(TEXTS[key], language)
    return value % values if values else value


def _lines(text: str, width_chars: int) -> int:
    return sum(max(1, -(-len(part) // width_chars)) for part in text.splitlines() or [""])


def _tall(principle: PrincipleDoc, language: str, levels: int) -> bool:
    """Whether the principle's ordinary row would take about half a landscape page."""
    width = _CHARS_PER_LINE.get(levels, 30)
    cells = [principle["cells"].get(key) for key in principle["cells"]]
    tallest = max((_lines(c["text"], width) + 1 for c in cells if c), default=0)
    return tallest > BLOCK_LINES


def _row(doc: CharterDoc, principle: PrincipleDoc, language: str) -> dict[str, Any]:
    st = common.statement(principle, language)
    cells = []
    for level in doc["levels"]:
        c = common.cell(principle, level["key"], language)
        responsible = label("responsible", language, name=c.responsible) if c.responsible else ""
        shown = (
            f"{label('empty_mark', language)} {c.text}" if c.kind == "empty_on_purpose" else c.text
        )
        cells.append(
            {
                "kind": c.kind,
                "text": shown,
                "lang": common.written_in(c.text, language) if c.kind == "text" else language,
                "responsible": responsible,
                # Taller than a page even across the table: may split, or it would be lost.
                "long": _lines(c.text, _CHARS_PER_LINE[1]) > PAGE_LINES,
            }
        )
    short = st.text if len(st.text) <= 60 else st.text[:57].rstrip() + "…"
    return {
        "number": principle["position"],
        "statement": st.text,
        "statement_short": short,
        "lang": st.language,
        "italic": bool(st.note),
        "note": st.note,
        "origin": common.origin_label(principle, language),
        "cells": cells,
        "block": _tall(principle, language, len(doc["levels"])),
    }


def _sources(doc: CharterDoc, language: str) -> list[dict[str, Any]]:
    out = []
    for principle in doc["principles"]:
        if not common.has_sources(principle):
            continue
        st = common.statement(principle, language)
        items = []
        for source in principle["sources"]:
            when = formats.long_date(source["date"], language) if source["date"] else ""
            items.append(
                {
                    "workshop": ", ".join(x for x in (source["workshop"], when) if x),
                    "themes": ", ".join(source["themes"]),
                }
            )
        quotes = [q for s in principle["sources"] for q in s["quotes"]][:MAX_QUOTES]
        out.append(
            {
                "number": principle["position"],
                "statement": st.text,
                "lang": st.language,
                "italic": bool(st.note),
                "note": st.note,
                "rationale": principle["rationale"].strip(),
                "rationale_lang": common.written_in(principle["rationale"], language),
                "items": items,
                "quotes": [
                    {
                        "text": label("quoted", language, quote=q),
                        "lang": common.written_in(q, language),
                    }
                    for q in quotes
                ],
            }
        )
    return out


def _status_note(doc: CharterDoc, language: str) -> str:
    if doc["status"] != "superseded":
        return ""
    newer = doc.get("superseded_by")
    if newer:
        return text("superseded_by", language, version=newer)
    return text("superseded", language)


def data(doc: CharterDoc, language: str) -> dict[str, Any]:
    """Everything the template shows, translated and formatted for `language`."""
    lang = language
    meta = [
        [label("version", lang, version="").strip(), str(doc["version"])],
        [label("status", lang), common.status_label(doc["status"], lang)],
        [label("date", lang), formats.long_date(common.charter_date(doc), lang)],
    ]
    if doc["adopted_by"]:
        meta.append([label("adopted_by", lang), doc["adopted_by"] or ""])
    lines = common.signature_lines(doc, lang)
    signed = [
        {
            "name": line.name,
            "role": line.role,
            "line": text("signed_in_vogter", lang, when=line.signed_at),
        }
        for line in lines
        if line.name
    ]
    return {
        "lang": lang,
        "title": common.document_title(doc, lang),
        "author": doc["organisation"],
        "footer": common.footer_text(doc, lang),
        "page_label": page_label(lang),
        "watermark": common.watermark(doc, lang),
        "labels": {
            "charter": label("charter", lang),
            "signatures": label("signatures", lang),
            "no_signatures": label("no_signatures", lang),
            "signature": label("signature", lang),
            "date": label("date", lang),
            "sources": label("sources", lang),
            "rationale": label("rationale", lang),
            "workshop": label("workshop", lang),
            "themes": label("themes", lang),
            "continued": text("continued", lang),
            "sign_here_intro": text("sign_here_intro", lang),
            "name_in_print": text("name_in_print", lang),
            "no_principles": text("no_principles", lang),
        },
        "organisation": doc["organisation"],
        "unit_line": common.unit_line(doc, lang),
        "doc_title": common.title(doc, lang),
        "status_note": _status_note(doc, lang),
        "meta": meta,
        "preamble": common.preamble(doc, lang),
        "table_title": common.pick(doc["table_title"], lang),
        "legend": label("gap_legend", lang) if common.has_gaps(doc) else "",
        "header": [common.pick(doc["first_column"], lang)]
        + [common.pick(level, lang) for level in doc["levels"]],
        "rows": [_row(doc, p, lang) for p in doc["principles"]],
        "signed": signed,
        "to_sign": [line.role for line in lines if not line.name],
        "sources": _sources(doc, lang),
    }


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as PDF bytes in `language` ("da" or "en")."""
    return typeset(TEMPLATE, data(doc, language))
