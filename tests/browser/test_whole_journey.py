"""The whole journey in one go, in a real browser, in Danish and in English (issue 8).

An organisation admin sets up units and invites a facilitator by link; the facilitator
runs a workshop that three participants join from phones (by the QR link, by the code,
and one who reloads halfway and then moves to another phone with a resume code), while
the board follows live; themes, a principle with its provenance, a level cell, an
agreement round voted on phones (one with the keyboard alone) and revealed; a charter
made from the workshop, signed by the manager and the TR, adopted, and downloaded as
PDF and DOCX; a reflection round with five check-ins (one with the keyboard alone),
closed, with its results.

Every step is photographed into ``test-results/journey/<language>/`` and checked with
axe-core; the counts by impact go to ``test-results/journey-axe.json``. The pages are
watched for Content Security Policy refusals and console errors throughout.

Served by pytest-django's ``live_server`` like the other browser tests (see
test_workshop.py). Only what no page offers is done with the action functions: the
five colleagues' accounts, and moving the reflection round's closing date (as the
reflection tests do).
"""

import json
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils.text import capfirst
from playwright.sync_api import ConsoleMessage, Page, expect

from conftest import PASSWORD, World, make_user
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    _axe,
    expect_message,
    log_in,
    translated,
)
from tests.browser.conftest import axe_describe as _describe
from tests.browser.test_principles import _tab_to, is_stream
from tests.browser.test_reflection import _choose_score, _tab_into
from tests.browser.test_workshop import _cards, expect_saved, field
from vogter.accounts.models import User
from vogter.charters.models import Charter, Signature, Status
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Membership, Role, Unit, UnitLevel
from vogter.principles.models import AgreementBallot, LevelCell, Principle, Theme
from vogter.reflection.models import Checkin, Round
from vogter.reflection.tests import conftest as reflection_fixtures
from vogter.workshops.models import Sheet, Workshop

pytestmark = pytest.mark.browser

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
AXE_REPORT = RESULTS_DIR / "journey-axe.json"
COLLEAGUES = 5  # the default minimum group size: results show from five check-ins

# Per language: the words the people in the journey type.
WORDS = {
    "da": {
        "corporate": "Nordhavn Koncern",
        "department": "Borgerservice",
        "unit": "Digital betjening",
        "workshop": "AI i borgerservice",
        "answers": [
            ("Hurtigere svar til borgerne.", "Ærlighed over for borgerne."),
            ("Færre rutineopgaver i hverdagen.", "Faglighed og omhu."),
            ("Bedre overblik over sagerne.", "Tillid mellem kolleger."),
        ],
        "theme": "Tid til borgerne",
        "statement": "bruger vi den sparede tid på borgerne",
        "individual": "Jeg bruger den sparede tid på svære sager.",
        "comment": "Godt at få skrevet ned.",
        "charter": "Vores principper for AI",
        "changed": "Vi svarer hurtigere nu.",
    },
    "en": {
        "corporate": "Northport Group",
        "department": "Citizen services",
        "unit": "Digital service",
        "workshop": "AI in citizen services",
        "answers": [
            ("Faster answers to citizens.", "Honesty towards citizens."),
            ("Fewer routine tasks every day.", "Professional care."),
            ("A better overview of the cases.", "Trust between colleagues."),
        ],
        "theme": "Time for citizens",
        "statement": "spend the time saved on the citizens",
        "individual": "I spend the time saved on the hard cases.",
        "comment": "Good to have it written down.",
        "charter": "Our principles for AI",
        "changed": "We answer faster now.",
    },
}


class Journey:
    """Screenshots, axe-core and the console, step by step, for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.folder = RESULTS_DIR / "journey" / language
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.number = 0
        self.blocking: dict[str, list[dict]] = {}
        self.counts: Counter[str] = Counter()
        self.refused_by_csp: list[str] = []
        self.console_errors: list[str] = []
        self.finished = False

    def t(self, message: str) -> str:
        return translated(self.language, message)

    def watch(self, page: Page) -> Page:
        def on_console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.refused_by_csp.append(f"{page.url}: {message.text}")
            elif message.type == "error":
                self.console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        return page

    def step(self, page: Page, name: str) -> None:
        """Photograph the page and check it with axe-core."""
        self.number += 1
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        expect(page.locator("main h1").first).to_be_visible()
        page.screenshot(path=str(self.folder / f"{self.number:02d}-{name}.png"), full_page=True)
        violations = _axe.run(page).response["violations"]
        for violation in violations:
            self.counts[violation["impact"] or "unknown"] += 1
        if blocking := [v for v in violations if v["impact"] in ("serious", "critical")]:
            self.blocking[f"{self.number:02d}-{name} ({page.url})"] = blocking

    def report(self, seconds: float) -> None:
        merged: dict = {}
        if AXE_REPORT.exists():
            try:
                merged = json.loads(AXE_REPORT.read_text())
            except ValueError:
                merged = {}
        merged[self.language] = {
            "finished": self.finished,
            "pages": self.number,
            "violations_by_impact": {
                impact: self.counts.get(impact, 0)
                for impact in ("critical", "serious", "moderate", "minor")
            },
            "blocking": sorted(self.blocking),
            "seconds": round(seconds, 1),
        }
        AXE_REPORT.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")


def _option_value(page: Page, label: str, text: str) -> str:
    option = page.get_by_label(label).locator("option", has_text=text)
    value = option.first.get_attribute("value")
    assert value is not None, f"no option {text!r} in {label!r}"
    return value


def _go_to_phase(j: Journey, page: Page, phase: str) -> None:
    go_to = j.t("Go to: %(phase)s") % {"phase": j.t(phase)}
    page.get_by_role("button", name=go_to).click()
    expect(page.get_by_role("button", name=go_to)).to_have_count(0)


def _start_sheet(j: Journey, page: Page, base_url: str, workshop: Workshop) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    page.get_by_role("button", name=j.t("Start")).click()
    page.wait_for_url(f"{base_url}/j/{workshop.join_code}/sheet/")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.usefixtures("quick_batches")
def test_the_whole_journey_in_a_real_browser(
    browser_in, live_server, world: World, language: str, request: pytest.FixtureRequest
) -> None:
    started = time.monotonic()
    j = Journey(language)
    # The counts are written even when a step fails half-way.
    request.addfinalizer(lambda: j.report(time.monotonic() - started))
    t = j.t
    words = WORDS[language]
    url = live_server.url
    org = world.havneby

    def person(user: User, device: dict = DESKTOP) -> Page:
        user.language = language
        user.save(update_fields=["language"])
        page = j.watch(browser_in(device, language).new_page())
        log_in(page, url, user.email, language=language)
        return page

    # --- 1. The admin sets up the units and invites a facilitator by link ------------------
    alice = person(world.alice)
    j.step(alice, "admin-home")
    alice.get_by_role("link", name=org.name).first.click()
    subnav = alice.get_by_role("navigation", name=t("Organisation"))
    subnav.get_by_role("link", name=t("Units")).click()
    expect(alice.get_by_role("heading", level=1)).to_have_text(t("Units"))
    add_unit = alice.get_by_role("form", name=t("Add a unit"))
    for name, level, parent in (
        (words["corporate"], UnitLevel.CORPORATE_GROUP, None),
        (words["department"], UnitLevel.DEPARTMENT, words["corporate"]),
        (words["unit"], UnitLevel.UNIT, words["department"]),
    ):
        add_unit.get_by_label(t("Name"), exact=True).fill(name)
        add_unit.get_by_label(t("Level")).select_option(level.value)
        if parent:
            add_unit.get_by_label(t("Part of")).select_option(
                _option_value(alice, t("Part of"), parent)
            )
        add_unit.get_by_role("button", name=t("Add the unit")).click()
        expect_message(alice, t("%(unit)s has been added.") % {"unit": name})
    unit = Unit.objects.get(organisation=org, name=words["unit"])
    assert unit.parent is not None and unit.parent.name == words["department"]
    assert unit.parent.parent is not None and unit.parent.parent.name == words["corporate"]
    assert unit.parent.parent.level == UnitLevel.CORPORATE_GROUP
    j.step(alice, "units")

    subnav.get_by_role("link", name=t("People")).click()
    invite = alice.get_by_role("form", name=t("Invite someone"))
    invite.get_by_label(t("Role")).select_option(Role.FACILITATOR.value)
    invite.get_by_label(t("Unit")).select_option(_option_value(alice, t("Unit"), words["unit"]))
    invite.get_by_role("button", name=t("Create the invitation")).click()
    expect_message(alice, t("The invitation link is ready. Copy it and share it."))
    link = alice.get_by_label(t("Invitation link")).input_value()
    assert link.startswith(f"{url}/invitation/")
    j.step(alice, "invitation-link")

    frida_email = f"frida.{language}@havneby.example"
    frida = j.watch(browser_in(DESKTOP, language).new_page())
    frida.goto(link)
    expect(frida.get_by_role("heading", level=1)).to_contain_text(org.name)
    j.step(frida, "invitation")
    frida.get_by_role("main").get_by_role("link", name=t("Create an account")).click()
    frida.get_by_label(capfirst(t("e-mail address"))).fill(frida_email)
    frida.get_by_label(capfirst(t("name"))).fill("Frida Facilitator")
    frida.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    frida.get_by_label(t("Repeat the password")).fill(PASSWORD)
    frida.get_by_role("main").get_by_role("button", name=t("Create an account")).click()
    frida.get_by_role("button", name=t("Accept the invitation")).click()
    expect_message(frida, t("Welcome to %(organisation)s.") % {"organisation": org.name})
    membership = Membership.objects.get(organisation=org, user__email=frida_email)
    assert membership.role == Role.FACILITATOR and membership.unit == unit
    j.step(frida, "facilitator-welcome")

    # The manager and the TR: the admin places herself and Mads in the unit, with the roles.
    for member, box in ((world.alice, "Manager"), (world.mads, "Union representative (TR)")):
        subnav.get_by_role("link", name=t("People")).click()
        alice.get_by_role("main").get_by_role("link", name=member.name).click()
        expect(alice.get_by_role("heading", level=1)).to_have_text(member.name)
        alice.get_by_label(t("Unit")).select_option(_option_value(alice, t("Unit"), words["unit"]))
        alice.get_by_label(t(box)).check()
        if member == world.mads:
            j.step(alice, "member-roles")
        alice.get_by_role("button", name=t("Save"), exact=True).click()
        expect_message(alice, t("%(person)s has been saved.") % {"person": member.name})
    assert world.membership(world.alice).is_manager
    assert world.membership(world.mads).is_union_rep
    assert world.membership(world.mads).unit == unit

    # A team of three: the admin lets figures show from three (the least there is).
    subnav.get_by_role("link", name=t("Settings")).click()
    alice.get_by_label(t("Minimum group size")).fill("3")
    alice.get_by_role("main").get_by_role("button", name=t("Save")).click()
    expect_message(alice, t("The settings have been saved."))
    org.refresh_from_db()
    assert org.min_group_size == 3

    # --- 2. A workshop; three phones join and answer; the board follows live ---------------
    frida.goto(f"{url}/o/{org.code}/workshops/")
    form = frida.get_by_role("form", name=t("Plan a workshop"))
    form.get_by_label(t("Title")).fill(words["workshop"])
    form.get_by_label(t("For which unit")).select_option(
        _option_value(frida, t("For which unit"), words["unit"])
    )
    form.get_by_label(t("Language"), exact=True).select_option(language)
    # Three phones in this room: results show from three (the least the form allows).
    form.get_by_label(t("Minimum group size")).fill("3")
    j.step(frida, "plan-workshop")
    form.get_by_role("button", name=t("Create the workshop")).click()
    expect(frida.get_by_role("heading", level=1)).to_have_text(words["workshop"])
    workshop = Workshop.objects.get(title=words["workshop"])
    assert workshop.unit == unit and workshop.min_group_size == 3
    control = frida.url
    _go_to_phase(j, frida, "Reflection")
    join_url = frida.locator("#join-link").input_value()
    assert join_url == f"{url}/j/{workshop.join_code}/"
    expect(frida.locator("figure.qr svg")).to_be_visible()
    j.step(frida, "control-screen")

    board = j.watch(browser_in(DESKTOP, language).new_page())
    board.context.add_cookies(frida.context.cookies())
    board.goto(f"{control}board/")
    expect(board.get_by_role("heading", level=1)).to_have_text(words["workshop"])
    expect(board.locator("#live-state")).to_have_attribute("data-state", "connected")
    expect(board.locator("#count-joined")).to_have_text("0")

    phones: list[Page] = []
    # One scans the QR code (the join link it encodes).
    qr = j.watch(browser_in(PHONE, language).new_page())
    qr.goto(join_url)
    j.step(qr, "join-by-qr")
    _start_sheet(j, qr, url, workshop)
    phones.append(qr)
    # One types the code from the projector on the front page's join form.
    typed = j.watch(browser_in(PHONE, language).new_page())
    typed.goto(f"{url}/j/")
    code = workshop.join_code.lower()
    typed.get_by_label(t("Join code")).press_sequentially(f"{code[:3]} {code[3:]}")
    j.step(typed, "join-by-code")
    typed.get_by_role("button", name=t("Continue")).click()
    _start_sheet(j, typed, url, workshop)
    phones.append(typed)
    # One reloads halfway.
    reloader = j.watch(browser_in(PHONE, language).new_page())
    reloader.goto(join_url)
    _start_sheet(j, reloader, url, workshop)
    phones.append(reloader)
    expect(board.locator("#count-joined")).to_have_text("3")

    first_q1 = words["answers"][0][0]
    field(qr, "q1", language).press_sequentially(first_q1)
    field(qr, "q5", language).focus()
    expect_saved(qr, language)
    expect(_cards(board, "q1")).to_have_count(1)  # finished, in a batch, not yet revealed
    j.step(board, "board-not-revealed")
    board.get_by_role("button", name=t("Reveal the answers")).click()
    expect(_cards(board, "q1").locator(".card-text")).to_have_text([first_q1])
    board.evaluate("window.samePage = true")  # from here on, no reload

    half = words["answers"][2][0]
    field(reloader, "q1", language).press_sequentially(half[:12])
    field(reloader, "q2", language).focus()
    expect_saved(reloader, language)
    reloader.reload()
    expect(field(reloader, "q1", language)).to_have_value(half[:12])
    j.step(reloader, "sheet-after-reload")
    # ... and then moves to another phone with the short resume code.
    reloader.get_by_text(t("Continue on another device")).click()
    reloader.get_by_role("button", name=t("Show a short code instead")).click()
    expect(reloader.get_by_role("heading", level=1)).to_have_text(t("Your code"))
    resume_code = reloader.locator("main .join-code").inner_text().strip()
    assert resume_code
    j.step(reloader, "resume-code")
    reloader.context.close()
    reloader = j.watch(browser_in(PHONE, language).new_page())
    reloader.goto(join_url)
    reloader.get_by_text(t("Started on another device?")).click()
    reloader.get_by_label(t("Your code")).fill(resume_code)
    reloader.get_by_role("button", name=t("Continue my sheet")).click()
    reloader.wait_for_url(f"{url}/j/{workshop.join_code}/sheet/")
    phones[2] = reloader
    expect(field(reloader, "q1", language)).to_have_value(half[:12])
    field(reloader, "q1", language).press("End")  # on where it was left
    field(reloader, "q1", language).press_sequentially(half[12:])
    expect(field(reloader, "q1", language)).to_have_value(half)

    submitted = t(
        "You have submitted your sheet. You can still change it until the reflection closes."
    )
    for phone, (q1, q5) in zip(phones, words["answers"], strict=True):
        if phone is typed:
            field(phone, "q1", language).fill(q1)
        field(phone, "q5", language).fill(q5)
        field(phone, "q1", language).focus()
        expect_saved(phone, language)
        phone.get_by_role("button", name=t("I am done: submit")).click()
        phone.get_by_role("button", name=t("Submit anyway")).click()  # two of seven fields
        expect(phone.get_by_text(submitted)).to_be_visible()
    j.step(typed, "sheet-submitted")
    # The board, never reloaded, has every answer and the count.
    for q1, q5 in words["answers"]:
        expect(_cards(board, "q1").filter(has_text=q1)).to_have_count(1, timeout=10_000)
        expect(_cards(board, "q5").filter(has_text=q5)).to_have_count(1, timeout=10_000)
    expect(board.locator("#count-submitted")).to_have_text("3")
    assert board.evaluate("window.samePage") is True
    assert Sheet.objects.filter(workshop=workshop, submitted=True).count() == 3
    j.step(board, "board-live")
    board.close()

    # --- 3. Themes, a principle with provenance, a level cell, the agreement round ----------
    frida.goto(control)
    _go_to_phase(j, frida, "Themes")
    frida.goto(f"{control}themes/?q=q1")
    frida.locator("#suggest-k").fill("2")
    frida.get_by_role("button", name=t("Suggest themes")).click()
    themes = frida.locator('section.theme[data-theme]:not([data-theme="none"])')
    expect(themes).to_have_count(2)
    first_theme = Theme.objects.filter(workshop=workshop, question="q1").order_by("pk").first()
    assert first_theme is not None and first_theme.suggested
    section = frida.locator(f'section[data-theme="{first_theme.code}"]')
    section.locator(f"#rename-{first_theme.code}").fill(words["theme"])
    section.locator(f"#rename-{first_theme.code}").press("Enter")
    expect(section.locator(".theme-label")).to_have_text(words["theme"])
    j.step(frida, "themes")

    section.locator(f'a[href*="?theme={first_theme.code}"]').click()
    frida.wait_for_url(re.compile(rf"/principles/\?theme={first_theme.code}"))
    expect(frida.locator(f"#new-t-{first_theme.code}")).to_be_checked()
    sources = frida.locator('#new-principle input[name="sources"]')
    if not frida.locator('#new-principle input[name="sources"]:checked').count():
        sources.first.check()
    frida.locator(f"#statement_{language}").fill(words["statement"])
    j.step(frida, "principle-draft")
    frida.locator('#new-principle button[type="submit"]').click()
    frida.wait_for_url(re.compile(r"/principles/(#[\w-]*)?$"))
    principle = Principle.objects.get(workshop=workshop)
    assert list(principle.themes.all()) == [first_theme]
    assert principle.sources.exists()
    item = frida.locator(f"#p-{principle.code}")
    provenance = item.locator("details.provenance")
    expect(provenance.locator("summary")).to_contain_text(words["theme"])
    provenance.locator("summary").click()
    expect(provenance.locator(".quotes q").first).to_be_visible()
    j.step(frida, "principles-provenance")

    item.locator(f'a[href$="/principles/{principle.code}/"]').click()
    frida.wait_for_url(re.compile(rf"/principles/{principle.code}/$"))
    frida.locator("#individual-text").fill(words["individual"])
    frida.locator('.level-form button[type="submit"]').click()
    expect(frida.locator(".messages[role=status]")).to_be_visible()
    assert (
        LevelCell.objects.get(principle=principle, level="individual").text == (words["individual"])
    )
    frida.goto(f"{control}principles/matrix/")
    expect(frida.locator("table.matrix tbody tr td").first).to_have_text(words["individual"])
    j.step(frida, "matrix")

    frida.goto(control)
    _go_to_phase(j, frida, "Principles")
    _go_to_phase(j, frida, "Agreement")
    frida.goto(f"{control}agreement/")
    with frida.expect_response(is_stream):
        frida.locator('form[action$="/agreement/open/"] button').click()
        frida.wait_for_url(f"{control}agreement/")
    count = frida.locator('[data-ballots="1"]')
    expect(count).to_have_text("0")
    j.step(frida, "agreement-open")

    ballot_url = f"{url}/j/{workshop.join_code}/agreement/"
    for phone in phones:
        phone.goto(ballot_url)
        expect(phone.locator("fieldset.ballot-item")).to_have_count(1)
    j.step(phones[0], "ballot")
    radio = f'input[name="choice-{principle.code}"]'
    # The first phone with the keyboard alone.
    keyboard = phones[0]
    _tab_to(keyboard, radio)
    keyboard.keyboard.press("Space")
    expect(keyboard.locator(f'{radio}[value="agree"]')).to_be_checked()
    keyboard.keyboard.press("Tab")
    expect(keyboard.locator(f"#comment-{principle.code}")).to_be_focused()
    keyboard.keyboard.type(words["comment"])
    keyboard.keyboard.press("Tab")
    expect(keyboard.locator('.ballot button[type="submit"]')).to_be_focused()
    with keyboard.expect_response(is_stream):
        keyboard.keyboard.press("Enter")
        keyboard.wait_for_url(ballot_url)
    expect(keyboard.locator(".banner-ok")).to_be_visible()
    expect(count).to_have_text("1")  # live, on the facilitator's page
    others = zip(phones[1:], ("agree", "disagree"), strict=True)
    for number, (phone, choice) in enumerate(others, start=2):
        phone.locator(f'label.choice:has({radio}[value="{choice}"])').tap()
        with phone.expect_response(is_stream):
            phone.locator('.ballot button[type="submit"]').tap()
            phone.wait_for_url(ballot_url)
        expect(phone.locator(".banner-ok")).to_be_visible()
        expect(count).to_have_text(str(number))
    j.step(phones[2], "ballot-sent")
    assert AgreementBallot.objects.filter(round__workshop=workshop).count() == 3

    frida.locator('form[action$="/agreement/1/reveal/"] button').click()
    result = frida.locator("ol.results > li.result")
    expect(result).to_have_count(1)
    # Two of three agree: a share (67 %), either count, or even "most agree" would give
    # the one "disagree" away; the room reads that someone disagrees, and talks.
    expect(result.locator(".share")).to_have_count(0)
    expect(result.locator(".band")).to_have_text(j.t("At least one disagrees: talk about it."))
    for phone in phones:  # they reload themselves to the results
        expect(phone.locator("ol.results > li.result")).to_have_count(1)
    j.step(phones[1], "results-phone")
    frida.goto(f"{control}agreement/")  # settled, whatever the live event started
    expect(frida.locator("ol.results > li.result")).to_have_count(1)
    j.step(frida, "agreement-revealed")
    for phone in phones:
        phone.close()

    # --- 4. The charter: made, proposed, signed, adopted, downloaded -----------------------
    charters = f"{url}/o/{org.code}/charters"
    frida.goto(f"{charters}/")
    new = frida.locator('section[aria-labelledby="new-charter"] form')
    new.locator("#title").fill(words["charter"])
    new.locator("#unit").select_option(unit.code)
    new.locator(f'input[name="workshops"][value="{workshop.code}"]').check()
    j.step(frida, "charters")
    new.locator('button[type="submit"]').click()
    frida.wait_for_url(lambda u: "/charters/" in u and not u.endswith("/charters/"))
    charter = Charter.objects.get(title=words["charter"])
    detail = f"{charters}/{charter.code}/"
    expect(frida.locator(".preamble")).to_contain_text(org.name)
    expect(frida.locator(".charter-table tbody tr")).to_have_count(1)
    expect(frida.locator(".charter-table tbody tr")).to_contain_text(words["statement"])
    j.step(frida, "charter-draft")
    frida.locator('form:has(input[name="do"][value="propose"]) button[type="submit"]').click()
    adopt = frida.locator('form:has(input[name="do"][value="adopt"]) button[type="submit"]')
    expect(adopt).to_be_disabled()

    mads = person(world.mads)
    for signer, role in ((alice, "manager"), (mads, "union_rep")):
        signer.goto(detail)
        button = signer.locator(
            f'form:has(input[value="sign"]):has(input[name="role"][value="{role}"]) button'
        )
        if role == "manager":
            j.step(signer, "charter-proposed-sign")
        with signer.expect_navigation():
            button.click()
        expect(button).to_have_count(0)
    assert set(
        Signature.objects.filter(version__charter=charter).values_list("role", flat=True)
    ) == {"manager", "union_rep"}
    frida.reload()
    expect(adopt).to_be_enabled()
    adopt.click()
    expect(frida.locator(".signature-list li")).to_have_count(2)
    assert charter.versions.get(number=1).status == Status.ADOPTED
    j.step(frida, "charter-adopted")

    in_own = t("%(format)s in Danish") if language == "da" else t("%(format)s in English")
    downloads: dict[str, Path] = {}
    for fmt, name in (("pdf", t("PDF")), ("docx", t("Word (DOCX)"))):
        with frida.expect_download() as info:
            frida.get_by_role("link", name=in_own % {"format": name}, exact=True).click()
        target = j.folder / f"charter.{fmt}"
        info.value.save_as(target)
        downloads[fmt] = target
    text = subprocess.run(  # noqa: S603 (our own file)
        [PDFTOTEXT, "-layout", str(downloads["pdf"]), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # A word hyphenated at a line's end comes out with a soft hyphen and the line break.
    flat = " ".join(text.split()).replace("\N{SOFT HYPHEN} ", "").replace("\N{SOFT HYPHEN}", "")
    assert org.name in flat, "the PDF's preamble names the organisation"
    assert words["statement"] in flat, "the PDF has the principle"
    import docx

    document = docx.Document(str(downloads["docx"]))
    docx_text = " ".join(p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            docx_text += " " + " ".join(cell.text for cell in row.cells)
    assert words["statement"] in " ".join(docx_text.split()), "the DOCX has the principle"

    # --- 5. A reflection round: five check-ins, closed, the results ------------------------
    colleagues = []
    for number in range(COLLEAGUES):
        colleague = make_user(f"kollega{number}.{language}@havneby.example", f"Kollega {number}")
        invitation = invitation_actions.invite(world.alice, org, role=Role.MEMBER)
        placed = joining_actions.accept_invitation(colleague, invitation)
        membership_actions.change_membership(world.alice, placed, unit=unit)
        colleagues.append(colleague)

    frida.goto(f"{detail}reflection/")
    frida.get_by_role("button", name=t("Start the round")).click()
    frida.wait_for_url(lambda u: "/reflection/" in u)
    reflection = Round.objects.get(charter=charter)
    j.step(frida, "reflection-started")
    checkin_url = f"{url}/r/{reflection.code}/"
    principle_code = charter.versions.get(number=1).document["principles"][0]["code"]

    for number, colleague in enumerate(colleagues):
        phone = person(colleague, PHONE)
        phone.goto(checkin_url)
        expect(phone.locator("fieldset.ballot-item")).to_have_count(2)
        if number == 0:
            j.step(phone, "checkin")
            # With the keyboard alone.
            _tab_to(phone, f'input[name="score-{principle_code}"]', limit=30)
            _choose_score(phone, f"score-{principle_code}", 4)
            _tab_into(phone, f"verdict-{principle_code}")
            phone.keyboard.press("Space")
            expect(
                phone.locator(f'input[name="verdict-{principle_code}"][value="keep"]')
            ).to_be_checked()
            for aim, score in (("productivity", 4), ("wellbeing", 3), ("meaningfulness", 5)):
                _tab_into(phone, aim)
                _choose_score(phone, aim, score)
            _tab_into(phone, "changed")
            phone.keyboard.type(words["changed"])
            phone.keyboard.press("Tab")
            expect(phone.locator("main form.checkin button[type=submit]")).to_be_focused()
            with phone.expect_navigation():
                phone.keyboard.press("Enter")
        else:
            score = str(2 + number % 4)
            for name, value in (
                (f"score-{principle_code}", score),
                (f"verdict-{principle_code}", "keep"),
                ("productivity", score),
                ("wellbeing", score),
                ("meaningfulness", score),
            ):
                phone.locator(f'input[name="{name}"][value="{value}"]').check()
            with phone.expect_navigation():
                phone.locator("main form.checkin button[type=submit]").click()
        expect(phone.locator(".banner-ok")).to_be_visible()
        if number == 0:
            j.step(phone, "checkin-done")
        phone.context.close()
    assert Checkin.objects.filter(round=reflection).count() == COLLEAGUES

    reflection_fixtures.close(reflection)
    frida.goto(f"{url}/o/{org.code}/reflection/{reflection.code}/")
    main = frida.locator("main")
    expect(main.locator(".big-count span")).to_have_text(str(COLLEAGUES))
    expect(main.locator(".banner")).to_have_count(0)
    # The principle and the three aims: each a chart where every count may be shown, else
    # what may be shown (a mean, some counts) and why the rest is left out.
    figures = main.locator("figure.trend, section.card:has(h3)")
    expect(figures).to_have_count(1 + 3)
    for figure in figures.all():
        expect(figure.locator("svg[role=img], .withheld-reason")).not_to_have_count(0)
    expect(main.locator("table.numbers").first).to_be_visible()
    expect(main.locator(".quotes li").filter(has_text=words["changed"])).to_have_count(1)
    j.step(frida, "reflection-results")

    j.finished = True
    assert not j.blocking, "axe found serious or critical violations:\n" + _describe(j.blocking)
    assert not j.refused_by_csp, "\n".join(j.refused_by_csp)
    assert not j.console_errors, "\n".join(j.console_errors)
