"""Personal check-in links over REST (tag `reflection`, docs/reflection.md).

`router` (under /checkin-links): the check-in through a link, with no account and no
login: the token is the credential, it works once, and every unknown token gets the same
404. The answers are stored exactly as a logged-in check-in's: without the person, mixed
with the round's other check-ins (vogter/reflection/actions/checkins.py).

`rounds` (under /organisations): for those who manage a round, its printable slips and
who has checked in (never what anyone answered).
"""

from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vogter.api.schemas import ErrorOut, file_schema
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.models import Membership
from vogter.reflection import links
from vogter.reflection.access import get_round_for_user
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import slips as slip_actions
from vogter.reflection.api import (
    ReflectionCheckedInOut,
    ReflectionCheckinIn,
    ReflectionCheckinOut,
    checkin_out,
)
from vogter.reflection.models import AIMS, Link
from vogter.reflection.participation import participation
from vogter.reflection.slips import slips_pdf

router = Router(tags=["reflection"])
rounds = Router(tags=["reflection"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ROUND = "/{org}/reflection/{round}"
PDF = "application/pdf"


class ReflectionSlipsIn(Schema):
    # Membership codes of those who get a named slip; null: every member of the round.
    members: list[str] | None = None
    extra: int = 0  # unnamed slips, 0-200
    language: Literal["da", "en"] | None = None  # default: the organisation's


class ReflectionMemberOut(Schema):
    code: str  # the membership's
    name: str


class ReflectionParticipationOut(Schema):
    members: int
    checked_in: int
    links: int
    links_used: int
    not_yet: list[ReflectionMemberOut] | None  # only while the round is open


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


# --- Slips and who has checked in, for those who manage the round -----------------------


@rounds.post(
    ROUND + "/slips",
    response={**ERRORS},
    summary="Printable check-in slips: an A4 PDF, a QR code of a personal link on each",
    description=(
        "A named slip for each member in `members` (membership codes; null: every member "
        "placed in the charter's unit or below it), the same link each time it is printed, "
        "and `extra` unnamed slips (0-200), each a new link. A closed round: **400**."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The slips (Content-Disposition names the file)",
                "content": {PDF: {"schema": file_schema(PDF)}},
            }
        }
    },
)
def print_slips(
    request: AuthedHttpRequest, org: str, round: str, body: ReflectionSlipsIn
) -> HttpResponse:
    reflection, _membership = get_round_for_user(request.user, org, round, manage=True)
    organisation = reflection.charter.organisation
    chosen = None
    if body.members is not None:
        codes = body.members[:10_000]
        chosen = list(
            Membership.objects.filter(organisation=organisation, code__in=codes).select_related(
                "user"
            )
        )
        if len(chosen) != len(set(codes)):
            raise ActionError(_("One of the members is not known here."), field="members")
    made = slip_actions.make_slips(request.user, reflection, chosen=chosen, extra=body.extra)
    language = body.language or ("en" if organisation.default_language == "en" else "da")
    return file_response(slips_pdf(reflection, made, language, settings.SITE_URL))


@rounds.get(
    ROUND + "/participation",
    response={200: ReflectionParticipationOut, **ERRORS},
    summary="How many have checked in, and while the round is open who has not yet",
    description="For those who manage the round. Never what anyone answered; the names go "
    "once the round has closed (docs/reflection.md).",
)
def get_participation(request: AuthedHttpRequest, org: str, round: str) -> dict[str, Any]:
    reflection, _membership = get_round_for_user(request.user, org, round, manage=True)
    found = participation(reflection)
    return {
        "members": found.members,
        "checked_in": found.checked_in,
        "links": found.links,
        "links_used": found.links_used,
        "not_yet": None
        if found.not_yet is None
        else [{"code": m.code, "name": m.user.display_name} for m in found.not_yet],
    }
