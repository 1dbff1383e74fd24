import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD, World
from vogter.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


def _signup(client: Client, email: str = "nina@havneby.example", **extra: str):  # type: ignore[no-untyped-def]
    data = {"email": email, "name": "Nina New", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post(SIGNUP, data)


def test_signup_page_renders(client: Client) -> None:
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


def test_signup_creates_the_account_and_logs_in(client: Client) -> None:
    response = _signup(client, email="Nina@Havneby.Example")
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="nina@havneby.example")
    assert user.name == "Nina New"
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/accounts/profile/").status_code == 200


def test_signup_takes_the_language_of_the_page(client: Client) -> None:
    _signup(client, email="dansk@example.org")
    assert User.objects.get(email="dansk@example.org").language == "da"

    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _signup(english, email="english@example.org")
    assert User.objects.get(email="english@example.org").language == "en"


def test_signup_with_an_existing_email_is_refused_with_a_clear_message(
    client: Client, world: World
) -> None:
    response = _signup(client, email="ALICE@havneby.example")
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert errors
    assert errors[0] in response.content.decode()
    assert User.objects.filter(email__iexact="alice@havneby.example").count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "weak",
    ["kort1!", "12345678901234", "password123", "ninahavneby"],
    ids=["too-short", "only-digits", "common", "like-the-email"],
)
def test_signup_rejects_a_weak_password(client: Client, weak: str) -> None:
    response = _signup(client, email="ninahavneby@example.org", password1=weak, password2=weak)
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="ninahavneby@example.org").exists()


def test_signup_rejects_two_different_passwords(client: Client) -> None:
    response = _signup(client, password2=PASSWORD + "!")
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_signup_follows_a_local_next(client: Client) -> None:
    response = _signup(client, next="/o/new/")
    assert response["Location"] == "/o/new/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_signup_ignores_a_next_pointing_elsewhere(client: Client, target: str) -> None:
    response = _signup(client, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signup_keeps_next_from_the_query_string_in_the_form(client: Client) -> None:
    response = client.get(SIGNUP, {"next": "/o/new/"})
    assert 'name="next" value="/o/new/"' in response.content.decode()


def test_logged_in_person_visiting_signup_is_sent_on(alice_client: Client) -> None:
    response = alice_client.get(SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/"
