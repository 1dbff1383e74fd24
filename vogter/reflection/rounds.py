"""What the pages, the API and the actions read about a round: whether it is open, who it
is for and whether they have checked in, the principles it asks about, and the agreed
actions still open from earlier rounds. The changes are in `actions/`."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.organisations.models import Membership, Unit
from vogter.reflection.models import AgreedAction, Receipt, Round


def is_open(reflection: Round, today: datetime.date | None = None) -> bool:
    """Whether check-ins are taken: between its dates, unless closed early."""
    today = today or timezone.localdate()
    return not reflection.closed and reflection.opens_on <= today <= reflection.closes_on


def is_over(reflection: Round, today: datetime.date | None = None) -> bool:
    """Whether no more check-ins can come: closed early or past its closing date. Only
    then may results show (results.py)."""
    today = today or timezone.localdate()
    return reflection.closed or reflection.closes_on < today


def subtree(unit: Unit) -> set[int]:
    """The unit and every unit below it."""
    ids, frontier = {unit.pk}, [unit.pk]
    while frontier:
        below = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in below if pk not in ids]
        ids.update(frontier)
    return ids


def members(charter: Charter) -> "QuerySet[Membership]":
    """The people a round is for: members placed in the charter's unit or below it."""
    return Membership.objects.filter(
        organisation=charter.organisation, unit_id__in=subtree(charter.unit)
    ).select_related("user")


def may_check_in(charter: Charter, user: User) -> bool:
    return members(charter).filter(user=user).exists()


def has_checked_in(reflection: Round, user: User) -> bool:
    return Receipt.objects.filter(round=reflection, user=user).exists()


def principles_of(reflection: Round) -> list[dict[str, Any]]:
    """The principles of the version the round reflects on, from its frozen document."""
    version = reflection.charter.versions.get(number=reflection.version_number)
    return list(version.document.get("principles", []))


def open_actions(charter: Charter) -> list[AgreedAction]:
    """Actions not yet done from earlier rounds: followed up in the next round."""
    return list(
        AgreedAction.objects.filter(round__charter=charter, done=False).select_related("round")
    )
