"""Steps 2-4 in a real browser: the theme wall, drafting a principle from a theme, the
level matrix, and the agreement round on phones.

Served by pytest-django's ``live_server`` like the other browser tests (see
test_workshop.py): a threaded WSGI server whose Server-Sent Events streams read the
in-process hub the actions publish to, so the live parts (the ballot count, the
phones reloading on the reveal) work as under ``vogter serve``. Data is set up with
the action functions (the ``answered_workshop`` persona fixture: six answered sheets
in the themes phase) and what reached the server is checked in the database.

The Danish catalogue is still being completed: the tests find things by ids, data
attributes, form values and URLs, and where the words matter they accept the text of
either language.
"""

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Response, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_screenshots import FOLDERS, _fixed_card_order, _shoot
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.agreement import current_round
from vogter.principles.models import (
    AgreementBallot,
    AgreementVote,
    LevelCell,
    Principle,
    Theme,
    ThemeAnswer,
)
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.browser

PHONES = 5  # the default minimum group size: results show from five ballots


def wait_until(check: Callable[[], object], message: str, timeout: float = 5.0) -> None:
    """Poll the database until ``check()`` is true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {message}")
        time.sleep(0.05)


def either(*messages: str) -> re.Pattern[str]:
    """Any of the given wordings (Danish or English), as the page may show either."""
    return re.compile("|".join(re.escape(m) for m in messages if m))


def base_url(live_server, world: World, workshop: Workshop) -> str:
    return f"{live_server.url}/o/{world.havneby.code}/workshops/{workshop.code}"


def q1_entry(workshop: Workshop, text: str) -> Entry:
    return Entry.objects.get(sheet__workshop=workshop, field="q1", text=text)


def is_stream(response: Response) -> bool:
    """The page's live stream has answered: its subscription is in place."""
    return response.url.endswith("/events")


def watch_csp(page: Page, refused: list[str]) -> Page:
    """Collect what the Content Security Policy blocked on ``page`` (an inline style, say)."""
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def _tab_to(page: Page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


# --- Drafting a principle from a theme ------------------------------------------------


def test_facilitator_makes_a_theme_drafts_a_principle_from_it_and_fills_the_levels(
    browser_in, live_server, world: World, answered_workshop: Workshop
) -> None:
    workshop = answered_workshop
    base = base_url(live_server, world, workshop)
    page = browser_in(DESKTOP).new_page()
    log_in(page, live_server.url, world.fiona.email)
    page.goto(f"{base}/themes/?q=q1")
    unplaced = page.locator('section[data-theme="none"]')
    expect(unplaced.locator(".theme-answer")).to_have_count(6)
    expect(unplaced.locator("[data-size]")).to_have_text("6")

    # A new theme from two ticked answers, with the keyboard-usable Move form.
    chosen = [
        q1_entry(workshop, "Jeg sparer tid på rutineopgaver."),
        q1_entry(workshop, "It saves me time on boilerplate code."),
    ]
    for entry in chosen:
        page.locator(f"#a-{entry.id}").focus()
        page.keyboard.press("Space")
        expect(page.locator(f"#a-{entry.id}")).to_be_checked()
    expect(page.locator("#chosen-count")).to_contain_text("2")
    page.locator("#move-target").select_option("new")
    expect(page.locator("#move-label")).to_be_visible()  # a new theme needs a name
    page.locator("#move-label").focus()
    page.keyboard.type("Tid")
    page.keyboard.press("Enter")  # submits the Move form

    theme = page.locator('section.theme[data-theme]:not([data-theme="none"])')
    expect(theme).to_have_count(1)
    the_theme = Theme.objects.get(workshop=workshop)
    assert the_theme.label == "Tid" and not the_theme.suggested
    assert {a.entry_id for a in the_theme.answers.all()} == {e.id for e in chosen}
    theme = page.locator(f'section[data-theme="{the_theme.code}"]')
    expect(theme.locator(".theme-label")).to_have_text("Tid")
    expect(theme.locator("[data-size]")).to_have_text("2")
    expect(unplaced.locator("[data-size]")).to_have_text("4")

    # Renamed.
    theme.locator(f"#rename-{the_theme.code}").fill("Tid til det vigtige")
    theme.locator(f"#rename-{the_theme.code}").press("Enter")
    expect(theme.locator(".theme-label")).to_have_text("Tid til det vigtige")
    the_theme.refresh_from_db()
    assert the_theme.label == "Tid til det vigtige"

    # One more answer dragged onto it: the counts change where they are, without a reload.
    dragged = q1_entry(workshop, "Mere tid til patienterne.")
    page.evaluate("window.samePage = true")
    # Both ends in view first: scrolling in the middle of a drag loses it.
    page.locator(".theme-wall").evaluate("wall => wall.scrollIntoView()")
    source = page.locator(f'[data-answer="{dragged.id}"]')
    target = theme.locator(f'[data-drop="{the_theme.code}"]')
    expect(source).to_be_in_viewport(ratio=1)
    expect(target).to_be_in_viewport(ratio=1)
    source.drag_to(target, scroll="none", steps=5)
    expect(theme.locator("[data-size]")).to_have_text("3")
    expect(unplaced.locator("[data-size]")).to_have_text("3")
    expect(theme.locator(f'[data-answer="{dragged.id}"]')).to_be_visible()
    assert page.evaluate("window.samePage") is True
    wait_until(
        lambda: ThemeAnswer.objects.filter(entry=dragged, theme=the_theme).exists(),
        "the dragged answer stored in its new theme",
    )
    # The wall marks the theme's representative answers.
    starred = {
        a.get_attribute("data-answer")
        for a in theme.locator(".theme-answer:has(.quote-mark)").all()
    }
    assert starred, "a theme shows its representative answers"

    # Draft a principle from it: the theme, and its quotes, come ticked.
    theme.locator(f'a[href*="?theme={the_theme.code}"]').click()
    page.wait_for_url(re.compile(rf"/principles/\?theme={the_theme.code}"))
    expect(page.locator(f"#new-t-{the_theme.code}")).to_be_checked()
    members = {str(a.entry_id) for a in the_theme.answers.all()}
    quotes = {str(a.entry_id) for a in the_theme.answers.filter(quote=True)}
    ticked = {
        box.get_attribute("value")
        for box in page.locator('#new-principle input[name="sources"]:checked').all()
    }
    assert quotes <= ticked <= members, (quotes, ticked, members)
    if not ticked:
        # A theme made by hand has no stored quotes yet (see the report): quote the first
        # answer the wall marks as representative, with the keyboard.
        first = sorted(starred)[0]
        page.locator(f"#new-s-{first}").focus()
        page.keyboard.press("Space")
        ticked = {first}
    statement = "giver vi tiden tilbage til det faglige arbejde"
    page.locator("#statement_da").fill(statement)
    page.locator('#new-principle button[type="submit"]').click()

    # The redirect keeps the #new-principle the form was opened at.
    page.wait_for_url(re.compile(r"/principles/(#[\w-]*)?$"))
    principle = Principle.objects.get(workshop=workshop)
    assert principle.statement_da == statement
    assert list(principle.themes.all()) == [the_theme]
    assert {str(e.id) for e in principle.sources.all()} == ticked
    item = page.locator(f"#p-{principle.code}")
    expect(page.locator("li.principle")).to_have_count(1)
    expect(item.locator('.statement[lang="da"]')).to_have_text(f"Når vi bruger GenAI, {statement}")
    provenance = item.locator("details.provenance")
    expect(provenance.locator("summary")).to_contain_text("Tid til det vigtige")
    provenance.locator("summary").click()
    quoted = Entry.objects.get(id=sorted(ticked)[0]).text
    expect(provenance.locator(".quotes q").first).to_have_text(quoted)

    # Its page: two levels filled, one left empty on purpose.
    item.locator(f'a[href$="/principles/{principle.code}/"]').click()
    page.wait_for_url(re.compile(rf"/principles/{principle.code}/$"))
    expect(page.locator("h1")).to_contain_text(statement)
    page.locator("#individual-text").fill("Jeg bruger den sparede tid på borgerne.")
    page.locator("#group-text").fill("Vi aftaler, hvad den sparede tid går til.")
    page.locator('input[name="national-empty"]').check()
    page.locator('.level-form button[type="submit"]').click()
    expect(page.locator(".messages[role=status]")).to_be_visible()
    expect(page.locator("#individual-text")).to_have_value(
        "Jeg bruger den sparede tid på borgerne."
    )
    expect(page.locator('input[name="national-empty"]')).to_be_checked()
    cells = {c.level: c for c in LevelCell.objects.filter(principle=principle)}
    assert set(cells) == {"individual", "group", "national"}
    assert cells["national"].empty_on_purpose and not cells["national"].text

    # The matrix: the text, "empty on purpose", and the gaps, linked to their fields.
    page.locator('nav.workshop-nav a[href$="/principles/matrix/"]').click()
    page.wait_for_url(re.compile(r"/principles/matrix/$"))
    row = page.locator("table.matrix tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_contain_text(statement)
    cells_shown = row.locator("td")
    expect(cells_shown).to_have_count(6)
    expect(cells_shown.nth(0)).to_have_text("Jeg bruger den sparede tid på borgerne.")
    expect(cells_shown.nth(1)).to_have_text("Vi aftaler, hvad den sparede tid går til.")
    expect(cells_shown.nth(5)).to_have_class(re.compile(r"\bempty\b"))
    expect(cells_shown.nth(5)).to_have_text(
        either(translated("da", "empty on purpose"), "empty on purpose")
    )
    expect(row.locator("td.gap")).to_have_count(3)
    for level in ("unit", "department", "corporate_group"):
        expect(
            row.locator(f'td.gap a[href$="/principles/{principle.code}/#level-{level}"]')
        ).to_have_count(1)
    # The coverage line: a gap badge for each of the three levels not talked about.
    expect(page.locator(".coverage li")).to_have_count(6)
    expect(page.locator(".coverage li .badge")).to_have_count(3)


# --- The agreement round on phones ----------------------------------------------------


def _principles_for_the_round(world: World, workshop: Workshop) -> list[Principle]:
    first = principle_actions.create_principle(
        world.fiona,
        workshop,
        statement_da="tjekker vi altid kilderne, før vi deler",
        statement_en="always check the sources before we share",
    )
    second = principle_actions.create_principle(
        world.fiona,
        workshop,
        statement_da="holder vi fast i de faglige vurderinger",
        statement_en="hold on to our professional judgement",
    )
    return [first, second]


def _go_to_phase(page: Page, phase_label: str) -> None:
    go_to = translated("da", "Go to: %(phase)s") % {"phase": translated("da", phase_label)}
    page.get_by_role("button", name=go_to).click()
    expect(page.get_by_role("button", name=go_to)).to_have_count(0)


def test_agreement_round_on_five_phones_counted_live_and_revealed(
    browser_in, live_server, world: World, answered_workshop: Workshop
) -> None:
    workshop = answered_workshop
    base = base_url(live_server, world, workshop)
    first, second = _principles_for_the_round(world, workshop)
    workshop_actions.set_phase(world.fiona, workshop, "principles")

    # Five phones join (three Danish, two English) and see their read-only worksheets.
    refused_by_csp: list[str] = []
    phones: list[Page] = []
    for number in range(PHONES):
        phone = watch_csp(
            browser_in(PHONE, "da" if number < 3 else "en").new_page(), refused_by_csp
        )
        phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
        with phone.expect_response(is_stream):
            phone.get_by_role(
                "button", name=translated("da" if number < 3 else "en", "Start")
            ).click()
            phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/sheet/")
        expect(phone.locator("#agreement-banner")).to_be_hidden()
        phones.append(phone)

    # The facilitator moves the workshop on, on the control screen; the banner appears.
    facilitator = watch_csp(browser_in(DESKTOP).new_page(), refused_by_csp)
    log_in(facilitator, live_server.url, world.fiona.email)
    facilitator.goto(f"{base}/")
    _go_to_phase(facilitator, "Agreement")
    workshop.refresh_from_db()
    assert workshop.phase == "agreement"
    for phone in phones:
        banner = phone.locator("#agreement-banner")
        expect(banner).to_be_visible()
        link = banner.locator(f'a[href="/j/{workshop.join_code}/agreement/"]')
        expect(link).to_have_text(
            either(translated("da", "Give your view"), "Tag stilling", "Give your view")
        )

    facilitator.goto(f"{base}/agreement/")
    with facilitator.expect_response(is_stream):
        facilitator.locator('form[action$="/agreement/open/"] button').click()
        facilitator.wait_for_url(f"{base}/agreement/")
    count = facilitator.locator('[data-ballots="1"]')
    expect(count).to_have_text("0")
    expect(facilitator.locator(".round-items li")).to_have_count(2)
    facilitator.evaluate("window.samePage = true")

    for phone in phones:
        phone.locator("#agreement-banner a").click()
        phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/agreement/")
        expect(phone.locator("fieldset.ballot-item")).to_have_count(2)
    # The second phone has the ballot open twice (two tabs) and will send from both.
    second_tab = phones[1].context.new_page()
    second_tab.goto(f"{live_server.url}/j/{workshop.join_code}/agreement/")

    def sent(phone: Page, ballots: int) -> None:
        expect(phone.locator(".ballot")).to_have_count(0)
        expect(phone.locator(".banner-ok")).to_be_visible()
        expect(count).to_have_text(str(ballots))  # live, on the facilitator's page

    # Phone 1 with the keyboard alone: agree with the first, disagree with the second.
    keyboard = phones[0]
    first_radio = f'input[name="choice-{first.code}"]'
    _tab_to(keyboard, first_radio)
    expect(keyboard.locator(first_radio).first).to_be_focused()
    keyboard.keyboard.press("Space")
    expect(keyboard.locator(f'{first_radio}[value="agree"]')).to_be_checked()
    keyboard.keyboard.press("Tab")
    expect(keyboard.locator(f"#comment-{first.code}")).to_be_focused()
    keyboard.keyboard.type("Det gør vi allerede, men godt at skrive ned.")
    keyboard.keyboard.press("Tab")
    second_radio = f'input[name="choice-{second.code}"]'
    expect(keyboard.locator(f'{second_radio}[value="agree"]')).to_be_focused()
    keyboard.keyboard.press("Space")
    keyboard.keyboard.press("ArrowRight")
    expect(keyboard.locator(f'{second_radio}[value="disagree"]')).to_be_checked()
    expect(keyboard.locator(f'{second_radio}[value="disagree"]')).to_be_focused()
    keyboard.keyboard.press("Tab")
    expect(keyboard.locator(f"#comment-{second.code}")).to_be_focused()
    keyboard.keyboard.press("Tab")
    expect(keyboard.locator('.ballot button[type="submit"]')).to_be_focused()
    with keyboard.expect_response(is_stream):
        keyboard.keyboard.press("Enter")
        keyboard.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/agreement/")
    sent(keyboard, 1)

    # The others tap: everyone agrees with the first; the second is split, one passes.
    second_choices = ["agree", "agree", "disagree", "pass"]
    for number, phone in enumerate(phones[1:], start=2):
        phone.locator(f'label.choice:has(input[name="choice-{first.code}"][value="agree"])').tap()
        choice = second_choices[number - 2]
        phone.locator(
            f'label.choice:has(input[name="choice-{second.code}"][value="{choice}"])'
        ).tap()
        expect(
            phone.locator(f'input[name="choice-{second.code}"][value="{choice}"]')
        ).to_be_checked()
        with phone.expect_response(is_stream):
            phone.locator('.ballot button[type="submit"]').tap()
            phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/agreement/")
        sent(phone, number)
    assert facilitator.evaluate("window.samePage") is True

    # A second ballot from the same phone is refused, and says so.
    second_tab.locator(f'input[name="choice-{first.code}"][value="disagree"]').check()
    second_tab.locator(f'input[name="choice-{second.code}"][value="disagree"]').check()
    with second_tab.expect_response(lambda r: r.request.method == "POST") as refused:
        second_tab.locator('.ballot button[type="submit"]').tap()
    assert refused.value.status == 400
    expect(second_tab.locator(".messages")).to_contain_text(
        either(
            translated("da", "You have already voted in this round."),
            translated("en", "You have already voted in this round."),
        )
    )
    second_tab.close()
    assert AgreementBallot.objects.filter(round__workshop=workshop).count() == PHONES
    assert AgreementVote.objects.filter(round__workshop=workshop).count() == 2 * PHONES

    # Before the reveal: only the count, nowhere a result.
    expect(count).to_have_text(str(PHONES))
    for page in [facilitator, *phones]:
        expect(page.locator(".results, .result, .share, .tally")).to_have_count(0)
    assert "%" not in facilitator.locator("main").inner_text()

    # The reveal: the facilitator's page shows the results, the phones reload to them.
    facilitator.locator('form[action$="/agreement/1/reveal/"] button').click()
    results = facilitator.locator("ol.results > li.result")
    expect(results).to_have_count(2)
    expect(results.nth(0).locator(".share")).to_have_count(1)
    expect(results.nth(0).locator("meter.share-bar")).to_have_attribute("value", "100")
    expect(results.nth(0).locator("strong")).to_have_text("100 %")
    expect(results.nth(0).locator(".badge")).to_have_count(1)  # consensus
    # Four took a position on the second (one passed): fewer than five, so no share.
    expect(results.nth(1).locator(".share")).to_have_count(0)
    expect(results.nth(1).locator(".badge")).to_have_count(0)
    for phone in phones:
        shown = phone.locator("ol.results > li.result")
        expect(shown).to_have_count(2)
        # "100 %" on the Danish phones, "100%" on the English ones.
        expect(shown.nth(0).locator("strong")).to_have_text(re.compile(r"^100\s?%$"))
        expect(shown.nth(0).locator(".badge")).to_have_count(1)
        expect(shown.nth(1).locator(".share")).to_have_count(0)
    assert not refused_by_csp, "\n".join(refused_by_csp)


# --- Accessibility and screenshots ----------------------------------------------------


def _set_up_a_finished_synthesis(world: World, workshop: Workshop) -> list[Principle]:
    """Themes (suggested for one question, made by hand for another), two principles
    with their sources, some levels, and the workshop in the agreement phase."""
    theme_actions.suggest_themes(world.fiona, workshop, question="q1", k=2)
    q5 = list(Entry.objects.filter(sheet__workshop=workshop, field="q5").order_by("text"))
    trust = theme_actions.new_theme(world.fiona, workshop, "q5", "Tillid", [e.id for e in q5[:3]])
    first, second = _principles_for_the_round(world, workshop)
    principle_actions.update_principle(
        world.fiona,
        first,
        version=first.version,
        statement_da=first.statement_da,
        statement_en=first.statement_en,
        rationale="",
        theme_codes=[trust.code],
        answer_ids=[q5[0].id, q5[1].id],
    )
    principle_actions.set_cell(world.fiona, first, "individual", text="Jeg tjekker kilderne selv.")
    principle_actions.set_cell(
        world.fiona, first, "group", text="Vi læser hinandens tekster.", responsible="Teamleder"
    )
    principle_actions.set_cell(world.fiona, first, "national", empty_on_purpose=True)
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    return [first, second]


@pytest.mark.parametrize("language", ["da", "en"])
def test_principles_pages_have_no_serious_accessibility_violations(
    browser_in, live_server, world: World, answered_workshop: Workshop, language: str
) -> None:
    workshop = answered_workshop
    first, second = _set_up_a_finished_synthesis(world, workshop)
    _fixed_card_order(workshop)  # the same pictures on every run
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict]] = {}
    refused_by_csp: list[str] = []

    def audit(page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main h1")).to_be_visible()
        if violations := _violations(page):
            found[f"{name} ({page.url})"] = violations

    world.fiona.language = language
    world.fiona.save(update_fields=["language"])
    facilitator = watch_csp(browser_in(DESKTOP, language).new_page(), refused_by_csp)
    log_in(facilitator, live_server.url, world.fiona.email, language=language)
    base = base_url(live_server, world, workshop)

    facilitator.goto(f"{base}/themes/?q=q1")
    expect(facilitator.locator("section.theme[data-theme]")).to_have_count(2)
    audit(facilitator, "theme wall, suggested themes")
    _shoot(facilitator, f"{language}-desktop-themes")
    facilitator.goto(f"{base}/themes/?q=q5")
    expect(facilitator.locator('section[data-theme="none"]')).to_be_visible()
    audit(facilitator, "theme wall, a theme made by hand and answers not in a theme")
    facilitator.goto(f"{base}/principles/")
    expect(facilitator.locator("li.principle")).to_have_count(2)
    facilitator.locator(f"#p-{first.code} details.provenance summary").click()
    audit(facilitator, "principles")
    _shoot(facilitator, f"{language}-desktop-principles")
    facilitator.goto(f"{base}/principles/{first.code}/")
    audit(facilitator, "a principle's page")
    facilitator.goto(f"{base}/principles/matrix/")
    expect(facilitator.locator("td.gap").first).to_be_visible()
    audit(facilitator, "matrix")
    _shoot(facilitator, f"{language}-desktop-matrix")
    agreement_actions.open_round(world.fiona, workshop)
    facilitator.goto(f"{base}/agreement/")
    expect(facilitator.locator('[data-ballots="1"]')).to_have_text("0")
    audit(facilitator, "agreement, round open")

    phone = watch_csp(browser_in(PHONE, language).new_page(), refused_by_csp)
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
    phone.get_by_role("button", name=translated(language, "Start")).click()
    phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/sheet/")
    expect(phone.locator("#agreement-banner")).to_be_visible()
    audit(phone, "worksheet with the agreement banner, phone")
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/agreement/")
    expect(phone.locator("fieldset.ballot-item")).to_have_count(2)
    audit(phone, "ballot, phone")
    for principle in (first, second):
        phone.locator(
            f'label.choice:has(input[name="choice-{principle.code}"][value="agree"])'
        ).tap()
    phone.locator(f"#comment-{first.code}").fill("Godt." if language == "da" else "Good.")
    phone.locator('.ballot button[type="submit"]').tap()
    expect(phone.locator(".banner-ok")).to_be_visible()
    audit(phone, "ballot sent, phone")

    # Four more ballots from the answered sheets, then the reveal. The facilitator's page
    # would reload itself on the reveal (live), racing the goto below: leave it first.
    facilitator.goto("about:blank")
    agreement = current_round(workshop)
    assert agreement is not None
    for number, sheet in enumerate(
        Sheet.objects.filter(workshop=workshop, entries__isnull=False).distinct()[:4]
    ):
        agreement_actions.cast_ballot(
            sheet,
            agreement,
            {
                first.code: ("agree", ""),
                second.code: ("disagree" if number % 2 else "agree", "Hmm." if number else ""),
            },
        )
    agreement_actions.reveal_round(world.fiona, agreement)
    phone.reload()
    expect(phone.locator("ol.results > li.result")).to_have_count(2)
    audit(phone, "results, phone")
    _shoot(phone, f"{language}-phone-agreement-results")
    facilitator.goto(f"{base}/agreement/")
    expect(facilitator.locator("ol.results > li.result")).to_have_count(2)
    facilitator.locator("ol.results details summary").first.click()
    audit(facilitator, "agreement, results revealed")

    assert not found, "axe found serious or critical violations:\n" + _describe(found)
    assert not refused_by_csp, "\n".join(refused_by_csp)


def test_principles_pages_do_not_scroll_sideways_on_a_phone(
    browser_in, live_server, world: World, answered_workshop: Workshop
) -> None:
    """The matrix is wider than a phone: it scrolls in its own box, not the page."""
    workshop = answered_workshop
    first, _second = _set_up_a_finished_synthesis(world, workshop)
    page = browser_in(PHONE).new_page()
    log_in(page, live_server.url, world.fiona.email)
    base = base_url(live_server, world, workshop)
    too_wide = {}
    for path in (
        "/themes/?q=q1",
        "/principles/",
        f"/principles/{first.code}/",
        "/principles/matrix/",
        "/agreement/",
    ):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["viewport"]["width"]:
            too_wide[path] = width
    assert not too_wide, f"pages wider than the phone: {too_wide}"
