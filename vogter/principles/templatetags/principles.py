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
