"""What the facilitator checks before the room sees it: answers held back because they
look like they hold personal data, with what was found (docs/workshops.md, "Checked
before the room sees it"). Only the facilitator's check page and API read this; the
board, the projector and the phones never do."""

from collections.abc import Iterable
from dataclasses import dataclass

from vogter.accounts.models import User
from vogter.llm.scrub import Found, find
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Workshop

# The fields whose texts the room sees: the question cards and the use cases. A
# profession is only ever counted under a label (vogter/workshops/professions.py).
CHECKED_FIELDS = frozenset({*QUESTION_KEYS, "use_case"})


def member_names(workshop: Workshop) -> list[str]:
    """The names of the organisation's members: the colleagues an answer may name."""
    return list(
        User.objects.filter(memberships__organisation_id=workshop.organisation_id)
        .exclude(name="")
        .values_list("name", flat=True)
        .distinct()
    )


def personal_data(text: str, names: Iterable[str]) -> list[Found]:
    return find(text, names)


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = ""  # what was found here ("cpr", "email", "phone", "name"), or nothing


@dataclass(frozen=True)
class HeldCard:
    id: str
    field: str
    text: str
    found: list[Found]

    @property
    def pieces(self) -> list[Piece]:
        """The text in pieces, each finding its own piece, for highlighting."""
        pieces: list[Piece] = []
        cursor = 0
        for item in self.found:
            if item.start < cursor:
                continue
            if item.start > cursor:
                pieces.append(Piece(self.text[cursor : item.start]))
            pieces.append(Piece(self.text[item.start : item.end], item.kind))
            cursor = item.end
        if cursor < len(self.text):
            pieces.append(Piece(self.text[cursor:]))
        return pieces

    @property
    def kinds(self) -> list[str]:
        return sorted({f.kind for f in self.found})


def held_cards(workshop: Workshop) -> list[HeldCard]:
    """The answers waiting for the check, in the board's random order, each with what was
    found in the text the room would see. Two queries however many are held."""
    entries = list(
        Entry.objects.filter(sheet__workshop=workshop, held=True)
        .exclude(released_text="")
        .only("id", "field", "released_text")
        .order_by("shuffle")
    )
    if not entries:
        return []
    names = member_names(workshop)
    return [
        HeldCard(str(e.id), e.field, e.released_text, personal_data(e.released_text, names))
        for e in entries
    ]
