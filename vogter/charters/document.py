"""A charter version as one plain document: what every export renders and what an
adopted version freezes (JSON, schema `vogter.charter/1`, see docs/charters.md).

The document holds both languages; an export picks one. Texts written in only one
language fall back to it (a principle written only in Danish shows in Danish on the
English export), and say which language they are in, so a renderer can mark it.

`build_document` makes it from a charter's working copy; `document` gives a version's,
frozen once the version is adopted.
"""

import datetime
from typing import Literal, NotRequired, TypedDict

from django.utils import timezone, translation
from django_stubs_ext import StrOrPromise

from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    CharterVersion,
    SignatureRole,
    Status,
)
from vogter.charters.versions import current_version, required_roles
from vogter.organisations.models import Unit, UnitLevel
from vogter.principles.models import LEVEL_ORDER, Principle
from vogter.workshops import kit
from vogter.workshops.kit import PRINCIPLE_PROMPT

SCHEMA = "vogter.charter/1"
LANGUAGES = ("da", "en")
Language = Literal["da", "en"]


class Bilingual(TypedDict):
    da: str
    en: str


class CellDoc(TypedDict):
    text: str
    responsible: str
    empty_on_purpose: bool


class SourceDoc(TypedDict):
    workshop: str  # the workshop's title
    date: str  # ISO date of the workshop
    themes: list[str]  # labels of the themes the principle grew from
    quotes: list[str]  # the answers it quotes (anonymous)


class PrincipleDoc(TypedDict):
    code: str
    position: int  # 1, 2, …
    # The completion of "Når vi bruger GenAI, …" / "When we use GenAI, we …"; either may
    # be "" when it was written in one language only.
    statement: Bilingual
    rationale: str
    # One entry per level key of `levels`, in order; None: not filled in (a gap).
    cells: dict[str, CellDoc | None]
    sources: list[SourceDoc]
    # Where it came from in the unit tree or the national commons, when not from here.
    origin: NotRequired["OriginDoc"]


class OriginDoc(TypedDict):
    kind: Literal["above", "below", "template"]  # adopted from a unit above; proposed by a
    # unit below; started from a template principle of the national commons
    unit: str  # the unit's name ("" for a template)
    version: int | None  # the adopted version it was taken from (above only)


class LevelDoc(TypedDict):
    key: str  # individual, group, unit, department, corporate_group, national
    da: str  # the kit's column header, e.g. "Individ"
    en: str  # e.g. "Individual"


class SignatureDoc(TypedDict):
    role: str  # manager, union_rep (TR), safety_rep (AMR), committee (MED/SU), admin
    role_label: Bilingual
    name: str
    signed_at: str  # ISO 8601, UTC


class CharterDoc(TypedDict):
    schema: str  # SCHEMA
    code: str
    organisation: str  # its name, which replaces [X] in the preamble
    unit: str  # the unit's name
    unit_level: Bilingual  # e.g. {"da": "Afdeling", "en": "Department"}
    title: Bilingual
    version: int  # 1, 2, …; the number of the version this document is
    status: str  # draft, proposed, adopted, superseded
    adopted_on: str | None  # ISO date
    adopted_by: str | None  # the person's name
    preamble: dict[str, list[str]]  # {"da": [paragraph, …], "en": [...]} with the name in
    table_title: Bilingual
    first_column: Bilingual  # "ST-princip" / "ST principle"
    levels: list[LevelDoc]
    principles: list[PrincipleDoc]
    signatures: list[SignatureDoc]
    required_signatures: list[Bilingual]  # role labels the organisation requires
    generated_at: str  # ISO 8601, UTC
    # The adopted version that replaced this one, when it is superseded.
    superseded_by: NotRequired[int | None]
    # Where the charter can be read online (its share link), when printed from there.
    link: NotRequired[str]
    # The unit is the whole organisation (the organisation-wide top of its tree), so a
    # line naming both says the organisation's name once. Absent in documents frozen
    # before it was added.
    whole_organisation: NotRequired[bool]


def both_languages(text: StrOrPromise) -> Bilingual:
    """A fixed text from the catalogue (a role, a level) in both languages of the document."""
    with translation.override("da"):
        da = str(text)
    with translation.override("en"):
        en = str(text)
    return {"da": da, "en": en}


def statement_in(principle: PrincipleDoc, language: str) -> tuple[str, str]:
    """(language shown, the whole sentence) — the asked language when it was written in it."""
    other = "en" if language == "da" else "da"
    shown = language if principle["statement"][language] else other  # type: ignore[literal-required]
    text = principle["statement"][shown]  # type: ignore[literal-required]
    return shown, f"{PRINCIPLE_PROMPT[shown]} {text}"


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _origin(principle: CharterPrinciple) -> OriginDoc | None:
    if principle.inherited_charter is not None:
        return {
            "kind": "above",
            "unit": principle.inherited_charter.unit.name,
            "version": principle.inherited_version,
        }
    if principle.proposal is not None:
        return {"kind": "below", "unit": principle.proposal.from_charter.unit.name, "version": None}
    if principle.template_code:
        return {"kind": "template", "unit": "", "version": None}
    return None


def _principle_doc(position: int, principle: CharterPrinciple) -> PrincipleDoc:
    cells = {c.level: c for c in principle.cells.all()}
    doc: PrincipleDoc = {
        "code": principle.code,
        "position": position,
        "statement": {"da": principle.statement_da, "en": principle.statement_en},
        "rationale": principle.rationale,
        "cells": {
            level.value: (
                {
                    "text": cells[level.value].text,
                    "responsible": cells[level.value].responsible,
                    "empty_on_purpose": cells[level.value].empty_on_purpose,
                }
                if level.value in cells
                else None
            )
            for level in LEVEL_ORDER
        },
        "sources": [],
    }
    origin = _origin(principle)
    if origin is not None:
        doc["origin"] = origin
    for source in _sources(principle):
        doc["sources"].append(
            {
                "workshop": source.workshop.title,
                "date": source.workshop.date.isoformat(),
                "themes": [t.label for t in source.themes.all()],
                "quotes": [e.text for e in source.sources.all() if e.text and not e.hidden],
            }
        )
    return doc


def _sources(principle: CharterPrinciple) -> list[Principle]:
    """The workshop principles it came from: its own, then those of the principles merged
    into it, by workshop date (docs/workshops.md, "Several workshops, one principle set")."""
    merged = sorted(
        principle.merged_sources.all(), key=lambda p: (p.workshop.date, p.workshop.title, p.pk)
    )
    return [p for p in (principle.source, *merged) if p is not None]


def build_document(charter: Charter, version: CharterVersion) -> CharterDoc:
    """The charter as it stands (the working copy), as the document of `version`."""
    organisation = charter.organisation
    principles: list[PrincipleDoc] = []
    rows = charter.principles.select_related(
        "source__workshop", "inherited_charter__unit", "proposal__from_charter__unit"
    ).prefetch_related(
        "cells",
        "source__themes",
        "source__sources",
        "merged_sources__workshop",
        "merged_sources__themes",
        "merged_sources__sources",
    )
    for position, principle in enumerate(rows, start=1):
        principles.append(_principle_doc(position, principle))
    signatures: list[SignatureDoc] = [
        {
            "role": s.role,
            "role_label": both_languages(SignatureRole(s.role).label),
            "name": s.name,
            "signed_at": s.signed_at.isoformat(),
        }
        for s in version.signatures.all()
    ]
    adopted_by = version.adopted_by.display_name if version.adopted_by else None
    return {
        "schema": SCHEMA,
        "code": charter.code,
        "organisation": organisation.name,
        "unit": charter.unit.name,
        "unit_level": both_languages(UnitLevel(charter.unit.level).label),
        "title": {"da": charter.title, "en": charter.title},
        "version": version.number,
        "status": version.status,
        "adopted_on": _iso(version.adopted_on),
        "adopted_by": adopted_by,
        "preamble": {
            language: list(kit.preamble(language, organisation.name)) for language in ("da", "en")
        },
        "table_title": dict(kit.TABLE_TITLE),  # type: ignore[typeddict-item]
        "first_column": dict(kit.TABLE_FIRST_COLUMN),  # type: ignore[typeddict-item]
        "levels": [{"key": key, "da": da, "en": en} for key, da, en in kit.TABLE_LEVELS],
        "principles": principles,
        "signatures": signatures,
        "required_signatures": [
            both_languages(SignatureRole(r).label) for r in required_roles(organisation)
        ],
        "generated_at": timezone.now().isoformat(),
        "whole_organisation": _whole_organisation(charter.unit),
    }


def _whole_organisation(unit: Unit) -> bool:
    """The unit stands for the whole organisation: the organisation-wide top of its tree
    (a department at the top of a small tree is still just that department)."""
    return unit.parent_id is None and unit.level == UnitLevel.CORPORATE_GROUP


def document(charter: Charter, version: CharterVersion | None = None) -> CharterDoc:
    """A version's document: frozen if adopted, built from the working copy otherwise."""
    version = version or current_version(charter)
    if version.frozen:
        # Frozen when adopted; what happened to it since is the version's, not the
        # document's: a superseded version must never print as the charter in force.
        frozen: CharterDoc = dict(version.document)  # type: ignore[assignment]
        frozen["status"] = version.status
        if version.status == Status.SUPERSEDED:
            newer = (
                charter.versions.filter(number__gt=version.number, adopted_on__isnull=False)
                .order_by("number")
                .values_list("number", flat=True)
                .first()
            )
            frozen["superseded_by"] = newer
        return frozen
    return build_document(charter, version)
