"""The reflection reminders (docs/reflection.md, "Reminders"): who gets one, each with a
personal check-in link, and the mail itself, in the reader's language, with the round
attached as a calendar event. `actions/schedules.py` decides when they go and sends them.

A workshop contact can stop them from a link in every mail. Like a check-in link's, its
token is derived from the secret key and the contact's id, never stored; unlike it, it
carries the id, so no column and no migration are needed to find the contact again.
"""

import base64
import uuid
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from vogter.notifications import lib
from vogter.notifications.kinds import Kind
from vogter.notifications.preferences import wanting
from vogter.organisations.models import Organisation
from vogter.reflection import links
from vogter.reflection.models import Contact, Link, Receipt, Round
from vogter.reflection.rounds import members

OPENING, CLOSING = "opening", "closing"
STOP_SALT = "vogter.reflection.stop"
STOP_MAC_LENGTH = 26  # base32 characters, as a check-in link's token
# The reminders are the notifications of these kinds: a member can switch them off.
KINDS = {OPENING: Kind.ROUND_OPENING, CLOSING: Kind.ROUND_CLOSING}


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    link: Link
    contact: Contact | None = None  # a workshop contact, who may stop the reminders
    name: str = ""  # a member's, for the greeting; a contact gave none


def language_for(preferred: str, organisation: Organisation) -> str:
    """The reader's own language, else the organisation's, else the site's."""
    return lib.language_for(preferred, organisation.default_language)


def recipients(reflection: Round, *, closing: bool) -> list[Recipient]:
    """Everyone the round is for, each with their own link (made the first time): the
    members placed in the charter's unit or below it, and the workshop contacts there.
    The closing reminder leaves out whoever has checked in, by link or by login, and each
    reminder the members who switched its kind off (vogter/notifications)."""
    organisation = reflection.charter.organisation
    checked_in = (
        set(Receipt.objects.filter(round=reflection).values_list("user_id", flat=True))
        if closing
        else set()
    )
    found = []
    people = list(
        members(reflection.charter)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
    )
    wanted = {
        u.pk for u in wanting([m.user for m in people], KINDS[CLOSING if closing else OPENING])
    }
    for membership in people:
        if membership.user_id in checked_in or membership.user_id not in wanted:
            continue
        link = links.for_member(reflection, membership)
        if not (closing and link.used):
            user = membership.user
            language = language_for(user.language, organisation)
            found.append(Recipient(user.email, language, link, name=user.name))
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


def calendar(reflection: Round, url: str, kind: str, base_url: str) -> bytes:
    """The round as an all-day event from its opening day to its closing day, in the
    active language. The same UID in the opening and the closing mail, with a higher
    sequence in the latter, so a calendar updates the event rather than adding another."""
    charter, organisation = reflection.charter, reflection.charter.organisation
    texts = {"charter": charter.title, "organisation": organisation.name, "url": url}
    return lib.calendar_event(
        uid=f"round-{reflection.code}",
        sequence=1 if kind == CLOSING else 0,
        starts=reflection.opens_on,
        ends=reflection.closes_on,
        summary=gettext("%(organisation)s: reflection round on “%(charter)s”") % texts,
        description=gettext(
            "A reflection round at %(organisation)s on “%(charter)s”, open until %(closes)s. "
            "It takes under three minutes and is anonymous. Check in here:\n%(url)s"
        )
        % {**texts, "closes": lib.day(reflection.closes_on)},
        url=url,
        organiser=organisation.name,
        base_url=base_url,
    )


def message(reflection: Round, recipient: Recipient, kind: str, base_url: str) -> EmailMessage:
    """One reminder: a plain-text mail in the recipient's language, with the round as
    invitation.ics."""
    charter, organisation = reflection.charter, reflection.charter.organisation
    url = links.url_of(recipient.link, base_url)
    stop = stop_url(recipient.contact, base_url) if recipient.contact is not None else ""
    with translation.override(recipient.language):
        context = {
            "organisation": organisation.name,
            "unit": charter.unit.name,
            "charter": charter.title,
            "reader": recipient.name,
            "closes": lib.day(reflection.closes_on),
            "opens": lib.day(reflection.opens_on),
            "opened_by": reflection.created_by.display_name if reflection.created_by else "",
            # A member chooses on the settings page; a contact has the stop link instead.
            "settings_url": ""
            if recipient.contact is not None
            else lib.absolute(reverse("notifications:settings"), base_url),
            "closing": kind == CLOSING,
            "minimum": reflection.group_minimum,
            "event": reflection.get_event_display() if reflection.event else "",
            "description": reflection.description,
            "url": url,
            "stop_url": stop,
        }
        subject = render_to_string("reflection/email/reminder_subject.txt", context)
        body = render_to_string("reflection/email/reminder.txt", context)
        sender = lib.sender(organisation.name)
        ics = calendar(reflection, url, kind, base_url)
    headers = {"Auto-Submitted": "auto-generated"}
    if stop:
        headers["List-Unsubscribe"] = f"<{stop}>"
    mail = EmailMessage(lib.one_line(subject), body, sender, [recipient.email], headers=headers)
    lib.attach_calendar(mail, ics)
    return mail
