"""The projector never shows typing: a phone's half-written answer stays off the board
until the person leaves the field, and then arrives with its batch."""

import time

import pytest
from playwright.sync_api import expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in, translated
from tests.browser.test_workshop import _cards, _open_board, expect_saved, field, join_by_code
from vogter.workshops.models import Entry, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_batches")]


def test_the_board_shows_an_answer_only_once_the_phone_leaves_the_field(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    board = browser_in(DESKTOP).new_page()
    log_in(board, live_server.url, world.fiona.email)
    _open_board(board, live_server.url, world, workshop)
    board.get_by_role("button", name=translated("da", "Reveal the answers")).click()
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")

    phone = browser_in(PHONE).new_page()
    join_by_code(phone, live_server.url, workshop)
    half = "Vi sparer tid på referat"
    field(phone, "q1").press_sequentially(half, delay=20)
    expect_saved(phone)  # the autosave has it...
    assert Entry.objects.get(sheet__workshop=workshop, field="q1").text == half
    # ...and the board, asking for batches twice a second, shows nothing of it: no text,
    # not even an empty card in the first column.
    time.sleep(3)
    expect(_cards(board, "q1")).to_have_count(0)
    expect(board.get_by_text("Vi sparer tid")).to_have_count(0)

    field(phone, "q1").press_sequentially("er.", delay=20)
    field(phone, "q2").focus()  # leaving the field finishes the answer
    expect(_cards(board, "q1").locator(".card-text")).to_have_text(["Vi sparer tid på referater."])
