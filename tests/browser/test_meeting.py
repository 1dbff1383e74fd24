"""The meeting view of a reflection round on a projector (1920 x 1080) and a laptop, in
Danish and English: the round's figures large enough to read from the back of the room,
no site navigation, the trend and the flags with the actions beside them; a new action
recorded there and then; close now while the round is open. Checked with axe-core (no
findings at all) and photographed for docs/screenshots/.

Data is set up with the action functions, as in test_reflection.py.
"""

import datetime
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import axe_describe, axe_findings, translated
from tests.browser.test_principles import watch_csp
from tests.browser.test_reflection import (
    FREE_TEXTS,
    closed_rounds_with_falling_scores,
    codes_of,
    person_in,
)
from tests.browser.test_screenshots import FOLDERS, _shoot
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import AgreedAction, Checkin, Round
from vogter.reflection.tests import conftest as reflection_fixtures

pytestmark = pytest.mark.browser

adopted_charter = reflection_fixtures.adopted_charter
colleagues = reflection_fixtures.colleagues

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


def _fits(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} scrolls sideways: {width} > {inner}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_meeting_view_on_a_projector_and_a_laptop(
    browser_in: Callable[..., BrowserContext],
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
    refused_by_csp: list[str] = []
    codes = codes_of(adopted_charter)
    closed_rounds_with_falling_scores(world, adopted_charter, colleagues)
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    # Scores 4, 5, 3, 4, 2 and everyone would revise: a flag to act on.
    for person, score, text in zip(colleagues[:5], (4, 5, 3, 4, 2), FREE_TEXTS, strict=True):
        checkin_actions.check_in(
            person,
            reflection,
            principles={code: (score, "revise") for code in codes},
            aims={"productivity": score, "wellbeing": score, "meaningfulness": score},
            changed=text,
        )
    url = f"{live_server.url}/o/{world.havneby.code}/reflection/{reflection.code}/meeting/"

    fiona = watch_csp(
        person_in(browser_in, live_server, world.fiona, PROJECTOR, language), refused_by_csp
    )

    # Open: the count, when the results come, and close now behind a second step.
    fiona.goto(url)
    main = fiona.locator("main")
    expect(main.locator(".meeting-count strong")).to_have_text("5")
    expect(fiona.locator(".site-nav")).to_have_count(0)
    expect(main.locator(".score-line, table.scores, svg")).to_have_count(0)
    close = main.locator("details.close-now")
    confirm = close.locator("button[type=submit]")
    expect(confirm).to_be_hidden()
    close.locator("summary").click()
    expect(confirm).to_be_visible()
    if violations := axe_findings(fiona):
        found["meeting, open"] = violations
    _shoot(fiona, f"{language}-projector-meeting-open")
    with fiona.expect_navigation():
        confirm.click()
    expect(fiona.locator(".messages[role=status]")).to_contain_text(
        translated(language, "The round is closed: no more check-ins are taken.")
    )
    reflection.refresh_from_db()
    assert reflection.closed

    # Closed: the figures, the trend, the flags and the actions.
    agreed_actions.add_action(
        world.fiona,
        reflection,
        description="Kildetjek før deling",
        owner="Fiona",
        due_on=datetime.date(2027, 1, 15),
    )
    # The same pictures on every run: fixed dates and free texts in a fixed order.
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=datetime.date(2026, 11, 2), closes_on=datetime.date(2026, 11, 16)
    )
    for number, pk in enumerate(
        Checkin.objects.filter(round=reflection).order_by("changed").values_list("pk", flat=True)
    ):
        Checkin.objects.filter(pk=pk).update(shuffle=number)
    fiona.goto(url)
    expect(main.locator(".meeting-card")).to_have_count(len(codes) + 3)
    expect(main.locator(".meeting-card .score-line strong").first).to_have_text(
        "3,6" if language == "da" else "3.6"
    )
    expect(main.locator(".meeting-quotes li")).to_have_count(5)
    expect(main.locator(".trend svg[role=img]")).to_have_count(len(codes) + 3)
    expect(main.locator(".meeting-flags li")).not_to_have_count(0)
    expect(main.locator(".meeting-actions li")).to_have_count(1)
    # Readable from the back of the room: body text of 24 px or more on the projector.
    size = fiona.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    assert size >= 24, size
    _fits(fiona)
    if violations := axe_findings(fiona):
        found["meeting, results"] = violations
    _shoot(fiona, f"{language}-projector-meeting")

    # A new action, there and then.
    form = main.locator("#action-form")
    form.locator("#description").fill("Fælles prompt-bibliotek")
    form.locator("#owner").fill("Kim")
    form.locator("#due_on").fill("2027-02-01")
    with fiona.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(main.locator(".meeting-actions li")).to_have_count(2)
    assert AgreedAction.objects.filter(round=reflection, owner="Kim").exists()

    # On a laptop: the same page, smaller, still without sideways scrolling.
    laptop = watch_csp(
        person_in(browser_in, live_server, world.fiona, LAPTOP, language), refused_by_csp
    )
    laptop.goto(url)
    expect(laptop.locator("main .meeting-card")).to_have_count(len(codes) + 3)
    _fits(laptop)
    if violations := axe_findings(laptop):
        found["meeting, laptop"] = violations
    _shoot(laptop, f"{language}-laptop-meeting")

    assert not found, "axe found violations:\n" + axe_describe(found)
    assert not refused_by_csp, "\n".join(refused_by_csp)
