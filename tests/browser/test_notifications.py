"""The notification settings page in a real browser, in both languages: a switch per
kind, saved with a confirmation, without accessibility violations; a screenshot of each
(test-results/notifications-<language>.png)."""

import pytest
from playwright.sync_api import BrowserContext, expect

from conftest import World
from tests.browser.conftest import RESULTS_DIR, axe_violations, expect_message, log_in, translated
from vogter.accounts.models import User
from vogter.notifications.preferences import settings_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_person_switches_a_kind_of_notification_off(
    desktop: BrowserContext, live_server, world: World, language: str
) -> None:
    User.objects.filter(pk=world.mads.pk).update(language=language)
    cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
    desktop.add_cookies([cookie])  # type: ignore[list-item]
    page = desktop.new_page()
    log_in(page, live_server.url, world.mads.email, language)
    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_role("link", name=translated(language, "Notification settings")).click()
    expect(page.locator("h1")).to_have_text(translated(language, "Notifications"))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / f"notifications-{language}.png"), full_page=True)
    assert axe_violations(page) == []

    flag = page.get_by_label(translated(language, "A reflection round raised a flag"))
    expect(flag).to_be_checked()
    flag.uncheck()
    page.get_by_role("main").get_by_role("button", name=translated(language, "Save")).click()
    expect_message(page, translated(language, "Your notification settings are saved."))
    expect(
        page.get_by_label(translated(language, "A reflection round raised a flag"))
    ).not_to_be_checked()
    assert settings_for(world.mads)["flag"] is False
