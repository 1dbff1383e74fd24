"""A real mail server for the notification tests (the `inbox` fixture): Django's SMTP
backend against a local aiosmtpd server on a free port, so what arrives is what a mail
server would receive, parsed back as mail."""

import datetime
import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from pytest_django.fixtures import Settings

SITE = "https://vogter.kommune.example"
DANISH_MONTHS = [
    *("januar", "februar", "marts", "april", "maj", "juni", "juli", "august"),
    *("september", "oktober", "november", "december"),
]
ENGLISH_MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]


def danish(day: datetime.date) -> str:
    return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"


def english(day: datetime.date) -> str:
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


LINK = re.compile(r"https?://\S+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def machine_dates(text: str) -> list[str]:
    """What a reader should never see in a mail: ISO dates outside its links, and "UTC"."""
    outside_links = LINK.sub("", text)
    return ISO_DATE.findall(outside_links) + re.findall(r"\bUTC\b", outside_links)


class Inbox:
    """aiosmtpd's handler: every message it is given, by recipient, parsed."""

    def __init__(self) -> None:
        self.received: dict[str, list[EmailMessage]] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=default_policy)
        for address in envelope.rcpt_tos:
            self.received.setdefault(address, []).append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def one(self, address: str) -> tuple[str, str]:
        """The one mail to `address`: (subject, plain-text body)."""
        (mail,) = self.received[address]
        body = mail.get_body(preferencelist=("plain",))
        assert body is not None
        # A long encoded subject is folded before its first word: a client shows no space.
        return str(mail["Subject"]).strip(), str(body.get_content())

    def calendar(self, address: str) -> Any:
        (mail,) = self.received[address]
        (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_filename() == "invitation.ics"
        (event,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
        return event


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox(settings: Settings) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE
    try:
        yield handler
    finally:
        controller.stop()
