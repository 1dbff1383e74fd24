"""An answer with a CPR number is held back from the projector until the facilitator has
checked it: flagged, blanked, then shown without it; no phone and no projector ever shows
the number."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from conftest import World
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_describe,
    axe_findings,
    expect_message,
    log_in,
    translated,
)
from tests.browser.test_workshop import _cards, _open_board, field, join_by_code
from vogter.workshops.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_batches")]

CPR = "010190-1234"


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_answer_with_a_cpr_number_is_checked_blanked_and_shown_without_it(
    browser_in, live_server, world: World, workshop: Workshop, language: str
) -> None:
    def t(message: str) -> str:
        return translated(language, message)

    workshop.language = language
    workshop.save(update_fields=["language"])
    world.fiona.language = language
    world.fiona.save(update_fields=["language"])
    facilitator = browser_in(DESKTOP, language)
    board = facilitator.new_page()
    log_in(board, live_server.url, world.fiona.email, language)
    _open_board(board, live_server.url, world, workshop)
    board.get_by_role("button", name=t("Reveal the answers")).click()
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")

    # The facilitator keeps the check open on their own screen, beside the projector.
    with facilitator.expect_page() as opened:
        board.locator("#check-link").click()
    check = opened.value
    expect(check.get_by_role("heading", level=1)).to_have_text(
        t("Check answers before they are shown")
    )
    expect(check.get_by_text(t("No answers wait for a check."))).to_be_visible()

    author = browser_in(PHONE, language).new_page()
    join_by_code(author, live_server.url, workshop, language)
    field(author, "q1", language).fill(f"Jeg skrev borgerens CPR {CPR} i en chatbot.")
    field(author, "q2", language).focus()  # leaving the field finishes the answer
    other = browser_in(PHONE, language).new_page()
    join_by_code(other, live_server.url, workshop, language)
    field(other, "q1", language).fill("Hurtigere referater.")
    field(other, "q2", language).focus()

    # The other answer goes up; the one with the CPR number does not, not even as a card,
    # and the projector does not say that something waits (in a room of six, a count
    # that rises as someone hands in says whose answer it is).
    expect(_cards(board, "q1").locator(".card-text")).to_have_text(["Hurtigere referater."])
    expect(board.locator("#held-notice, #held-count")).to_have_count(0)
    assert CPR not in board.content()

    # The check page picks it up by itself, with the number marked.
    expect(check.locator("mark")).to_have_text(
        f"{CPR} ({found_label(language, 'CPR number')})", timeout=25_000
    )
    found = axe_findings(check)
    assert not found, "axe:\n" + axe_describe({"check": found})
    check.get_by_role("button", name=t("Blank what was found")).click()
    expect_message(check, t("What was found was removed from the answer."))
    expect(check.get_by_text(t("No answers wait for a check."))).to_be_visible()

    # On the projector it goes up without the number; nothing waits any more.
    removed = t("[removed]")
    expect(_cards(board, "q1").locator(".card-text")).to_have_count(2)
    expect(_cards(board, "q1").filter(has_text=removed).locator(".card-text")).to_have_text(
        [f"Jeg skrev borgerens CPR {removed} i en chatbot."]
    )
    found = axe_findings(board)
    assert not found, "axe:\n" + axe_describe({"board": found})
    board.reload()
    expect(_cards(board, "q1")).to_have_count(2)
    for page in (board, other):
        assert CPR not in page.content()


def found_label(language: str, message: str) -> str:
    with translation.override(language):
        return translation.pgettext("personal data found", message)
