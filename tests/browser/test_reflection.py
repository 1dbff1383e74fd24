"""Step 5 in a real browser: continuous reflection on an adopted charter.

A colleague checks in on a phone with the keyboard only, once; the facilitator's round
page withholds everything below five check-ins and shows charts, numbers and free texts
from the fifth; the charter's reflection page shows the rounds, the trends over three
closed rounds and a flag for a falling principle, from which a revisit workshop starts.
Every reflection page is checked with axe-core in Danish and English, on a phone for
sideways scrolling, and photographed.

Served by pytest-django's ``live_server`` like the other browser tests. Data is set up
with the action functions (``adopted_charter``: the drafted workshop's two principles,
adopted for the Kommunikation unit; ``colleagues``: six members of that unit), and what
reached the server is checked in the database. The tests find things by form names,
ids and data; where the words matter they come from the live catalogue.
"""

import datetime
import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import _tab_to, watch_csp
from tests.browser.test_screenshots import FOLDERS, _shoot
from vogter.accounts.models import User
from vogter.charters.exporters import common
from vogter.charters.models import Charter
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Checkin, PrincipleAnswer, Receipt, Round
from vogter.reflection.scales import DEVELOPED
from vogter.reflection.tests import conftest as reflection_fixtures
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser

# The reflection tests' own fixtures, shared here.
adopted_charter = reflection_fixtures.adopted_charter
colleagues = reflection_fixtures.colleagues

FIRST_STATEMENT = "bruger vi den sparede tid på borgerne"  # the first principle, in Danish
CHANGED = "Vi bruger Copilot til referater nu, og møderne er blevet kortere."
FREE_TEXTS = [
    "Mere tid til borgerne.",
    "Kortere svartider på mails.",
    "Jeg savner at skrive selv.",
    "Ingen ændring.",
    "Vi tjekker kilderne oftere.",
]


def codes_of(charter: Charter) -> list[str]:
    return [p["code"] for p in charter.versions.get(number=1).document["principles"]]


def check_in(
    person: User, reflection: Round, codes: list[str], score: int | None, changed: str = ""
) -> None:
    """A check-in through the action function: one score for every principle and aim."""
    value = "" if score is None else str(score)
    checkin_actions.check_in(
        person,
        reflection,
        principles={code: (value, "keep") for code in codes},
        aims={"productivity": value, "wellbeing": value, "meaningfulness": value},
        changed=changed,
    )


def closed_rounds_with_falling_scores(
    world: World, charter: Charter, people: list[User]
) -> list[Round]:
    """Three closed rounds, 12, 8 and 4 weeks ago, in which every score falls (5, 4, 2)."""
    rounds = []
    codes = codes_of(charter)
    for weeks_ago, score in ((12, 5), (8, 4), (4, 2)):
        reflection = round_actions.open_round(world.fiona, charter, event="other")
        for person in people[:5]:
            check_in(person, reflection, codes, score)
        day = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
        Round.objects.filter(pk=reflection.pk).update(opens_on=day, closes_on=day)
        rounds.append(reflection)
    return rounds


def person_in(
    browser_in: Callable[..., BrowserContext],
    live_server,
    user: User,
    device: dict,
    language: str = "da",
) -> Page:
    """A logged-in page for ``user`` on ``device``, through the real login form."""
    user.language = language
    user.save(update_fields=["language"])
    page = browser_in(device, language).new_page()
    log_in(page, live_server.url, user.email, language=language)
    return page


def either(language: str, message: str) -> re.Pattern[str]:
    """The message in ``language`` or in English (the catalogue may still lag)."""
    return re.compile("|".join(re.escape(translated(lang, message)) for lang in {language, "en"}))


def sideways(page: Page) -> int | None:
    """How wide the page is, if it is wider than the phone (it scrolls sideways)."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    device = (page.viewport_size or {"width": inner})["width"]
    return width if max(width, inner) > device else None


# --- A check-in on a phone, with the keyboard ----------------------------------------


def _tab_into(page: Page, name: str) -> None:
    """One Tab, which must land in the radio group (or field) called ``name``."""
    page.keyboard.press("Tab")
    landed = page.evaluate("document.activeElement.name || document.activeElement.tagName")
    assert landed == name, f"Tab landed on {landed}, not on {name}"


def _choose_score(page: Page, name: str, score: int | None) -> None:
    """In a 1-5 group that starts on "can't say" (the last choice): arrows to the score."""
    if score is not None:
        for _ in range(6 - score):
            page.keyboard.press("ArrowLeft")
    value = "" if score is None else str(score)
    expect(page.locator(f'input[name="{name}"][value="{value}"]')).to_be_checked()


def test_a_colleague_checks_in_on_a_phone_with_the_keyboard_once(
    browser_in,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    first, second = codes_of(adopted_charter)
    kim = colleagues[0]
    phone = person_in(browser_in, live_server, kim, PHONE)
    url = f"{live_server.url}/r/{reflection.code}/"

    started = time.monotonic()
    phone.goto(url)
    # A second tab with the same form, as when a phone restores an old tab.
    stale = phone.context.new_page()
    stale.goto(url)
    expect(phone.locator("main h1")).to_have_text(translated("da", "How are we doing?"))
    statements = phone.locator("fieldset.ballot-item > legend")
    expect(statements).to_have_count(3)  # two principles and the three aims
    expect(statements.first).to_contain_text(FIRST_STATEMENT)
    assert sideways(phone) is None, "the check-in scrolls sideways on a phone"

    # Keyboard only: Tab from one group to the next, arrows and Space within a group.
    _tab_to(phone, f'input[name="score-{first}"]', limit=20)
    _choose_score(phone, f"score-{first}", 4)
    _tab_into(phone, f"verdict-{first}")
    phone.keyboard.press("Space")  # nothing chosen yet: the first, Keep
    expect(phone.locator(f'input[name="verdict-{first}"][value="keep"]')).to_be_checked()
    _tab_into(phone, f"score-{second}")
    _choose_score(phone, f"score-{second}", None)  # "can't say"
    _tab_into(phone, f"verdict-{second}")
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowRight")  # on to Revise
    expect(phone.locator(f'input[name="verdict-{second}"][value="revise"]')).to_be_checked()
    for aim, score in (("productivity", 4), ("wellbeing", 2), ("meaningfulness", 5)):
        _tab_into(phone, aim)
        _choose_score(phone, aim, score)
    _tab_into(phone, "changed")
    phone.keyboard.type(CHANGED)
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.matches('main form button[type=submit]')")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.locator(".messages[role=status]")).to_contain_text(
        either("da", "Thank you: your check-in is in, without your name.")
    )
    took = time.monotonic() - started
    assert took < 30, f"the check-in took {took:.1f} s in the browser"

    # Stored without the person: one check-in with what was chosen, one receipt.
    checkin = Checkin.objects.get(round=reflection)
    assert (checkin.productivity, checkin.wellbeing, checkin.meaningfulness) == (4, 2, 5)
    assert checkin.changed == CHANGED
    answers = {
        a.principle_code: (a.score, a.verdict)
        for a in PrincipleAnswer.objects.filter(checkin=checkin)
    }
    assert answers == {first: (4, "keep"), second: (None, "revise")}
    assert list(Receipt.objects.filter(round=reflection).values_list("user", flat=True)) == [kim.pk]
    expect(phone.locator("main form.checkin")).to_have_count(0)

    # Opened again: already checked in, and no form.
    phone.goto(url)
    expect(phone.locator(".banner-ok")).to_have_text(
        either("da", "Your check-in is in. Thank you.")
    )
    expect(phone.locator("main form.checkin")).to_have_count(0)

    # A second check-in from the stale tab is not taken: the page says the first is kept.
    with stale.expect_response(lambda r: r.request.method == "POST") as sent:
        stale.locator(f'input[name="score-{first}"][value="1"]').check()
        stale.locator("main form.checkin button[type=submit]").click()
    assert sent.value.status == 302
    expect(stale.locator(".messages[role=status]")).to_contain_text(
        either("da", "You have already checked in to this round.")
    )
    expect(stale.locator("main form.checkin")).to_have_count(0)
    assert Checkin.objects.filter(round=reflection).count() == 1
    assert Receipt.objects.filter(round=reflection).count() == 1


# --- Results: withheld, then shown ------------------------------------------------------


def test_results_are_withheld_below_five_check_ins_and_shown_from_the_fifth(
    browser_in,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    codes = codes_of(adopted_charter)
    for person, score, text in zip(colleagues[:4], (4, 5, 3, 4), FREE_TEXTS, strict=False):
        check_in(person, reflection, codes, score, changed=text)
    fiona = person_in(browser_in, live_server, world.fiona, DESKTOP)
    url = f"{live_server.url}/o/{world.havneby.code}/reflection/{reflection.code}/"
    fiona.goto(url)
    main = fiona.locator("main")
    expect(main.locator(".big-count span")).to_have_text("4")
    # While the round is open nothing is shown: each new check-in would move the figures.
    expect(main.locator(".banner")).to_be_visible()
    expect(main.locator("svg")).to_have_count(0)
    # Closed with four: still nothing, because four are too few.
    reflection_fixtures.close(reflection)
    fiona.reload()
    withheld = translated(
        "da",
        "Fewer than %(n)s have checked in: results are shown only from %(n)s, "
        "so that no one's answers can be told.",
    ) % {"n": 5}
    expect(main.locator(".banner")).to_have_text(withheld)
    expect(main.locator("svg")).to_have_count(0)
    expect(main.locator("table.numbers, .quotes, figure")).to_have_count(0)
    for text in FREE_TEXTS[:4]:
        expect(main.get_by_text(text)).to_have_count(0)

    # Reopened for a fifth, then closed again.
    Round.objects.filter(pk=reflection.pk).update(closes_on=datetime.date.today())
    reflection.refresh_from_db()
    check_in(colleagues[4], reflection, codes, 2, changed=FREE_TEXTS[4])
    reflection_fixtures.close(reflection)
    fiona.reload()
    expect(main.locator(".big-count span")).to_have_text("5")
    expect(main.locator(".banner")).to_have_count(0)
    # Five scores 4, 5, 3, 4, 2: every count is under five, so none is shown (nor a chart,
    # whose bars would show them), and a sentence says why. Only the 0 for "1" is shown.
    expect(main.locator("svg[role=img]")).to_have_count(0)
    tables = main.locator("table.numbers")
    expect(tables).to_have_count(len(codes) + 3)
    # The first is an aim's: each score with the aims' words ("1 Meget værre").
    expect(tables.first.locator("th")).to_have_text(
        [f"{score} {common.in_language(word, 'da')}" for score, word in DEVELOPED.items()]
    )
    first_section = main.locator("section.card").filter(has_text=FIRST_STATEMENT)
    dash = "\N{EN DASH}"
    expect(first_section.locator("table.numbers td")).to_have_text(["0", *[dash] * 4])
    expect(first_section.locator(".withheld-reason")).to_contain_text(
        translated(
            "da",
            "Some figures are left out (\N{EN DASH}): together with the total and the "
            "figures shown, they would tell what fewer than %(n)s people answered.",
        )
        % {"n": 5}
    )
    # The mean pins none of them: (4+5+3+4+2)/5, written the Danish way.
    expect(first_section.locator("strong").first).to_have_text("3,6")
    quotes = main.locator(".quotes li")
    expect(quotes).to_have_count(5)
    for text in FREE_TEXTS:
        expect(quotes.filter(has_text=text)).to_have_count(1)


# --- The charter's reflection page: rounds, trends, a flag, a revisit ------------------


def test_the_charter_page_shows_trends_flags_a_falling_principle_and_starts_a_revisit(
    browser_in,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
) -> None:
    world = signatories
    rounds = closed_rounds_with_falling_scores(world, adopted_charter, colleagues)
    codes = codes_of(adopted_charter)
    fiona = person_in(browser_in, live_server, world.fiona, DESKTOP)
    url = f"{live_server.url}/o/{world.havneby.code}/charters/{adopted_charter.code}/reflection/"
    fiona.goto(url)
    main = fiona.locator("main")

    listed = main.locator('section[aria-labelledby="rounds-title"] li')
    expect(listed).to_have_count(3)
    for reflection in rounds:
        expect(listed.locator(f'a[href$="/reflection/{reflection.code}/"]')).to_have_count(1)
    expect(listed.locator(".badge")).to_have_text([translated("da", "closed")] * 3)

    trends = main.locator('section[aria-labelledby="trends-title"]')
    expect(trends.locator("figure svg[role=img]")).to_have_count(len(codes) + 3)
    for chart in trends.locator("svg[role=img]").all():
        assert (chart.get_attribute("aria-label") or "").strip()
    first = trends.locator("figure").filter(has_text=FIRST_STATEMENT)
    expect(first.locator("th")).to_have_count(3)  # one column per closed round
    expect(first.locator("td")).to_have_text(["5,0", "4,0", "2,0"])  # in Danish

    flags = main.locator('section[aria-labelledby="flags-title"] li')
    expect(flags).to_have_count(len(codes))  # both principles fell over the three rounds
    flagged = flags.filter(has_text=FIRST_STATEMENT)
    expect(flagged).to_contain_text(either("da", "the score has fallen over two rounds"))
    button = flagged.locator("button[type=submit]")
    expect(button).to_have_text(translated("da", "Start a revisit workshop"))

    known = set(Workshop.objects.values_list("pk", flat=True))
    button.focus()
    with fiona.expect_navigation():
        fiona.keyboard.press("Enter")
    workshop = Workshop.objects.exclude(pk__in=known).get()
    assert fiona.url.endswith(f"/workshops/{workshop.code}/")
    expect(fiona.locator(".messages[role=status]")).to_contain_text(
        either("da", "A revisit workshop has been made for the principle.")
    )
    copied = workshop.principles.get()
    assert copied.statement_da == FIRST_STATEMENT
    assert workshop.unit == adopted_charter.unit


# --- Accessibility, phones and screenshots -------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_reflection_pages_pass_axe_fit_a_phone_and_are_photographed(
    browser_in,
    live_server,
    signatories: World,
    adopted_charter: Charter,
    colleagues: list[User],
    language: str,
) -> None:
    world = signatories
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict]] = {}
    too_wide: dict[str, int] = {}
    refused_by_csp: list[str] = []

    def audit(page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main h1")).to_be_visible()
        if violations := _violations(page):
            found[f"{name} ({page.url})"] = violations

    def fits(page: Page, url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.ok, url
        expect(page.locator("main h1")).to_be_visible()
        if width := sideways(page):
            too_wide[url.removeprefix(live_server.url)] = width

    codes = codes_of(adopted_charter)
    closed_rounds_with_falling_scores(world, adopted_charter, colleagues)
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    for person, score, text in zip(colleagues[:4], (4, 5, 3, 4), FREE_TEXTS, strict=False):
        check_in(person, reflection, codes, score, changed=text)
    org = world.havneby.code
    round_url = f"{live_server.url}/o/{org}/reflection/{reflection.code}/"
    charter_url = f"{live_server.url}/o/{org}/charters/{adopted_charter.code}/reflection/"
    checkin_url = f"{live_server.url}/r/{reflection.code}/"

    fiona = watch_csp(
        person_in(browser_in, live_server, world.fiona, DESKTOP, language), refused_by_csp
    )
    fiona_phone = watch_csp(
        person_in(browser_in, live_server, world.fiona, PHONE, language), refused_by_csp
    )

    # The charter's page with its trends and flags.
    fiona.goto(charter_url)
    expect(fiona.locator('section[aria-labelledby="flags-title"] li')).to_have_count(len(codes))
    expect(fiona.locator("figure.trend svg")).to_have_count(len(codes) + 3)
    audit(fiona, "charter reflection, trends and flags")
    fits(fiona_phone, charter_url)

    # The round while its results are withheld.
    fiona.goto(round_url)
    expect(fiona.locator("main .banner")).to_be_visible()
    audit(fiona, "round, withheld")
    fits(fiona_phone, round_url)

    # The fifth colleague checks in on a phone.
    phone = watch_csp(
        person_in(browser_in, live_server, colleagues[4], PHONE, language), refused_by_csp
    )
    fits(phone, checkin_url)
    audit(phone, "check-in, open, phone")
    first, second = codes
    for name, value in (
        (f"score-{first}", "4"),
        (f"verdict-{first}", "keep"),
        (f"score-{second}", "2"),
        (f"verdict-{second}", "revise"),
        ("productivity", "4"),
        ("wellbeing", "3"),
        ("meaningfulness", "4"),
    ):
        phone.locator(f'input[name="{name}"][value="{value}"]').check()
    phone.locator("#changed").fill(FREE_TEXTS[4])
    phone.locator("#changed").blur()
    _shoot(phone, f"{language}-phone-checkin")
    with phone.expect_navigation():
        phone.locator("main form.checkin button[type=submit]").click()
    expect(phone.locator(".banner-ok")).to_be_visible()
    audit(phone, "check-in, done, phone")
    fits(phone, checkin_url)

    # The round with its results, once it has closed.
    reflection_fixtures.close(reflection)
    fiona.goto(round_url)
    # Each principle and aim: a chart where every count may be shown, else the reason.
    figures = fiona.locator("main figure.trend, main section.card:has(h3)")
    expect(figures).to_have_count(len(codes) + 3)
    for figure in figures.all():
        expect(figure.locator("svg[role=img], .withheld-reason")).not_to_have_count(0)
    expect(fiona.locator("main .quotes li")).to_have_count(5)
    audit(fiona, "round, results")
    fits(fiona_phone, round_url)

    # The same pictures on every run: fixed dates (closed, so no check-in button) and
    # free texts in a fixed order.
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=datetime.date(2026, 11, 2), closes_on=datetime.date(2026, 11, 16)
    )
    for number, pk in enumerate(
        Checkin.objects.filter(round=reflection).order_by("changed").values_list("pk", flat=True)
    ):
        Checkin.objects.filter(pk=pk).update(shuffle=number)
    fiona.goto(round_url)
    expect(fiona.locator("main .quotes li")).to_have_count(5)
    _shoot(fiona, f"{language}-desktop-reflection-round")

    assert not found, "axe found serious or critical violations:\n" + _describe(found)
    assert not too_wide, f"pages wider than the phone: {too_wide}"
    assert not refused_by_csp, "\n".join(refused_by_csp)
