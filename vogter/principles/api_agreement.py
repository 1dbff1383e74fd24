"""The agreement rounds over REST: for facilitators (tag `principles`, on the principles
router) and for participants (tag `worksheets`, with the sheet token that joining
returned). Handlers stay thin: they change through vogter/principles/actions/."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.agreement import current_round, has_voted, round_in
from vogter.principles.api import ERRORS, WORKSHOP, router
from vogter.principles.models import AgreementRound
from vogter.principles.results import round_results
from vogter.workshops import runner
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.api import SheetAuth
from vogter.workshops.models import Sheet

worksheets = Router(tags=["worksheets"])


# --- Schemas ----------------------------------------------------------------------


class RoundRevealIn(Schema):
    revealed: bool = True


class RoundOpenIn(Schema):
    # Exact counts however small: every phone says so before anyone votes.
    open_count: bool = False


class RoundItemOut(Schema):
    principle: str
    statement_da: str
    statement_en: str
    position: int


class ItemResultOut(Schema):
    principle: str
    # agree, disagree, pass: null where withheld (docs/disclosure.md: with the number of
    # ballots known, no count of 1 to min_group_size - 1 can be worked out).
    counts: dict[str, int | None]
    # all_agree, most_agree (at least one disagrees), split, none_agree, no_positions;
    # plainer: some_disagree, none_disagree; null when even that would tell a count.
    band: str | None
    agree_share: float | None  # of those who took a position; null where withheld
    consensus: bool | None  # at least 80 % agree; null where the share is withheld
    comments: list[str]


class ResultsOut(Schema):
    ballots: int
    min_group_size: int
    open_count: bool  # exact counts, however small (announced before the vote)
    # True while fewer than the minimum group size have voted: no figures at all.
    withheld: bool
    principles: list[ItemResultOut]


class RoundOut(Schema):
    number: int
    open: bool
    revealed: bool
    open_count: bool
    opened_on: datetime.date
    ballots: int
    items: list[RoundItemOut]
    # Null until the round is revealed.
    results: ResultsOut | None


class MyRoundOut(Schema):
    number: int
    open: bool
    revealed: bool
    # Exact counts, however small, will be shown: said before the ballot.
    open_count: bool
    voted: bool
    items: list[RoundItemOut]
    results: ResultsOut | None


class VoteIn(Schema):
    principle: str
    choice: str
    comment: str = ""


class BallotIn(Schema):
    round: int = Field(ge=1, le=32767)
    votes: list[VoteIn]


# --- Fetching and representations ------------------------------------------


def _items(agreement: AgreementRound) -> list[dict[str, Any]]:
    return [
        {
            "principle": item.principle.code,
            "statement_da": item.statement_da,
            "statement_en": item.statement_en,
            "position": item.position,
        }
        for item in agreement.items.select_related("principle")
    ]


def _results(agreement: AgreementRound) -> dict[str, Any] | None:
    """The round's results once revealed, for facilitators and participants alike;
    before the reveal nobody sees them, not even through the API."""
    if not agreement.revealed:
        return None
    results = round_results(agreement)
    return {
        "ballots": results["ballots"],
        "min_group_size": results["min_group_size"],
        "open_count": results["open_count"],
        "withheld": results["withheld"],
        "principles": [
            {
                "principle": row["code"],
                "counts": row["counts"],
                "band": row["band"],
                "agree_share": row["agree_share"],
                "consensus": row["consensus"],
                "comments": row["comments"],
            }
            for row in results["principles"]
        ],
    }


def _round_out(agreement: AgreementRound) -> dict[str, Any]:
    return {
        "number": agreement.number,
        "open": agreement.open,
        "revealed": agreement.revealed,
        "open_count": agreement.open_count,
        "opened_on": agreement.opened_on,
        "ballots": agreement.ballots.count(),
        "items": _items(agreement),
        "results": _results(agreement),
    }


# --- Agreement rounds -------------------------------------------------------------


@router.get(
    WORKSHOP + "/agreement/rounds",
    response={200: list[RoundOut], **ERRORS},
    summary="The agreement rounds (results only once revealed)",
)
def list_rounds(request: AuthedHttpRequest, org: str, workshop_code: str) -> list[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    rounds = AgreementRound.objects.filter(workshop=workshop)
    return [_round_out(r) for r in rounds]


@router.post(
    WORKSHOP + "/agreement/rounds",
    response={201: RoundOut, **ERRORS},
    summary="Open a new agreement round on the principles as they stand",
    description=(
        "`open_count`: show exact counts however small (default false: counts that would "
        "tell what fewer than the minimum group size chose are null, and a `band` says "
        "what the room needs to know). Chosen now, before anyone votes; every phone says "
        "so before the ballot."
    ),
)
def open_round(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: RoundOpenIn | None = None
) -> Status[dict[str, Any]]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    open_count = body.open_count if body is not None else False
    agreement = agreement_actions.open_round(request.user, workshop, open_count=open_count)
    return Status(201, _round_out(agreement))


@router.get(
    WORKSHOP + "/agreement/rounds/{number}",
    response={200: RoundOut, **ERRORS},
    summary="An agreement round (results only once revealed)",
)
def get_round(
    request: AuthedHttpRequest, org: str, workshop_code: str, number: str
) -> dict[str, Any]:
    return _round_out(round_in(get_workshop_for_user(request.user, org, workshop_code), number))


@router.post(
    WORKSHOP + "/agreement/rounds/{number}/close",
    response={200: RoundOut, **ERRORS},
    summary="Close an agreement round: no more ballots",
)
def close_round(
    request: AuthedHttpRequest, org: str, workshop_code: str, number: str
) -> dict[str, Any]:
    agreement = round_in(get_workshop_for_user(request.user, org, workshop_code), number)
    return _round_out(agreement_actions.close_round(request.user, agreement))


@router.post(
    WORKSHOP + "/agreement/rounds/{number}/reveal",
    response={200: RoundOut, **ERRORS},
    summary="Reveal an agreement round's results, or hide them again",
)
def reveal_round(
    request: AuthedHttpRequest, org: str, workshop_code: str, number: str, body: RoundRevealIn
) -> dict[str, Any]:
    agreement = round_in(get_workshop_for_user(request.user, org, workshop_code), number)
    return _round_out(agreement_actions.reveal_round(request.user, agreement, body.revealed))


# --- Participants -----------------------------------------------------------------


def _my_round(sheet: Sheet) -> Any:
    agreement = current_round(sheet.workshop)
    if agreement is None:
        return Status(404, {"detail": _("There is no agreement round in this workshop yet.")})
    return {
        "number": agreement.number,
        "open": agreement.open,
        "revealed": agreement.revealed,
        "open_count": agreement.open_count,
        "voted": has_voted(agreement, sheet),
        "items": _items(agreement),
        "results": _results(agreement),
    }


@worksheets.get(
    "/me/agreement",
    response={200: MyRoundOut, **ERRORS},
    auth=SheetAuth(),
    summary="The workshop's current agreement round, and whether you have voted",
)
def my_round(request: HttpRequest) -> Any:
    return runner.run(_my_round, request.auth)  # type: ignore[attr-defined]


def _vote(sheet: Sheet, body: BallotIn) -> Any:
    agreement = AgreementRound.objects.filter(workshop=sheet.workshop, number=body.round).first()
    if agreement is None:
        return Status(404, {"detail": _("There is no such agreement round in this workshop.")})
    votes = {v.principle: (v.choice, v.comment) for v in body.votes}
    if len(votes) != len(body.votes):
        raise ActionError(_("Vote on each principle once."), field="votes")
    try:
        agreement_actions.cast_ballot(sheet, agreement, votes)
    except ActionError as error:
        # Already voted, or the round is closed: the round's state, not the ballot, is in the way.
        if error.field != "round":
            raise
        return Status(409, {"detail": str(error.message), "field": error.field})
    return _my_round(sheet)


@worksheets.post(
    "/me/agreement",
    response={200: MyRoundOut, 409: ErrorOut, **ERRORS},
    auth=SheetAuth(),
    summary="Cast your ballot in the agreement round: once, a choice for every principle",
)
def vote(request: HttpRequest, body: BallotIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_vote, sheet, body)


class ProposalIn(Schema):
    statement_da: str = ""
    statement_en: str = ""
    rationale: str = ""


# Not "ProposalOut": the OpenAPI components are one namespace, and the charters' cascade
# has a ProposalOut of its own (a principle proposed to the unit above).
class SheetProposalOut(Schema):
    statement_da: str
    statement_en: str
    rationale: str


def _propose(sheet: Sheet, body: ProposalIn) -> Any:
    principle = principle_actions.propose_principle(
        sheet,
        statement_da=body.statement_da,
        statement_en=body.statement_en,
        rationale=body.rationale,
    )
    return Status(
        201,
        {
            "statement_da": principle.statement_da,
            "statement_en": principle.statement_en,
            "rationale": principle.rationale,
        },
    )


@worksheets.post(
    "/me/principles",
    response={201: SheetProposalOut, **ERRORS},
    auth=SheetAuth(),
    summary="Propose a principle, when the workshop allows it (it keeps no author)",
)
def propose(request: HttpRequest, body: ProposalIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_propose, sheet, body)
