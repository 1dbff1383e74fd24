from collections.abc import Iterable
from typing import Any

from django import template

from vogter.principles.models import Worded

register = template.Library()


@register.filter
def sentence(worded: Worded, language: str) -> str:
    """The principle's whole sentence ("Når vi bruger GenAI, …"), as it is written."""
    return worded.sentence(language)


@register.filter
def sentence_lang(worded: Worded, language: str) -> str:
    return worded.sentence_language(language)


@register.filter
def statement(worded: Worded, language: str) -> str:
    return worded.statement(language)


@register.simple_tag
def holds_chosen(
    question: Any, chosen_themes: Iterable[str], chosen_sources: Iterable[str]
) -> bool:
    """Whether a question's section holds a ticked theme or answer: such a section opens, so
    that nothing ticked is hidden from the person who sends the form."""
    themes, sources = set(chosen_themes or ()), set(chosen_sources or ())
    return any(
        view.theme.code in themes or any(str(e.id) in sources for e in view.answers)
        for view in question.themes
    )
