"""Playwright fixtures for the browser tests: Debian's Chromium, headless.

The tests drive a real browser against pytest-django's ``live_server``. Browsers
cannot be downloaded here or in CI, so Playwright launches the system Chromium
(``apt-get install chromium``) instead of one of its own builds.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# Danish workplaces: the browser asks for Danish first, as most participants' phones do.
BROWSER_LOCALE = "da-DK"

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_DIR / "test-results"


def translated(language: str, message: str) -> str:
    """What the page shows for ``message`` in ``language``, from the live catalogue.

    Tests find things by the words people see, without hard-coding Danish that
    the translators may still change.
    """
    with translation.override(language):
        return translation.gettext(message)


def da(message: str) -> str:
    return translated("da", message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM).")
    # Playwright's synchronous API keeps an asyncio loop registered on this
    # thread, which makes Django's ORM refuse to run from the test itself.
    # The live server answers from its own thread and is unaffected.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The embedded SQLite test database in a file, not in memory.

    In memory, the live server's threads and the test would share one connection,
    and the worksheet's concurrent autosaves would trip over each other's
    transactions ("cannot start a transaction within a transaction"). In a file,
    every request has its own connection, as under `vogter serve`.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "browser.sqlite3")


@pytest.fixture(scope="session")
def _plain_http() -> Iterator[None]:
    # The live server speaks plain HTTP. SecurityMiddleware reads its settings
    # once, when the server thread builds its handler, so they must be in place
    # before the (session-wide) server starts; Secure cookies would not come back.
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http: None, live_server: LiveServer) -> LiveServer:
    """pytest-django's live server, started with the plain-HTTP settings above."""
    return live_server


@pytest.fixture(autouse=True)
def _fresh_cache(transactional_db: None) -> None:
    # The database cache table survives the flush between tests; login rate
    # limits counted by an earlier test must not lock out the next one.
    cache.clear()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """new_context(**options) -> a fresh, isolated browser context (closed after the test)."""
    contexts: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        context = browser.new_context(locale=BROWSER_LOCALE, **options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(**DESKTOP)


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(**PHONE)


@pytest.fixture
def page(desktop: BrowserContext) -> Page:
    return desktop.new_page()


def log_in(page: Page, base_url: str, email: str, language: str = "da") -> None:
    """Log in through the real form, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(capfirst(translated(language, "e-mail address"))).fill(email)
    page.get_by_label(translated(language, "Password"), exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=translated(language, "Log in")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def expect_message(page: Page, text: str) -> None:
    """The page confirms what just happened in a status message (read out by screen readers)."""
    expect(page.locator(".messages[role=status]")).to_contain_text(text)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep a picture of every open page when a browser test fails (a CI artefact)."""
    report = yield
    if report.when == "call" and report.failed:
        browser = item.funcargs.get("browser")  # type: ignore[attr-defined]
        if browser is not None:
            folder = RESULTS_DIR / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            for c, context in enumerate(browser.contexts):
                for p, open_page in enumerate(context.pages):
                    name = f"{item.name}-{c}-{p}.png".replace("/", "_")
                    try:
                        open_page.screenshot(path=str(folder / name), full_page=True)
                    except PlaywrightError:  # a closed page must not hide the real failure
                        continue
    return report


# axe-core (bundled with axe-playwright-python): what blocks, and how to show it.
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def axe_findings(page: Page) -> list[dict]:
    """Every violation, whatever its impact: for pages held to more than the blocking ones."""
    return list(_axe.run(page).response["violations"])


def axe_describe(violations: dict[str, list[dict]]) -> str:
    lines = []
    for where, found in violations.items():
        for violation in found:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}")
            lines.extend(
                f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}"
                for node in violation["nodes"]
            )
    return "\n".join(lines)


@pytest.fixture
def browser_in(
    new_context: Callable[..., BrowserContext], live_server: LiveServer
) -> Callable[..., BrowserContext]:
    """browser_in(device, language) -> a context whose person has chosen that language
    (the cookie the language switch sets)."""

    def make(device: dict, language: str = "da") -> BrowserContext:
        context = new_context(**device)
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    return make


@pytest.fixture
def quick_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finished answers reach the board within a second or two, instead of the 20 to 60 s a
    lone finisher waits in a real room (vogter/workshops/actions/board.py): the live server
    runs in this process, and the board page reads how often to ask when it is drawn."""
    from vogter.workshops.actions import board as board_actions

    monkeypatch.setattr(board_actions, "RELEASE_CHECK_SECONDS", 0.5)
    monkeypatch.setattr(board_actions, "RELEASE_WAIT_SECONDS", (0.5, 1.0))
