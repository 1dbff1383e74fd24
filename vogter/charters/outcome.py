"""Closing the loop for a participant: what became of their own answers.

Built from the participant's own sheet only: their answers, the theme each landed in,
the workshop principles that quote the answer or grew from its theme, and whether
those principles are in an adopted charter. Nobody else's answers appear.
"""

from dataclasses import dataclass, field

from vogter.charters.models import CharterPrinciple, Status
from vogter.principles.models import Principle, ThemeAnswer
from vogter.workshops.kit import QUESTIONS
from vogter.workshops.models import Sheet


@dataclass
class AnswerOutcome:
    question: str
    text: str
    theme: str | None
    principles: list[Principle] = field(default_factory=list)


@dataclass
class AdoptedPrinciple:
    charter: str
    version: int
    sentence: str


@dataclass
class Outcome:
    answers: list[AnswerOutcome]
    adopted: list[AdoptedPrinciple]


def outcome_for(sheet: Sheet, language: str) -> Outcome:
    entries = {e.field: e for e in sheet.entries.all() if e.text.strip()}
    placed = {
        t.entry_id: t.theme
        for t in ThemeAnswer.objects.filter(entry__sheet=sheet).select_related("theme")
    }
    principles = list(
        Principle.objects.filter(workshop=sheet.workshop, withdrawn=False).prefetch_related(
            "themes", "sources"
        )
    )
    answers = []
    fed: set[int] = set()
    for question in QUESTIONS:
        entry = entries.get(question.key)
        if entry is None:
            continue
        theme = placed.get(entry.pk)
        related = [
            p
            for p in principles
            if any(s.pk == entry.pk for s in p.sources.all())
            or (theme is not None and any(t.pk == theme.pk for t in p.themes.all()))
        ]
        fed.update(p.pk for p in related)
        answers.append(
            AnswerOutcome(
                question=question.en if language == "en" else question.da,
                text=entry.text,
                theme=theme.label if theme else None,
                principles=related,
            )
        )
    adopted = []
    copies = CharterPrinciple.objects.filter(source_id__in=fed).select_related("charter")
    for copy in copies:
        version = copy.charter.versions.filter(status=Status.ADOPTED).order_by("-number").first()
        if version is None:
            continue
        codes = {p["code"] for p in version.document.get("principles", [])}
        if copy.code in codes:
            adopted.append(
                AdoptedPrinciple(copy.charter.title, version.number, copy.sentence(language))
            )
    return Outcome(answers, adopted)
