"""Issue 18: Vogter as docs/operations.md deploys it, tried for real.

`vogter serve` with DEBUG=false and a strong secret, the demo loaded, behind Debian's
nginx running deploy/nginx/vogter.conf (the file the docs point at) with a self-signed
certificate. Over HTTPS: /healthz, the redirect from HTTP, HSTS and secure cookies, a
browser's login, a live board's stream passing an event on at once, and client addresses
believed only from the proxy.

    make test-deploy      (.venv/bin/pytest -q -p no:xdist -m deploy tests/deploy)
"""

import contextlib
import json
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deploy.site import Site, running_site

pytestmark = pytest.mark.deploy

DEMO_FACILITATOR = "facilitator@havnestad.example"
DEMO_PASSWORD = "vogter-demo-2026"
CHROMIUM = "/usr/bin/chromium"
# Few enough wrong join codes per address that a test reaches the limit in a handful.
GUESSES = 3
# The live board: the demo's workshop in the reflect phase.
BOARD_WORKSHOP = "AI i kommunikationen"
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "deploy.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(
        tmp_path_factory.mktemp("deploy"), {"JOIN_CODE_GUESS_LIMIT": f"{GUESSES}/10m"}
    ) as running:
        yield running


def client(site: Site, *, source: str = "127.0.0.1", **kwargs: object) -> httpx.Client:
    """An HTTP client trusting only the site's certificate, connecting from `source` (any
    127.x address is this machine: a stand-in for visitors at different addresses)."""
    transport = httpx.HTTPTransport(verify=site.tls(), local_address=source)
    return httpx.Client(transport=transport, timeout=10, **kwargs)  # type: ignore[arg-type]


def log_in(site: Site, browser_client: httpx.Client) -> None:
    """Log in as a browser does: the form's CSRF token, the Origin header, the cookies."""
    page = browser_client.get(f"{site.https}/accounts/login/")
    token = browser_client.cookies["csrftoken"]
    assert 'name="csrfmiddlewaretoken"' in page.text
    done = browser_client.post(
        f"{site.https}/accounts/login/",
        data={
            "username": DEMO_FACILITATOR,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token,
        },
        headers={"Origin": site.https, "Referer": f"{site.https}/accounts/login/"},
    )
    assert done.status_code == 302, done.text[:2000]
    assert "sessionid" in browser_client.cookies


def test_healthz_answers_over_https_through_nginx(site: Site) -> None:
    with client(site) as http:
        response = http.get(f"{site.https}/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["server"].startswith("nginx")


def test_plain_http_is_sent_to_https(site: Site) -> None:
    with client(site) as http:
        response = http.get(f"{site.http}/accounts/login/?next=/x")
    assert response.status_code == 301
    # The standard port: the site file is for an installation on 443.
    assert response.headers["location"] == "https://127.0.0.1/accounts/login/?next=/x"


def test_healthz_answers_over_plain_http_for_a_load_balancer(site: Site) -> None:
    with client(site) as http:
        response = http.get(f"{site.http}/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_production_settings_pass_djangos_deploy_check(site: Site) -> None:
    # README, Deploying: "vogter check --deploy must report no issues".
    assert "no issues" in site.vogter("check", "--deploy", "--fail-level", "WARNING")


def test_pages_over_https_carry_hsts_and_secure_cookies(site: Site) -> None:
    with client(site) as http:
        response = http.get(f"{site.https}/accounts/login/")
    assert response.status_code == 200
    # Once, from the app (which knows the request came over HTTPS), not twice.
    assert response.headers.get_list("strict-transport-security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    csrf = next(c for c in response.headers.get_list("set-cookie") if c.startswith("csrftoken="))
    assert "Secure" in csrf


def test_a_browser_logs_in_and_its_live_board_follows_a_join(site: Site) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium.")
    stream_url, join_code = _board_address(site)
    origin = site.https.replace("127.0.0.1", "localhost")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        # The certificate is self-signed: Chromium is told not to mind, the clients above
        # trust it by name.
        context = browser.new_context(ignore_https_errors=True, locale="en-GB")
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(origin + "/accounts/login/")
        page.fill("input[name=username]", DEMO_FACILITATOR)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/accounts/login/" not in page.url, page.inner_text("main")
        protocol = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].nextHopProtocol"
        )
        session = next(c for c in context.cookies() if c["name"] == "sessionid")

        # The board, its stream over HTTP/2 through nginx, and a participant joining.
        page.goto(origin + stream_url.removeprefix(site.https).removesuffix("events"))
        expect(page.locator("#live-state")).to_have_attribute("data-state", "connected")
        joined = int(page.inner_text("#count-joined"))
        # The stream's first event, whole, before anything else happens: a proxy holding
        # it back would pass it on only with the next one.
        page.evaluate(
            """url => {
                window.heard = [];
                const source = new EventSource(url);
                source.addEventListener("snapshot", () => window.heard.push("snapshot"));
            }""",
            stream_url.removeprefix(site.https),
        )
        page.wait_for_function("() => window.heard.includes('snapshot')", timeout=5000)
        with client(site) as phone:
            response = phone.post(
                f"{site.https}/api/worksheets/join", json={"join_code": join_code}
            )
            assert response.status_code == 201
        # Sooner than the board's own 5 s refresh could make it look right.
        expect(page.locator("#count-joined")).to_have_text(str(joined + 1), timeout=3000)
        browser.close()
    assert session["secure"] and session["httpOnly"]
    assert protocol == "h2"  # the site file's HTTP/2
    assert problems == []


def test_an_upload_over_a_megabyte_reaches_the_app(site: Site) -> None:
    # nginx's own default (1 MB) would refuse a workshop's import file with 413.
    with client(site) as http:
        response = http.post(
            f"{site.https}/api/worksheets/join",
            content=b'{"join_code": "' + b"x" * 2_000_000 + b'"}',
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code != 413
    assert response.headers["content-type"].startswith("application/json")  # the app answered


def _board_address(site: Site) -> tuple[str, str]:
    """The demo's live board's stream and its workshop's join code."""
    found = json.loads(
        site.python(
            "import json\n"
            "from vogter.workshops.models import Workshop\n"
            f"w = Workshop.objects.select_related('organisation').get(title={BOARD_WORKSHOP!r})\n"
            "print(json.dumps([w.organisation.code, w.code, w.join_code]))"
        )
    )
    org, code, join_code = found
    return f"{site.https}/o/{org}/workshops/{code}/board/events", join_code


def _read_events(response: httpx.Response, into: "queue.Queue[tuple[float, str]]") -> None:
    """Each event's name, with the moment its frame arrived, until the stream is closed."""
    event = ""
    with contextlib.suppress(httpx.HTTPError, httpx.StreamError):
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line == "" and event:
                into.put((time.monotonic(), event))
                event = ""


def test_a_live_board_hears_of_a_join_at_once_through_nginx(site: Site) -> None:
    stream_url, join_code = _board_address(site)
    events: queue.Queue[tuple[float, str]] = queue.Queue()
    with client(site, follow_redirects=False) as facilitator, client(site) as phone:
        log_in(site, facilitator)
        with facilitator.stream(
            "GET", stream_url, headers={"Accept": "text/event-stream"}, timeout=30
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            threading.Thread(target=_read_events, args=(response, events), daemon=True).start()
            assert events.get(timeout=15)[1] == "snapshot"
            # Connected and idle: now a participant joins, which the board counts.
            joined_at = time.monotonic()
            joined = phone.post(f"{site.https}/api/worksheets/join", json={"join_code": join_code})
            assert joined.status_code == 201
            while True:
                # Buffered by the proxy, it would come at the 15 s keepalive or the close.
                arrived, event = events.get(timeout=5)
                if event == "counts":
                    break
    delay = arrived - joined_at
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"board_event_through_nginx_ms": round(delay * 1000, 1)}) + "\n")
    assert delay < 2.0, f"the event took {delay:.2f} s through nginx"


def _guesses(http: httpx.Client, url: str, forged: bool) -> list[int]:
    """Wrong join codes, each (when forged) claiming to come from another address."""
    statuses = []
    for number in range(GUESSES + 2):
        headers = {"X-Forwarded-For": f"203.0.113.{number + 1}"} if forged else {}
        if forged and url.startswith("http://"):
            headers["X-Forwarded-Proto"] = "https"  # past the redirect, as a forger would
        response = http.post(
            f"{url}/api/worksheets/join", json={"join_code": "ZZZZ9999"}, headers=headers
        )
        statuses.append(response.status_code)
    return statuses


REFUSED_AFTER_LIMIT = [404] * GUESSES + [429, 429]


def test_a_forged_forwarded_for_through_nginx_is_not_believed(site: Site) -> None:
    with client(site, source="127.0.0.7") as guesser:
        # Five addresses claimed, one address counted: the one nginx saw.
        assert _guesses(guesser, site.https, forged=True) == REFUSED_AFTER_LIMIT
    with client(site, source="127.0.0.8") as colleague:
        # … and only that one: another visitor of the same nginx is not refused with it.
        assert _guesses(colleague, site.https, forged=False)[0] == 404


def test_a_forged_forwarded_for_straight_to_the_app_is_not_believed(site: Site) -> None:
    with client(site, source="127.0.0.9") as guesser:
        assert _guesses(guesser, site.app, forged=True) == REFUSED_AFTER_LIMIT
