"""What reflection tells people, through a real mail server: the flags of a closed round
and the agreed actions falling due reach the unit's manager, TR and AMR; the round's
opening and closing reach its members with the round as a calendar event; each in the
reader's language, and never to someone who switched the kind off."""

import datetime
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.notifications.tests.smtp import (  # noqa: F401 (the fixture)
    SITE,
    Inbox,
    danish,
    english,
    inbox,
    machine_dates,
)
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Round
from vogter.reflection.rounds import principles_of

pytestmark = pytest.mark.django_db

REPRESENTATIVES = {"alice@havneby.example", "mads@havneby.example"}  # the unit's manager, TR


@pytest.fixture
def due(django_capture_on_commit_callbacks: Any) -> Any:
    """`vogter notify due` (for a day), as the daily job runs it: its mails go on commit."""

    def run(date: datetime.date | None = None) -> dict[str, str]:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "notify", "due", *(["--date", date.isoformat()] if date else []), stdout=out
            )
        return dict(line.split("\t") for line in out.getvalue().splitlines())

    return run


def _revise(reflection: Round, people: list[User]) -> None:
    codes = [p["code"] for p in principles_of(reflection)]
    for person in people:
        checkin_actions.check_in(
            person,
            reflection,
            principles={c: (3, "revise") for c in codes},
            aims={"productivity": 3, "wellbeing": 3},
        )


def _switch_off(user: User, kind: str) -> None:
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/notifications/").content.decode()
    assert f'value="{kind}"' in page
    kinds = re.findall(r'name="kinds" value="(\w+)"', page)
    response = client.post("/accounts/notifications/", {"kinds": [k for k in kinds if k != kind]})
    assert response.status_code == 302


def test_a_closed_round_tells_the_units_representatives_which_principles_it_flags(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    inbox: Inbox,  # noqa: F811
    due: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = signatories
    User.objects.filter(pk=world.mads.pk).update(language="en")
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    _revise(reflection, colleagues[:5])
    with django_capture_on_commit_callbacks(execute=True):
        round_actions.close_round(world.fiona, reflection)
    today = datetime.date.today()
    link = f"{SITE}/o/{world.havneby.code}/reflection/{reflection.code}/"

    # Dorte and Tage represent the department above: its unit has its own.
    assert set(inbox.received) == REPRESENTATIVES
    subject, body = inbox.one(world.alice.email)
    assert subject == (
        "Havneby Kommune: Refleksionsrunden om „Vores principper“ peger på principper, "
        "I bør se på igen"
    )
    text = " ".join(body.split())
    assert (
        f"Den {danish(today)} lukkede Fiona Facilitator refleksionsrunden om principsættet "
        "„Vores principper“ for Kommunikation i Havneby Kommune. Den peger på disse "
        "principper, som I bør se på igen:" in text
    )
    assert "Du får denne e-mail, fordi du repræsenterer Kommunikation som leder" in text
    assert machine_dates(subject + body) == []
    assert "- „bruger vi den sparede tid på borgerne“" in body
    assert "Mange ønsker at justere eller udfase det." in body and link in body
    # No figures: take out the link and the date, and no number is left.
    assert not re.search(r"\d", text.replace(link, "").replace(danish(today), ""))

    subject, body = inbox.one(world.mads.email)
    assert subject == (
        "Havneby Kommune: The reflection round on “Vores principper” flags principles to "
        "look at again"
    )
    text = " ".join(body.split())
    assert (
        f"On {english(today)} Fiona Facilitator closed the reflection round on the charter "
        "“Vores principper” of Kommunikation at Havneby Kommune. It flags these principles" in text
    )
    assert "Many ask to revise or retire it." in body
    assert "- “always check the sources before we share”" in body
    assert machine_dates(subject + body) == []

    inbox.received.clear()
    assert due()["flags"] == "0"  # the daily run finds it told already
    assert inbox.received == {}


def test_a_round_that_closes_by_its_date_raises_its_flags_in_the_daily_run_once(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    inbox: Inbox,  # noqa: F811
    due: Any,
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    _revise(reflection, colleagues[:5])
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Round.objects.filter(pk=reflection.pk).update(opens_on=yesterday, closes_on=yesterday)
    assert due()["flags"] == "2"  # mails
    assert set(inbox.received) == REPRESENTATIVES
    _subject, body = inbox.one("alice@havneby.example")
    # Nobody closed it: its time ran out.
    assert (
        "Refleksionsrunden om principsættet „Vores principper“ for Kommunikation i Havneby "
        f"Kommune lukkede den {danish(yesterday)}." in " ".join(body.split())
    )
    assert "Facilitator" not in body
    due()
    assert all(len(mails) == 1 for mails in inbox.received.values())


def test_too_few_check_ins_raise_no_flag(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    inbox: Inbox,  # noqa: F811
    due: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    reflection = round_actions.open_round(signatories.fiona, adopted_charter, event="incident")
    _revise(reflection, colleagues[:4])  # one under the minimum group size
    with django_capture_on_commit_callbacks(execute=True):
        round_actions.close_round(signatories.fiona, reflection)
    assert inbox.received == {}


def test_an_agreed_action_due_in_two_days_is_announced_once_to_the_units_representatives(
    signatories: World,
    adopted_charter: Charter,
    inbox: Inbox,  # noqa: F811
    due: Any,
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    due_on = datetime.date.today() + datetime.timedelta(days=2)
    agreed_actions.add_action(
        world.fiona,
        reflection,
        description="Lav en tjekliste til kilder",
        owner="Teamleder",
        due_on=due_on,
    )
    agreed_actions.add_action(
        world.fiona,
        reflection,
        description="Senere",
        owner="Teamleder",
        due_on=due_on + datetime.timedelta(days=10),
    )
    assert due()["actions_due"] == "2"  # mails
    assert set(inbox.received) == REPRESENTATIVES
    subject, body = inbox.one("alice@havneby.example")
    assert subject == (
        f"Havneby Kommune: Handlingen „Lav en tjekliste til kilder“ har frist den {danish(due_on)}"
    )
    text = " ".join(body.split())
    assert (
        "Efter refleksionsrunden om principsættet „Vores principper“ for Kommunikation i "
        f"Havneby Kommune blev denne handling aftalt med frist den {danish(due_on)}:" in text
    )
    assert "Du får denne e-mail, fordi du repræsenterer Kommunikation" in text
    assert machine_dates(subject + body) == []
    assert "„Lav en tjekliste til kilder“" in body and "Ansvarlig: Teamleder" in body
    assert f"{SITE}/o/{world.havneby.code}/reflection/{reflection.code}/" in body
    due()
    due(due_on)  # the next days' runs: still once
    assert all(len(mails) == 1 for mails in inbox.received.values())


def test_a_representative_who_switched_actions_off_is_not_told(
    signatories: World,
    adopted_charter: Charter,
    inbox: Inbox,  # noqa: F811
    due: Any,
) -> None:
    world = signatories
    _switch_off(world.mads, "action_due")
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    agreed_actions.add_action(
        world.fiona,
        reflection,
        description="Tjekliste",
        owner="Alice",
        due_on=datetime.date.today(),
    )
    due()
    assert set(inbox.received) == {world.alice.email}


def test_a_round_opening_and_closing_reach_its_members_with_the_round_in_their_calendar(
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    inbox: Inbox,  # noqa: F811
    due: Any,
) -> None:
    world = signatories
    User.objects.filter(pk=colleagues[1].pk).update(language="en")
    _switch_off(colleagues[2], "round_opening")
    reflection = round_actions.open_round(
        world.fiona,
        adopted_charter,
        event="new_tool",
        closes_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    call_command("reflection", "run-due", stdout=io.StringIO())
    today, closes = datetime.date.today(), reflection.closes_on

    assert colleagues[2].email not in inbox.received  # switched off
    assert {c.email for c in colleagues} - set(inbox.received) == {colleagues[2].email}
    subject, body = inbox.one(colleagues[0].email)
    assert subject == (
        "Havneby Kommune: Refleksionsrunde om „Vores principper“ \N{EN DASH} "
        "tjek ind senest den "
        f"{danish(closes)}"
    )
    text = " ".join(body.split())
    assert text.startswith(f"Hej {colleagues[0].display_name} ")
    assert (
        f"Den {danish(today)} åbnede Fiona Facilitator en refleksionsrunde om principsættet "
        "„Vores principper“ for Kommunikation i Havneby Kommune." in text
    )
    assert f"Runden er åben til og med den {danish(closes)}." in text
    assert "Vogter hjælper jeres organisation" in text
    assert "Du får denne e-mail, fordi runden er for alle i Kommunikation." in text
    assert machine_dates(subject + body) == []
    assert f"{SITE}/tjek/" in body and f"{SITE}/accounts/notifications/" in body
    event = inbox.calendar(colleagues[0].email)
    assert event.decoded("DTSTART") == today and str(event["SEQUENCE"]) == "0"
    assert str(event["UID"]) == f"round-{reflection.code}@vogter.kommune.example"

    subject, body = inbox.one(colleagues[1].email)
    assert subject == (
        "Havneby Kommune: Reflection round on “Vores principper” \N{EN DASH} "
        f"check in by {english(closes)}"
    )
    text = " ".join(body.split())
    assert (
        f"On {english(today)} Fiona Facilitator opened a reflection round on the charter "
        "“Vores principper” of Kommunikation at Havneby Kommune." in text
    )
    assert "because the round is for everyone in Kommunikation." in text
    assert machine_dates(subject + body) == []
    event = inbox.calendar(colleagues[1].email)
    assert str(event["SUMMARY"]) == "Havneby Kommune: reflection round on “Vores principper”"

    # Two days before it closes: the closing reminder, the same event updated.
    inbox.received.clear()
    Round.objects.filter(pk=reflection.pk).update(closes_on=today + datetime.timedelta(days=2))
    _switch_off(colleagues[3], "round_closing")
    call_command("reflection", "run-due", stdout=io.StringIO())
    assert colleagues[3].email not in inbox.received
    assert colleagues[2].email in inbox.received  # switched off only the opening
    subject, body = inbox.one(colleagues[0].email)
    soon = danish(today + datetime.timedelta(days=2))
    assert subject == (
        "Havneby Kommune: Påmindelse \N{EN DASH} refleksionsrunden om „Vores principper“ "
        f"lukker den {soon}"
    )
    text = " ".join(body.split())
    assert (
        "Refleksionsrunden om principsættet „Vores principper“ for Kommunikation i Havneby "
        f"Kommune lukker den {soon}, og du har ikke tjekket ind endnu." in text
    )
    assert machine_dates(subject + body) == []
    event = inbox.calendar(colleagues[0].email)
    assert str(event["SEQUENCE"]) == "1"
    assert event.decoded("DTEND") == today + datetime.timedelta(days=3)


def test_an_action_due_mail_the_server_refused_is_tried_again_the_next_day(
    signatories: World,
    adopted_charter: Charter,
    due: Any,
    settings: Any,
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    due_on = datetime.date.today() + datetime.timedelta(days=2)
    agreed_actions.add_action(
        world.fiona, reflection, description="Tjekliste", owner="Teamleder", due_on=due_on
    )
    settings.EMAIL_BACKEND = "vogter.notifications.tests.test_charter_notices.RefusingBackend"
    due()
    assert "alice@havneby.example" not in {a for m in mail.outbox for a in m.to}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert due()["actions_due"] == "1"
    assert [m.to for m in mail.outbox] == [["alice@havneby.example"]]
    assert due()["actions_due"] == "0"
