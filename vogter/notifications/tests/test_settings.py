"""A person's notification settings: the page (linked from their settings page) and the
API agree, every kind is on until switched off, and switching one off leaves the others."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import World
from vogter.accounts.models import User

pytestmark = pytest.mark.django_db

KINDS = ["signature", "proposal", "flag", "action_due", "round_opening", "round_closing"]


def _checked(page: str) -> list[str]:
    return re.findall(r'name="kinds" value="(\w+)"[^>]*checked', page)


def test_the_settings_page_links_to_the_notifications_and_lists_every_kind_switched_on(
    mads_client: Client, world: World
) -> None:
    profile = mads_client.get("/accounts/profile/").content.decode()
    assert 'href="/accounts/notifications/"' in profile
    page = mads_client.get("/accounts/notifications/").content.decode()
    assert "<h1>Beskeder</h1>" in page and "Et principsæt venter på din underskrift" in page
    assert "mads@havneby.example" in page
    assert _checked(page) == KINDS
    User.objects.filter(pk=world.mads.pk).update(language="en")
    page = mads_client.get("/accounts/notifications/").content.decode()
    assert "<h1>Notifications</h1>" in page and "A charter awaits your signature" in page


def test_switching_a_kind_off_on_the_page_shows_in_the_api_and_back(
    mads_client: Client, world: World, api_client_for: Callable[[User], Client]
) -> None:
    response = mads_client.post(
        "/accounts/notifications/", {"kinds": [k for k in KINDS if k != "flag"]}, follow=True
    )
    assert "Dine indstillinger for beskeder er gemt." in response.content.decode()
    assert _checked(response.content.decode()) == [k for k in KINDS if k != "flag"]
    api = api_client_for(world.mads)
    assert api.get("/api/me/notifications").json() == {k: k != "flag" for k in KINDS}
    # Kinds left out keep their setting.
    changed = api.put(
        "/api/me/notifications",
        {"flag": True, "proposal": False},
        content_type="application/json",
    )
    assert changed.json() == {k: k != "proposal" for k in KINDS}
    page = mads_client.get("/accounts/notifications/").content.decode()
    assert _checked(page) == [k for k in KINDS if k != "proposal"]
    # Someone else's settings are their own.
    assert api_client_for(world.alice).get("/api/me/notifications").json() == {
        k: True for k in KINDS
    }


def test_the_settings_page_needs_a_login(client: Client) -> None:
    response = client.get("/accounts/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
