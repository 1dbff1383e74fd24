"""The anonymous check-in: once per person per round, with a login or a personal link,
the answers stored so that nothing pairs them with the person or the link
(docs/reflection.md)."""

import random
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.reflection.models import (
    AIMS,
    Checkin,
    Link,
    PrincipleAnswer,
    Receipt,
    Round,
    Verdict,
)
from vogter.reflection.rounds import is_open, may_check_in, principles_of

CHANGED_MAX = 2000
# A new check-in is written together with this many of the round's earlier ones, all
# rewritten in a random order: whoever reads the database sees the newest answers among
# at least this many (or all of them, in a smaller round), with no order or transaction
# to tell which came with which receipt.
MIX = 100

_random = random.SystemRandom()


def shuffled(items: list[Any]) -> list[Any]:
    """The order answers are written in (a test may replace it to see it is used)."""
    _random.shuffle(items)
    return items


@dataclass(frozen=True)
class Answers:
    """One person's check-in, checked, with no person in it."""

    principles: list[tuple[str, int | None, str]]
    aims: dict[str, int | None]
    changed: str


def _score(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ActionError(
            _("Choose a number from 1 to 5, or “can\N{RIGHT SINGLE QUOTATION MARK}t say”."),
            field=field,
        )
    return number


def _clean(
    reflection: Round,
    principles: dict[str, tuple[Any, str]],
    aims: dict[str, Any],
    changed: str,
) -> Answers:
    if not is_open(reflection):
        raise ActionError(_("This round is not open."), field="round")
    codes = {p["code"] for p in principles_of(reflection)}
    if set(principles) - codes:
        raise ActionError(_("Unknown principle."), field="principles")
    cleaned = []
    for code, (score, verdict) in principles.items():
        if verdict not in ("", *Verdict.values):
            raise ActionError(_("Choose keep, revise or retire."), field=f"verdict-{code}")
        cleaned.append((code, _score(score, f"score-{code}"), verdict))
    aim_scores = {aim: _score(aims.get(aim), aim) for aim in AIMS}
    changed = (changed or "").replace("\r\n", "\n").strip()
    if len(changed) > CHANGED_MAX:
        raise ActionError(
            _("This text is too long: at most %(max)d characters, and it has %(length)d.")
            % {"max": CHANGED_MAX, "length": len(changed)},
            field="changed",
        )
    return Answers(cleaned, aim_scores, changed)


def _store(reflection: Round, answers: Answers) -> None:
    """Write the new answers, and rewrite up to MIX of the round's earlier check-ins with
    them (those first by their random shuffle key, which the rewrite draws anew): each
    gets a new random id and all are inserted in a random order, in the same transaction
    as the receipt. So no row id, row order or transaction in the database (SQLite's
    rowid; PostgreSQL's ctid and xmin) tells the newest answers from the rest. The caller
    holds the round's lock, so two check-ins never mix at once."""
    earlier = list(Checkin.objects.filter(round=reflection).order_by("shuffle")[:MIX])
    given: dict[Any, list[tuple[str, int | None, str]]] = {c.pk: [] for c in earlier}
    for code, score, verdict, checkin_id in PrincipleAnswer.objects.filter(
        checkin_id__in=list(given)
    ).values_list("principle_code", "score", "verdict", "checkin_id"):
        given[checkin_id].append((code, score, verdict))
    batch = [({"changed": answers.changed, **answers.aims}, answers.principles)] + [
        (
            {"changed": checkin.changed, **{aim: getattr(checkin, aim) for aim in AIMS}},
            given[checkin.pk],
        )
        for checkin in earlier
    ]
    Checkin.objects.filter(pk__in=list(given)).delete()  # their answers go with them
    rows = [(Checkin(round=reflection, **fields), mine) for fields, mine in shuffled(batch)]
    Checkin.objects.bulk_create([checkin for checkin, _mine in rows])
    PrincipleAnswer.objects.bulk_create(
        PrincipleAnswer(
            checkin=checkin, round=reflection, principle_code=code, score=score, verdict=verdict
        )
        for checkin, mine in rows
        for code, score, verdict in mine
    )


def _lock(reflection: Round) -> Round:
    return (
        Round.objects.select_for_update()
        .select_related("charter__organisation")
        .get(pk=reflection.pk)
    )


@transaction.atomic
def check_in(
    user: User,
    reflection: Round,
    *,
    principles: dict[str, tuple[Any, str]],
    aims: dict[str, Any],
    changed: str = "",
) -> None:
    """One check-in per person per round, with a login. The answers are stored without
    the person; the receipt only says that they have answered, and their personal link
    to the round (if they have one) is used up with it."""
    reflection = _lock(reflection)
    if is_open(reflection) and not may_check_in(reflection.charter, user):
        raise ActionError(_("This round is for the members of the unit."), field="round")
    answers = _clean(reflection, principles, aims, changed)
    try:
        with transaction.atomic():
            Receipt.objects.create(round=reflection, user=user)
    except IntegrityError:
        raise ActionError(_("You have already checked in to this round."), field="round") from None
    Link.objects.filter(round=reflection, membership__user=user).update(used=True)
    _store(reflection, answers)


@transaction.atomic
def check_in_with_link(
    link: Link,
    *,
    principles: dict[str, tuple[Any, str]],
    aims: dict[str, Any],
    changed: str = "",
) -> None:
    """One check-in through a personal link, with no login: the link is used up, and a
    member's receipt is written as if they had logged in, so neither way works twice."""
    reflection = _lock(link.round)
    answers = _clean(reflection, principles, aims, changed)
    if link.membership is not None and not may_check_in(reflection.charter, link.membership.user):
        raise ActionError(
            _("This link was for a member of the unit, and they are no longer placed there."),
            field="round",
        )
    if not Link.objects.filter(pk=link.pk, used=False).update(used=True):
        raise ActionError(_("This link has already been used to check in."), field="round")
    user_id = link.membership.user_id if link.membership is not None else None
    if user_id is not None:
        try:
            with transaction.atomic():
                Receipt.objects.create(round=reflection, user_id=user_id)
        except IntegrityError:
            raise ActionError(
                _("You have already checked in to this round."), field="round"
            ) from None
    _store(reflection, answers)
