"""An agreement round in a room of six, in a real browser (issue 13): the result says that
someone disagrees — so it gets talked about — and shows no count from which the room could
tell how many, or who. Both languages, on phones and on the facilitator's screen, with
axe-core, and screenshots to look at (test-results/disclosure/)."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, RESULTS_DIR, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import base_url, is_stream, watch_csp
from vogter.principles.actions import principles as principle_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser

SHOTS = RESULTS_DIR / "disclosure"


def _numbers(page: Page) -> list[str]:
    """Every number the results show about the votes (the note says what the minimum is)."""
    shown = page.locator("ol.results .statement, ol.results .band, ol.results .tally")
    return re.findall(r"\d+", " ".join(shown.all_inner_texts()))


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_room_of_six_reads_that_someone_disagrees_and_nothing_that_says_who(
    language: str, browser_in, live_server, world: World, answered_workshop: Workshop
) -> None:
    workshop = answered_workshop
    base = base_url(live_server, world, workshop)
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona,
        workshop,
        statement_da="tjekker altid kilderne, før vi deler",
        statement_en="always check the sources before we share",
    )
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    refused: list[str] = []
    world.fiona.language = language  # a signed-in person's own choice wins over the cookie
    world.fiona.save(update_fields=["language"])

    facilitator = watch_csp(browser_in(DESKTOP, language).new_page(), refused)
    log_in(facilitator, live_server.url, world.fiona.email, language)
    facilitator.goto(f"{base}/agreement/")
    with facilitator.expect_response(is_stream):
        facilitator.locator('form[action$="/agreement/open/"] button').click()
        facilitator.wait_for_url(f"{base}/agreement/")
    count = facilitator.locator('[data-ballots="1"]')

    phones: list[Page] = []
    for number in range(6):
        phone = watch_csp(browser_in(PHONE, language).new_page(), refused)
        phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
        phone.get_by_role("button", name=translated(language, "Start")).click()
        phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/sheet/")
        phone.goto(f"{live_server.url}/j/{workshop.join_code}/agreement/")
        # Before anyone votes, the phone says that no small count will be shown.
        expect(phone.locator("main")).to_contain_text(
            translated(
                language, "The results never show a count that would tell how a few people voted."
            )
        )
        choice = "disagree" if number == 3 else "agree"
        phone.locator(
            f'label.choice:has(input[name="choice-{principle.code}"][value="{choice}"])'
        ).tap()
        with phone.expect_response(is_stream):
            phone.locator('.ballot button[type="submit"]').tap()
            phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/agreement/")
        expect(count).to_have_text(str(number + 1))
        phones.append(phone)

    facilitator.locator('form[action$="/agreement/1/reveal/"] button').click()
    band = translated(language, "Most agree \N{EN DASH} at least one disagrees: talk about it.")
    for page in (facilitator, *phones):
        result = page.locator("ol.results > li.result")
        expect(result).to_have_count(1)
        expect(result.locator(".band")).to_have_text(band)
        # No share, no consensus, no count of agree or disagree: only "pass: 0".
        expect(result.locator(".share, .badge")).to_have_count(0)
        assert _numbers(page) == ["0"], _numbers(page)
        assert "%" not in result.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    facilitator.screenshot(path=str(SHOTS / f"{language}-desktop-room-of-six.png"), full_page=True)
    phones[3].screenshot(path=str(SHOTS / f"{language}-phone-room-of-six.png"), full_page=True)

    violations = {p.url: _violations(p) for p in (facilitator, phones[0])}
    assert not any(violations.values()), _describe(violations)
    assert not refused, "\n".join(refused)


def test_an_open_count_round_is_announced_on_every_phone_before_the_vote(
    browser_in, live_server, world: World, answered_workshop: Workshop
) -> None:
    workshop = answered_workshop
    base = base_url(live_server, world, workshop)
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    principle_actions.create_principle(world.fiona, workshop, statement_da="deler vores prompts")
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    facilitator = browser_in(DESKTOP).new_page()
    log_in(facilitator, live_server.url, world.fiona.email)
    facilitator.goto(f"{base}/agreement/")
    facilitator.get_by_label(
        translated("da", "Show exact counts, however small (every phone says so before the vote)")
    ).check()
    facilitator.locator('form[action$="/agreement/open/"] button').click()
    expect(facilitator.locator(".round .badge").last).to_have_text(translated("da", "exact counts"))
    phone = browser_in(PHONE).new_page()
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
    phone.get_by_role("button", name=translated("da", "Start")).click()
    phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/sheet/")
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/agreement/")
    note = phone.locator(".banner[role=note]")
    expect(note).to_have_text(
        translated(
            "da",
            "In this round the results show exact counts, even where only one person chose "
            "something. The facilitator chose this before the vote.",
        )
    )
    # Said above the ballot, before anything can be sent.
    assert note.bounding_box()["y"] < phone.locator(".ballot").bounding_box()["y"]  # type: ignore[index]
