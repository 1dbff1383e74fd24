"""The language model's grouping in a real browser: the facilitator asks, reads the
proposed groups and what was sent, renames one, leaves one out, and puts the grouping on
the wall. The model is a local stand-in speaking the OpenAI protocol (vogter/llm/tests)."""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import World
from tests.browser.conftest import DESKTOP, log_in
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import base_url, watch_csp
from vogter.llm.tests.conftest import FakeServer, _no_proxy, assistant_on, llm_server  # noqa: F401
from vogter.principles.models import Theme
from vogter.principles.themes import theme_entries
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser


def test_facilitator_asks_for_a_grouping_edits_it_and_puts_it_on_the_wall(
    browser_in,
    live_server,
    world: World,
    answered_workshop: Workshop,
    assistant_on: FakeServer,  # noqa: F811 - the fixture imported above
) -> None:
    original = assistant_on.envelope

    def envelope() -> bytes:
        # Two groups by what the answers say, from the numbers that were sent.
        user = assistant_on.received[-1].body["messages"][-1]["content"]
        numbered = {int(n): t for n, t in re.findall(r"^(\d+)\. (.*)$", user, re.MULTILINE)}
        time = [n for n, t in numbered.items() if "tid" in t or "time" in t]
        rest = [n for n in numbered if n not in time]
        assistant_on.content = json.dumps(
            {"groups": [{"label": "Tid", "answers": time}, {"label": "Kvalitet", "answers": rest}]}
        )
        return original()

    assistant_on.envelope = envelope  # type: ignore[method-assign]
    refused: list[str] = []
    page = watch_csp(browser_in(DESKTOP).new_page(), refused)
    log_in(page, live_server.url, world.fiona.email)
    page.goto(f"{base_url(live_server, world, answered_workshop)}/themes/?q=q1")
    page.locator('form[action$="/themes/assist/group/"] button[type="submit"]').click()

    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator('input[name="label-0"]')).to_have_value("Tid")
    expect(page.locator("details.sent")).to_be_visible()
    assert Theme.objects.filter(workshop=answered_workshop).count() == 0
    violations = _violations(page)
    assert not violations, _describe(violations)
    if os.environ.get("VOGTER_SHOTS"):
        page.screenshot(path=str(Path(os.environ["VOGTER_SHOTS"]) / "grouping.png"), full_page=True)

    page.locator('input[name="label-0"]').fill("Tid til det vigtige")
    page.locator('input[name="keep-1"]').check()  # leave "Kvalitet" out
    page.locator('form[action$="/themes/assist/group/accept/"] button[type="submit"]').click()

    expect(page.locator(".theme-label")).to_have_count(1)
    expect(page.locator(".theme-label").first).to_have_text("Tid til det vigtige")
    [theme] = Theme.objects.filter(workshop=answered_workshop)
    assert theme.suggested
    timed = {
        e.text
        for e in theme_entries(answered_workshop, "q1")
        if "tid" in e.text or "time" in e.text
    }
    assert {a.entry.text for a in theme.answers.select_related("entry")} == timed
    assert not refused, refused
