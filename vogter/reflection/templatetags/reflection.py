"""Reflection's parts of pages that other views draw: who has checked in, on the round
page (`participation_of`), and the card on a workshop participant's phone that asks
whether they want to be asked again (`ask_again`), which the workshop's pages include
without knowing about reflection."""

from typing import Any

from django import template

from vogter.reflection.contacts import offer
from vogter.reflection.models import Round
from vogter.reflection.participation import Participation, participation
from vogter.workshops.models import Sheet, Workshop

register = template.Library()


@register.simple_tag
def participation_of(reflection: Round) -> Participation:
    return participation(reflection)


@register.inclusion_tag("reflection/_ask_again.html", takes_context=True)
def ask_again(
    context: dict[str, Any], workshop: Workshop, sheet: Sheet | None = None, back: str = "sheet"
) -> dict[str, Any]:
    """The card, where it may be offered (`contacts.offer`); nothing elsewhere."""
    request = context["request"]
    return {
        "offered": offer(request, workshop, sheet),
        "workshop": workshop,
        "back": back,
        "language": getattr(request, "LANGUAGE_CODE", "da"),
        "csrf_token": context.get("csrf_token"),
    }
