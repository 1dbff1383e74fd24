"""What every mail Vogter sends shares, whichever app sends it: the reader's language,
dates as a reader of that language writes them, absolute links, the sender named after
the organisation, and a calendar event as an attachment. The reflection reminders use
these too."""

import datetime
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext

from vogter.lib import formats


def language_for(preferred: str, fallback: str = "") -> str:
    """The reader's own language, else the organisation's (`fallback`), else the site's."""
    available = dict(settings.LANGUAGES)
    for language in (preferred, fallback):
        if language in available:
            return language
    return str(settings.LANGUAGE_CODE)


def day(value: datetime.date) -> str:
    """A date in the active language, as a reader writes it: "6. december 2026",
    "6 December 2026" (vogter/lib/formats.py; never ISO, never American)."""
    return formats.long_date(value, translation.get_language() or settings.LANGUAGE_CODE)


def absolute(path: str, base_url: str | None = None) -> str:
    """A link that works from a mail: the site's address (SITE_URL) and the path."""
    return (base_url or settings.SITE_URL).rstrip("/") + "/" + path.lstrip("/")


def sender(organisation_name: str) -> str:
    """“Havneby Kommune via Vogter” <the installation's address>, in the active language."""
    name = " ".join(organisation_name.split())  # a header: never a line break
    label = gettext("%(organisation)s via Vogter") % {"organisation": name}
    return formataddr((label, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def one_line(text: str) -> str:
    """A subject rendered from a template, on one line."""
    return " ".join(text.split())


def calendar_event(
    *,
    uid: str,
    sequence: int,
    starts: datetime.date,
    ends: datetime.date,
    summary: str,
    description: str,
    url: str,
    organiser: str,
    base_url: str | None = None,
) -> bytes:
    """An all-day event from `starts` to `ends` (both days included), as an iCalendar
    file. The same `uid` with a higher `sequence` updates the event in the reader's
    calendar rather than adding another."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Vogter//Notifications//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    host = urlsplit(base_url or settings.SITE_URL).hostname or "vogter"
    event.add("uid", f"{uid}@{host}")
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", ends + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    organizer = icalendar.vCalAddress("mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    organizer.params["cn"] = organiser
    event.add("organizer", organizer)
    event.add("transp", "TRANSPARENT")  # two weeks of "busy" would block the reader's diary
    cal.add_component(event)
    return bytes(cal.to_ical())


def attach_calendar(mail: EmailMessage, ics: bytes, filename: str = "invitation.ics") -> None:
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    mail.attach(part)
