"""A charter proposed for adoption tells the people who sign for its unit, and a
principle proposed from below tells the managers of the unit above, through a real mail
server, each in their own language."""

import datetime
import logging
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.models import Charter
from vogter.notifications.tests.smtp import SITE, Inbox, danish, english, machine_dates
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(signatories: World) -> Charter:
    charter = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.unit, title="Vores principper"
    )
    editing_actions.add_principle(
        signatories.fiona,
        charter,
        statement_da="skriver vi selv det sidste ord",
        statement_en="write the last word ourselves",
    )
    return charter


def _propose(client: Client, world: World, charter: Charter, capture: Any) -> None:
    with capture(execute=True):
        response = client.post(
            f"/o/{world.havneby.code}/charters/{charter.code}/do/", {"do": "propose"}
        )
    assert response.status_code == 302


def test_a_proposed_charter_asks_its_units_signatories_in_their_own_language(
    fiona_client: Client,
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = signatories
    User.objects.filter(pk=world.mads.pk).update(language="en")
    _propose(fiona_client, world, draft, django_capture_on_commit_callbacks)
    today = datetime.date.today()
    link = f"{SITE}/o/{world.havneby.code}/charters/{draft.code}/"

    # Alice manages the unit, Mads is its TR: they sign. Dorte and Tage represent the
    # department above, which has its own; Fiona proposed it and knows.
    assert set(inbox.received) == {world.alice.email, world.mads.email}

    subject, body = inbox.one(world.alice.email)
    assert subject == (
        "Havneby Kommune: Principsættet „Vores principper“ venter på din underskrift"
    )
    text = " ".join(body.split())
    assert text.startswith("Hej Alice Admin ")
    assert (
        f"Den {danish(today)} sendte Fiona Facilitator principsættet „Vores principper“ "
        "for Kommunikation i Havneby Kommune til vedtagelse." in text
    )
    assert "Det venter på din underskrift som leder." in text and link in body
    assert "Vogter hjælper jeres organisation" in body  # what Vogter is, in a line
    # Why this mail, and how to switch it off.
    assert "Du får denne e-mail, fordi du skriver under for Kommunikation som leder." in text
    assert f"{SITE}/accounts/notifications/" in body
    assert machine_dates(subject + body) == []

    subject, body = inbox.one(world.mads.email)
    assert subject == "Havneby Kommune: The charter “Vores principper” awaits your signature"
    text = " ".join(body.split())
    assert text.startswith("Hello Mads Member, ")
    assert (
        f"On {english(today)} Fiona Facilitator proposed the charter “Vores principper” "
        "of Kommunikation at Havneby Kommune for adoption." in text
    )
    assert "as union representative (TR)." in text and link in body
    assert "because you sign for Kommunikation as union representative (TR)." in text
    assert machine_dates(subject + body) == []
    (mail,) = inbox.received[world.mads.email]
    assert "Havneby Kommune via Vogter" in str(mail["From"])


def test_a_manager_of_another_unit_is_not_asked_to_sign(
    fiona_client: Client,
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = signatories
    # A manager and a TR somewhere else in the organisation: in the web team below, and in
    # the corporate group at the top, whose own unit is not the charter's.
    below = make_user("bo@havneby.example", "Bo Below")
    membership = joining_actions.accept_invitation(
        below, invitation_actions.invite(world.alice, world.havneby)
    )
    membership_actions.change_membership(
        world.alice, membership, unit=world.web_team, is_manager=True, is_union_rep=True
    )
    _propose(fiona_client, world, draft, django_capture_on_commit_callbacks)
    assert below.email not in inbox.received
    assert "dorte@havneby.example" not in inbox.received
    assert "tage@havneby.example" not in inbox.received
    assert set(inbox.received) == {world.alice.email, world.mads.email}


def test_a_person_who_switched_signatures_off_is_not_asked_by_mail(
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    api_client_for: Any,
    fiona_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = signatories
    response = api_client_for(world.alice).put(
        "/api/me/notifications",
        {"signature": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["signature"] is False
    _propose(fiona_client, world, draft, django_capture_on_commit_callbacks)
    assert set(inbox.received) == {world.mads.email}


def test_a_principle_proposed_from_below_reaches_the_managers_of_the_unit_above(
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from vogter.charters.actions.cascade import propose_upward

    world = signatories
    User.objects.filter(email="dorte@havneby.example").update(language="da")
    department = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.department, title="Kulturs principper"
    )
    with django_capture_on_commit_callbacks(execute=True):
        propose_upward(world.mads, draft.principles.get(), note="Det virker for os")
    # Dorte manages Kultur, the unit above; Alice manages only Kommunikation.
    assert set(inbox.received) == {"dorte@havneby.example"}
    subject, body = inbox.one("dorte@havneby.example")
    assert subject == "Havneby Kommune: Kommunikation foreslår et princip til Kultur"
    text = " ".join(body.split())
    assert (
        f"Den {danish(datetime.date.today())} foreslog Mads Member et princip fra "
        "Kommunikation til Kultur i Havneby Kommune" in text
    )
    assert "„skriver vi selv det sidste ord“ Med bemærkningen: Det virker for os" in text
    assert f"{SITE}/o/{world.havneby.code}/charters/{department.code}/cascade/" in body
    assert "Du får denne e-mail som leder med ansvar for Kultur." in text
    assert machine_dates(subject + body) == []


def test_a_principle_proposed_to_a_unit_without_a_manager_tells_the_admins_why_they_hear_of_it(
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from vogter.charters.actions.cascade import propose_upward
    from vogter.organisations.models import Membership

    world = signatories
    Membership.objects.filter(unit=world.department).update(is_manager=False)
    Membership.objects.filter(unit=world.corporate).update(is_manager=False)
    User.objects.filter(pk=world.alice.pk).update(language="en")
    draft_actions.create_charter(world.fiona, world.havneby, unit=world.department, title="Kultur")
    with django_capture_on_commit_callbacks(execute=True):
        propose_upward(world.mads, draft.principles.get(), note="")
    subject, body = inbox.one(world.alice.email)  # an admin
    assert subject == "Havneby Kommune: Kommunikation proposes a principle to Kultur"
    text = " ".join(body.split())
    assert (
        f"On {english(datetime.date.today())} Mads Member proposed a principle from "
        "Kommunikation to Kultur at Havneby Kommune:" in text
    )
    assert "“write the last word ourselves”" in body
    assert (
        "You get this e-mail because Kultur has no manager in Vogter, and you are a "
        "facilitator or an admin at Havneby Kommune." in text
    )
    assert machine_dates(subject + body) == []


def test_whoever_proposes_is_not_told_of_it(
    alice_client: Client,
    signatories: World,
    draft: Charter,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Alice, an admin, proposes the charter she then signs as its unit's manager.
    _propose(alice_client, signatories, draft, django_capture_on_commit_callbacks)
    assert set(inbox.received) == {signatories.mads.email}
    _subject, body = inbox.one(signatories.mads.email)
    assert "sendte Alice Admin principsættet" in " ".join(body.split())


class RefusingBackend(MemoryBackend):
    """The locmem outbox, except that the server refuses Alice's address."""

    def send_messages(self, email_messages: Any) -> int:
        if any("alice@havneby.example" in m.to for m in email_messages):
            raise smtplib.SMTPRecipientsRefused({"alice@havneby.example": (550, b"No such user")})
        return super().send_messages(email_messages)


def test_a_refused_mail_is_logged_without_its_address_and_the_others_still_go(
    fiona_client: Client,
    signatories: World,
    draft: Charter,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with caplog.at_level(logging.WARNING, logger="vogter.notifications.send"):
        _propose(fiona_client, signatories, draft, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[signatories.mads.email]]
    (record,) = caplog.records
    assert "SMTPRecipientsRefused" in record.getMessage() and "@" not in record.getMessage()
