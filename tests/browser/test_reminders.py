"""A workshop contact stops the reflection reminders in a real browser, from the link in
a reminder: the page asks first, on a phone and a desktop, in Danish and English, passes
axe-core and does not scroll sideways; after the click the address is gone.

The screenshots go to test-results/screenshots/ only (looking at them is for people).
"""

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import BrowserContext, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, RESULTS_DIR, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from vogter.charters.models import Charter
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Contact
from vogter.reflection.tests import conftest as reflection_fixtures
from vogter.reflection.tests.test_reminders import STOP

pytestmark = pytest.mark.browser

adopted_charter = reflection_fixtures.adopted_charter
SHOTS = RESULTS_DIR / "screenshots"


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_contact_stops_the_reminders_from_the_link_in_one(
    new_context,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    language: str,
    device: str,
) -> None:
    Contact.objects.create(
        unit=signatories.unit, email="deltager@borger.example", language=language
    )
    round_actions.open_round(signatories.fiona, adopted_charter, event="new_tool")
    call_command("reflection", "run-due", "--base-url", "https://vogter.example")
    (reminder,) = [m for m in mail.outbox if m.to == ["deltager@borger.example"]]
    found = STOP.search(reminder.body)
    assert found is not None
    path = found[0].removeprefix("https://vogter.example")

    context: BrowserContext = new_context(**(PHONE if device == "phone" else DESKTOP))
    cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
    context.add_cookies([cookie])  # type: ignore[list-item]
    page = context.new_page()
    page.goto(live_server.url + path)
    expect(page.locator("main h1")).to_have_text(translated(language, "Stop the reminders?"))
    expect(page.locator("main")).to_contain_text("deltager@borger.example")
    violations = {"ask": _violations(page)}
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"stop-reminders-{device}-{language}.png"), full_page=True)

    page.get_by_role("button", name=translated(language, "Stop the reminders")).click()
    expect(page.locator("main h1")).to_have_text(
        translated(language, "You will get no more reminders")
    )
    violations["done"] = _violations(page)
    page.screenshot(path=str(SHOTS / f"stop-reminders-done-{device}-{language}.png"))
    assert not Contact.objects.exists()
    assert not any(violations.values()), _describe(violations)
