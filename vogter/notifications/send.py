"""Sending a notification: the calling app says what happened (the kind, the
organisation, who did it, what it is about, where to look) and to whom; this module
leaves out whoever switched the kind off, renders each mail in its reader's language
and sends it once the change is committed. A mail the server refuses is logged without
its address, and the others still go.

The calling apps decide who hears of what (roles have a scope: the people who represent
*that* unit), and never pass anything that could identify an anonymous participant.
"""

import contextlib
import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from vogter.notifications import lib
from vogter.notifications.models import Sent
from vogter.notifications.preferences import wanting

if TYPE_CHECKING:
    from vogter.accounts.models import User
    from vogter.organisations.models import Organisation

logger = logging.getLogger(__name__)

# Makes the calendar attachment in the reader's language (called inside its override).
Calendar = Callable[[str], bytes]


class Texts(dict[str, str]):
    """A text written in several languages, {language: text}: each reader gets theirs, or
    the other where theirs is empty (a principle may be worded in one language only)."""

    def read(self, language: str) -> str:
        return self.get(language) or next((t for t in self.values() if t), "")


def _in_language(value: Any, language: str) -> Any:
    if isinstance(value, Texts):
        return value.read(language)
    if isinstance(value, list | tuple):
        return [_in_language(item, language) for item in value]
    if isinstance(value, dict):
        return {key: _in_language(item, language) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Notice:
    """What happened, for everyone told of it: rendered per reader from
    templates/notifications/email/<kind>.txt and <kind>_subject.txt."""

    kind: str
    organisation: "Organisation"
    actor: "User | None"
    title: "str | Texts"  # what it is about: a charter's title, a principle's statement
    path: str  # where to look, on this site
    dates: Mapping[str, datetime.date] = field(default_factory=dict)  # shown as a reader writes
    context: Mapping[str, Any] = field(default_factory=dict)  # more; Texts read per reader
    calendar: Calendar | None = None
    key: str = ""  # sent once per person and key, when given


def notify(notice: Notice, recipients: Iterable["User"]) -> None:
    """Tell `recipients` once the current transaction commits (at once outside one). A mail
    that cannot be made or sent is logged; the change it is about stays saved and its page
    answers as usual (robust: the error does not reach the person who made the change)."""
    people = list(recipients)
    transaction.on_commit(lambda: deliver(notice, people), robust=True)


def deliver(notice: Notice, recipients: Iterable["User"]) -> int:
    """Send now; how many mails went. Inactive accounts, the actor (who knows what they
    did), duplicates and those who switched the kind off are left out."""
    actor_id = notice.actor.pk if notice.actor is not None else None
    unique = {u.pk: u for u in recipients if u.is_active and u.email and u.pk != actor_id}.values()
    people = wanting(unique, notice.kind)
    if notice.key:
        people = [u for u in people if _first_time(u, notice)]
    sent = 0
    if not people:
        return sent
    connection = get_connection()
    try:
        for user in people:
            try:
                sent += connection.send_messages([message(notice, user)]) or 0
            except (smtplib.SMTPException, OSError) as error:
                if notice.key:
                    # Not sent, so not "sent once": the next run tries this person again.
                    Sent.objects.filter(user=user, kind=notice.kind, key=notice.key).delete()
                logger.warning(
                    "A %s notification was not sent: %s %s",
                    notice.kind,
                    type(error).__name__,
                    getattr(error, "smtp_code", ""),
                )
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    connection.close()  # the next mail opens a new connection
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return sent


def _first_time(user: "User", notice: Notice) -> bool:
    try:
        with transaction.atomic():
            Sent.objects.create(user=user, kind=notice.kind, key=notice.key)
    except IntegrityError:
        return False
    return True


def message(notice: Notice, user: "User") -> EmailMessage:
    organisation = notice.organisation
    language = lib.language_for(user.language, organisation.default_language)
    url = lib.absolute(notice.path)
    with translation.override(language):
        context = {
            **_in_language(dict(notice.context), language),
            **{name: lib.day(value) for name, value in notice.dates.items()},
            "organisation": organisation.name,
            "actor": notice.actor.display_name if notice.actor is not None else "",
            "title": _in_language(notice.title, language),
            "url": url,
            "settings_url": lib.absolute(reverse("notifications:settings")),
            "reader": user.name,  # for the greeting; "Hello," without one
        }
        subject = render_to_string(f"notifications/email/{notice.kind}_subject.txt", context)
        body = render_to_string(f"notifications/email/{notice.kind}.txt", context)
        ics = notice.calendar(url) if notice.calendar is not None else None
        mail = EmailMessage(
            lib.one_line(subject),
            body,
            lib.sender(organisation.name),
            [user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
    if ics is not None:
        lib.attach_calendar(mail, ics)
    return mail
