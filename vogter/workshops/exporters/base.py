"""What an export holds, gathered once, in either of its two layouts.

`lists` (the default): each question's answers as a list of its own, the use cases as
another, each in a fresh random order, and the professions counted apart
(vogter/workshops/professions.py). Nothing lines up one sheet's answers across the lists,
so a rare profession or use case is never tied to what its author wrote.

`sheets` (only where the participants were told so before they wrote, see
`Workshop.per_sheet_export`): one row per worksheet, as the paper importer reads it. The
participant number is a running number given at export time, in a fresh random order
each time: it is never the sheet's id and says nothing about who joined first.
"""

import secrets
from dataclasses import dataclass, field

from vogter.lib.exporting import stem
from vogter.workshops.kit import FIELDS, QUESTION_KEYS
from vogter.workshops.models import Entry, Sheet, Workshop
from vogter.workshops.professions import Professions, of_workshop

LISTS, SHEETS = "lists", "sheets"
LAYOUTS = (LISTS, SHEETS)

# The columns of the sample file (../shared/data/sample_workshop.csv), in its order.
ANSWER_KEYS = ("profession", "use_case", *QUESTION_KEYS)
KIT_KEYS = {f.key for f in FIELDS}


@dataclass(frozen=True)
class Item:
    """One answer or use case, alone: no sheet, no time, no id."""

    text: str
    hidden: bool


@dataclass
class Lists:
    answers: dict[str, list[Item]]  # q1..q5, each in a random order of its own
    use_cases: list[Item]
    professions: Professions


def lists(workshop: Workshop) -> Lists:
    """Every answer and use case with something written in it, each list shuffled on its
    own with the system's random source, and the professions as they may be shown."""
    entries = Entry.objects.filter(
        sheet__workshop=workshop, field__in=(*QUESTION_KEYS, "use_case")
    ).values_list("field", "text", "hidden")
    by_field: dict[str, list[Item]] = {key: [] for key in (*QUESTION_KEYS, "use_case")}
    for key, text, hidden in entries:
        if text.strip():
            by_field[key].append(Item(text, hidden))
    shuffle = secrets.SystemRandom().shuffle
    for items in by_field.values():
        shuffle(items)
    return Lists(
        answers={key: by_field[key] for key in QUESTION_KEYS},
        use_cases=by_field["use_case"],
        professions=of_workshop(workshop),
    )


@dataclass
class ExportRow:
    participant: int
    answers: dict[str, str]
    hidden: list[str] = field(default_factory=list)
    submitted: bool = False
    # Only in workshops that are not anonymous, and only when the sheet has an owner.
    email: str | None = None


def columns(workshop: Workshop) -> list[str]:
    """The header row: workshop, participant, [email,] the kit's fields, hidden."""
    identity = [] if workshop.anonymous else ["email"]
    return ["workshop", "participant", *identity, *ANSWER_KEYS, "hidden"]


def collect(workshop: Workshop) -> list[ExportRow]:
    """Every sheet with something written on it, numbered 1..n in a random order."""
    sheets = list(
        Sheet.objects.filter(workshop=workshop).select_related("user").prefetch_related("entries")
    )
    secrets.SystemRandom().shuffle(sheets)
    rows: list[ExportRow] = []
    for sheet in sheets:
        entries = [e for e in sheet.entries.all() if e.field in KIT_KEYS]
        if not any(e.text.strip() for e in entries):
            continue
        by_key = {e.field: e for e in entries}
        rows.append(
            ExportRow(
                participant=len(rows) + 1,
                answers={k: by_key[k].text if k in by_key else "" for k in ANSWER_KEYS},
                hidden=[k for k in ANSWER_KEYS if k in by_key and by_key[k].hidden],
                submitted=sheet.submitted,
                email=None if workshop.anonymous or sheet.user is None else sheet.user.email,
            )
        )
    return rows


def table(workshop: Workshop, rows: list[ExportRow]) -> list[list[str | int]]:
    """The rows as cells under `columns(workshop)`, for the tabular formats."""
    out: list[list[str | int]] = []
    for row in rows:
        identity: list[str | int] = [] if workshop.anonymous else [row.email or ""]
        out.append(
            [
                workshop.title,
                row.participant,
                *identity,
                *(row.answers[k] for k in ANSWER_KEYS),
                " ".join(row.hidden),
            ]
        )
    return out


def filename(workshop: Workshop, extension: str, layout: str = LISTS) -> str:
    """`kommunikationsafdelingen-2025-03-04.csv` (`…-per-sheet.csv` for the sheets layout):
    ASCII, so every browser keeps it."""
    name = stem(workshop.title, length=60) or "workshop"
    suffix = "-per-sheet" if layout == SHEETS else ""
    return f"{name}-{workshop.date.isoformat()}{suffix}.{extension}"
