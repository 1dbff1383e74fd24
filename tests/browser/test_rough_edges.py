"""The rough edges a new facilitator met (issue 20), each seen in a real browser in Danish and
English, with axe-core finding nothing on the pages involved:

- the phone says either "closed" or "you can still change it", never both, also when the
  facilitator closes the reflection while the phone is open;
- a participant's pages offer no "Log in / Sign up";
- a nearly empty sheet is handed in only after a question;
- export links say what they are ("PDF på dansk");
- once a workshop has closed, its join code is a small note;
- a ticked theme is never inside a closed section;
- the adopt step lists the principles with gaps, and adopting still works;
- error pages (404, 403, 500) in the site's look, with a way back.
"""

from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.fixtures import Settings

from conftest import World
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    axe_describe,
    axe_findings,
    log_in,
    translated,
)
from tests.browser.test_workshop import field
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import CharterVersion, Status
from vogter.principles.actions import themes as theme_actions
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Sheet, Workshop

pytestmark = pytest.mark.browser

LANGUAGES = ["da", "en"]


def _in(workshop: Workshop, language: str) -> Workshop:
    workshop.language = language
    workshop.save(update_fields=["language"])
    return workshop


def _look(page: Page, name: str) -> None:
    """A picture to look at after the run (test-results/, not kept in docs/)."""
    page.screenshot(path=str(RESULTS_DIR / "rough-edges" / f"{name}.png"), full_page=True)


def _speaks(person: User, language: str) -> None:
    """A signed-in person's own language wins over the cookie (docs/i18n.md)."""
    person.language = language
    person.save(update_fields=["language"])


def _no_account_links(page: Page, language: str) -> None:
    nav = page.get_by_role("navigation", name=translated(language, "Main"))
    expect(nav.get_by_role("link", name=translated(language, "Log in"))).to_have_count(0)
    expect(nav.get_by_role("link", name=translated(language, "Sign up"))).to_have_count(0)


def _start(page: Page, base_url: str, workshop: Workshop, language: str) -> None:
    page.goto(f"{base_url}/j/{workshop.join_code}/")
    _no_account_links(page, language)
    page.get_by_role("button", name=translated(language, "Start")).click()
    page.wait_for_url(f"{base_url}/j/{workshop.join_code}/sheet/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_says_closed_or_still_changeable_never_both(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    workshop: Workshop,
    language: str,
) -> None:
    workshop = _in(workshop, language)
    phone = browser_in(PHONE, language).new_page()
    _start(phone, live_server.url, workshop, language)
    _no_account_links(phone, language)
    for key in ("q1", "q2", "q3", "q4"):  # four of seven: handed in without a question
        field(phone, key, language).fill(f"Svar {key}")
    phone.get_by_role("button", name=translated(language, "I am done: submit")).click()
    still = phone.get_by_text(
        translated(
            language,
            "You have submitted your sheet. You can still change it until the reflection closes.",
        )
    )
    closed = phone.get_by_text(
        translated(
            language,
            "The facilitator has closed the reflection. Your answers are saved and can no "
            "longer be changed.",
        )
    )
    expect(still).to_be_visible()
    expect(closed).to_be_hidden()
    found = {"sheet, submitted": axe_findings(phone)}

    # Closed while the phone is open: the live event swaps the two.
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    expect(closed).to_be_visible(timeout=5_000)
    expect(still).to_be_hidden()
    phone.reload()
    expect(closed).to_be_visible()
    expect(still).to_be_hidden()
    found["sheet, closed"] = axe_findings(phone)
    _look(phone, f"{language}-sheet-closed")
    assert not any(found.values()), axe_describe(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_nearly_empty_sheet_asks_before_it_is_handed_in(
    browser_in: Callable[..., BrowserContext],
    live_server,
    workshop: Workshop,
    language: str,
) -> None:
    workshop = _in(workshop, language)
    phone = browser_in(PHONE, language).new_page()
    _start(phone, live_server.url, workshop, language)
    field(phone, "q1", language).fill("Mere tid til borgerne")
    submit = phone.get_by_role("button", name=translated(language, "I am done: submit"))
    submit.click()
    question = phone.locator("#confirm-submit")
    with translation.override(language):
        expected = ngettext(
            "You have only filled in %(filled)s of %(total)s field. Submit anyway?",
            "You have only filled in %(filled)s of %(total)s fields. Submit anyway?",
            7,
        ) % {"filled": 1, "total": 7}
    expect(question).to_contain_text(expected)
    expect(question).to_be_in_viewport()  # the page comes back scrolled to the question
    found = {"question": axe_findings(phone)}
    _look(phone, f"{language}-sheet-question")
    assert not Sheet.objects.get().submitted
    phone.get_by_role("button", name=translated(language, "Keep writing")).click()
    expect(question).to_have_count(0)
    expect(field(phone, "q1", language)).to_have_value("Mere tid til borgerne")
    submit.click()
    phone.get_by_role("button", name=translated(language, "Submit anyway")).click()
    expect(
        phone.get_by_text(
            translated(
                language,
                "You have submitted your sheet. You can still change it until the reflection "
                "closes.",
            )
        )
    ).to_be_visible()
    assert Sheet.objects.get().submitted
    assert not any(found.values()), axe_describe(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_facilitators_pages_say_what_is_true_and_hide_nothing_ticked(
    browser_in: Callable[..., BrowserContext],
    live_server,
    signatories: World,
    drafted_workshop: Workshop,
    language: str,
) -> None:
    world = signatories
    _speaks(world.fiona, language)
    page = browser_in(DESKTOP, language).new_page()
    log_in(page, live_server.url, world.fiona.email, language)
    found: dict[str, list[dict]] = {}
    base = f"{live_server.url}/o/{world.havneby.code}"

    # A theme of the last question, drafted into a principle: its section is open.
    q5 = [str(e.id) for e in theme_entries(drafted_workshop, "q5")]
    workshop_actions.set_phase(world.fiona, drafted_workshop, "themes")
    later = theme_actions.new_theme(world.fiona, drafted_workshop, "q5", "Tillid", q5[:2])
    workshop_actions.set_phase(world.fiona, drafted_workshop, "principles")
    page.goto(f"{base}/workshops/{drafted_workshop.code}/principles/?theme={later.code}")
    ticked = page.locator(f"#new-t-{later.code}")
    expect(ticked).to_be_checked()
    expect(ticked).to_be_visible()
    found["principles"] = axe_findings(page)

    # The charter: named export links, and the gaps listed before adoption.
    charter = draft_actions.create_charter(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Vores principper",
        workshops=[drafted_workshop],
    )
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    page.goto(f"{base}/charters/{charter.code}/")
    in_danish = translated(language, "%(format)s in Danish") % {"format": "PDF"}
    in_english = translated(language, "%(format)s in English") % {"format": "PDF"}
    expect(page.get_by_role("link", name=in_danish, exact=True)).to_have_count(1)
    expect(page.get_by_role("link", name=in_english, exact=True)).to_have_count(1)
    gaps = page.locator("#adopt-gaps")
    with translation.override(language):
        heading = ngettext(
            "%(n)s principle still has gaps:", "%(n)s principles still have gaps:", 2
        ) % {"n": 2}
    expect(gaps).to_contain_text(heading)
    expect(gaps.locator("li")).to_have_count(2)
    expect(gaps).to_contain_text(translated(language, "nothing filled in at any level"))
    found["charter"] = axe_findings(page)
    _look(page, f"{language}-charter-gaps")
    adopt = page.get_by_role("button", name=translated(language, "Adopt"), exact=True)
    expect(adopt).to_be_enabled()  # a warning, never a block
    adopt.click()
    expect(page.locator("#adopt-gaps")).to_have_count(0)
    assert CharterVersion.objects.get(charter=charter).status == Status.ADOPTED

    # Closed: the join code is a small note, not the big panel.
    for phase in ("agreement", "closed"):
        workshop_actions.set_phase(world.fiona, drafted_workshop, phase)
    page.goto(f"{base}/workshops/{drafted_workshop.code}/")
    expect(page.locator(".join-code")).to_have_count(0)
    expect(page.locator("#join-closed")).to_contain_text(drafted_workshop.join_code)
    found["closed workshop"] = axe_findings(page)
    _look(page, f"{language}-workshop-closed")
    assert not any(found.values()), axe_describe(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_look_like_the_site_and_lead_back(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    settings: Settings,
    language: str,
) -> None:
    found: dict[str, list[dict]] = {}
    visitor = browser_in(DESKTOP, language).new_page()
    response = visitor.goto(f"{live_server.url}/no/such/page/")
    assert response is not None and response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        translated(language, "Page not found")
    )
    visitor.get_by_role("link", name=translated(language, "Back to the front page")).click()
    visitor.wait_for_url(f"{live_server.url}/")
    visitor.goto(f"{live_server.url}/no/such/page/")
    found["404"] = axe_findings(visitor)
    _look(visitor, f"{language}-404")

    phone = browser_in(PHONE, language).new_page()
    response = phone.goto(f"{live_server.url}/j/NOSUCH/")
    assert response is not None and response.status == 404
    _no_account_links(phone, language)
    phone.get_by_role("link", name=translated(language, "Back to the join code")).click()
    phone.wait_for_url(f"{live_server.url}/j/")
    phone.goto(f"{live_server.url}/j/NOSUCH/")
    found["404, participant"] = axe_findings(phone)
    _look(phone, f"{language}-404-participant")

    _speaks(world.mads, language)
    member = browser_in(DESKTOP, language).new_page()
    log_in(member, live_server.url, world.mads.email, language)
    response = member.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/")
    assert response is not None and response.status == 403
    expect(member.get_by_role("heading", level=1)).to_have_text(
        translated(language, "You do not have access to this page")
    )
    found["403"] = axe_findings(member)
    _look(member, f"{language}-403")

    settings.ROOT_URLCONF = "vogter.front.tests.urls_errors"  # adds views that fail on purpose
    response = visitor.goto(f"{live_server.url}/broken/")
    assert response is not None and response.status == 500
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        translated(language, "Something went wrong")
    )
    found["500"] = axe_findings(visitor)
    _look(visitor, f"{language}-500")

    response = visitor.goto(f"{live_server.url}/bad/")
    assert response is not None and response.status == 400
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        translated(language, "The request could not be understood")
    )
    visitor.get_by_role("link", name=translated(language, "Back to the front page")).click()
    visitor.wait_for_url(f"{live_server.url}/")
    visitor.goto(f"{live_server.url}/bad/")
    found["400"] = axe_findings(visitor)
    _look(visitor, f"{language}-400")
    assert not any(found.values()), axe_describe(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_board_gives_the_join_code_up_when_the_workshop_closes(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    answered_workshop: Workshop,
    language: str,
) -> None:
    workshop = _in(answered_workshop, language)
    _speaks(world.fiona, language)
    board = browser_in(DESKTOP, language).new_page()
    log_in(board, live_server.url, world.fiona.email, language)
    board.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/board/")
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")
    expect(board.locator(".board-join .join-code")).to_have_text(workshop.join_code)
    closed_note = translated(language, "The workshop has closed, and nobody can join any more.")

    # Closed from the control screen while the board is on the projector: the code goes.
    for phase in ("principles", "agreement", "closed"):
        workshop_actions.set_phase(world.fiona, workshop, phase)
    expect(board.locator("#board-join")).to_be_hidden()
    expect(board.locator("#board-closed")).to_have_text(closed_note)
    found = {"live": axe_findings(board)}
    board.reload()
    expect(board.locator("#board-join")).to_be_hidden()
    expect(board.locator("#board-closed")).to_be_visible()
    assert workshop.join_code not in board.locator("header.board-head").inner_text()
    found["reloaded"] = axe_findings(board)
    _look(board, f"{language}-board-closed")

    # Opened again (a facilitator who closed too early): the code is back.
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    expect(board.locator(".board-join .join-code")).to_be_visible()
    expect(board.locator("#board-closed")).to_be_hidden()
    assert not any(found.values()), axe_describe(found)


THEME_ANSWERS = [
    "Borgerne er glade.",
    "Patienterne.",
    "For kundernes skyld.",
    "Borgerne og de pårørende.",
    "Jeg sparer tid på referater.",
    "It saves me time every week.",
    "Mindre tid på rutineopgaver.",
    "Sparer en time om dagen.",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_suggested_theme_names_name_one_topic(
    browser_in: Callable[..., BrowserContext],
    live_server,
    world: World,
    workshop: Workshop,
    language: str,
) -> None:
    workshop = _in(workshop, language)
    for text in THEME_ANSWERS:
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "q1", text, 1)
        sheet_actions.submit_sheet(sheet)
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    _speaks(world.fiona, language)
    page = browser_in(DESKTOP, language).new_page()
    log_in(page, live_server.url, world.fiona.email, language)
    page.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/themes/?q=q1")
    page.get_by_role("button", name=translated(language, "Suggest themes")).click()

    names = page.locator("section.theme[data-theme]:not([data-theme='none']) .theme-label")
    expect(names.first).to_be_visible()
    labels = [name.strip() for name in names.all_inner_texts()]
    # The concept that covers citizens, patients and customers is named as one topic
    # ("Dem, vi er til for", never "Borgere og kunder"), and no name joins two topics.
    people = {"da": "Dem, vi er til for", "en": "The people we serve"}[language]
    assert any(label.startswith(people) for label in labels), labels
    joiner = {"da": " og ", "en": " and "}[language]
    assert not any(joiner in label for label in labels), labels
    assert not axe_findings(page)
    _look(page, f"{language}-theme-names")
