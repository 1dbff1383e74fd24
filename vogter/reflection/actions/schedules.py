"""A charter's cadence of rounds, and the daily run that opens the rounds that are due and
sends the opening and closing reminders (their recipients and text: reminders.py); a
workshop contact's request to stop them."""

import contextlib
import datetime
import logging
import smtplib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.lib.errors import ActionError, record
from vogter.reflection import access, reminders
from vogter.reflection.actions.rounds import adopted_version, check_group_size, open_round
from vogter.reflection.models import Contact, Kind, Round, Schedule

REMIND_DAYS_BEFORE_CLOSE = 2
logger = logging.getLogger(__name__)


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
        actor,
        charter.organisation,
        "reflection.schedule",
        charter.code,
        every_months=every_months,
        min_group_size=min_group_size,
        scope=charter.unit,
    )
    return schedule


@dataclass
class RunSummary:
    opened: list[Round] = field(default_factory=list)
    # Due, but another round on the charter was open or planned: the schedule moved on.
    skipped: list[Schedule] = field(default_factory=list)
    opening_mails: int = 0
    closing_mails: int = 0
    failed_mails: int = 0  # not sent (the mail server refused or could not be reached)


def _send(
    reflection: Round, kind: str, base_url: str, connection: BaseEmailBackend
) -> tuple[int, int]:
    """Each recipient's reminder, one at a time: a mail the server refuses is logged,
    without its address, and the others still go. (sent, failed)."""
    sent = failed = 0
    for recipient in reminders.recipients(reflection, closing=kind == reminders.CLOSING):
        mail = reminders.message(reflection, recipient, kind, base_url)
        try:
            sent += connection.send_messages([mail]) or 0
        except (smtplib.SMTPException, OSError) as error:
            failed += 1
            logger.warning(
                "A %s reminder of round %s was not sent: %s %s",
                kind,
                reflection.code,
                type(error).__name__,
                getattr(error, "smtp_code", ""),
            )
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()  # the next mail opens a new connection
    return sent, failed


def _check_base_url(base_url: str) -> None:
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ActionError(
            _(
                "The reminders need the site's full address, such as https://vogter.example "
                "(SITE_URL, or --base-url)."
            ),
            field="base_url",
        )


def run_due(base_url: str, today: datetime.date | None = None) -> RunSummary:
    """Open scheduled rounds that are due and send the reminders that are due: when a round
    opens, to everyone it is for; two days before it closes, to those who have not checked
    in. Each mail goes at most once: a round's flag is set (atomically) before its mails
    go, so running twice, or at once on two machines, sends nothing twice."""
    _check_base_url(base_url)
    today = today or timezone.localdate()
    summary = RunSummary()
    for schedule in Schedule.objects.filter(next_opens_on__lte=today).select_related("charter"):
        with transaction.atomic():
            locked = (
                Schedule.objects.select_for_update().select_related("charter").get(pk=schedule.pk)
            )
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
    running = Round.objects.filter(
        opens_on__lte=today, closes_on__gte=today, closed=False
    ).select_related("charter__organisation", "charter__unit", "created_by")
    closing = today + datetime.timedelta(days=REMIND_DAYS_BEFORE_CLOSE)
    connection = get_connection()
    try:
        for reflection in running.filter(opened_mail_sent=False):
            if Round.objects.filter(pk=reflection.pk, opened_mail_sent=False).update(
                opened_mail_sent=True
            ):
                if reflection.closes_on <= closing:
                    # A short round: the opening mail gives the closing date, and a second
                    # mail the same day would only be noise.
                    Round.objects.filter(pk=reflection.pk).update(closing_mail_sent=True)
                sent, failed = _send(reflection, reminders.OPENING, base_url, connection)
                summary.opening_mails += sent
                summary.failed_mails += failed
        for reflection in running.filter(closes_on__lte=closing, closing_mail_sent=False):
            if Round.objects.filter(pk=reflection.pk, closing_mail_sent=False).update(
                closing_mail_sent=True
            ):
                sent, failed = _send(reflection, reminders.CLOSING, base_url, connection)
                summary.closing_mails += sent
                summary.failed_mails += failed
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return summary


@transaction.atomic
def stop_reminders(contact: Contact) -> int:
    """A workshop contact's "no more reminders", from the link in every mail: their
    address is deleted from every unit of the organisation they asked in. How many
    entries went."""
    organisation = contact.unit.organisation
    deleted, _counts = Contact.objects.filter(
        unit__organisation=organisation, email__iexact=contact.email
    ).delete()
    record(None, organisation, "reflection.reminders_stopped", "", contacts=deleted)
    return deleted
