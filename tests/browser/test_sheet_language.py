"""The worksheet's second language is the participant's choice: off by default, on with
one button, remembered on that phone for that sheet, in Danish and in English."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, RESULTS_DIR, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_workshop import browser_in, sheet_url, workshop  # noqa: F401 - fixtures
from vogter.workshops.kit import QUESTIONS
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser

SWITCH = {"da": "Show the questions in English too", "en": "Show the questions in Danish too"}
OTHER = {"da": "en", "en": "da"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_other_language_is_shown_only_when_the_participant_asks(
    browser_in,  # noqa: F811
    live_server,
    workshop: Workshop,  # noqa: F811
    language: str,
) -> None:
    workshop.language = language
    workshop.save(update_fields=["language"])
    phone = browser_in(PHONE, language)
    page = phone.new_page()
    page.goto(f"{live_server.url}/j/{workshop.join_code}/")
    page.get_by_role("button", name=translated(language, "Start")).click()
    page.wait_for_url(sheet_url(live_server.url, workshop))
    other = [q.label(OTHER[language]) for q in QUESTIONS]

    # Off by default: only the sheet's own language.
    for text in other:
        expect(page.get_by_text(text, exact=True)).to_be_hidden()
    switch = page.get_by_role("button", name=translated(language, SWITCH[language]))
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert not (found := _violations(page)), _describe({"sheet": found})
    folder = RESULTS_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"sheet-one-language-{language}.png"), full_page=True)

    # On by the participant's choice, under every question, in the right language.
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    for text in other:
        line = page.get_by_text(text, exact=True)
        expect(line).to_be_visible()
        expect(line).to_have_attribute("lang", OTHER[language])
    assert not (found := _violations(page)), _describe({"sheet, both languages": found})
    page.screenshot(path=str(folder / f"sheet-both-languages-{language}.png"), full_page=True)

    # Kept for this sheet on this phone: still on after a reload, off again when turned off.
    page.reload()
    expect(page.get_by_text(other[0], exact=True)).to_be_visible()
    switch.click()
    expect(page.get_by_text(other[0], exact=True)).to_be_hidden()
    page.reload()
    expect(page.get_by_text(other[0], exact=True)).to_be_hidden()
    # Nothing but the choice itself is kept: no cookie, nothing that says who.
    assert not any(
        "language" in c["name"] and c["name"] != "vogter_language" for c in phone.cookies()
    )
