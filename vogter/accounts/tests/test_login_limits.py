"""Login limits stop password guessing, not colleagues behind one office address.

Each test starts with fresh counters without clearing the cache: the database cache is
rolled back with the test's transaction, and on Redis the root conftest gives every test its
own key prefix. The clock is the `clock` fixture's: tests move it instead of sleeping.
"""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import PASSWORD, Clock, World, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OFFICE = "192.0.2.10"  # one address for a whole office (NAT)


def _login(client: Client, email: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def _fail(client: Client, email: str, times: int, clock: Clock | None = None) -> None:
    """Log in with a wrong password that many times, waiting (on the clock) when told to."""
    failed = 0
    while failed < times:
        response = _login(client, email, "wrong password")
        if response.status_code == 429 and clock is not None:
            clock.advance(int(response["Retry-After"]))
            continue
        assert response.status_code == 200, failed
        failed += 1


def _signup(client: Client, email: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/signup/",
        {"email": email, "name": "", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_an_office_of_six_signs_up_and_logs_in_from_one_address(clock: Clock, db: None) -> None:
    colleagues = [f"kollega{i}@havneby.example" for i in range(6)]
    for email in colleagues:
        browser = Client(REMOTE_ADDR=OFFICE)
        # A typing error or two on the way, as real people make them.
        browser.post("/accounts/signup/", {"email": email, "password1": "kort", "password2": "x"})
        assert _signup(browser, email).status_code == 302, email
        browser.post("/accounts/logout/")
        _login(browser, email, "glemt kodeord")
        _login(browser, email.upper(), "også forkert")
        response = _login(browser, email)
        assert response.status_code == 302, email
        assert "_auth_user_id" in browser.session


def test_a_team_of_thirty_signs_up_within_the_hour_from_one_address(clock: Clock, db: None) -> None:
    for i in range(30):
        browser = Client(REMOTE_ADDR=OFFICE)
        browser.post("/accounts/signup/", {"email": f"t{i}@havneby.example", "password1": "x"})
        assert _signup(browser, f"t{i}@havneby.example").status_code == 302, i
        clock.advance(60)


def test_an_office_of_fifty_with_a_bad_morning_is_not_stopped(clock: Clock, world: World) -> None:
    people = [make_user(f"p{i}@havneby.example") for i in range(50)]
    office = Client(REMOTE_ADDR=OFFICE)
    for person in people:
        _fail(office, person.email, 1)
    for person in people[:20]:
        assert _login(Client(REMOTE_ADDR=OFFICE), person.email).status_code == 302


def test_wrong_passwords_for_one_account_bring_growing_waits(
    clock: Clock, settings: Settings, world: World
) -> None:
    attacker = Client(REMOTE_ADDR=OFFICE)
    _fail(attacker, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)
    waits = []
    for _ in range(6):
        refused = _login(attacker, "alice@havneby.example", "another guess")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert _login(attacker, "alice@havneby.example", "another guess").status_code == 200
    assert waits == [1, 2, 4, 8, 16, 32]


def test_the_wait_never_exceeds_the_ceiling(clock: Clock, settings: Settings, world: World) -> None:
    settings.LOGIN_MAX_DELAY = 60
    attacker = Client(REMOTE_ADDR=OFFICE)
    _fail(attacker, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)
    for _ in range(10):
        clock.advance(60)
        assert _login(attacker, "alice@havneby.example", "guess").status_code == 200
    assert int(_login(attacker, "alice@havneby.example")["Retry-After"]) == 60


def test_a_colleague_at_the_same_address_logs_in_while_one_account_is_hammered(
    clock: Clock, settings: Settings, world: World
) -> None:
    hammer = Client(REMOTE_ADDR=OFFICE)
    _fail(hammer, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)
    for _ in range(20):
        assert _login(hammer, "alice@havneby.example", "guess").status_code == 429
    colleague = Client(REMOTE_ADDR=OFFICE)
    assert _login(colleague, "mads@havneby.example").status_code == 302


def test_the_right_password_also_waits_its_turn(
    clock: Clock, settings: Settings, world: World
) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)
    response = _login(client, "alice@havneby.example")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    clock.advance(1)
    assert _login(client, "alice@havneby.example").status_code == 302


def test_a_successful_login_starts_afresh(clock: Clock, settings: Settings, world: World) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS - 1)
    assert _login(client, "alice@havneby.example").status_code == 302
    client.post("/accounts/logout/")
    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)


def test_a_password_reset_ends_the_wait(
    clock: Clock, settings: Settings, client: Client, world: World
) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS + 5, clock)
    uid = urlsafe_base64_encode(force_bytes(world.alice.pk))
    token = default_token_generator.make_token(world.alice)
    form = client.get(f"/accounts/password-reset/{uid}/{token}/", follow=True)
    new = "a brand new passphrase"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert _login(client, "alice@havneby.example", new).status_code == 302


def test_an_unknown_address_is_limited_exactly_like_a_real_one(
    clock: Clock, settings: Settings, world: World
) -> None:
    answers = {}
    for email in ("alice@havneby.example", "nobody@havneby.example"):
        client = Client(REMOTE_ADDR=OFFICE)
        statuses = [
            _login(client, email, "guess").status_code
            for _ in range(settings.LOGIN_FREE_ATTEMPTS + 2)
        ]
        refused = _login(client, email, "guess")
        answers[email] = (statuses, refused.status_code, refused["Retry-After"])
        clock.advance(3600)
    assert answers["alice@havneby.example"] == answers["nobody@havneby.example"]


def test_changing_the_case_of_the_email_buys_no_extra_attempts(
    clock: Clock, settings: Settings, world: World
) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    for attempt in range(settings.LOGIN_FREE_ATTEMPTS):
        variant = "".join(
            c.upper() if (attempt >> i) & 1 else c for i, c in enumerate("alice@havneby.example")
        )
        _login(client, f"  {variant} ", "wrong")
    assert _login(client, "ALICE@havneby.example").status_code == 429


def test_other_addresses_buy_no_extra_attempts_at_one_account(
    clock: Clock, settings: Settings, world: World
) -> None:
    for attempt in range(settings.LOGIN_FREE_ATTEMPTS):
        _login(Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}"), "alice@havneby.example", "wrong")
    assert _login(Client(REMOTE_ADDR="10.0.1.1"), "alice@havneby.example").status_code == 429


def test_the_admin_login_is_no_way_around_the_limit(
    clock: Clock, settings: Settings, client: Client, world: World
) -> None:
    world.alice.is_staff = True
    world.alice.save()
    for attempt in range(settings.LOGIN_FREE_ATTEMPTS):
        response = client.post(
            "/admin/login/" if attempt % 2 else LOGIN,
            {"username": "alice@havneby.example", "password": "wrong"},
        )
        assert response.status_code == 200, attempt
    response = client.post(
        "/admin/login/", {"username": "alice@havneby.example", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_refusal_says_when_to_try_again_and_keeps_the_address(
    clock: Clock, settings: Settings, world: World
) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS + 3, clock)
    clock.advance(1)
    danish = _login(client, "alice@havneby.example")
    assert danish.status_code == 429
    assert danish["Retry-After"] == "7"
    page = danish.content.decode()
    assert "Prøv igen om 7 sekunder." in page
    assert 'value="alice@havneby.example"' in page
    client.cookies["vogter_language"] = "en"
    english = _login(client, "alice@havneby.example").content.decode()
    assert "Try again in 7 seconds." in english
    assert "too many wrong passwords for this account" in english


def test_the_login_page_itself_is_never_limited(
    clock: Clock, settings: Settings, world: World
) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    _fail(client, "alice@havneby.example", settings.LOGIN_FREE_ATTEMPTS)
    assert _login(client, "alice@havneby.example").status_code == 429
    assert client.get(LOGIN).status_code == 200


# --- The loose per-address ceiling --------------------------------------------------


def test_credential_stuffing_from_one_address_meets_the_ceiling(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.LOGIN_ADDRESS_RATE_LIMIT = "20/15m"
    stuffer = Client(REMOTE_ADDR="198.51.100.66")
    for i in range(20):
        assert _login(stuffer, f"leaked{i}@example.org", "hunter2").status_code == 200, i
    refused = _login(stuffer, "alice@havneby.example")
    assert refused.status_code == 429
    assert "too many failed attempts from your network" in _english(refused)
    # Elsewhere nobody notices; and the window passes.
    assert _login(Client(REMOTE_ADDR=OFFICE), "mads@havneby.example").status_code == 302
    clock.advance(15 * 60)
    assert _login(stuffer, "alice@havneby.example").status_code == 302


def test_successful_logins_do_not_count_towards_the_ceiling(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.LOGIN_ADDRESS_RATE_LIMIT = "3/15m"
    for _ in range(10):
        office = Client(REMOTE_ADDR=OFFICE)
        assert _login(office, "mads@havneby.example").status_code == 302


def _english(response) -> str:  # type: ignore[no-untyped-def]
    with_cookie = Client(REMOTE_ADDR=response.wsgi_request.META["REMOTE_ADDR"])
    with_cookie.cookies["vogter_language"] = "en"
    return str(
        with_cookie.post(LOGIN, {"username": "x@example.org", "password": "y"}).content.decode()
    )


# --- Whose address: X-Forwarded-For only from trusted proxies -------------------------


def test_a_forged_forwarded_for_changes_nothing_by_default(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.LOGIN_ADDRESS_RATE_LIMIT = "5/15m"
    client = Client(REMOTE_ADDR="198.51.100.66")
    for i in range(5):
        _login(client, f"leaked{i}@example.org", "x", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}")
    refused = _login(client, "mads@havneby.example", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert refused.status_code == 429


def test_a_forged_forwarded_for_through_a_trusted_proxy_changes_nothing(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.VOGTER_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_ADDRESS_RATE_LIMIT = "5/15m"
    nginx = Client(REMOTE_ADDR="127.0.0.1")
    # nginx appends the address it saw to what the client sent.
    for i in range(5):
        _login(nginx, f"x{i}@example.org", "x", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}, 198.51.100.66")
    refused = _login(nginx, "mads@havneby.example", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.66")
    assert refused.status_code == 429
    # A visitor at another address, through the same proxy, is not affected.
    other = _login(nginx, "mads@havneby.example", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert other.status_code == 302


def test_behind_a_trusted_proxy_each_visitor_has_their_own_address(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.VOGTER_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    settings.LOGIN_ADDRESS_RATE_LIMIT = "5/15m"
    chain = "198.51.100.66, 10.0.0.7"  # the visitor, then our load balancer; nginx is the peer
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for i in range(5):
        _login(proxy, f"x{i}@example.org", "x", HTTP_X_FORWARDED_FOR=chain)
    assert _login(proxy, "mads@havneby.example", HTTP_X_FORWARDED_FOR=chain).status_code == 429
    elsewhere = _login(proxy, "mads@havneby.example", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.7")
    assert elsewhere.status_code == 302


def test_without_trusted_proxies_everyone_behind_the_proxy_is_one_address(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.LOGIN_ADDRESS_RATE_LIMIT = "5/15m"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for i in range(5):
        _login(proxy, f"x{i}@example.org", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    refused = _login(proxy, "mads@havneby.example", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert refused.status_code == 429


def test_confirming_the_password_to_delete_the_account_counts_as_logging_in(
    clock: Clock, settings: Settings, mads_client: Client, world: World
) -> None:
    for _ in range(settings.LOGIN_FREE_ATTEMPTS):
        response = mads_client.post("/accounts/profile/delete/", {"password": "guess"})
        assert response.status_code == 200
    refused = mads_client.post("/accounts/profile/delete/", {"password": PASSWORD})
    assert refused.status_code == 429
    assert "Prøv igen om 1 sekund." in refused.content.decode()
    assert _login(Client(), "mads@havneby.example").status_code == 429


def test_a_port_in_forwarded_for_is_dropped_and_garbage_is_not_believed(
    clock: Clock, settings: Settings, world: World
) -> None:
    settings.VOGTER_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_ADDRESS_RATE_LIMIT = "3/15m"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for i, port in enumerate(("5123", "443", "80")):
        _login(proxy, f"x{i}@example.org", "x", HTTP_X_FORWARDED_FOR=f"198.51.100.66:{port}")
    assert (
        _login(proxy, "mads@havneby.example", HTTP_X_FORWARDED_FOR="198.51.100.66").status_code
        == 429
    )
    # Garbage where the client's address should be: the proxy is all we know, not a fresh start.
    for i in range(3):
        _login(proxy, f"y{i}@example.org", "x", HTTP_X_FORWARDED_FOR=f"not-an-address-{i}")
    assert _login(proxy, "mads@havneby.example", HTTP_X_FORWARDED_FOR="nonsense").status_code == 429


def test_a_stranger_guessing_at_an_account_does_not_lock_its_owner_out_of_her_own_browser(
    clock: Clock, settings: Settings, world: World
) -> None:
    """The reproduction: a few requests an hour, timed to the wait, kept a known account
    locked for a whole day. The owner's browser, which has logged in before, counts apart."""
    own = Client(REMOTE_ADDR=OFFICE)
    assert _login(own, world.alice.email).status_code == 302  # she has logged in here before
    own.post("/accounts/logout/")
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    _fail(stranger, world.alice.email, settings.LOGIN_FREE_ATTEMPTS + 8, clock)
    assert _login(stranger, world.alice.email, "still wrong").status_code == 429
    # A browser she has never used waits like the stranger: a guesser cannot pose as hers.
    assert _login(Client(REMOTE_ADDR=OFFICE), world.alice.email).status_code == 429
    assert _login(own, world.alice.email).status_code == 302


def test_the_device_cookie_speaks_for_one_account_and_cannot_be_forged(
    clock: Clock, settings: Settings, world: World
) -> None:
    from vogter.accounts import limits

    own = Client(REMOTE_ADDR=OFFICE)
    assert _login(own, world.fiona.email).status_code == 302  # Fiona's browser, not Alice's
    own.post("/accounts/logout/")
    _fail(Client(), world.alice.email, settings.LOGIN_FREE_ATTEMPTS + 3, clock)
    assert _login(own, world.alice.email).status_code == 429
    forged = Client()
    forged.cookies[limits.DEVICE_COOKIE] = "eyJhIjoiMSJ9:forged:signature"
    assert _login(forged, world.alice.email).status_code == 429
