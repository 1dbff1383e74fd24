"""What the facilitator's board shows, computed in a few queries.

The board never learns who wrote what: cards carry their own random id and a
random order, never their sheet; professions are counted, and a profession
named by fewer people than the workshop's minimum group size is not named
(vogter/workshops/professions.py).
"""

from typing import Any

from vogter.workshops import timer
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Sheet, Workshop
from vogter.workshops.professions import of_workshop


def card_event(entry: Entry, revealed: bool) -> dict[str, Any]:
    """What the board may know of a card: never its sheet, never a time, and only the
    text as its author last finished it (`released_text`), never what is being typed.
    A card held back for the facilitator's check (`held`) has no text here: the board
    leaves it out until the facilitator has decided."""
    text = entry.released_text
    return {
        "id": str(entry.id),
        "field": entry.field,
        "shuffle": entry.shuffle,
        "hidden": entry.hidden,
        "held": entry.held,
        "text": text if revealed and not entry.hidden and not entry.held else None,
        "empty": not text.strip(),
    }


def counts(workshop: Workshop) -> dict[str, int]:
    sheets = Sheet.objects.filter(workshop=workshop)
    return {"joined": sheets.count(), "submitted": sheets.filter(submitted=True).count()}


def cards(workshop: Workshop) -> list[dict[str, Any]]:
    """The cards, from what their authors finished (`released_text`): a card appears
    only once something was released for it, never while it is being typed."""
    entries = (
        Entry.objects.filter(sheet__workshop=workshop, field__in=QUESTION_KEYS)
        .exclude(released_text="")
        .order_by("shuffle")
    )
    return [card_event(e, workshop.answers_revealed) for e in entries]


def professions(workshop: Workshop) -> dict[str, Any]:
    """Which professions took part, without naming one that would point at a person: the
    counts and labels that vogter/workshops/professions.py lets through, from what their
    authors finished, like the cards."""
    return of_workshop(workshop, released=True).as_dict()


def use_cases(workshop: Workshop) -> list[str]:
    """The use cases, in random order and apart from everything else on the sheet."""
    if not workshop.answers_revealed:
        return []
    entries = (
        Entry.objects.filter(sheet__workshop=workshop, field="use_case", hidden=False, held=False)
        .exclude(released_text="")
        .order_by("shuffle")
    )
    return list(entries.values_list("released_text", flat=True))


def overview(workshop: Workshop) -> dict[str, Any]:
    """The professions and use cases alone: what an `overview` event asks to redraw.

    Much smaller than the snapshot, whose cards the board already has from events.
    """
    workshop.refresh_from_db(fields=["answers_revealed"])
    return {
        "revealed": workshop.answers_revealed,
        "professions": professions(workshop),
        "use_cases": use_cases(workshop),
    }


def snapshot(workshop: Workshop) -> dict[str, Any]:
    workshop.refresh_from_db(fields=[*timer.FIELDS, "answers_revealed"])
    return {
        "phase": workshop.phase,
        "timer": timer.state(workshop),
        "editable": workshop.is_editable,
        "revealed": workshop.answers_revealed,
        "counts": counts(workshop),
        "cards": cards(workshop),
        "professions": professions(workshop),
        "use_cases": use_cases(workshop),
        "min_group_size": workshop.group_minimum,
    }


def held_count(workshop: Workshop) -> int:
    """How many answers wait for the facilitator's check: a number, never which."""
    return (
        Entry.objects.filter(sheet__workshop=workshop, held=True).exclude(released_text="").count()
    )
