"""Reflection rounds on an adopted charter: opening them (on a schedule or after an
event), the anonymous check-in, results that never show a figure over fewer than the
minimum group size, trends and flags, actions, and the reminders (docs/reflection.md)."""

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.charters.versions import latest_adopted
from vogter.disclosure.rules import FLOOR, Reason, label_is_safe, protect
from vogter.disclosure.scores import ScoreFigure, protect_scores
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Membership, Unit
from vogter.principles.models import LevelCell, Principle
from vogter.reflection import access
from vogter.reflection.models import (
    AIMS,
    AgreedAction,
    Checkin,
    Event,
    Kind,
    PrincipleAnswer,
    Receipt,
    Round,
    Schedule,
    Verdict,
)
from vogter.workshops import actions as workshop_actions

CHANGED_MAX = 2000
REMIND_DAYS_BEFORE_CLOSE = 2
# A principle is flagged when this share of those who gave a verdict want it revised or retired.
REVISE_SHARE_FLAG = 0.4
NO_VERDICT = "none"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _adopted_version(charter: Charter) -> int:
    adopted = latest_adopted(charter)
    if adopted is None:
        raise ActionError(
            _("Reflection rounds are held on an adopted charter: adopt it first."),
            field="charter",
        )
    return adopted.number


def _check_dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if opens_on > timezone.localdate() + datetime.timedelta(days=366 * 5):
        raise ActionError(_("A round opens within the next five years."), field="opens_on")
    if closes_on < opens_on:
        raise ActionError(_("A round must close after it opens."), field="closes_on")
    if (closes_on - opens_on).days > 92:
        raise ActionError(_("A round can be open for at most three months."), field="closes_on")


@transaction.atomic
def open_round(
    actor: User | None,
    charter: Charter,
    *,
    kind: str = Kind.EVENT,
    event: str = "",
    description: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    min_group_size: int | None = None,
) -> Round:
    """Open a round on the charter's latest adopted version. Its minimum group size is the
    organisation's unless a larger one is asked for; a smaller one never applies."""
    access.check_may_manage(actor, charter)
    version = _adopted_version(charter)
    if kind not in Kind.values:
        raise ActionError(_("Unknown kind of round."), field="kind")
    if kind == Kind.EVENT and event not in Event.values:
        raise ActionError(_("Say what happened."), field="event")
    description = (description or "").strip()
    if len(description) > 1000:
        raise ActionError(_("The description can be at most 1000 characters."), field="description")
    opens_on = opens_on or timezone.localdate()
    if opens_on > timezone.localdate() + datetime.timedelta(days=366 * 5):
        raise ActionError(_("A round opens within the next five years."), field="opens_on")
    closes_on = closes_on or opens_on + datetime.timedelta(days=14)
    _check_dates(opens_on, closes_on)
    if min_group_size is None:
        min_group_size = charter.organisation.min_group_size
    if not FLOOR <= min_group_size <= 100:
        raise ActionError(
            _("The minimum group size must be between %(low)d and %(high)d.")
            % {"low": FLOOR, "high": 100},
            field="min_group_size",
        )
    reflection = Round.objects.create(
        charter=charter,
        version_number=version,
        kind=kind,
        event=event if kind == Kind.EVENT else "",
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        min_group_size=min_group_size,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor,
        charter.organisation,
        "reflection.open",
        reflection.code,
        charter=charter.code,
        kind=kind,
        event=event,
    )
    return reflection


@transaction.atomic
def set_schedule(
    actor: User | None,
    charter: Charter,
    *,
    every_months: int = 3,
    open_days: int = 14,
    next_opens_on: datetime.date | None = None,
) -> Schedule:
    access.check_may_manage(actor, charter)
    _adopted_version(charter)
    if not 1 <= every_months <= 24:
        raise ActionError(_("Choose between 1 and 24 months."), field="every_months")
    if not 1 <= open_days <= 60:
        raise ActionError(_("A round can be open for 1 to 60 days."), field="open_days")
    schedule, _created = Schedule.objects.update_or_create(
        charter=charter,
        defaults={
            "every_months": every_months,
            "open_days": open_days,
            "next_opens_on": next_opens_on or timezone.localdate(),
        },
    )
    record(
        actor, charter.organisation, "reflection.schedule", charter.code, every_months=every_months
    )
    return schedule


def is_open(reflection: Round, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return reflection.opens_on <= today <= reflection.closes_on


def _subtree(unit: Unit) -> set[int]:
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
        organisation=charter.organisation, unit_id__in=_subtree(charter.unit)
    ).select_related("user")


def may_check_in(charter: Charter, user: User) -> bool:
    return members(charter).filter(user=user).exists()


def has_checked_in(reflection: Round, user: User) -> bool:
    return Receipt.objects.filter(round=reflection, user=user).exists()


def principles_of(reflection: Round) -> list[dict[str, Any]]:
    """The principles of the version the round reflects on, from its frozen document."""
    version = reflection.charter.versions.get(number=reflection.version_number)
    return list(version.document.get("principles", []))


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


# --- Results --------------------------------------------------------------------------


def figure(scores: list[int | None], threshold: int) -> ScoreFigure:
    """A 1-5 score over everyone who checked in ("can't say" is None) as it may be shown."""
    given = Counter(s for s in scores if s is not None)
    return protect_scores(given, len(scores) - given.total(), threshold)


def verdicts(chosen: list[str], threshold: int) -> dict[str, Any]:
    """Keep, revise and retire over everyone who checked in, each count as `protect` lets it
    through; the share that want a change only where all three are shown; and whether the
    principle is flagged, only where saying so or not pins no withheld count."""
    tally = Counter(chosen)
    cells = {v: tally[v] for v in Verdict.values}
    cells[NO_VERDICT] = len(chosen) - sum(cells.values())
    shown = protect(cells, threshold)
    given = cells["keep"] + cells["revise"] + cells["retire"]

    def flagged(c: Mapping[str, int]) -> bool:
        positions = c["keep"] + c["revise"] + c["retire"]
        return positions > 0 and (c["revise"] + c["retire"]) / positions >= REVISE_SHARE_FLAG

    flag = flagged(cells)
    all_shown = all(shown[v] is not None for v in Verdict.values)
    return {
        "verdicts": {v: shown[v] for v in Verdict.values}
        if any(shown[v] is not None for v in Verdict.values)
        else None,
        "revise_share": (cells["revise"] + cells["retire"]) / given
        if all_shown and given >= threshold
        else None,
        "revise_flag": flag
        if given >= threshold
        and label_is_safe(cells, shown, lambda c: flagged(c) == flag, threshold)
        else None,
    }


def results(reflection: Round) -> dict[str, Any]:
    """Averages and distributions per principle and aim, verdicts, the free texts —
    nothing at all while the round is open or below its minimum group size, and every
    figure as vogter/disclosure lets it through (docs/disclosure.md)."""
    threshold = reflection.group_minimum
    checkins = list(Checkin.objects.filter(round=reflection).order_by("shuffle"))
    still_open = reflection.closes_on >= timezone.localdate()
    out: dict[str, Any] = {
        "checkins": len(checkins),
        "min_group_size": threshold,
        # While check-ins still come in, every change to a figure would give the newest
        # answer away: results are shown once the round has closed.
        "open": still_open,
        "withheld": still_open or len(checkins) < threshold,
        "reason": Reason.OPEN if still_open else Reason.FEW if len(checkins) < threshold else None,
        "principles": [],
        "aims": {},
        "changed": [],
    }
    if out["withheld"]:
        return out
    answers: dict[str, list[PrincipleAnswer]] = {}
    for answer in PrincipleAnswer.objects.filter(round=reflection):
        answers.setdefault(answer.principle_code, []).append(answer)
    for principle in principles_of(reflection):
        mine = answers.get(principle["code"], [])
        # Everyone who checked in counts: one who left a principle out could not say.
        missing: list[int | None] = [None] * (len(checkins) - len(mine))
        out["principles"].append(
            {
                "code": principle["code"],
                "principle": principle,
                "score": figure([a.score for a in mine] + missing, threshold),
                **verdicts(
                    [a.verdict for a in mine] + [""] * (len(checkins) - len(mine)), threshold
                ),
            }
        )
    out["aims"] = {aim: figure([getattr(c, aim) for c in checkins], threshold) for aim in AIMS}
    out["changed"] = [c.changed for c in checkins if c.changed]
    return out


def trends(charter: Charter) -> dict[str, Any]:
    """Per principle and aim, the mean of each round that has closed (None where it was
    withheld), and the flags: a score falling over two rounds, or many asking to revise
    or retire in the latest round."""
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(charter=charter, closes_on__lt=today).order_by("closes_on", "id")
    )
    per_round = [(r, results(r)) for r in rounds]
    principle_series: dict[str, list[float | None]] = {}
    labels: dict[str, dict[str, Any]] = {}
    for _round, result in per_round:
        seen = {p["code"]: p for p in result["principles"]}
        for code in seen:
            labels[code] = seen[code]["principle"]
        for code in seen:  # in the charter's order, as the rounds list them
            principle_series.setdefault(code, [None] * len(per_round))
    for index, (_round, result) in enumerate(per_round):
        for row in result["principles"]:
            principle_series.setdefault(row["code"], [None] * len(per_round))[index] = row[
                "score"
            ].mean
    aim_series = {
        aim: [result["aims"][aim].mean if result["aims"] else None for _r, result in per_round]
        for aim in AIMS
    }
    flags = []
    for code, series in principle_series.items():
        known = [v for v in series[-3:] if v is not None]
        if len(series) >= 3 and len(known) == 3 and known[0] > known[1] > known[2]:
            flags.append({"code": code, "reason": "falling", "principle": labels.get(code)})
    if per_round:
        for row in per_round[-1][1]["principles"]:
            if row["revise_flag"]:
                flags.append(
                    {"code": row["code"], "reason": "revise", "principle": row["principle"]}
                )
    return {
        "rounds": rounds,
        "principles": [
            {"code": code, "principle": labels.get(code), "means": series}
            for code, series in principle_series.items()
        ],
        "aims": aim_series,
        "flags": flags,
    }


# --- Actions --------------------------------------------------------------------------


@transaction.atomic
def add_action(
    actor: User | None,
    reflection: Round,
    *,
    description: str,
    owner: str,
    due_on: datetime.date | None = None,
) -> AgreedAction:
    access.check_may_manage(actor, reflection.charter)
    description = " ".join((description or "").split())
    owner = " ".join((owner or "").split())
    if not description:
        raise ActionError(_("Describe the action."), field="description")
    if not owner:
        raise ActionError(_("Say who owns the action."), field="owner")
    if len(description) > 500 or len(owner) > 200:
        raise ActionError(_("This text is too long."), field="description")
    action = AgreedAction.objects.create(
        round=reflection, description=description, owner=owner, due_on=due_on
    )
    record(
        actor,
        reflection.charter.organisation,
        "reflection.action",
        reflection.code,
        description=description,
    )
    return action


@transaction.atomic
def follow_up(
    actor: User | None, action: AgreedAction, *, done: bool, note: str = ""
) -> AgreedAction:
    access.check_may_manage(actor, action.round.charter)
    note = (note or "").strip()
    if len(note) > 1000:
        raise ActionError(_("This text is too long."), field="follow_up")
    action.done, action.follow_up = done, note
    action.save(update_fields=["done", "follow_up"])
    record(
        actor,
        action.round.charter.organisation,
        "reflection.follow_up",
        action.round.code,
        description=action.description,
        done=done,
    )
    return action


def open_actions(charter: Charter) -> list[AgreedAction]:
    """Actions not yet done from earlier rounds: followed up in the next round."""
    return list(
        AgreedAction.objects.filter(round__charter=charter, done=False).select_related("round")
    )


# --- Due rounds and reminders -----------------------------------------------------------


@dataclass
class RunSummary:
    opened: list[Round] = field(default_factory=list)
    opening_mails: int = 0
    closing_mails: int = 0


def _mail(reflection: Round, subject: Any, body: Any, base_url: str) -> int:
    link = base_url.rstrip("/") + reverse("reflection:checkin", args=[reflection.code])
    sent = 0
    for membership in members(reflection.charter):
        user = membership.user
        with translation.override(
            user.language or reflection.charter.organisation.default_language
        ):
            sent += send_mail(
                str(subject) % {"charter": reflection.charter.title},
                str(body)
                % {
                    "charter": reflection.charter.title,
                    "closes": reflection.closes_on.isoformat(),
                    "link": link,
                },
                None,
                [user.email],
            )
    return sent


# Lazy: each mail is written in its reader's own language.
OPEN_SUBJECT = _("Reflection on %(charter)s is open")
OPEN_BODY = _(
    "A reflection round on %(charter)s is open until %(closes)s. It takes under three "
    "minutes, and your answers are anonymous:\n\n%(link)s\n"
)
CLOSING_SUBJECT = _("Two days left: reflection on %(charter)s")
CLOSING_BODY = _(
    "The reflection round on %(charter)s closes on %(closes)s. If you have not checked in "
    "yet, it takes under three minutes, and your answers are anonymous:\n\n%(link)s\n"
)


def run_due(base_url: str, today: datetime.date | None = None) -> RunSummary:
    """Open scheduled rounds that are due and send the reminders that are due. Safe to
    run twice: every step is recorded before the next run looks."""
    today = today or timezone.localdate()
    summary = RunSummary()
    for schedule in Schedule.objects.filter(next_opens_on__lte=today).select_related("charter"):
        with transaction.atomic():
            locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
            if locked.next_opens_on > today:
                continue
            try:
                reflection = open_round(
                    None,
                    locked.charter,
                    kind=Kind.SCHEDULED,
                    opens_on=today,
                    closes_on=today + datetime.timedelta(days=locked.open_days),
                )
            except ActionError:
                continue  # no adopted version (any more): nothing to reflect on
            locked.next_opens_on = _add_months(locked.next_opens_on, locked.every_months)
            while locked.next_opens_on <= today:
                locked.next_opens_on = _add_months(locked.next_opens_on, locked.every_months)
            locked.save(update_fields=["next_opens_on"])
            summary.opened.append(reflection)
    for reflection in Round.objects.filter(
        opens_on__lte=today, closes_on__gte=today, opened_mail_sent=False
    ):
        if Round.objects.filter(pk=reflection.pk, opened_mail_sent=False).update(
            opened_mail_sent=True
        ):
            summary.opening_mails += _mail(reflection, OPEN_SUBJECT, OPEN_BODY, base_url)
    closing = today + datetime.timedelta(days=REMIND_DAYS_BEFORE_CLOSE)
    for reflection in Round.objects.filter(
        opens_on__lte=today, closes_on__gte=today, closes_on__lte=closing, closing_mail_sent=False
    ):
        if Round.objects.filter(pk=reflection.pk, closing_mail_sent=False).update(
            closing_mail_sent=True
        ):
            summary.closing_mails += _mail(reflection, CLOSING_SUBJECT, CLOSING_BODY, base_url)
    return summary


# --- A revisit workshop -----------------------------------------------------------------


@transaction.atomic
def start_revisit(actor: User, charter: Charter, principle_code: str) -> Any:
    """A new workshop for the charter's unit, pre-filled with the flagged principle and its
    level cells as a draft to work on."""
    access.check_may_manage(actor, charter)
    adopted = latest_adopted(charter)
    doc = adopted.document if adopted else {"principles": []}
    principle = next((p for p in doc["principles"] if p["code"] == principle_code), None)
    if principle is None:
        raise ActionError(_("Unknown principle."), field="principle")
    statement = principle["statement"]["da"] or principle["statement"]["en"]
    workshop = workshop_actions.create_workshop(
        actor,
        charter.organisation,
        unit=charter.unit,
        title=(_gettext("Revisit: %(principle)s") % {"principle": statement})[:200],
        date=timezone.localdate(),
        language=charter.organisation.default_language,
    )
    copy = Principle.objects.create(
        workshop=workshop,
        statement_da=principle["statement"]["da"],
        statement_en=principle["statement"]["en"],
        rationale=principle.get("rationale", ""),
        position=1,
        created_by=actor,
    )
    LevelCell.objects.bulk_create(
        LevelCell(
            principle=copy,
            level=level,
            text=cell["text"],
            responsible=cell["responsible"],
            empty_on_purpose=cell["empty_on_purpose"],
        )
        for level, cell in principle["cells"].items()
        if cell is not None
    )
    record(
        actor, charter.organisation, "reflection.revisit", workshop.code, principle=principle_code
    )
    return workshop
