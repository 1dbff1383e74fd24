"""Every main page passes axe-core without serious or critical violations, in both languages.

axe-core is bundled with axe-playwright-python, so nothing is fetched at run time.
"""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from vogter.api.actions import issue_token
from vogter.organisations.actions import invitations as invitation_actions

pytestmark = pytest.mark.browser


def _audit(page: Page, base_url: str, paths: dict[str, str], language: str) -> dict[str, list]:
    found = {}
    for name, path in paths.items():
        page.goto(base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        violations = _violations(page)
        if violations:
            found[f"{name} ({path})"] = violations
    return found


@pytest.fixture(params=["da", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


def test_main_pages_have_no_serious_accessibility_violations(
    new_context, live_server, world: World, language: str
) -> None:
    invitation = invitation_actions.invite(world.alice, world.havneby)

    # Each browser has chosen the language (the cookie the language switch sets).
    def browser_in(language: str) -> BrowserContext:
        context: BrowserContext = new_context(**DESKTOP)
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    visitor = browser_in(language)
    anonymous = {
        "front": "/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password reset": "/accounts/password-reset/",
        "invitation": f"/invitation/{invitation.token}/",
    }
    page = visitor.new_page()
    found = _audit(page, live_server.url, anonymous, language)

    # Forms with errors: the messages must be announced and tied to their fields.
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label(translated(language, "Password"), exact=True).fill("1234")
    page.get_by_label(translated(language, "Repeat the password")).fill("1234")
    page.get_by_role("main").get_by_role(
        "button", name=translated(language, "Create an account")
    ).click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    if violations := _violations(page):
        found["signup with errors"] = violations

    world.alice.language = language
    world.alice.save(update_fields=["language"])
    admin = browser_in(language).new_page()
    log_in(admin, live_server.url, world.alice.email, language=language)
    org = world.havneby.code
    signed_in = {
        "home": "/",
        "profile": "/accounts/profile/",
        "overview": f"/o/{org}/",
        "units": f"/o/{org}/units/",
        "unit edit": f"/o/{org}/units/{world.unit.code}/",
        "people": f"/o/{org}/people/",
        "member edit": f"/o/{org}/people/{world.membership(world.mads).code}/",
        "settings": f"/o/{org}/settings/",
        "create organisation": "/o/new/",
        "invitation (signed in)": f"/invitation/{invitation.token}/",
    }
    found |= _audit(admin, live_server.url, signed_in, language)

    assert not found, "axe found serious or critical violations:\n" + _describe(found)


def test_phone_layout_has_no_serious_accessibility_violations(
    new_context, live_server, world: World
) -> None:
    """Small screens rearrange the header and the tables; check those too."""
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, world.alice.email)
    org = world.havneby.code
    paths = {"home": "/", "units": f"/o/{org}/units/", "people": f"/o/{org}/people/"}
    found = _audit(page, live_server.url, paths, "da")
    assert not found, "axe found serious or critical violations:\n" + _describe(found)


def test_skip_link_appears_on_focus_and_moves_to_the_content(
    page: Page, live_server, world: World
) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=translated("da", "Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_no_page_scrolls_sideways_on_a_phone(new_context, live_server, world: World) -> None:
    """Content wider than the phone (a table, a long link) must scroll in its own box."""
    issue_token(world.alice, "a token, so the profile page shows its table")
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, world.alice.email)
    org = world.havneby.code
    too_wide = {}
    for path in (
        "/",
        "/accounts/profile/",
        f"/o/{org}/",
        f"/o/{org}/units/",
        f"/o/{org}/people/",
        f"/o/{org}/people/{world.membership(world.mads).code}/",
        f"/o/{org}/settings/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["viewport"]["width"]:
            too_wide[path] = width
    assert not too_wide, f"pages wider than the phone: {too_wide}"
