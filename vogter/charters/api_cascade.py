"""The cascade over REST (tag `charters`): a charter beside the adopted charters of the
units above, adopting from them, proposing upward, and the proposals from below.

Any member reads; facilitators and admins change, through vogter/charters/actions/cascade.py
like the page. A change refused because the charter's version is proposed is a 409.
"""

from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from vogter.charters import cascade
from vogter.charters.access import get_charter_in
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.api import (
    CHANGES,
    CHARTER,
    ERRORS,
    PRINCIPLE,
    CharterPrincipleOut,
    _principle_in,
    charter_for,
    fresh_principle_out,
    status_conflict,
)
from vogter.charters.models import UpwardProposal
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import FACILITATOR_ROLES

router = Router(tags=["charters"])


class CascadePrincipleOut(Schema):
    code: str
    statement_da: str
    statement_en: str
    adopted_here: bool  # already adopted into this charter


class CascadeAboveOut(Schema):
    unit: str
    unit_name: str
    charter: str
    title: str
    version: int
    adopted_on: str | None
    principles: list[CascadePrincipleOut]


class ProposalOut(Schema):
    code: str
    status: str  # open, taken, declined
    statement_da: str
    statement_en: str
    cells: dict[str, str]
    note: str
    # Provenance: the unit and charter it came from, and its adopted version there
    # (None: it was in their draft only when proposed).
    from_unit: str
    from_unit_name: str
    from_charter: str
    from_charter_title: str
    from_principle: str
    from_version: int | None
    to_unit: str
    proposed_at: str
    decided_at: str | None
    taken_into: str | None


class CascadeOut(Schema):
    charter: str
    unit: str
    parent_unit: str | None
    above: list[CascadeAboveOut]
    incoming: list[ProposalOut]
    outgoing: list[ProposalOut]


class CascadeAdoptIn(Schema):
    parent: str  # the code of a charter of a unit above
    principle: str  # the code of one of its principles, in its latest adopted version


class ProposeIn(Schema):
    note: str = ""


class TakeOut(Schema):
    proposal: ProposalOut
    principle: CharterPrincipleOut


def _proposal_out(p: UpwardProposal) -> dict[str, Any]:
    return {
        "code": p.code,
        "status": p.status,
        "statement_da": p.statement_da,
        "statement_en": p.statement_en,
        "cells": p.cells,
        "note": p.note,
        "from_unit": p.from_charter.unit.code,
        "from_unit_name": p.from_charter.unit.name,
        "from_charter": p.from_charter.code,
        "from_charter_title": p.from_charter.title,
        "from_principle": p.principle_code,
        "from_version": p.from_version,
        "to_unit": p.to_unit.code,
        "proposed_at": p.proposed_at.isoformat(),
        "decided_at": p.decided_at.isoformat() if p.decided_at else None,
        "taken_into": p.taken_into.code if p.taken_into else None,
    }


@router.get(
    CHARTER + "/cascade",
    response={200: CascadeOut, **ERRORS},
    summary="A charter beside the adopted charters of the units above, with proposals",
)
def get_cascade(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    found = charter_for(request.user, org, charter_code)
    result = cascade.cascade(found)
    for p in result.outgoing:
        p.from_charter = found
    return {
        "charter": found.code,
        "unit": found.unit.code,
        "parent_unit": found.unit.parent.code if found.unit.parent else None,
        "above": [
            {
                "unit": a.unit.code,
                "unit_name": a.unit.name,
                "charter": a.charter.code,
                "title": a.charter.title,
                "version": a.version.number,
                "adopted_on": a.version.adopted_on.isoformat() if a.version.adopted_on else None,
                "principles": [
                    {
                        "code": p["code"],
                        "statement_da": p["statement"]["da"],
                        "statement_en": p["statement"]["en"],
                        "adopted_here": p["code"] in a.adopted,
                    }
                    for p in a.principles
                ],
            }
            for a in result.above
        ],
        "incoming": [_proposal_out(p) for p in result.incoming],
        "outgoing": [_proposal_out(p) for p in result.outgoing],
    }


@router.post(
    CHARTER + "/cascade/adopt",
    response={201: CharterPrincipleOut, **CHANGES},
    summary="Adopt a principle of a unit above into this charter, keeping the link",
    description="Goes into the draft (a new draft is started when the charter is adopted); "
    "the parent's cells at its own level and above come along.",
)
@status_conflict
def adopt_from_parent(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CascadeAdoptIn
) -> Status[Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    parent = get_charter_in(found.organisation, body.parent)
    made = cascade_actions.adopt_from_parent(request.user, found, parent, body.principle)
    return Status(201, fresh_principle_out(made))


@router.post(
    PRINCIPLE + "/propose-upward",
    response={201: ProposalOut, **ERRORS},
    summary="Propose this principle to the unit directly above",
)
def propose_upward(
    request: AuthedHttpRequest, org: str, charter_code: str, principle_code: str, body: ProposeIn
) -> Status[Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    proposal = cascade_actions.propose_upward(
        request.user, _principle_in(found, principle_code), body.note
    )
    return Status(201, _proposal_out(proposal))


@router.post(
    CHARTER + "/proposals/{proposal}/take",
    response={201: TakeOut, **CHANGES},
    summary="Take a proposal from a unit below into this charter's next version",
)
@status_conflict
def take_proposal(
    request: AuthedHttpRequest, org: str, charter_code: str, proposal: str
) -> Status[Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    item = cascade.incoming_proposal(found, proposal)
    made = cascade_actions.take_proposal(request.user, item, found)
    return Status(
        201,
        {
            "proposal": _proposal_out(cascade.incoming_proposal(found, proposal)),
            "principle": fresh_principle_out(made),
        },
    )


@router.post(
    CHARTER + "/proposals/{proposal}/decline",
    response={200: ProposalOut, **ERRORS},
    summary="Decline a proposal from a unit below",
)
def decline_proposal(
    request: AuthedHttpRequest, org: str, charter_code: str, proposal: str
) -> dict[str, Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    cascade_actions.decline_proposal(request.user, cascade.incoming_proposal(found, proposal))
    return _proposal_out(cascade.incoming_proposal(found, proposal))


@router.post(
    CHARTER + "/proposals/{proposal}/withdraw",
    response={200: ProposalOut, **ERRORS},
    summary="Withdraw a proposal this charter made, while it is open",
)
def withdraw_proposal(
    request: AuthedHttpRequest, org: str, charter_code: str, proposal: str
) -> dict[str, Any]:
    found = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    own = (
        UpwardProposal.objects.select_related("from_charter__unit", "to_unit", "taken_into")
        .filter(from_charter=found, code=proposal)
        .first()
    )
    if own is None:
        raise Http404
    cascade_actions.withdraw_proposal(request.user, own)
    own.refresh_from_db()
    return _proposal_out(own)
