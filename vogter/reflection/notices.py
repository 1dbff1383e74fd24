"""What reflection tells people (vogter/notifications): the people who represent a
charter's unit (its manager, TR and AMR, by the representation rule) hear of the flags
a closed round raised and of the agreed actions falling due. The round's own opening and
closing mails are the reminders (reminders.py).

Nothing here names anyone who checked in, and a flag mail gives no figures: it says which
principles to look at again and why, which the round's page shows everyone anyway.
"""

import datetime

from django.db.models import Q
from django.urls import reverse

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.notifications.kinds import Kind
from vogter.notifications.send import Notice, Texts, deliver, notify
from vogter.organisations import representation
from vogter.reflection.models import AgreedAction, Round
from vogter.reflection.results import trends
from vogter.reflection.rounds import is_over

# How long after a round closed its flags are still news, and how long before its due
# date an action is announced.
FLAG_DAYS = 7
DUE_DAYS = 2


def representatives(charter: Charter) -> list[User]:
    """The manager, TR and AMR of the charter's unit (each person once)."""
    found = representation.representatives(charter.unit)
    people = {m.user_id: m.user for members in found.values() for m in members}
    return list(people.values())


def _round_path(reflection: Round) -> str:
    return reverse("reflection:round", args=[reflection.charter.organisation.code, reflection.code])


def flags_raised(actor: User | None, reflection: Round) -> None:
    """Tell the unit's representatives, once the round's closing is committed, which
    principles it flags (once per round)."""
    notice = _flag_notice(actor, reflection)
    if notice is not None:
        notify(notice, representatives(reflection.charter))


def _flag_notice(actor: User | None, reflection: Round) -> Notice | None:
    """Only the charter's latest closed round raises flags; None when it raises none."""
    charter = reflection.charter
    if not is_over(reflection):
        return None
    trend = trends(charter)
    if not trend["rounds"] or trend["rounds"][-1].pk != reflection.pk or not trend["flags"]:
        return None
    flags = [
        {
            "reason": flag["reason"],
            "statement": Texts((flag["principle"] or {}).get("statement") or {"da": flag["code"]}),
        }
        for flag in trend["flags"]
    ]
    return Notice(
        kind=Kind.FLAG,
        organisation=charter.organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        title=charter.title,
        path=_round_path(reflection),
        dates={"closed": reflection.closes_on},
        context={"unit": charter.unit.name, "flags": flags},
        key=f"round-{reflection.code}",
    )


def flag_sweep(today: datetime.date) -> int:
    """Rounds that closed in the last week by their date (or early): their flags, once.
    How many mails went."""
    recent = Round.objects.filter(
        closes_on__gte=today - datetime.timedelta(days=FLAG_DAYS), closes_on__lte=today
    ).filter(Q(closed=True) | Q(closes_on__lt=today))
    rounds = recent.select_related("charter__organisation", "charter__unit").order_by("pk")
    sent = 0
    for reflection in rounds:
        notice = _flag_notice(None, reflection)
        if notice is not None:
            sent += deliver(notice, representatives(reflection.charter))
    return sent


def action_due_sweep(today: datetime.date) -> int:
    """Agreed actions not done and due within two days: to the unit's representatives,
    once per action and due date. How many mails went."""
    due = (
        AgreedAction.objects.filter(
            done=False, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_DAYS)
        )
        .select_related("round__charter__organisation", "round__charter__unit")
        .order_by("due_on", "pk")
    )
    count = 0
    for action in due:
        if action.due_on is None:  # the filter leaves none out; for mypy
            continue
        charter = action.round.charter
        notice = Notice(
            kind=Kind.ACTION_DUE,
            organisation=charter.organisation,
            actor=None,
            title=charter.title,
            path=_round_path(action.round),
            dates={"due": action.due_on},
            context={
                "unit": charter.unit.name,
                "description": action.description,
                "owner": action.owner,
            },
            key=f"action-{action.pk}-{action.due_on.isoformat()}",
        )
        count += deliver(notice, representatives(charter))
    return count
