"""The check-in through a personal link, over REST (tag `reflection`): no account and no
login, the link's token is the credential, and it works once (docs/reflection.md).

Every unknown token gets the same 404. The answers are stored exactly as a logged-in
check-in's: without the person, mixed with the round's other check-ins
(vogter/reflection/actions/checkins.py).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.reflection import links
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.api import (
    ReflectionCheckedInOut,
    ReflectionCheckinIn,
    ReflectionCheckinOut,
    checkin_out,
)
from vogter.reflection.models import AIMS, Link

router = Router(tags=["reflection"])


def _link(token: str) -> Link:
    link = links.find(token)
    if link is None:
        raise Http404
    return link


@router.get(
    "/{token}",
    response={200: ReflectionCheckinOut, 404: ErrorOut},
    auth=None,
    summary="A personal link's check-in: the principles to answer, and whether it is used",
)
def get_link_checkin(request: HttpRequest, token: str) -> dict[str, Any]:
    link = _link(token)
    return checkin_out(link.round, checked_in=link.used)


@router.post(
    "/{token}",
    response={201: ReflectionCheckedInOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=None,
    summary="Check in through a personal link, anonymously: once per link",
    description=(
        "The same answers as `POST …/reflection/{round}/checkin`, with no login: the token "
        "from the link (in a reminder, or a slip's QR code) is the credential. A used link, "
        "or a round that is not open: **409**."
    ),
)
def link_check_in(request: HttpRequest, token: str, body: ReflectionCheckinIn) -> Status[Any]:
    link = _link(token)
    try:
        checkin_actions.check_in_with_link(
            link,
            principles={a.code: (a.score, a.verdict) for a in body.principles},
            aims={aim: getattr(body, aim) for aim in AIMS},
            changed=body.changed,
        )
    except ActionError as error:
        if error.field != "round":
            raise
        return Status(409, {"detail": str(error.message), "field": error.field})
    return Status(201, {"checked_in": True})
