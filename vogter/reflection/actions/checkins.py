"""The anonymous check-in: one per person per round, the answers stored without the person
(docs/reflection.md)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.reflection.models import AIMS, Checkin, PrincipleAnswer, Receipt, Round, Verdict
from vogter.reflection.rounds import is_open, may_check_in, principles_of

CHANGED_MAX = 2000


def _score(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ActionError(_("Choose a number from 1 to 5, or 'can't say'."), field=field)
    return number


@transaction.atomic
def check_in(
    user: User,
    reflection: Round,
    *,
    principles: dict[str, tuple[Any, str]],
    aims: dict[str, Any],
    changed: str = "",
) -> None:
    """One check-in per person per round. The answers are stored without the person;
    the receipt only says that they have answered."""
    if not is_open(reflection):
        raise ActionError(_("This round is not open."), field="round")
    if not may_check_in(reflection.charter, user):
        raise ActionError(_("This round is for the members of the unit."), field="round")
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
    try:
        with transaction.atomic():
            Receipt.objects.create(round=reflection, user=user)
    except IntegrityError:
        raise ActionError(_("You have already checked in to this round."), field="round") from None
    checkin = Checkin.objects.create(round=reflection, changed=changed, **aim_scores)
    PrincipleAnswer.objects.bulk_create(
        PrincipleAnswer(
            checkin=checkin, round=reflection, principle_code=code, score=score, verdict=verdict
        )
        for code, score, verdict in cleaned
    )
