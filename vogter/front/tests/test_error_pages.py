"""Error pages: in the site's look, in the reader's language, with a way back; JSON for the API."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(settings: Settings) -> Client:
    """DEBUG off (as in production), the failing views mounted, exceptions turned into pages."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "vogter.front.tests.urls_errors"
    return Client(raise_request_exception=False)


def _in_english(client: Client) -> Client:
    client.cookies["vogter_language"] = "en"
    return client


def test_a_missing_page_is_styled_in_danish_and_the_same_for_everyone(failing: Client) -> None:
    response = failing.get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'href="/static/vogter/css/app.css"' in page
    assert "Siden findes ikke" in page
    assert "Tilbage til forsiden" in page
    assert "Log ind" not in page  # the same bytes whoever asks: no name, no session token


def test_a_signed_in_person_gets_the_same_missing_page_as_a_visitor(
    failing: Client, alice_client: Client
) -> None:
    alice_client.raise_request_exception = False
    assert alice_client.get("/no/such/page/").content == failing.get("/no/such/page/").content


def test_a_missing_page_is_styled_in_english(failing: Client) -> None:
    page = _in_english(failing).get("/no/such/page/").content.decode()
    assert "Page not found" in page
    assert "Back to the front page" in page


def test_a_participant_missing_page_has_no_account_links_and_leads_to_the_join_code(
    failing: Client,
) -> None:
    response = failing.get("/j/NOSUCHCODE/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Tjek deltagerkoden" in page
    assert 'href="/j/"' in page
    assert "Log ind" not in page
    assert "Opret konto" not in page


def test_a_member_without_the_role_gets_the_styled_403(
    failing: Client, world: World, mads_client: Client
) -> None:
    response = mads_client.get(f"/o/{world.havneby.code}/workshops/")  # facilitators' page
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in page
    assert "administratorer" in page
    assert "Forbidden" not in page


def test_a_forbidden_page_in_english(failing: Client) -> None:
    response = _in_english(failing).get("/forbidden/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_a_bad_request_is_styled(failing: Client) -> None:
    response = failing.get("/bad/")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.content.decode()


def test_a_server_error_is_styled_and_asks_nothing_of_the_database(failing: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = failing.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Noget gik galt" in page
    assert "Tilbage til forsiden" in page
    assert 'href="/static/vogter/css/app.css"' in page
    assert "Log ind" not in page
    assert queries.captured_queries == []


def test_a_server_error_in_english_for_a_participant(failing: Client) -> None:
    page = _in_english(failing).get("/j/ABC/broken/").content.decode()
    assert "Something went wrong" in page
    assert "What you had already saved is kept." in page
    assert 'href="/j/"' in page


def test_the_api_keeps_answering_in_json(failing: Client) -> None:
    missing = failing.get("/api/no/such/thing")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "Findes ikke."}
    broken = failing.get("/api/broken/")
    assert broken.status_code == 500
    assert broken["Content-Type"] == "application/json"
    assert "detail" in broken.json()


def test_an_expired_form_gets_a_styled_page_that_offers_to_reopen_it(failing: Client) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Formularen er udløbet" in page
    assert 'href="/accounts/login/"' in page
