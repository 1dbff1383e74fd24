"""A charter's cadence of rounds, and the daily run that opens the rounds that are due and
sends the opening and closing reminders."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.lib.errors import ActionError, record
from vogter.reflection import access
from vogter.reflection.actions.rounds import adopted_version, check_group_size, open_round
from vogter.reflection.models import Kind, Round, Schedule
from vogter.reflection.rounds import members

REMIND_DAYS_BEFORE_CLOSE = 2


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def set_schedule(
    actor: User | None,
    charter: Charter,
    *,
    every_months: int = 3,
    open_days: int = 14,
    next_opens_on: datetime.date | None = None,
    min_group_size: int | None = None,
) -> Schedule:
    """Set how often rounds open, for how long, and the minimum group size of each
    scheduled round (the organisation's default unless chosen, never below the floor)."""
    access.check_may_manage(actor, charter)
    adopted_version(charter)
    if min_group_size is not None:  # None: each round takes the organisation's default then
        check_group_size(charter, min_group_size)
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
            "min_group_size": min_group_size,
        },
    )
    record(
        actor, charter.organisation, "reflection.schedule", charter.code, every_months=every_months
    )
    return schedule


@dataclass
class RunSummary:
    opened: list[Round] = field(default_factory=list)
    # Due, but another round on the charter was open or planned: the schedule moved on.
    skipped: list[Schedule] = field(default_factory=list)
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
                    min_group_size=locked.min_group_size,
                )
            except ActionError as error:
                if error.field != "opens_on":
                    continue  # no adopted version (any more): nothing to reflect on
                # A round after an event is open: it stands in for this one.
                reflection = None
                summary.skipped.append(locked)
            locked.next_opens_on = _add_months(locked.next_opens_on, locked.every_months)
            while locked.next_opens_on <= today:
                locked.next_opens_on = _add_months(locked.next_opens_on, locked.every_months)
            locked.save(update_fields=["next_opens_on"])
            if reflection is not None:
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
