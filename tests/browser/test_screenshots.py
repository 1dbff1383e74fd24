"""Screenshots of the main pages, Danish and English, phone and desktop.

They are kept in docs/screenshots/ for the README and design reviews, and in
test-results/screenshots/ as a CI artefact. The test fails only if a page does
not render; looking at the pictures is for people.
"""

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, REPO_DIR, RESULTS_DIR, log_in
from vogter.organisations import actions
from vogter.organisations.models import Role

pytestmark = pytest.mark.browser

FOLDERS = [REPO_DIR / "docs" / "screenshots", RESULTS_DIR / "screenshots"]
DEVICES = {"phone": PHONE, "desktop": DESKTOP}


def _shoot(page: Page, name: str) -> None:
    expect(page.locator("main h1")).to_be_visible()
    # Invitation links carry a random token and the live server's random port;
    # a fixed example keeps the pictures from changing on every run.
    page.locator(".copy-field input").evaluate_all(
        "fields => fields.forEach(f => { f.value = 'https://vogter.example/invitation/…/'; })"
    )
    for folder in FOLDERS:
        page.screenshot(
            path=str(folder / f"{name}.png"), full_page=True, animations="disabled", caret="hide"
        )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_of_the_main_pages(
    new_context, live_server, world: World, language: str, device: str
) -> None:
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    invitation = actions.invite(
        world.alice, world.havneby, role=Role.FACILITATOR, unit=world.department
    )
    actions.invite(world.alice, world.havneby, email="kim@havneby.example")

    def browser_in(language: str) -> BrowserContext:
        context: BrowserContext = new_context(**DEVICES[device])
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    prefix = f"{language}-{device}"
    visitor = browser_in(language).new_page()
    visitor.goto(live_server.url)
    _shoot(visitor, f"{prefix}-front")
    visitor.goto(f"{live_server.url}/invitation/{invitation.token}/")
    _shoot(visitor, f"{prefix}-invitation")
    visitor.goto(f"{live_server.url}/accounts/login/")
    _shoot(visitor, f"{prefix}-login")

    world.alice.language = language
    world.alice.save(update_fields=["language"])
    admin = browser_in(language).new_page()
    log_in(admin, live_server.url, world.alice.email, language=language)
    org = world.havneby.code
    admin.goto(f"{live_server.url}/o/{org}/")
    _shoot(admin, f"{prefix}-overview")
    admin.goto(f"{live_server.url}/o/{org}/units/")
    _shoot(admin, f"{prefix}-units")
    admin.goto(f"{live_server.url}/o/{org}/people/")
    _shoot(admin, f"{prefix}-people")
    admin.goto(f"{live_server.url}/o/{org}/people/{world.membership(world.mads).code}/")
    _shoot(admin, f"{prefix}-member")


def test_screenshot_names_are_the_documented_set() -> None:
    """Guards against stale pictures piling up in docs/ when pages are renamed."""
    expected = {
        f"{language}-{device}-{page}.png"
        for language in ("da", "en")
        for device in DEVICES
        for page in ("front", "invitation", "login", "overview", "units", "people", "member")
    }
    folder = FOLDERS[0]
    if folder.exists():
        assert {p.name for p in Path(folder).glob("*.png")} <= expected
