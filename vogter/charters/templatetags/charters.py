import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from vogter.charters.cascade import provenance
from vogter.charters.document import statement_in
from vogter.principles.models import Level

register = template.Library()


@register.filter
def local_moment(iso: str) -> datetime.datetime | str:
    """An ISO 8601 moment from a charter document, in the local time zone (for |date)."""
    moment = parse_datetime(iso or "")
    if moment is None:
        return iso
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def iso_day(iso: str) -> datetime.date | str:
    """An ISO 8601 day from a charter document ("2026-12-06"), as a date (for |date)."""
    try:
        return datetime.date.fromisoformat(iso or "")
    except ValueError:
        return iso


@register.simple_tag
def principle_sentence(principle: Any, language: str) -> tuple[str, str]:
    """A principle of a charter document: (the language shown, its whole sentence)."""
    return statement_in(principle, language)


@register.filter
def sentence(worded: Any, language: str) -> str:
    return str(worded.sentence(language))


@register.filter
def sentence_language(worded: Any, language: str) -> str:
    return str(worded.sentence_language(language))


@register.filter
def origin_text(principle: Any) -> str:
    return provenance(principle)


@register.filter
def level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


@register.simple_tag
def principle_cells(principle: Any) -> dict[str, str]:
    """A charter document principle's filled cells as {level: text}."""
    return {
        level: cell["text"] for level, cell in principle["cells"].items() if cell and cell["text"]
    }


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
