"""Personal links in a real browser: the facilitator sees who has checked in and prints the
slips (a PDF download) from the round page; a workshop participant, on a phone, says yes
to being asked again, after a mistyped address. Each page is checked with axe-core in
Danish and English, on a phone for sideways scrolling, and photographed for review
(test-results/screenshots/)."""

import datetime
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, RESULTS_DIR, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import watch_csp
from tests.browser.test_reflection import sideways
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Contact, Link
from vogter.reflection.tests import conftest as reflection_fixtures
from vogter.workshops.actions import workshops as workshop_actions

pytestmark = pytest.mark.browser

adopted_charter = reflection_fixtures.adopted_charter
colleagues = reflection_fixtures.colleagues
SHOTS = RESULTS_DIR / "screenshots"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, animations="disabled")


def _person(
    browser_in: Callable[..., BrowserContext], live_server, user: User, device: dict, language: str
) -> Page:  # type: ignore[no-untyped-def]
    user.language = language
    user.save(update_fields=["language"])
    page = browser_in(device, language).new_page()
    log_in(page, live_server.url, user.email, language=language)
    return page


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_facilitator_sees_who_has_checked_in_and_prints_the_slips(
    browser_in,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    language: str,
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    found: dict[str, list[dict]] = {}
    refused: list[str] = []
    for name, device in (("desktop", DESKTOP), ("phone", PHONE)):
        page = watch_csp(_person(browser_in, live_server, world.fiona, device, language), refused)
        page.goto(f"{live_server.url}/o/{world.havneby.code}/reflection/{reflection.code}/")
        card = page.locator("section.participation")
        expect(card).to_contain_text(translated(language, "Who has checked in"))
        card.locator("summary").click()  # the names of those who have not yet
        expect(card.locator("li")).to_have_count(8)
        found[f"round {name}"] = _violations(page)
        assert sideways(page) is None
        _shoot(page, f"slips-round-{name}-{language}")
        card.get_by_role("link", name=translated(language, "Print check-in slips")).click()
        expect(page.locator("main h1")).to_have_text(translated(language, "Print check-in slips"))
        found[f"form {name}"] = _violations(page)
        assert sideways(page) is None
        _shoot(page, f"slips-form-{name}-{language}")
    # Two named slips, three without a name: the PDF comes as a download.
    page.locator('input[name="member"]').evaluate_all(
        "boxes => boxes.forEach(b => b.checked = false)"
    )
    page.locator('input[name="member"]').nth(0).check()
    page.locator('input[name="member"]').nth(1).check()
    page.locator("#extra").fill("3")
    # The organisation's language is chosen to begin with (Danish); the other may be.
    expect(page.locator('input[name="language"][value="da"]')).to_be_checked()
    page.locator(f'input[name="language"][value="{language}"]').check()
    with page.expect_download() as download:
        page.get_by_role("button", name=translated(language, "Make the slips (PDF)")).click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF-") and download.value.suggested_filename.endswith(
        f"-{language}.pdf"
    )
    assert Link.objects.filter(round=reflection).count() == 5
    assert not refused, refused
    assert not any(found.values()), _describe(found)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_participant_asks_to_be_asked_again_on_a_phone(
    browser_in, live_server, world: World, language: str
) -> None:
    workshop = workshop_actions.set_phase(
        world.fiona,
        workshop_actions.create_workshop(
            world.fiona,
            world.havneby,
            unit=world.unit,
            title="AI i kommunikationen",
            date=datetime.date(2026, 11, 27),
            language="da",
        ),
        "reflect",
    )
    refused: list[str] = []
    page = watch_csp(browser_in(PHONE, language).new_page(), refused)
    page.goto(f"{live_server.url}/j/{workshop.join_code}/")
    page.locator("main form button[type=submit]").first.click()
    page.locator("#f-q1").fill("Mere tid til borgerne")
    page.locator('button[name="submit"]').click()
    page.get_by_role("button", name=translated(language, "Submit anyway")).click()
    card = page.locator("section.ask-again")
    expect(card).to_contain_text(translated(language, "Would you like to be asked again?"))
    found = {"card": _violations(page)}
    assert sideways(page) is None
    _shoot(page, f"ask-again-card-{language}")
    # A mistyped address comes back with what was typed and why, in the page's language.
    card.locator('input[name="email"]').fill("signe@example")
    card.get_by_role("button", name=translated(language, "Yes, ask me again")).click()
    field = page.locator('input[name="email"]')
    expect(field).to_have_value("signe@example")
    expect(page.locator("#ask-again-error")).to_have_text(
        translated(language, "Write a whole e-mail address, such as name@example.dk.")
    )
    found["refused"] = _violations(page)
    _shoot(page, f"ask-again-refused-{language}")
    field.fill("signe@example.dk")
    page.get_by_role("button", name=translated(language, "Yes, ask me again")).click()
    expect(page.locator(".messages")).to_contain_text(
        translated(
            language,
            "Thank you. When your unit reflects on the charter, we will send you a personal link.",
        )
    )
    expect(page.locator("section.ask-again")).to_have_count(0)
    found["saved"] = _violations(page)
    _shoot(page, f"ask-again-saved-{language}")
    assert Contact.objects.get().email == "signe@example.dk"
    assert not refused, refused
    assert not any(found.values()), _describe(found)
