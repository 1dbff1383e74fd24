"""A grouping of one question's answers proposed by the language model, or, when it cannot
give a usable one, by Vogter's own suggestion (docs/themes.md, docs/llm.md).

Here the two leaves meet: `vogter.llm` gets numbered, scrubbed texts and answers with
numbers; the answers' ids never leave this module. Nothing is saved: a person accepts a
proposal through `actions.themes.accept_grouping`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from vogter.llm import assist
from vogter.llm.client import AssistantUnavailable, Endpoint
from vogter.themes.suggest import Answer, suggest_themes


@dataclass(frozen=True)
class ProposedTheme:
    label: str
    answer_ids: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    question: str
    themes: tuple[ProposedTheme, ...]
    # What went to the model and what it answered with; None when it was not asked or
    # did not answer usably.
    grouping: assist.Grouping | None
    # Empty when the model's grouping is used; otherwise why not, for the facilitator.
    fallback: str = ""
    # The technical reason, for the log and the benchmark (never prompt text or a key).
    reason: str = ""

    @property
    def by_assistant(self) -> bool:
        return self.grouping is not None


def propose(
    answers: Sequence[Answer],
    question_text: str,
    language: str,
    k: int | None = None,
    endpoint: Endpoint | None = None,
) -> Proposal:
    """The model's grouping of `answers` (all of one question), or Vogter's own with a
    sentence saying why when the model is unreachable, slow or answers unusably."""
    question = answers[0].question if answers else ""
    try:
        grouping = assist.group_answers(
            [a.text for a in answers], question_text, language, k=k, endpoint=endpoint
        )
    except AssistantUnavailable as error:
        return Proposal(
            question=question,
            themes=_built_in(answers, language, k),
            grouping=None,
            fallback=gettext(
                "%(reason)s This is Vogter's own suggestion instead, made on this server."
            )
            % {"reason": error.message},
            reason=error.reason,
        )
    themes = tuple(
        ProposedTheme(label, tuple(answers[position].id for position in positions))
        for label, positions in grouping.groups
    )
    return Proposal(question=question, themes=themes, grouping=grouping)


def _built_in(answers: Sequence[Answer], language: str, k: int | None) -> tuple[ProposedTheme, ...]:
    if not answers:
        return ()
    return tuple(
        ProposedTheme(theme.label, theme.answer_ids)
        for theme in suggest_themes(answers, k=k, language=language)
    )
