"""The invitation through a real mail server: who invited you, to which organisation,
what Vogter is, and until when, in the language of the account it is for (else the
organisation's)."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World, make_user
from vogter.notifications.tests.smtp import (  # noqa: F401 (the fixture)
    SITE,
    Inbox,
    danish,
    english,
    inbox,
)
from vogter.organisations.models import Invitation, Role

pytestmark = pytest.mark.django_db


def _invite(client: Client, world: World, email: str, capture: Any) -> Invitation:
    with capture(execute=True):
        response = client.post(
            f"/o/{world.havneby.code}/people/", {"email": email, "role": Role.FACILITATOR}
        )
    assert response.status_code == 302
    return Invitation.objects.get(email=email)


def test_an_invitation_says_who_invited_you_to_what_and_what_vogter_is(
    alice_client: Client,
    world: World,
    inbox: Inbox,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    invitation = _invite(
        alice_client, world, "nina@havneby.example", django_capture_on_commit_callbacks
    )
    subject, body = inbox.one("nina@havneby.example")
    assert subject == "Alice Admin inviterer dig med i Havneby Kommune på Vogter"
    text = " ".join(body.split())
    assert (
        "Alice Admin har inviteret dig til at være med i arbejdet med principper for AI hos "
        "Havneby Kommune. Din rolle bliver: Facilitator." in text
    )
    assert "Vogter er stedet, hvor kolleger sammen bliver enige om principper" in text
    assert f"/invitation/{invitation.token}/" in body  # on the address the admin used
    expires = timezone.localtime(invitation.expires_at).date()
    assert f"Linket virker til og med den {danish(expires)}." in text
    (mail,) = inbox.received["nina@havneby.example"]
    assert "Havneby Kommune via Vogter" in str(mail["From"])


def test_an_invitation_to_someone_with_an_english_account_is_in_english(
    alice_client: Client,
    world: World,
    inbox: Inbox,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_user("pat@private.example", "Pat Private", language="en")
    invitation = _invite(
        alice_client, world, "pat@private.example", django_capture_on_commit_callbacks
    )
    subject, body = inbox.one("pat@private.example")
    assert subject == "Alice Admin invites you to Havneby Kommune on Vogter"
    text = " ".join(body.split())
    assert "Alice Admin has invited you to take part in the work on principles for AI at" in text
    assert "Vogter is where colleagues agree, together, on principles" in text
    expires = timezone.localtime(invitation.expires_at).date()
    assert f"The link works until {english(expires)}." in text
