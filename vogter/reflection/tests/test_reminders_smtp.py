"""The reminders through a real SMTP conversation: Django's SMTP backend against a local
aiosmtpd server on a free port (the notifications' `inbox` fixture), so what a mail server
receives parses as mail, with the calendar invitation intact."""

import datetime

import pytest
from django.core.management import call_command

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.notifications.tests.smtp import (  # noqa: F401 (the fixture)
    Inbox,
    inbox,
)
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round

pytestmark = pytest.mark.django_db


def test_a_mail_server_receives_each_reminder_with_its_calendar_invitation(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    inbox: Inbox,  # noqa: F811
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="new_tool")
    call_command("reflection", "run-due", "--base-url", "https://vogter.example")
    assert set(inbox.received) >= {person.email for person in colleagues}
    subject, body = inbox.one(colleagues[0].email)
    assert "Havneby Kommune" in subject
    assert "https://vogter.example/tjek/" in body
    event = inbox.calendar(colleagues[0].email)
    assert event.decoded("DTSTART") == reflection.opens_on
    assert event.decoded("DTEND") == reflection.closes_on + datetime.timedelta(days=1)
    assert str(event["SUMMARY"]) == "Havneby Kommune: refleksionsrunde om „Vores principper“"
    assert Round.objects.get().opened_mail_sent
