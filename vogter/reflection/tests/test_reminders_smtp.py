"""The reminders through a real SMTP conversation: Django's SMTP backend against a local
aiosmtpd server on a free port, so what a mail server receives parses as mail, with the
calendar invitation intact."""

import datetime
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from pytest_django.fixtures import Settings

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd's handler: keeps every message it is given, by recipient."""

    def __init__(self) -> None:
        self.received: dict[str, bytes] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for address in envelope.rcpt_tos:
            self.received[address] = envelope.original_content
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings: Settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_mail_server_receives_each_reminder_with_its_calendar_invitation(
    signatories: World, adopted_charter: Charter, colleagues: list[User], smtp_inbox: Inbox
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="new_tool")
    call_command("reflection", "run-due", "--base-url", "https://vogter.example")
    assert set(smtp_inbox.received) >= {person.email for person in colleagues}
    raw = smtp_inbox.received[colleagues[0].email]
    parsed = message_from_bytes(raw, policy=default_policy)
    assert "Havneby Kommune" in str(parsed["Subject"])
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None and "https://vogter.example/tjek/" in body.get_content()
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "invitation.ics"
    (event,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert event.decoded("DTSTART") == reflection.opens_on
    assert event.decoded("DTEND") == reflection.closes_on + datetime.timedelta(days=1)
    assert str(event["SUMMARY"]) == "Refleksion: Vores principper"
    assert Round.objects.get().opened_mail_sent
