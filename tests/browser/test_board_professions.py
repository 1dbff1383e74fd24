"""The board's "Who took part" in a real browser: board.js draws the professions as the
server decided them (vogter/workshops/professions.py), counts left out where withheld."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from tests.browser.conftest import log_in
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(world: World) -> Workshop:
    w = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="AI i kommunikationen",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    return workshop_actions.set_phase(world.fiona, w, "reflect")


def _finish(workshop: Workshop, *professions: str) -> None:
    """People who wrote their profession and left the field; their batch goes up."""
    for profession in professions:
        sheet_actions.save_entry(
            sheet_actions.join(workshop).sheet, "profession", profession, 1, final=True
        )
    board_actions.release_answers(workshop)


def test_the_board_redraws_professions_with_withheld_counts_left_out(
    page: Page, live_server, world: World, workshop: Workshop
) -> None:
    _finish(workshop, *["Webredaktør"] * 5, "Jurist")
    log_in(page, live_server.url, world.fiona.email)
    page.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/board/")
    items = page.locator("#professions .professions li")
    # Five of six: a count, or "other professions", would point at the sixth.
    expect(items).to_have_text(["Webredaktør"])
    expect(page.locator("#live-state")).to_have_attribute("data-state", "connected")

    # Four more rare professions arrive live: now five others, counted together.
    _finish(workshop, "Læge", "Tester", "Fotograf", "Pædagog")
    expect(items).to_have_text(["Webredaktør 5", "andre professioner 5"], timeout=5_000)
    expect(page.locator("#professions")).not_to_contain_text("Jurist")
    expect(page.locator("#professions")).not_to_contain_text("færre end")
