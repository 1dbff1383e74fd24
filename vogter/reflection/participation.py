"""Who has checked in to a round, for the reminders of those who run it: how many of the
members, how many personal links are used, and, while the round is open, the members who
have not checked in yet. Never anything about what anyone answered; and not the names
once the round is over, when its results may show (docs/reflection.md, "Who has checked
in").

Participation, not a figure about answers (docs/disclosure.md): it is shown as it is."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from vogter.organisations.models import Membership
from vogter.reflection.models import Link, Receipt, Round
from vogter.reflection.rounds import is_open, members


@dataclass(frozen=True)
class Participation:
    members: int  # the people the round is for: members placed in the charter's unit or below
    checked_in: int  # of them, those who have checked in, with a login or with their link
    links: int  # personal links made: members', workshop contacts', unnamed slips'
    links_used: int
    # While the round is open, those of the members who have not checked in yet, by name;
    # None before it opens and once it is over.
    not_yet: list[Membership] | None


def participation(reflection: Round, today: datetime.date | None = None) -> Participation:
    """Three queries (and one a level of the unit tree below the charter's unit)."""
    people = list(members(reflection.charter))
    done = set(Receipt.objects.filter(round=reflection).values_list("user_id", flat=True))
    counted = Link.objects.filter(round=reflection).aggregate(
        made=Count("pk"), used=Count("pk", filter=Q(used=True))
    )
    open_now = is_open(reflection, today)
    return Participation(
        members=len(people),
        checked_in=sum(1 for m in people if m.user_id in done),
        links=counted["made"],
        links_used=counted["used"],
        not_yet=sorted(
            (m for m in people if m.user_id not in done),
            key=lambda m: m.user.display_name.casefold(),
        )
        if open_now
        else None,
    )
