"""The themes as people see them: the answers themes are made of, and every question's
themes with their answers and the answers not yet placed."""

from dataclasses import dataclass
from typing import Any

from vogter.principles.models import Theme
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Workshop


def theme_entries(workshop: Workshop, question: str | None = None) -> Any:
    """The answers that themes are made of: written, not hidden by the facilitator, and not
    held back for the facilitator's check (vogter/workshops/actions/moderation.py)."""
    entries = Entry.objects.filter(sheet__workshop=workshop, hidden=False, held=False).exclude(
        text=""
    )
    if question is None:
        return entries.filter(field__in=QUESTION_KEYS)
    return entries.filter(field=question)


@dataclass(frozen=True)
class ThemeView:
    theme: Theme
    answers: list[Entry]
    quotes: list[Entry]


@dataclass(frozen=True)
class QuestionThemes:
    question: str
    themes: list[ThemeView]
    unplaced: list[Entry]

    @property
    def answers(self) -> int:
        return sum(len(t.answers) for t in self.themes) + len(self.unplaced)


def themes_by_question(workshop: Workshop) -> list[QuestionThemes]:
    """Every question's themes with their answers, and the answers not yet placed."""
    entries = list(theme_entries(workshop).select_related("theme_answer").order_by("shuffle"))
    themes = list(Theme.objects.filter(workshop=workshop))
    members: dict[int, list[Entry]] = {t.pk: [] for t in themes}
    quotes: dict[int, list[Entry]] = {t.pk: [] for t in themes}
    unplaced: dict[str, list[Entry]] = {key: [] for key in QUESTION_KEYS}
    for entry in entries:
        placed = getattr(entry, "theme_answer", None)
        if placed is None or placed.theme_id not in members:
            unplaced[entry.field].append(entry)
            continue
        members[placed.theme_id].append(entry)
        if placed.quote:
            quotes[placed.theme_id].append(entry)
    result = []
    for key in QUESTION_KEYS:
        views = [
            ThemeView(t, members[t.pk], (quotes[t.pk] or members[t.pk])[:3])
            for t in themes
            if t.question == key
        ]
        result.append(QuestionThemes(key, views, unplaced[key]))
    return result
