"""The check before the room sees it, over REST (tag `workshops`): the answers held back
because they look like they hold personal data, and the decision on each.

Mounted under `/api/organisations` (paths `/{org}/workshops/{workshop_code}/…`). Thin, like
the pages: fetch through `access`, change through `actions.moderation.moderate_entry`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema

from vogter.api.schemas import ErrorOut
from vogter.lib.http import AuthedHttpRequest
from vogter.workshops import board, moderation
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.actions.moderation import Decision, moderate_entry
from vogter.workshops.api import CardOut
from vogter.workshops.models import Entry

router = Router(tags=["workshops"])
BASE = "/{org}/workshops/{workshop_code}"
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class FoundOut(Schema):
    kind: str = Field(description="cpr, email, phone or name")
    start: int = Field(description="Where it starts in `text` (characters from 0)")
    end: int = Field(description="Where it ends in `text` (exclusive)")


class HeldCardOut(Schema):
    id: str
    field: str
    text: str = Field(description="The answer as the room would see it")
    found: list[FoundOut]


class DecisionIn(Schema):
    decision: Decision = Field(
        description="blank: replace what was found with [removed]; hide: take the answer off "
        "the board; show: let it go up as written"
    )


@router.get(
    BASE + "/check",
    response={200: list[HeldCardOut], **ERRORS},
    summary="The answers held back for a check before the room sees them, with what was found",
)
def held_cards(request: AuthedHttpRequest, org: str, workshop_code: str) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return [
        {
            "id": card.id,
            "field": card.field,
            "text": card.text,
            "found": [{"kind": f.kind, "start": f.start, "end": f.end} for f in card.found],
        }
        for card in moderation.held_cards(workshop)
    ]


@router.post(
    BASE + "/cards/{card}/check",
    response={200: CardOut, **ERRORS},
    summary="Decide on a held answer: blank what was found, hide it, or show it as written",
)
def decide(
    request: AuthedHttpRequest, org: str, workshop_code: str, card: str, body: DecisionIn
) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    try:
        entry = Entry.objects.select_related("sheet__workshop__organisation").get(
            id=card, sheet__workshop=workshop
        )
    except (Entry.DoesNotExist, ValidationError):
        raise Http404 from None
    moderate_entry(request.user, entry, body.decision)
    return board.card_event(entry, workshop.answers_revealed)
