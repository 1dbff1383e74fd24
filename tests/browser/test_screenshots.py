"""Screenshots of the main pages, Danish and English, phone and desktop.

They are kept in docs/screenshots/ for the README and design reviews, and in
test-results/screenshots/ as a CI artefact. The test fails only if a page does
not render; looking at the pictures is for people.
"""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, REPO_DIR, RESULTS_DIR, log_in, translated
from vogter.accounts.models import User
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.models import Role
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop
from vogter.workshops.views import qr_svg

pytestmark = pytest.mark.browser

FOLDERS = [REPO_DIR / "docs" / "screenshots", RESULTS_DIR / "screenshots"]
DEVICES = {"phone": PHONE, "desktop": DESKTOP}


def _shoot(page: Page, name: str) -> None:
    expect(page.locator("main h1")).to_be_visible()
    # Invitation links carry a random token and the live server's random port;
    # a fixed example keeps the pictures from changing on every run.
    page.locator(".copy-field input").evaluate_all(
        "fields => fields.forEach(f => { f.value = 'https://vogter.example/invitation/…/'; })"
    )
    for folder in FOLDERS:
        page.screenshot(
            path=str(folder / f"{name}.png"), full_page=True, animations="disabled", caret="hide"
        )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_of_the_main_pages(
    new_context, live_server, world: World, language: str, device: str
) -> None:
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    invitation = invitation_actions.invite(
        world.alice, world.havneby, role=Role.FACILITATOR, unit=world.department
    )
    invitation_actions.invite(world.alice, world.havneby, email="kim@havneby.example")

    def browser_in(language: str) -> BrowserContext:
        context: BrowserContext = new_context(**DEVICES[device])
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    prefix = f"{language}-{device}"
    visitor = browser_in(language).new_page()
    visitor.goto(live_server.url)
    _shoot(visitor, f"{prefix}-front")
    visitor.goto(f"{live_server.url}/invitation/{invitation.token}/")
    _shoot(visitor, f"{prefix}-invitation")
    visitor.goto(f"{live_server.url}/accounts/login/")
    _shoot(visitor, f"{prefix}-login")

    world.alice.language = language
    world.alice.save(update_fields=["language"])
    admin = browser_in(language).new_page()
    log_in(admin, live_server.url, world.alice.email, language=language)
    org = world.havneby.code
    admin.goto(f"{live_server.url}/o/{org}/")
    _shoot(admin, f"{prefix}-overview")
    admin.goto(f"{live_server.url}/o/{org}/units/")
    _shoot(admin, f"{prefix}-units")
    admin.goto(f"{live_server.url}/o/{org}/people/")
    _shoot(admin, f"{prefix}-people")
    admin.goto(f"{live_server.url}/o/{org}/people/{world.membership(world.mads).code}/")
    _shoot(admin, f"{prefix}-member")


# A few answers for the board, as people write them (one sheet a row).
SHEETS = {
    "da": [
        ("Hurtigere første udkast.", "Sparringspartner.", "Mindre rutine.", "", "Faglighed."),
        ("Bedre sprog i breve til borgerne.", "", "Nye opgaver, andre roller.", "", ""),
        ("Tid til det svære.", "En assistent, jeg tjekker.", "", "Faste pauser.", "Tillid."),
        ("", "Oversætter.", "", "Aftaler om hvornår vi ikke bruger AI.", "Ærlighed."),
    ],
    "en": [
        ("Faster first drafts.", "A sparring partner.", "Less routine.", "", "Expertise."),
        ("Plainer letters to citizens.", "", "New tasks, other roles.", "", ""),
        ("Time for the hard cases.", "An assistant I check.", "", "Fixed breaks.", "Trust."),
        ("", "Translator.", "", "Agreements on when not to use AI.", "Honesty."),
    ],
}
PROFESSIONS = {"da": "Kommunikationsmedarbejder", "en": "Communications officer"}
USE_CASES = {
    "da": ["Udkast til nyhedsbreve.", "Opsummering af høringssvar."],
    "en": ["Drafting newsletters.", "Summing up consultation responses."],
}
WORKSHEET = {
    "da": ("Vi skriver hurtigere udkast til nyhedsbreve.", "En sparringspartner."),
    "en": ("We write first drafts of newsletters faster.", "A sparring partner."),
}


def _workshop_with_answers(world: World, language: str) -> Workshop:
    workshop = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="AI i kommunikationen" if language == "da" else "AI in communications",
        date=datetime.date(2026, 11, 27),
        language=language,
    )
    # A fixed join code (and card order, below) keeps the pictures from changing.
    Workshop.objects.filter(pk=workshop.pk).update(join_code="HAVN42")
    workshop.refresh_from_db()
    workshop_actions.set_phase(world.fiona, workshop, "reflect")
    for number, row in enumerate(SHEETS[language]):
        sheet = sheet_actions.join(workshop).sheet
        if number < len(USE_CASES[language]):
            sheet_actions.save_entry(sheet, "use_case", USE_CASES[language][number], 1)
        for number, text in enumerate(row, start=1):
            if text:
                sheet_actions.save_entry(sheet, f"q{number}", text, 1)
        sheet_actions.save_entry(sheet, "profession", PROFESSIONS[language], 1)
        sheet_actions.submit_sheet(sheet)
    workshop_actions.reveal_answers(world.fiona, workshop)
    return workshop


def _fixed_card_order(workshop: Workshop) -> None:
    entries = Entry.objects.filter(sheet__workshop=workshop).order_by("text")
    for number, pk in enumerate(entries.values_list("pk", flat=True)):
        Entry.objects.filter(pk=pk).update(shuffle=(number * 7919) % 101)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_of_the_workshop(
    new_context, live_server, world: World, language: str, device: str
) -> None:
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    workshop = _workshop_with_answers(world, language)

    def browser_in(language: str) -> BrowserContext:
        context: BrowserContext = new_context(**DEVICES[device])
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        return context

    prefix = f"{language}-{device}"
    participant = browser_in(language).new_page()
    participant.goto(f"{live_server.url}/j/{workshop.join_code}/")
    participant.get_by_role("button", name=translated(language, "Start")).click()
    first, second = WORKSHEET[language]
    participant.locator("#f-q1").fill(first)
    participant.locator("#f-q2").fill(second)
    participant.locator("#f-profession").fill(PROFESSIONS[language])
    participant.locator("#f-q3").focus()
    expect(participant.locator("#save-status")).to_have_attribute("data-state", "saved")
    # The status line sticks to the bottom of the window: at the end of the page it
    # sits in its place instead of over a field in the middle of the picture.
    participant.evaluate("document.activeElement.blur(); window.scrollTo(0, 1e6)")
    _shoot(participant, f"{prefix}-worksheet")

    _fixed_card_order(workshop)
    world.fiona.language = language
    world.fiona.save(update_fields=["language"])
    board = browser_in(language).new_page()
    log_in(board, live_server.url, world.fiona.email, language=language)
    board.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}/board/")
    expect(board.locator(".board-card").first).to_be_visible()
    # The board shows the live server's address: show the example one, and its QR code.
    board.locator(".board-join .join-address").evaluate(
        "el => { el.textContent = 'vogter.example/j/'; }"
    )
    board.locator(".board-join .qr svg").evaluate(
        "(el, svg) => { el.outerHTML = svg; }", qr_svg("https://vogter.example/j/HAVN42/")
    )
    _shoot(board, f"{prefix}-board")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_across_the_levels_and_the_commons(
    new_context, live_server, signatories: World, nina: User, language: str, device: str
) -> None:
    # Imported here: test_commons imports from modules that import this one.
    from tests.browser.test_commons import (
        INFLECTED,
        across_the_levels,
        other_organisations,
        reflected,
    )
    from vogter.commons import actions as commons
    from vogter.commons.models import CommonsPrinciple

    world = signatories
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    kultur, unit, _web = across_the_levels(world)
    reflected(kultur)
    commons.publish(world.alice, kultur, sector="culture", size_band="1000-4999")
    other_organisations()  # eight more, so that themes and aims show
    # Search hits come in the order of their (random) codes: fixed ones, for fixed pictures.
    for number, pk in enumerate(
        CommonsPrinciple.objects.order_by("id").values_list("pk", flat=True)
    ):
        CommonsPrinciple.objects.filter(pk=pk).update(code=f"shot{number:04d}")

    def person(user: User) -> Page:
        user.language = language
        user.save(update_fields=["language"])
        context: BrowserContext = new_context(**DEVICES[device])
        cookie = {"name": "vogter_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
        page = context.new_page()
        log_in(page, live_server.url, user.email, language=language)
        return page

    prefix = f"{language}-{device}"
    org = world.havneby.code
    fiona = person(world.fiona)
    fiona.goto(f"{live_server.url}/o/{org}/charters/{unit.code}/cascade/")
    expect(fiona.locator('[aria-labelledby="incoming-title"] article')).to_have_count(1)
    _shoot(fiona, f"{prefix}-cascade")

    alice = person(world.alice)
    alice.goto(f"{live_server.url}/o/{org}/charters/overview/")
    expect(alice.locator(".overview-table tbody tr")).to_have_count(4)
    _shoot(alice, f"{prefix}-charters-overview")
    alice.goto(f"{live_server.url}/o/{org}/commons/")
    _shoot(alice, f"{prefix}-commons")

    coordinator = person(nina)
    coordinator.goto(f"{live_server.url}/national/")
    expect(coordinator.locator('[aria-labelledby="aims-title"] tbody tr').first).to_be_visible()
    _shoot(coordinator, f"{prefix}-national")
    coordinator.goto(f"{live_server.url}/national/search/?q={INFLECTED}")
    expect(coordinator.locator(".commons-hit").first).to_be_visible()
    _shoot(coordinator, f"{prefix}-national-search")


def test_screenshot_names_are_the_documented_set() -> None:
    """Guards against stale pictures piling up in docs/ when pages are renamed."""
    pages = ("front", "invitation", "login", "overview", "units", "people", "member")
    workshop_pages = ("worksheet", "board")
    # tests/browser/test_principles.py: steps 2-4.
    principles_pages = ("themes", "principles", "matrix", "agreement-results")
    # tests/browser/test_charters.py: a charter (adopted) and its share page.
    charter_pages = ("charter", "charter-shared")
    # Across the levels of an organisation, and the national commons (issue 7).
    commons_pages = ("cascade", "charters-overview", "commons", "national", "national-search")
    expected = (
        {
            f"{language}-{device}-{page}.png"
            for language in ("da", "en")
            for device in DEVICES
            for page in pages + workshop_pages + principles_pages + charter_pages + commons_pages
        }
        | {
            # tests/browser/test_reflection.py: the phone check-in and a round's results.
            f"{language}-{page}.png"
            for language in ("da", "en")
            for page in ("phone-checkin", "desktop-reflection-round")
        }
        | {
            # tests/browser/test_meeting.py and test_team_reflection.py: the meeting view on
            # a projector (open, and with results) and a laptop (issue 17).
            f"{language}-{page}.png"
            for language in ("da", "en")
            for page in (
                "projector-meeting",
                "projector-meeting-open",
                "laptop-meeting",
                "projector-reflection-meeting-team",
            )
        }
        | {
            # tests/browser/test_presenter.py: the presenter view while people join, and
            # the agreement round as bars (issue 20).
            f"{language}-{page}.png"
            for language in ("da", "en")
            for page in ("projector-presenter", "projector-presenter-agreement")
        }
        | {
            # tests/browser/test_document_renders.py: the printed documents, rendered with
            # pdftoppm.
            "charter-pdf-da-1.png",
            "charter-pdf-da-table.png",
            "charter-pdf-en-table.png",
            "charter-pdf-da-signatures.png",
            "charter-docx-da-1.png",
            "charter-docx-da-table.png",
            "charter-poster-a4-da-draft.png",
            "charter-poster-a3-en.png",
            "worksheet-da.png",
            "worksheet-en.png",
            "slips-da.png",
            "reflection-report-da.png",
            "reflection-report-en.png",
            "literacy-record-da.png",
            "literacy-record-en.png",
        }
    )
    folder = FOLDERS[0]
    if folder.exists():
        assert {p.name for p in Path(folder).glob("*.png")} <= expected
