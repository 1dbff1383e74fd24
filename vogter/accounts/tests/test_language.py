import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD, World
from vogter.accounts.models import User

pytestmark = pytest.mark.django_db

SWITCH = "/accounts/language/"


def _lang(client: Client, path: str = "/") -> str:
    html = client.get(path).content.decode()
    for candidate in ("da", "en"):
        if f'<html lang="{candidate}">' in html:
            return candidate
    raise AssertionError("no <html lang> on " + path)


def test_anonymous_visitor_switches_to_english_with_a_cookie(client: Client) -> None:
    assert _lang(client) == "da"
    response = client.post(SWITCH, {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert _lang(client, "/accounts/login/") == "en"
    assert _lang(client) == "en"

    client.post(SWITCH, {"language": "da"})
    assert _lang(client) == "da"


def test_language_switch_needs_a_post(client: Client) -> None:
    assert client.get(SWITCH, {"language": "en"}).status_code == 405
    assert _lang(client) == "da"


def test_unknown_language_changes_nothing(client: Client) -> None:
    response = client.post(SWITCH, {"language": "xx", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _lang(client) == "da"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_language_switch_ignores_a_next_pointing_elsewhere(client: Client, target: str) -> None:
    response = client.post(SWITCH, {"language": "en", "next": target})
    assert response["Location"] == "/"


def test_signed_in_choice_is_saved_and_follows_the_person_to_a_new_device(
    mads_client: Client, world: World
) -> None:
    assert _lang(mads_client) == "da"
    mads_client.post(SWITCH, {"language": "en", "next": "/"})
    world.mads.refresh_from_db()
    assert world.mads.language == "en"
    assert _lang(mads_client) == "en"

    new_device = Client()
    assert _lang(new_device) == "da"
    login = new_device.post(
        "/accounts/login/", {"username": "mads@havneby.example", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in new_device.cookies
    assert _lang(new_device) == "en"
    assert _lang(new_device, f"/o/{world.havneby.code}/") == "en"


def test_account_language_wins_over_a_stale_cookie(mads_client: Client, world: World) -> None:
    User.objects.filter(pk=world.mads.pk).update(language="en")
    mads_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert _lang(mads_client) == "en"


def test_profile_form_changes_the_language(mads_client: Client, world: World) -> None:
    page = mads_client.get("/accounts/profile/")
    assert page.status_code == 200
    response = mads_client.post("/accounts/profile/", {"name": "Mads M.", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    world.mads.refresh_from_db()
    assert (world.mads.name, world.mads.language) == ("Mads M.", "en")
    assert _lang(mads_client, "/accounts/profile/") == "en"


def test_profile_refuses_an_unknown_language(mads_client: Client, world: World) -> None:
    response = mads_client.post("/accounts/profile/", {"name": "Mads", "language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    world.mads.refresh_from_db()
    assert world.mads.language == "da"


def test_profile_needs_a_login(client: Client) -> None:
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_english_browser_still_gets_danish_until_someone_chooses(client: Client) -> None:
    # Danish first: many Danish workplaces run their browsers in English.
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert '<html lang="da">' in response.content.decode()
    assert response["Content-Language"] == "da"
    assert "Cookie" in response["Vary"]
