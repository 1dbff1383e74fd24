"""The presenter view on a projector (1920 x 1080) and a laptop, in Danish and English:
the join code and QR code large while people join, live counts, the phase and its
timer (started and paused from the keyboard, seen on a phone through the live events it
already receives), the answers one at a time after the reveal, the help, and the next
phase. Checked with axe-core (no findings at all) and photographed for docs/screenshots/.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World, answer
from tests.browser.conftest import PHONE, axe_describe, axe_findings, translated
from tests.browser.test_meeting import LAPTOP, PROJECTOR, _fits
from tests.browser.test_principles import watch_csp
from tests.browser.test_reflection import person_in
from tests.browser.test_screenshots import FOLDERS, _shoot
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser

# Fixed, so that the pictures stay the same from run to run.
JOIN_CODE = "HVN7K2"
ANSWERS = [
    {"q1": "Hurtigere første udkast til pressemeddelelser.", "q2": "En sparringspartner."},
    {"q1": "Mere tid til borgerne."},
]


def _seed(workshop: Workshop) -> None:
    workshop.join_code = JOIN_CODE
    workshop.save(update_fields=["join_code"])
    for number, answers in enumerate(ANSWERS):
        sheet = sheet_actions.join(workshop).sheet
        for key, text in answers.items():
            sheet_actions.save_entry(sheet, key, text, 1, final=True)
        if number == 0:
            sheet_actions.submit_sheet(sheet)


def _phone_joins(phone: Page, base_url: str, language: str) -> None:
    phone.goto(f"{base_url}/j/{JOIN_CODE}/")
    phone.get_by_role("button", name=translated(language, "Start")).click()
    expect(phone.locator("#sheet")).to_be_visible()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_presenter_view_with_its_timer_and_keys_on_a_projector_and_a_laptop(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    workshop: Workshop,
    language: str,
) -> None:
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict]] = {}
    refused_by_csp: list[str] = []
    _seed(workshop)
    url = f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/present/"

    screen = watch_csp(
        person_in(browser_in, live_server, world.fiona, PROJECTOR, language), refused_by_csp
    )
    screen.goto(url)
    main = screen.locator("main")
    expect(main.locator(".present-code")).to_have_text(JOIN_CODE)
    expect(main.locator(".present-qr svg")).to_be_visible()
    expect(screen.locator(".site-nav")).to_have_count(0)
    expect(main.locator("#present-phase")).to_have_text(translated(language, "Reflection"))
    expect(main.locator("#count-joined")).to_have_text("2")
    expect(main.locator("#count-submitted")).to_have_text("1")
    expect(main.locator("#live-state")).to_have_attribute("data-state", "connected")

    # Someone joins: the count goes up on the projector, and never says who.
    phone = watch_csp(browser_in(PHONE, language).new_page(), refused_by_csp)
    _phone_joins(phone, live_server.url, language)
    expect(main.locator("#count-joined")).to_have_text("3")
    # Before the facilitator starts it, the phone shows the phase's planned minutes.
    phone_timer = phone.locator("#phase-timer")
    expect(phone_timer).to_have_attribute("data-state", "planned")
    expect(phone_timer.locator("[data-timer-clock]")).to_have_text("20:00")
    # On the phone the clock says what it counts; on the projector the phase's name does.
    expect(phone_timer.locator(".phase-timer-label")).to_have_text(
        translated(language, "Time left in this phase:")
    )
    expect(phone_timer.locator(".phase-timer-label")).to_be_visible()

    # Readable from the back of the room: body text of 24 px or more on the projector.
    size = screen.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    assert size >= 24, size
    _fits(screen)
    if violations := axe_findings(screen):
        found["presenter, joining"] = violations
    _shoot(screen, f"{language}-projector-presenter")

    # T starts the timer; the phone counts down with it, through its live events.
    screen.keyboard.press("t")
    timer = main.locator("#present-timer")
    expect(timer).to_have_attribute("data-state", "running")
    expect(phone_timer).to_have_attribute("data-state", "running")
    expect(phone_timer.locator("[data-timer-clock]")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))
    # T again pauses it, on the projector and the phone alike.
    screen.keyboard.press("t")
    expect(timer).to_have_attribute("data-state", "paused")
    expect(phone_timer).to_have_attribute("data-state", "paused")
    expect(phone_timer.locator("[data-timer-note]")).to_have_text(translated(language, "Paused"))
    workshop.refresh_from_db()
    assert workshop.timer_phase == "reflect" and workshop.timer_started_at is None
    # + adds a minute; the phone can still write: the timer locks nobody out.
    screen.keyboard.press("+")
    expect(phone_timer.locator("[data-timer-clock]")).to_have_text(re.compile(r"^(21:00|20:5\d)$"))
    expect(phone.locator("textarea").first).to_be_editable()

    # ? shows the shortcuts; Escape closes them.
    screen.keyboard.press("?")
    help_dialog = screen.locator("#present-help")
    expect(help_dialog).to_be_visible()
    if violations := axe_findings(screen):
        found["presenter, help"] = violations
    screen.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    # R reveals; the answers come one at a time, in random order; Space moves on.
    screen.keyboard.press("r")
    card = main.locator("#present-card-text")
    texts = [t for answers in ANSWERS for t in answers.values()]
    expect(card).to_have_text(re.compile("|".join(re.escape(t) for t in texts)))
    position = main.locator("#present-position")
    of = translated(language, "Answer %(n)s of %(total)s")
    expect(position).to_have_text(of % {"n": 1, "total": 3})
    first = card.text_content()
    screen.keyboard.press(" ")
    expect(position).to_have_text(of % {"n": 2, "total": 3})
    assert card.text_content() != first
    screen.keyboard.press("k")
    expect(position).to_have_text(of % {"n": 1, "total": 3})
    # Kept with the test's results only (not in docs/): the answers' order is random.
    screen.screenshot(path=str(FOLDERS[-1] / f"{language}-projector-presenter-answer.png"))
    workshop.refresh_from_db()
    assert workshop.answers_revealed
    if violations := axe_findings(screen):
        found["presenter, answers"] = violations

    # → moves to the next phase: the join code goes, the phone hears of it.
    screen.keyboard.press("ArrowRight")
    expect(main.locator("#present-phase")).to_have_text(translated(language, "Themes"))
    expect(main.locator("#present-join")).to_be_hidden()
    expect(timer).to_have_attribute("data-state", "planned")
    workshop.refresh_from_db()
    assert workshop.phase == "themes"

    # On a laptop: the same page, smaller, without sideways scrolling.
    laptop = watch_csp(
        person_in(browser_in, live_server, world.fiona, LAPTOP, language), refused_by_csp
    )
    laptop.goto(url)
    expect(laptop.locator("#present-card-text")).to_be_visible()
    _fits(laptop)
    if violations := axe_findings(laptop):
        found["presenter, laptop"] = violations

    assert not found, "axe found violations:\n" + axe_describe(found)
    assert not refused_by_csp, "\n".join(refused_by_csp)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_agreement_round_on_the_projector_as_bars_only_after_the_reveal(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    workshop: Workshop,
    language: str,
) -> None:
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    refused_by_csp: list[str] = []
    answer(world, workshop)  # six sheets, in the themes phase
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    shared = principle_actions.create_principle(
        world.fiona, workshop, statement_da="deler vi viden om gode prompts"
    )
    checked = principle_actions.create_principle(
        world.fiona, workshop, statement_da="tjekker vi altid kilderne"
    )
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    agreement = agreement_actions.open_round(world.fiona, workshop)
    # All six agree to the first; five agree and one disagrees with the second.
    for number, sheet in enumerate(workshop.sheets.order_by("pk")):
        second = "disagree" if number == 0 else "agree"
        agreement_actions.cast_ballot(
            sheet, agreement, {shared.code: ("agree", ""), checked.code: (second, "")}
        )
    url = f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/present/"
    screen = watch_csp(
        person_in(browser_in, live_server, world.fiona, PROJECTOR, language), refused_by_csp
    )
    screen.goto(url)
    main = screen.locator("main")
    expect(main.locator(".present-agreement .present-lead strong")).to_have_text("6")
    expect(main.locator(".agreement-bar, .band")).to_have_count(0)

    agreement_actions.close_round(world.fiona, agreement)
    screen.keyboard.press("r")
    # One bar where every count is safe to show; where one "disagree" would be a person,
    # the band says it in words instead.
    expect(main.locator(".agreement-bar")).to_have_count(1)
    expect(main.locator(".band-most_agree")).to_have_count(1)
    agreement.refresh_from_db()
    assert agreement.revealed
    _fits(screen)
    found = axe_findings(screen)
    _shoot(screen, f"{language}-projector-presenter-agreement")
    assert not found, "axe found violations:\n" + axe_describe({"agreement": found})
    assert not refused_by_csp, "\n".join(refused_by_csp)
