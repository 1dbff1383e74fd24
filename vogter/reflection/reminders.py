"""The reflection reminders (docs/reflection.md, "Reminders"): who gets one, each with a
personal check-in link, and the mail itself, in the reader's language, with the round
attached as a calendar event. `actions/schedules.py` decides when they go and sends them.

A workshop contact can stop them from a link in every mail. Like a check-in link's, its
token is derived from the secret key and the contact's id, never stored; unlike it, it
carries the id, so no column and no migration are needed to find the contact again.
"""

import base64
import datetime
import uuid
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy

from vogter.organisations.models import Organisation
from vogter.reflection import links
from vogter.reflection.models import Contact, Link, Receipt, Round
from vogter.reflection.rounds import members

OPENING, CLOSING = "opening", "closing"
STOP_SALT = "vogter.reflection.stop"
STOP_MAC_LENGTH = 26  # base32 characters, as a check-in link's token
# "6. december 2026" in Danish, "6 December 2026" in English (Django's English default
# is American).
DATE_FORMAT = pgettext_lazy("date in an e-mail", "j F Y")


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    link: Link
    contact: Contact | None = None  # a workshop contact, who may stop the reminders


def language_for(preferred: str, organisation: Organisation) -> str:
    """The reader's own language, else the organisation's, else the site's."""
    available = dict(settings.LANGUAGES)
    for language in (preferred, organisation.default_language):
        if language in available:
            return language
    return str(settings.LANGUAGE_CODE)


def recipients(reflection: Round, *, closing: bool) -> list[Recipient]:
    """Everyone the round is for, each with their own link (made the first time): the
    members placed in the charter's unit or below it, and the workshop contacts there.
    The closing reminder leaves out whoever has checked in, by link or by login."""
    organisation = reflection.charter.organisation
    checked_in = (
        set(Receipt.objects.filter(round=reflection).values_list("user_id", flat=True))
        if closing
        else set()
    )
    found = []
    people = members(reflection.charter).filter(user__is_active=True).exclude(user__email="")
    for membership in people.order_by("pk"):
        if membership.user_id in checked_in:
            continue
        link = links.for_member(reflection, membership)
        if not (closing and link.used):
            user = membership.user
            found.append(Recipient(user.email, language_for(user.language, organisation), link))
    # One mail per address, though someone may have asked at workshops of two units.
    seen: set[str] = set()
    for contact in links.contacts(reflection).order_by("email", "pk"):
        if contact.email.lower() in seen:
            continue
        seen.add(contact.email.lower())
        link = links.for_contact(reflection, contact)
        if not (closing and link.used):
            language = language_for(contact.language, organisation)
            found.append(Recipient(contact.email, language, link, contact))
    return found


def stop_token(contact: Contact) -> str:
    mac = salted_hmac(STOP_SALT, str(contact.id), algorithm="sha256").digest()
    return contact.id.hex + base64.b32encode(mac).decode("ascii").lower()[:STOP_MAC_LENGTH]


def find_contact(token: str) -> Contact | None:
    """The contact a stop link belongs to; None for a wrong or altered token, and once
    the contact is gone (every wrong token looks the same)."""
    token = (token or "").strip().lower()
    if len(token) != 32 + STOP_MAC_LENGTH or not token.isalnum():
        return None
    try:
        contact_id = uuid.UUID(hex=token[:32])
    except ValueError:
        return None
    contact = Contact.objects.select_related("unit__organisation").filter(pk=contact_id).first()
    if contact is None or not constant_time_compare(stop_token(contact), token):
        return None
    return contact


def stop_url(contact: Contact, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("reflection:stop", args=[stop_token(contact)])


def _day(day: datetime.date) -> str:
    return date_format(day, str(DATE_FORMAT))


def calendar(reflection: Round, url: str, kind: str, base_url: str) -> bytes:
    """The round as an all-day event from its opening day to its closing day, in the
    active language. The same UID in the opening and the closing mail, with a higher
    sequence in the latter, so a calendar updates the event rather than adding another."""
    charter, organisation = reflection.charter, reflection.charter.organisation
    texts = {"charter": charter.title, "organisation": organisation.name, "url": url}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Vogter//Reflection reminders//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"round-{reflection.code}@{urlsplit(base_url).hostname or 'vogter'}")
    event.add("sequence", 1 if kind == CLOSING else 0)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", reflection.opens_on)
    event.add("dtend", reflection.closes_on + datetime.timedelta(days=1))
    event.add("summary", gettext("Reflection: %(charter)s") % texts)
    event.add(
        "description",
        gettext(
            "A reflection round at %(organisation)s on “%(charter)s”, open until %(closes)s. "
            "It takes under three minutes and is anonymous. Check in here:\n%(url)s"
        )
        % {**texts, "closes": _day(reflection.closes_on)},
    )
    event.add("url", url)
    organizer = icalendar.vCalAddress("mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    organizer.params["cn"] = organisation.name
    event.add("organizer", organizer)
    event.add("transp", "TRANSPARENT")  # two weeks of "busy" would block the reader's diary
    cal.add_component(event)
    return bytes(cal.to_ical())


def message(reflection: Round, recipient: Recipient, kind: str, base_url: str) -> EmailMessage:
    """One reminder: a plain-text mail in the recipient's language, with the round as
    invitation.ics."""
    charter, organisation = reflection.charter, reflection.charter.organisation
    url = links.url_of(recipient.link, base_url)
    stop = stop_url(recipient.contact, base_url) if recipient.contact is not None else ""
    with translation.override(recipient.language):
        context = {
            "organisation": organisation.name,
            "charter": charter.title,
            "closes": _day(reflection.closes_on),
            "closing": kind == CLOSING,
            "minimum": reflection.group_minimum,
            "event": reflection.get_event_display() if reflection.event else "",
            "description": reflection.description,
            "url": url,
            "stop_url": stop,
        }
        subject = render_to_string("reflection/email/reminder_subject.txt", context)
        body = render_to_string("reflection/email/reminder.txt", context)
        name = " ".join(organisation.name.split())  # a header: never a line break
        sender = gettext("%(organisation)s via Vogter") % {"organisation": name}
        ics = calendar(reflection, url, kind, base_url)
    headers = {"Auto-Submitted": "auto-generated"}
    if stop:
        headers["List-Unsubscribe"] = f"<{stop}>"
    mail = EmailMessage(
        " ".join(subject.split()),
        body,
        formataddr((sender, parseaddr(settings.DEFAULT_FROM_EMAIL)[1])),
        [recipient.email],
        headers=headers,
    )
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    mail.attach(part)
    return mail
