"""The reflection reminders, through `vogter reflection run-due` and the links in the
mails: a personal link for each member and workshop contact, the closing reminder only
to who has not checked in, the reader's language, the round as a calendar event, once
only, a refused mail that does not stop the others, and a contact's way out."""

import datetime
import io
import logging
import re
import smtplib
from email import message_from_bytes
from email.message import EmailMessage as ParsedMessage
from email.policy import default as default_policy
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection import reminders
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.models import Checkin, Contact, Receipt, Round
from vogter.reflection.rounds import members

pytestmark = pytest.mark.django_db

BASE = "https://vogter.example"
LINK = re.compile(r"https://vogter\.example/tjek/([a-z0-9]{26})/")
STOP = re.compile(r"https://vogter\.example/tjek/stop/([a-z0-9]+)/")
DANISH_MONTHS = [
    *("januar", "februar", "marts", "april", "maj", "juni", "juli", "august"),
    *("september", "oktober", "november", "december"),
]
ENGLISH_MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]


def _run() -> dict[str, list[str]]:
    """`vogter reflection run-due`, its tab-separated lines by their first cell."""
    out = io.StringIO()
    call_command("reflection", "run-due", "--base-url", BASE, stdout=out)
    lines: dict[str, list[str]] = {}
    for line in out.getvalue().splitlines():
        name, *rest = line.split("\t")
        lines.setdefault(name, []).append("\t".join(rest))
    return lines


def _scheduled(charter: Charter, open_days: int = 14) -> Round:
    """A schedule due today, and run-due opening its round (and sending the first mails)."""
    schedule_actions.set_schedule(None, charter, open_days=open_days)
    lines = _run()
    assert lines["opened"] == ["1"]
    return Round.objects.get(charter=charter)


def _closing_soon(reflection: Round) -> None:
    """Two days left: the closing reminder is due at the next run."""
    Round.objects.filter(pk=reflection.pk).update(
        closes_on=datetime.date.today() + datetime.timedelta(days=2)
    )


def _to(message: Any) -> str:
    (address,) = message.to
    return str(address)


def _by_address(messages: list[Any]) -> dict[str, Any]:
    found = {_to(m): m for m in messages}
    assert len(found) == len(messages), "one mail per address"
    return found


def _link(message: Any) -> str:
    (token,) = LINK.findall(message.body)
    return f"/tjek/{token}/"


def _answers(reflection: Round) -> dict[str, str]:
    codes = [p["code"] for p in reflection.charter.versions.get(number=1).document["principles"]]
    return (
        {f"score-{c}": "4" for c in codes}
        | {f"verdict-{c}": "keep" for c in codes}
        | {"productivity": "4", "wellbeing": "3", "meaningfulness": ""}
    )


def _ics(message: Any) -> tuple[ParsedMessage, icalendar.Calendar]:
    parsed = message_from_bytes(message.message().as_bytes(), policy=default_policy)
    return _calendar_part(parsed)


def _calendar_part(parsed: Any) -> tuple[ParsedMessage, icalendar.Calendar]:
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part, icalendar.Calendar.from_ical(part.get_content())


def _danish(day: datetime.date) -> str:
    return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"


def _english(day: datetime.date) -> str:
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


@pytest.fixture
def contacts(world: World) -> list[Contact]:
    """Two workshop participants without accounts who asked to be asked again: one in the
    unit, in Danish, one in the web team below it, in English; and one in another
    department, whom the unit's rounds do not concern."""
    return [
        Contact.objects.create(unit=world.unit, email="deltager@borger.example", language="da"),
        Contact.objects.create(unit=world.web_team, email="guest@visitor.example", language="en"),
        Contact.objects.create(
            unit=world.corporate, email="elsewhere@borger.example", language="da"
        ),
    ]


def test_each_member_and_contact_gets_a_link_of_their_own_that_checks_in_once(
    signatories: World, adopted_charter: Charter, colleagues: list[User], contacts: list[Contact]
) -> None:
    reflection = _scheduled(adopted_charter)
    expected = {m.user.email for m in members(adopted_charter)} | {
        "deltager@borger.example",
        "guest@visitor.example",
    }
    sent = _by_address(mail.outbox)
    assert set(sent) == expected and len(expected) == 10  # 8 members placed, 2 contacts
    tokens = {address: _link(message) for address, message in sent.items()}
    assert len(set(tokens.values())) == len(tokens)  # each their own
    assert all("/r/" not in message.body for message in mail.outbox)

    phone = Client()  # the contact's: no account, no login
    page = phone.get(tokens["deltager@borger.example"])
    assert page.status_code == 200 and "Hvordan går det?" in page.content.decode()
    assert phone.post(tokens["deltager@borger.example"], _answers(reflection)).status_code == 302
    phone.post(tokens["deltager@borger.example"], _answers(reflection))  # not twice
    assert Checkin.objects.filter(round=reflection).count() == 1

    # A member's link works without logging in, and counts as their check-in.
    colleague = colleagues[0]
    assert Client().post(tokens[colleague.email], _answers(reflection)).status_code == 302
    assert Receipt.objects.filter(round=reflection, user=colleague).exists()
    assert Checkin.objects.filter(round=reflection).count() == 2


def test_the_closing_reminder_goes_only_to_those_who_have_not_checked_in(
    signatories: World, adopted_charter: Charter, colleagues: list[User], contacts: list[Contact]
) -> None:
    reflection = _scheduled(adopted_charter)
    tokens = {address: _link(message) for address, message in _by_address(mail.outbox).items()}
    Client().post(tokens["guest@visitor.example"], _answers(reflection))  # by link, a contact
    Client().post(tokens[colleagues[0].email], _answers(reflection))  # by link, a member
    by_login = Client()
    by_login.force_login(colleagues[1])
    assert by_login.post(f"/r/{reflection.code}/", _answers(reflection)).status_code == 302
    mail.outbox.clear()
    _closing_soon(reflection)
    lines = _run()
    reminded = set(_by_address(mail.outbox))
    assert reminded == set(tokens) - {
        "guest@visitor.example",
        colleagues[0].email,
        colleagues[1].email,
    }
    assert lines["closing_mails"] == ["7"] and lines["opening_mails"] == ["0"]
    # The same link as in the opening mail: it is the same person's.
    assert all(_link(m) == tokens[_to(m)] for m in mail.outbox)
    assert all("not checked in yet" in m.body or "ikke tjekket ind" in m.body for m in mail.outbox)


def test_running_twice_sends_nothing_twice(
    signatories: World, adopted_charter: Charter, colleagues: list[User], contacts: list[Contact]
) -> None:
    reflection = _scheduled(adopted_charter)
    assert len(mail.outbox) == 10
    again = _run()
    assert again["opened"] == ["0"] and again["opening_mails"] == ["0"]
    assert len(mail.outbox) == 10
    _closing_soon(reflection)
    assert _run()["closing_mails"] == ["10"]
    assert _run()["closing_mails"] == ["0"] and len(mail.outbox) == 20


def test_a_short_round_gets_one_mail_not_two_on_its_first_day(
    signatories: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    _scheduled(adopted_charter, open_days=1)
    lines = _run()
    assert len(mail.outbox) == 8 and lines["closing_mails"] == ["0"]
    assert all("Påmindelse" not in m.subject for m in mail.outbox)


def test_a_reminder_is_in_the_readers_language_and_names_the_organisation_and_the_date(
    signatories: World, adopted_charter: Charter, colleagues: list[User], contacts: list[Contact]
) -> None:
    User.objects.filter(pk=colleagues[0].pk).update(language="en")
    reflection = _scheduled(adopted_charter, open_days=14)
    closes = reflection.closes_on
    sent = _by_address(mail.outbox)

    danish = sent[colleagues[1].email]
    assert danish.subject == (
        f"Havneby Kommune: Refleksionsrunde om „Vores principper“ \N{EN DASH} "
        f"tjek ind senest den {_danish(closes)}"
    )
    # A scheduled round: nobody opened it, the organisation did.
    assert (
        f"Den {_danish(datetime.date.today())} åbnede Havneby Kommune en refleksionsrunde om "
        "principsættet „Vores principper“ for Kommunikation." in " ".join(danish.body.split())
    )
    assert f"til og med den {_danish(closes)}" in danish.body
    assert "under tre minutter" in danish.body and "anonymt" in danish.body
    assert "frameld" not in danish.body.lower()  # a member cannot stop them from here
    assert "Havneby Kommune" in danish.from_email and "Havneby Kommune" in str(
        danish.message()["From"]
    )

    english = sent[colleagues[0].email]
    assert english.subject == (
        "Havneby Kommune: Reflection round on “Vores principper” \N{EN DASH} "
        f"check in by {_english(closes)}"
    )
    assert f"open until {_english(closes)}" in english.body
    assert "under three minutes" in english.body and "anonymous" in english.body
    assert "productivity, well-being and meaningfulness" in english.body

    guest = sent["guest@visitor.example"]  # a contact asked in English
    assert "Havneby Kommune" in guest.body and _english(closes) in guest.body
    assert guest.body.startswith("Hello,")  # a contact gave no name
    assert "everyone in" not in guest.body  # they hear of it because they asked
    assert STOP.search(guest.body) and "To stop receiving these e-mails" in guest.body
    assert guest.extra_headers["List-Unsubscribe"] == f"<{STOP.search(guest.body)[0]}>"
    assert "frameld" in sent["deltager@borger.example"].body  # and in Danish

    _closing_soon(reflection)
    _run()
    closing = _by_address(mail.outbox[len(sent) :])[colleagues[1].email]
    soon = datetime.date.today() + datetime.timedelta(days=2)
    assert closing.subject == (
        f"Havneby Kommune: Påmindelse \N{EN DASH} refleksionsrunden om „Vores principper“ "
        f"lukker den {_danish(soon)}"
    )


def test_an_event_round_says_why_it_was_opened(
    signatories: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    round_actions.open_round(
        signatories.fiona, adopted_charter, event="new_tool", description="Copilot i Outlook"
    )
    _run()
    assert "Hvorfor nu: Et nyt AI-værktøj \N{EN DASH} Copilot i Outlook" in mail.outbox[0].body


def test_the_invitation_ics_puts_the_round_in_the_calendar_and_the_closing_mail_updates_it(
    signatories: World, adopted_charter: Charter, colleagues: list[User], contacts: list[Contact]
) -> None:
    reflection = _scheduled(adopted_charter, open_days=10)
    sent = _by_address(mail.outbox)
    for address, summary in (
        (colleagues[0].email, "Havneby Kommune: refleksionsrunde om „Vores principper“"),
        ("guest@visitor.example", "Havneby Kommune: reflection round on “Vores principper”"),
    ):
        message = sent[address]
        part, calendar = _ics(message)
        assert part.get_filename() == "invitation.ics"
        assert part.get_param("method") == "PUBLISH"
        assert calendar["METHOD"] == "PUBLISH"
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == datetime.date.today()
        assert event.decoded("DTEND") == datetime.date.today() + datetime.timedelta(days=11)
        assert str(event["SUMMARY"]) == summary
        url = BASE + _link(message)
        assert str(event["URL"]) == url and url in str(event["DESCRIPTION"])
        assert "Havneby Kommune" in str(event["DESCRIPTION"])
        assert event["ORGANIZER"].params["CN"] == "Havneby Kommune"
        assert str(event["UID"]) == f"round-{reflection.code}@vogter.example"
        assert event["SEQUENCE"] == 0 and str(event["TRANSP"]) == "TRANSPARENT"
    (danish,) = _ics(sent[colleagues[0].email])[1].walk("VEVENT")
    assert str(danish["DESCRIPTION"]).startswith("En refleksionsrunde i Havneby Kommune om „")

    _closing_soon(reflection)
    _run()
    (update,) = _ics(mail.outbox[-1])[1].walk("VEVENT")
    assert str(update["UID"]) == f"round-{reflection.code}@vogter.example"
    assert update["SEQUENCE"] == 1  # the same event, updated: it now ends sooner
    assert update.decoded("DTEND") == datetime.date.today() + datetime.timedelta(days=3)


class RefusingBackend(MemoryBackend):
    """The locmem outbox, except that the server refuses one address."""

    refused = "kollega2@havneby.example"

    def send_messages(self, email_messages: Any) -> int:
        if any(self.refused in m.to for m in email_messages):
            raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return super().send_messages(email_messages)


def test_a_refused_mail_is_logged_without_its_address_and_the_others_still_go(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with caplog.at_level(logging.WARNING, logger="vogter.reflection.actions.schedules"):
        lines = _run()
    assert lines["opening_mails"] == ["7"] and lines["failed_mails"] == ["1"]
    assert RefusingBackend.refused not in {_to(m) for m in mail.outbox}
    assert len(mail.outbox) == 7
    (record,) = caplog.records
    assert "SMTPRecipientsRefused" in record.getMessage()
    assert "@" not in record.getMessage()
    assert _run()["opening_mails"] == ["0"]  # still once: the failed one is not retried


def test_run_due_says_which_due_schedules_it_skipped(
    signatories: World, adopted_charter: Charter
) -> None:
    round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    schedule_actions.set_schedule(None, adopted_charter, every_months=3)
    lines = _run()
    assert lines["opened"] == ["0"] and lines["skipped"] == ["1"]
    (skipped,) = lines["skipped_charter"]
    code, reason, next_date = skipped.split("\t")
    assert code == adopted_charter.code and "another round" in reason
    adopted_charter.schedule.refresh_from_db()
    assert next_date == f"next {adopted_charter.schedule.next_opens_on.isoformat()}"


def test_run_due_refuses_links_without_the_sites_address(
    signatories: World, adopted_charter: Charter, colleagues: list[User], settings: Settings
) -> None:
    round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    with pytest.raises(CommandError, match="fulde adresse"):
        call_command("reflection", "run-due", "--base-url", "vogter.example")
    settings.SITE_URL = "/"
    with pytest.raises(CommandError, match="fulde adresse"):
        call_command("reflection", "run-due")
    assert mail.outbox == [] and not Round.objects.get().opened_mail_sent
    settings.SITE_URL = "https://vogter.kommune.example"
    call_command("reflection", "run-due", stdout=io.StringIO())
    assert all("https://vogter.kommune.example/tjek/" in m.body for m in mail.outbox)


def test_a_contact_can_stop_the_reminders(
    signatories: World, adopted_charter: Charter, contacts: list[Contact]
) -> None:
    world = signatories
    # The same address asked at two of the unit's workshops: one mail, one way out.
    Contact.objects.create(unit=world.web_team, email="Deltager@borger.example", language="da")
    reflection = _scheduled(adopted_charter)
    sent = _by_address(mail.outbox)
    (twice,) = {"deltager@borger.example", "Deltager@borger.example"} & set(sent)
    stop = STOP.search(sent[twice].body)
    assert stop is not None
    url = stop[0].removeprefix(BASE)

    visitor = Client()
    page = visitor.get(url)
    assert page.status_code == 200 and "Stop påmindelserne?" in page.content.decode()
    assert twice in page.content.decode()
    assert Contact.objects.count() == 4  # a look (or a mail scanner) changes nothing
    assert visitor.get(url[:-3] + "aa/").status_code == 404  # an altered token
    done = visitor.post(url)
    assert done.status_code == 200 and "slettet" in done.content.decode()
    assert not Contact.objects.filter(email__iexact="deltager@borger.example").exists()
    assert set(Contact.objects.values_list("email", flat=True)) == {
        "guest@visitor.example",
        "elsewhere@borger.example",
    }
    assert visitor.get(url).status_code == 404

    mail.outbox.clear()
    _closing_soon(reflection)
    _run()
    assert not {"deltager@borger.example", "Deltager@borger.example"} & {
        _to(m) for m in mail.outbox
    }
    assert "guest@visitor.example" in {_to(m) for m in mail.outbox}


def test_a_stop_link_works_for_its_own_contact_only(world: World, contacts: list[Contact]) -> None:
    mine, theirs = (reminders.stop_token(contact) for contact in contacts[:2])
    assert Client().get(f"/tjek/stop/{mine}/").status_code == 200
    # My contact's id with the other's signature, a short token, a made-up one: all 404.
    for token in (mine[:32] + theirs[32:], mine[:-1], "z" * len(mine), "nonsense"):
        assert Client().get(f"/tjek/stop/{token}/").status_code == 404
        assert Client().post(f"/tjek/stop/{token}/").status_code == 404
    assert Contact.objects.count() == 3
