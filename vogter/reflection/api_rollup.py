"""The roll-up over REST (tag `reflection`): a unit and the units below it, their
charters and rounds, and the aims added up level by level — null wherever the page
shows a dash (vogter/reflection/rollup.py decides).

For facilitators, admins and managers of the organisation; other members get a 403.
"""

import datetime
from typing import Any

from ninja import Router
from pydantic import (
    BaseModel as Schema,
)  # plain pydantic: ninja's Schema wraps every nested row in a getter, and a roll-up has a thousand

from vogter.api.schemas import ErrorOut
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection import rollup as rollups
from vogter.reflection.access import get_unit_for_rollup
from vogter.reflection.models import AIMS

router = Router(tags=["reflection"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# Every name starts with "RollUp": the OpenAPI components are one namespace.


class RollUpCharterOut(Schema):
    code: str
    title: str
    adopted_version: int | None
    adopted_on: datetime.date | None


class RollUpAimOut(Schema):
    """null everywhere where withheld, with the reason (docs/disclosure.md)."""

    n: int | None
    mean: float | None  # to one decimal
    # few: under the minimum; complement: it would give a smaller group away by
    # subtraction; history: set beside a figure shown earlier, it would.
    reason: str | None


class RollUpUnitOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    depth: int
    charters: list[RollUpCharterOut]
    rounds: int
    last_closed_on: datetime.date | None
    open_until: datetime.date | None
    open_actions: int
    checkins: int | None
    checkins_reason: str | None
    productivity: RollUpAimOut
    wellbeing: RollUpAimOut
    meaningfulness: RollUpAimOut


class RollUpOut(Schema):
    unit: str
    since: datetime.date | None
    min_group_size: int
    units: list[RollUpUnitOut]  # tree order; the first is the unit itself, the whole


# Plain dicts below: the response schema validates them once (building the schemas first
# would validate a thousand rows twice).


def _aim(aggregate: rollups.Aggregate) -> dict[str, Any]:
    return {"n": aggregate.n, "mean": aggregate.mean, "reason": aggregate.reason}


@router.get(
    "/{org}/units/{unit_code}/reflection",
    response={200: RollUpOut, **ERRORS},
    summary="Roll up reflection over a unit and the units below it",
)
def get_rollup(
    request: AuthedHttpRequest, org: str, unit_code: str, since: datetime.date | None = None
) -> dict[str, Any]:
    unit, membership = get_unit_for_rollup(request.user, org, unit_code)
    result = rollups.rollup(unit, since=since, shown_to=rollups.audience(membership))
    codes = {row.unit.pk: row.unit.code for row in result.rows}
    return {
        "unit": unit.code,
        "since": since,
        "min_group_size": result.min_group_size,
        "units": [
            {
                "code": row.unit.code,
                "name": row.unit.name,
                "level": row.unit.level,
                "parent": codes.get(row.unit.parent_id or 0),
                "depth": row.depth,
                "charters": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "adopted_version": c.adopted_version,
                        "adopted_on": c.adopted_on,
                    }
                    for c in row.charters
                ],
                "rounds": row.rounds,
                "last_closed_on": row.last_closed_on,
                "open_until": row.open_until,
                "open_actions": row.open_actions,
                "checkins": row.checkins,
                "checkins_reason": row.checkins_reason,
                **{aim: _aim(row.aims[aim]) for aim in AIMS},
            }
            for row in result.rows
        ],
    }
