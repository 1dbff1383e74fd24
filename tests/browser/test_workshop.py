"""The live Step-1 workshop in a real browser: participants on phones, the facilitator's board.

The server is pytest-django's ``live_server``, as for the other browser tests,
not a uvicorn subprocess. It is a threaded WSGI server: each Server-Sent Events
stream is a blocking generator on a thread of its own (vogter.live.stream serves
WSGI as well as ASGI), and the views publish through the in-process hub that those
streams read, as on the embedded default's single process. Its database is the
test database, so a test seeds with the action functions and checks what reached
the server by reading the database, with no second process to start, migrate and
seed. The browser tests put that SQLite database in a file (tests/browser/conftest.py),
so that every request has a connection of its own, as under ``vogter serve``:
the worksheet's autosaves run concurrently. Streaming under uvicorn and delivery
between processes through Redis are tested in vogter/live/tests.
"""

import datetime
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from vogter.organisations.models import AuditEntry
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.kit import FIELDS
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.browser

ANSWERS = {
    "q1": "Hurtigere første udkast til pressemeddelelser.",
    "q2": "En sparringspartner, ikke en forfatter.",
    "q3": "Kort sigt: mindre rutine. Lang sigt: nye roller.",
    "q4": "Faste aftaler om hvornår vi ikke bruger AI.",
    "q5": "Faglighed, ærlighed og borgernes tillid.",
    "profession": "Kommunikationsmedarbejder",
    "use_case": "Udkast til nyhedsbreve og opslag på sociale medier.",
}


@pytest.fixture
def workshop(world: World) -> Workshop:
    """Fiona's Danish workshop for the communications unit, open for reflection."""
    w = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="AI i kommunikationen",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    return workshop_actions.set_phase(world.fiona, w, "reflect")


@pytest.fixture
def browser_in(new_context: Callable[..., BrowserContext], live_server) -> Iterator[Callable]:
    """browser_in(device, language) -> a context whose person has chosen that language."""

    def make(device: dict, language: str = "da") -> BrowserContext:
        context = new_context(**device)
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    yield make


def wait_until(check: Callable[[], object], message: str, timeout: float = 5.0) -> None:
    """Poll the database (or anything) until ``check()`` is true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {message}")
        time.sleep(0.1)


def stored(workshop: Workshop, field: str) -> str | None:
    return (
        Entry.objects.filter(sheet__workshop=workshop, field=field)
        .values_list("text", flat=True)
        .first()
    )


def sheet_url(base_url: str, workshop: Workshop) -> str:
    return f"{base_url}/j/{workshop.join_code}/sheet/"


def field(page: Page, key: str, language: str = "da") -> Locator:
    """A worksheet field, found by the kit's own wording, as a screen reader names it."""
    kit_field = next(f for f in FIELDS if f.key == key)
    return page.get_by_role("textbox", name=kit_field.label(language), exact=True)


def status(page: Page) -> Locator:
    return page.locator("#save-status")


def expect_saved(page: Page, language: str = "da", timeout: float = 10_000) -> None:
    expect(status(page)).to_have_text(
        translated(language, "All your answers are saved."), timeout=timeout
    )


def join_by_code(page: Page, base_url: str, workshop: Workshop, language: str = "da") -> None:
    """Type the code from the projector (as people do: lower case, with a space) and start."""
    page.goto(f"{base_url}/j/")
    code = workshop.join_code.lower()
    page.get_by_label(translated(language, "Join code")).press_sequentially(
        f"{code[:3]} {code[3:]}"
    )
    page.get_by_role("button", name=translated(language, "Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    page.get_by_role("button", name=translated(language, "Start")).click()
    page.wait_for_url(sheet_url(base_url, workshop))


def answer_everything(page: Page) -> None:
    # One field typed key by key (a phone keyboard), the others filled at once (a paste).
    field(page, "q1").press_sequentially(ANSWERS["q1"])
    for key, text in ANSWERS.items():
        if key != "q1":
            field(page, key).fill(text)
    field(page, "q1").focus()  # leaving the last field saves it at once


def expect_answers(page: Page) -> None:
    for key, text in ANSWERS.items():
        expect(field(page, key)).to_have_value(text)


# --- The participant -----------------------------------------------------------------


def test_participant_on_a_phone_joins_answers_and_continues_on_another_device(
    browser_in, live_server, workshop: Workshop
) -> None:
    phone = browser_in(PHONE)
    page = phone.new_page()
    join_by_code(page, live_server.url, workshop)
    # The kit's questions, in the kit's order and words.
    labels = [" ".join(t.split()) for t in page.locator("#sheet label").all_inner_texts()]
    assert labels[:7] == [f"{f.number} {f.da}" if f.number else f.da for f in FIELDS]

    answer_everything(page)
    expect_saved(page)
    for key, text in ANSWERS.items():
        assert stored(workshop, key) == text, key
    # Saved means confirmed by the server: nothing is left waiting on the phone.
    assert page.evaluate("Object.keys(localStorage).length") == 0

    page.reload()
    expect_answers(page)
    expect_saved(page)

    page.get_by_text(translated("da", "Continue on another device")).click()
    link = page.get_by_label(translated("da", "Private link to your sheet")).input_value()
    assert f"/j/{workshop.join_code}/r/" in link
    laptop = browser_in(DESKTOP).new_page()
    laptop.goto(link)
    laptop.get_by_role("button", name=translated("da", "Continue my sheet here")).click()
    laptop.wait_for_url(sheet_url(live_server.url, workshop))
    expect_answers(laptop)
    assert Sheet.objects.filter(workshop=workshop).count() == 1


def test_text_typed_on_a_flaky_connection_is_kept_and_saved_when_it_comes_back(
    browser_in, live_server, workshop: Workshop
) -> None:
    phone = browser_in(PHONE)
    page = phone.new_page()
    join_by_code(page, live_server.url, workshop)
    not_saved = translated(
        "da",
        "Not saved yet. Your text is kept on this device and sent as soon as the "
        "connection is back.",
    )

    # In a tunnel: the text stays on the phone and the page says so.
    page.evaluate("window.samePage = true")
    phone.set_offline(True)
    field(page, "q1").press_sequentially("Skrevet i tunnelen")
    field(page, "q2").focus()
    expect(status(page)).to_have_text(not_saved)
    assert stored(workshop, "q1") is None

    # Out of the tunnel: it reaches the server by itself, without a reload.
    phone.set_offline(False)
    expect_saved(page, timeout=20_000)
    assert stored(workshop, "q1") == "Skrevet i tunnelen"
    assert page.evaluate("window.samePage") is True

    # Offline again, and the page is closed before the text could be sent.
    phone.set_offline(True)
    field(page, "q2").press_sequentially("Skrevet uden net")
    expect(status(page)).to_have_text(not_saved)
    page.close()
    assert stored(workshop, "q2") is None

    # Back online, the sheet opened again on the same phone: the text is back, and saved.
    phone.set_offline(False)
    page = phone.new_page()
    page.goto(sheet_url(live_server.url, workshop))
    expect(field(page, "q2")).to_have_value("Skrevet uden net")
    expect(field(page, "q1")).to_have_value("Skrevet i tunnelen")
    expect_saved(page)
    wait_until(lambda: stored(workshop, "q2") == "Skrevet uden net", "the offline text saved")


def _tab_to(page: Page, selector: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_the_worksheet_can_be_done_with_the_keyboard_alone(
    browser_in, live_server, workshop: Workshop
) -> None:
    page = browser_in(DESKTOP).new_page()
    page.goto(f"{live_server.url}/j/")
    _tab_to(page, "#id_join_code")
    page.keyboard.type(workshop.join_code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    _tab_to(page, "button[type=submit]:not(.link-button)")
    expect(page.locator(":focus")).to_have_text(translated("da", "Start"))
    page.keyboard.press("Enter")
    page.wait_for_url(sheet_url(live_server.url, workshop))

    # The first field, then every next one with one Tab each, in the kit's order.
    _tab_to(page, "#f-q1")
    for number, kit_field in enumerate(FIELDS):
        if number:
            page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_id(f"f-{kit_field.key}")
        page.keyboard.type(ANSWERS[kit_field.key])
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name=translated("da", "I am done: submit"))
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    expect(
        page.get_by_text(
            translated(
                "da",
                "You have submitted your sheet. You can still change it until the reflection "
                "closes.",
            )
        )
    ).to_be_visible()
    expect_answers(page)
    sheet = Sheet.objects.get(workshop=workshop)
    assert sheet.submitted
    assert {e.field: e.text for e in sheet.entries.all()} == ANSWERS


# --- The facilitator's board -----------------------------------------------------------


def _open_board(page: Page, base_url: str, world: World, workshop: Workshop) -> None:
    page.goto(f"{base_url}/o/{world.havneby.code}/workshops/{workshop.code}/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)


def _cards(board: Page, key: str) -> Locator:
    return board.locator(f'[data-cards-for="{key}"] [data-card]')


@pytest.mark.usefixtures("quick_batches")
def test_facilitator_reveals_answers_and_hides_a_card_without_learning_who_wrote_it(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    participant = browser_in(PHONE).new_page()
    join_by_code(participant, live_server.url, workshop)
    field(participant, "q1").fill("Vi sparer tid på referater.")
    field(participant, "q2").fill("Noget helt upassende.")
    field(participant, "q3").focus()
    expect_saved(participant)

    board = browser_in(DESKTOP).new_page()
    log_in(board, live_server.url, world.fiona.email)
    _open_board(board, live_server.url, world, workshop)
    not_revealed = translated("da", "Answer (not yet revealed)")
    expect(_cards(board, "q1").locator(".card-text")).to_have_text([not_revealed])
    expect(_cards(board, "q2").locator(".card-text")).to_have_text([not_revealed])
    expect(board.locator("#count-joined")).to_have_text("1")

    board.get_by_role("button", name=translated("da", "Reveal the answers")).click()
    expect(_cards(board, "q1").locator(".card-text")).to_have_text(["Vi sparer tid på referater."])
    rude = _cards(board, "q2")
    expect(rude.locator(".card-text")).to_have_text(["Noget helt upassende."])

    rude.get_by_role("button", name=translated("da", "Hide")).click()
    expect(rude.locator(".card-text")).to_have_text([translated("da", "Hidden by the facilitator")])
    expect(board.get_by_text("Noget helt upassende.")).to_have_count(0)
    # The card stays in the data, marked hidden, and the hiding is logged by the card alone.
    entry = Entry.objects.get(sheet__workshop=workshop, field="q2")
    assert entry.hidden and entry.text == "Noget helt upassende."
    logged = AuditEntry.objects.get(action="card.hide")
    assert logged.target == str(entry.id)
    assert str(entry.sheet_id) not in f"{logged.target} {logged.data}"
    # Nothing on the board points at a sheet.
    assert str(entry.sheet_id) not in board.content()

    board.reload()
    expect(rude.locator(".card-text")).to_have_text([translated("da", "Hidden by the facilitator")])
    # Click only once the board's script has redrawn the cards from its snapshot: a click
    # on the server-drawn button it is replacing can be lost.
    expect(rude.locator("button.card-hide")).to_be_visible()
    rude.get_by_role("button", name=translated("da", "Show again")).click()
    expect(rude.locator(".card-text")).to_have_text(["Noget helt upassende."])


@pytest.mark.usefixtures("quick_batches")
def test_board_updates_live_as_participants_join_and_finish_answers(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    board = browser_in(DESKTOP).new_page()
    log_in(board, live_server.url, world.fiona.email)
    _open_board(board, live_server.url, world, workshop)
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")
    expect(board.locator("#count-joined")).to_have_text("0")
    expect(board.locator("#count-submitted")).to_have_text("0")

    participant = browser_in(PHONE).new_page()
    join_by_code(participant, live_server.url, workshop)
    expect(board.locator("#count-joined")).to_have_text("1")

    # A finished answer (the field left) goes up with the next batch, not yet revealed.
    field(participant, "q1").fill("Mere tid til borgerne.")
    field(participant, "q2").focus()
    expect_saved(participant)
    expect(_cards(board, "q1").locator(".card-text")).to_have_text(
        [translated("da", "Answer (not yet revealed)")], timeout=3_000
    )

    board.get_by_role("button", name=translated("da", "Reveal the answers")).click()
    expect(_cards(board, "q1").locator(".card-text")).to_have_text(["Mere tid til borgerne."])
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")

    # After the reveal, answers arrive with their text once finished.
    field(participant, "q3").fill("Færre rutineopgaver.")
    field(participant, "q4").focus()
    expect(_cards(board, "q3").locator(".card-text")).to_have_text(
        ["Færre rutineopgaver."], timeout=3_000
    )

    # The board drops off the network for a moment and catches up without a reload.
    board.evaluate("window.samePage = true")
    board.context.set_offline(True)
    field(participant, "q5").fill("Tillid.")
    participant.get_by_role("button", name=translated("da", "I am done: submit")).click()
    participant.get_by_role("button", name=translated("da", "Submit anyway")).click()
    board.context.set_offline(False)
    expect(_cards(board, "q5").locator(".card-text")).to_have_text(["Tillid."], timeout=10_000)
    expect(board.locator("#count-submitted")).to_have_text("1")
    assert board.evaluate("window.samePage") is True


def test_closing_the_reflection_makes_open_sheets_read_only_within_two_seconds(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    participant = browser_in(PHONE).new_page()
    join_by_code(participant, live_server.url, workshop)
    field(participant, "q1").fill("Skrevet før lukning.")
    field(participant, "q2").focus()
    expect_saved(participant)
    participant.evaluate("window.samePage = true")
    banner = participant.get_by_text(
        translated(
            "da",
            "The facilitator has closed the reflection. Your answers are saved and can no "
            "longer be changed.",
        )
    )
    expect(banner).to_be_hidden()

    control = browser_in(DESKTOP).new_page()
    log_in(control, live_server.url, world.fiona.email)
    control.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/")
    go_to = translated("da", "Go to: %(phase)s") % {"phase": translated("da", "Themes")}
    control.get_by_role("button", name=go_to).click()

    expect(banner).to_be_visible(timeout=2_000)
    for kit_field in FIELDS:
        expect(field(participant, kit_field.key)).not_to_be_editable()
    expect(
        participant.get_by_role("button", name=translated("da", "I am done: submit"))
    ).to_be_disabled()
    assert participant.evaluate("window.samePage") is True
    assert stored(workshop, "q1") == "Skrevet før lukning."


def test_text_the_closing_refused_is_saved_when_the_facilitator_steps_back(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    participant = browser_in(PHONE).new_page()
    # The phase change will not have reached this phone when its save arrives.
    participant.route("**/events", lambda route: route.abort())
    join_by_code(participant, live_server.url, workshop)
    expect_saved(participant)
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    field(participant, "q1").fill("Skrevet i sidste sekund.")
    field(participant, "q2").focus()
    expect(participant.locator('[data-note-for="q1"]')).to_have_text(
        translated("da", "The reflection has closed; this change was not saved.")
    )
    assert stored(workshop, "q1") is None

    # "Back to: Reflection": the reopened sheet sends what was refused, by itself.
    workshop_actions.set_phase(world.fiona, workshop, "reflect")
    participant.unroute("**/events")
    expect_saved(participant, timeout=20_000)
    assert stored(workshop, "q1") == "Skrevet i sidste sekund."


def test_a_closed_reflection_shows_a_read_only_sheet_that_says_why(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    """Without live delivery too: the sheet opened after the close is read-only."""
    participant = browser_in(PHONE).new_page()
    join_by_code(participant, live_server.url, workshop)
    field(participant, "q1").fill("Skrevet før lukning.")
    field(participant, "q2").focus()
    expect_saved(participant)
    workshop_actions.set_phase(world.fiona, workshop, "themes")

    participant.reload()
    expect(
        participant.get_by_text(
            translated(
                "da",
                "The facilitator has closed the reflection. Your answers are saved and can no "
                "longer be changed.",
            )
        )
    ).to_be_visible()
    for kit_field in FIELDS:
        expect(field(participant, kit_field.key)).not_to_be_editable()
    expect(field(participant, "q1")).to_have_value("Skrevet før lukning.")
    expect(
        participant.get_by_role("button", name=translated("da", "I am done: submit"))
    ).to_have_count(0)


# --- Accessibility -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.usefixtures("quick_batches")
def test_workshop_pages_have_no_serious_accessibility_violations(
    browser_in, live_server, world: World, workshop: Workshop, language: str
) -> None:
    found: dict[str, list[dict]] = {}

    def audit(page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        if violations := _violations(page):
            found[f"{name} ({page.url})"] = violations

    for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        participant = browser_in(device, language).new_page()
        participant.goto(f"{live_server.url}/j/")
        audit(participant, f"join code, {device_name}")
        participant.get_by_label(translated(language, "Join code")).fill("ZZZZZZ")
        participant.get_by_role("button", name=translated(language, "Continue")).click()
        expect(participant.locator("[aria-invalid=true]")).to_be_visible()
        audit(participant, f"join code with an error, {device_name}")
        participant.goto(f"{live_server.url}/j/{workshop.join_code}/")
        audit(participant, f"join, {device_name}")
        participant.get_by_role("button", name=translated(language, "Start")).click()
        participant.wait_for_url(sheet_url(live_server.url, workshop))
        audit(participant, f"worksheet, {device_name}")
        for key, text in ANSWERS.items():
            field(participant, key, language).fill(text)
        field(participant, "profession", language).fill("x" * 201)  # too long: a message
        field(participant, "q1", language).focus()
        expect(participant.locator(".field-note:visible")).to_have_count(1)
        # The status line does not say "all saved" while a field is waiting to be shortened.
        expect(status(participant)).to_have_attribute("data-state", "pending")
        audit(participant, f"worksheet with answers and a too-long field, {device_name}")

    world.fiona.language = language
    world.fiona.save(update_fields=["language"])
    facilitator = browser_in(DESKTOP, language).new_page()
    log_in(facilitator, live_server.url, world.fiona.email, language=language)
    base = f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}"
    facilitator.goto(f"{base}/")
    audit(facilitator, "control screen")
    facilitator.goto(f"{base}/board/")
    expect(facilitator.locator("[data-card]").first).to_be_visible()
    audit(facilitator, "board, answers not revealed")
    facilitator.get_by_role("button", name=translated(language, "Reveal the answers")).click()
    card = facilitator.locator('[data-cards-for="q2"] [data-card]').first
    card.get_by_role("button", name=translated(language, "Hide")).click()
    expect(card.locator(".card-text")).to_have_text(
        translated(language, "Hidden by the facilitator")
    )
    audit(facilitator, "board, revealed with a hidden card")

    workshop_actions.set_phase(world.fiona, workshop, "themes")
    participant.reload()
    audit(participant, "worksheet, read-only")
    facilitator.goto(f"{base}/")
    audit(facilitator, "control screen, themes")

    assert not found, "axe found serious or critical violations:\n" + _describe(found)


def test_workshop_pages_do_not_scroll_sideways_on_a_phone(
    browser_in, live_server, world: World, workshop: Workshop
) -> None:
    page = browser_in(PHONE).new_page()
    join_by_code(page, live_server.url, workshop)
    field(page, "q1").fill("Et_meget_langt_ord_uden_mellemrum_" * 6)
    field(page, "q2").focus()
    expect_saved(page)
    workshop_actions.reveal_answers(world.fiona, workshop)
    too_wide = {}
    facilitator = browser_in(PHONE).new_page()
    log_in(facilitator, live_server.url, world.fiona.email)
    base = f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}"
    for p, url in (
        (page, f"{live_server.url}/j/"),
        (page, sheet_url(live_server.url, workshop)),
        (facilitator, f"{base}/"),
        (facilitator, f"{base}/board/"),
    ):
        p.goto(url)
        width = p.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["viewport"]["width"]:
            too_wide[url] = width
    assert not too_wide, f"pages wider than the phone: {too_wide}"


def test_enter_in_the_profession_field_moves_on_and_does_not_hand_in(
    browser_in, live_server, workshop: Workshop
) -> None:
    page = browser_in(PHONE, "da").new_page()
    join_by_code(page, live_server.url, workshop)
    field(page, "profession").fill("Webredaktør")
    field(page, "profession").press("Enter")
    expect(field(page, "use_case")).to_be_focused()
    expect_saved(page)
    assert page.url == sheet_url(live_server.url, workshop)
    assert not Sheet.objects.get(workshop=workshop).submitted
