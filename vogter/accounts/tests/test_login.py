import pytest
from django.test import Client

from conftest import PASSWORD, World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_ratelimit_clock")]

LOGIN = "/accounts/login/"


def _login(client: Client, email: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_login_with_email_and_password(client: Client, world: World) -> None:
    response = _login(client, "alice@havneby.example")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.alice.pk)


def test_login_ignores_the_case_of_the_email(client: Client, world: World) -> None:
    # Addresses are stored in lower case; people type them as they like.
    response = _login(client, "Alice@Havneby.Example")
    assert response.status_code == 302


def test_login_with_a_wrong_password_shows_the_form_again(client: Client, world: World) -> None:
    response = _login(client, "alice@havneby.example", "wrong password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_follows_a_local_next(client: Client, world: World) -> None:
    path = f"/o/{world.havneby.code}/"
    response = _login(client, "alice@havneby.example", next=path)
    assert response["Location"] == path


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_login_ignores_a_next_pointing_elsewhere(client: Client, world: World, target: str) -> None:
    response = _login(client, "alice@havneby.example", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["/accounts/login/", "/accounts/login/?next=/"])
def test_signed_in_person_with_next_back_to_login_goes_home(
    alice_client: Client, target: str
) -> None:
    response = alice_client.get(LOGIN, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_page_carries_next_to_the_form_and_signup_link(client: Client) -> None:
    html = client.get(LOGIN, {"next": "/o/new/"}).content.decode()
    assert 'name="next" value="/o/new/"' in html
    assert 'href="/accounts/signup/?next=/o/new/"' in html


def test_logout_needs_a_post(alice_client: Client) -> None:
    assert alice_client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in alice_client.session

    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in alice_client.session
    assert alice_client.get("/accounts/profile/").status_code == 302
