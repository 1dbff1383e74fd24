"""Issue 17's day, in a real browser, in Danish and in English: a team of six reflects on
its charter the same day it is asked to.

Four of the six have no account: they joined the workshop on their phones and asked, at
its end, to be asked again. The facilitator opens a round after an event with a minimum
group size of three; the reminders go out (`vogter reflection run-due`); each of the six
opens the personal link in their own mail on a phone and checks in, in under three
minutes, without logging in. The facilitator closes the round now, shows the results in
the meeting view on a 1920x1080 projector, and the team records an action there. axe-core
finds nothing on the check-in and the meeting view, and the meeting view is photographed.

Set-up is done with the action functions; the steps the issue names go through the pages.
"""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, axe_describe, axe_violations, log_in
from tests.browser.conftest import translated as said
from tests.browser.test_screenshots import FOLDERS
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import contacts as contact_actions
from vogter.reflection.models import AgreedAction, Checkin, Link, Round
from vogter.reflection.tests import conftest as reflection_fixtures
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.browser

adopted_charter = reflection_fixtures.adopted_charter
colleagues = reflection_fixtures.colleagues

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LINK = re.compile(r"https?://\S+/tjek/[a-z0-9]+/")


def _link_in_mail_to(address: str) -> str:
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no mail to {address}"
    match = LINK.search(found[0].body)
    assert match, found[0].body
    return match.group(0)


def _check_in_on_a_phone(page: Page, url: str, language: str, score: int) -> None:
    """Open the personal link, answer every question by tapping, send."""
    page.goto(url)
    expect(page.locator("form.checkin")).to_be_visible()
    for group in page.locator("form.checkin input[type=radio][value='1']").all():
        name = group.get_attribute("name") or ""
        value = "keep" if name.startswith("verdict-") else str(score)
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    for verdict in page.locator("form.checkin input[type=radio][value='keep']").all():
        verdict.check()
    page.get_by_role("button", name=said(language, "Send my check-in")).click()
    expect(page.locator(".messages[role=status]")).to_contain_text(
        said(language, "Thank you: your check-in is in, without your name.")
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_team_of_six_four_without_accounts_checks_in_by_personal_links_and_meets_over_it(
    language: str,
    browser_in: Callable[..., BrowserContext],
    live_server,
    signatories: World,
    adopted_charter: Charter,
    workshop: Workshop,
    colleagues: list[User],
    settings,
) -> None:
    world = signatories
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    # Two of the team have accounts; four joined the workshop without one and asked to be
    # asked again (the card at the end of the workshop, tested on its own).
    with_accounts = colleagues[:2]
    for person in (*with_accounts, world.fiona):
        person.language = language
        person.save(update_fields=["language"])
    without = [f"deltager{n}@havneby.example" for n in range(4)]
    for address in without:
        contact_actions.ask_again(workshop, address, language)

    # The facilitator opens a round after an event, for a group of at least three.
    facilitator = browser_in(DESKTOP, language).new_page()
    log_in(facilitator, live_server.url, world.fiona.email, language=language)
    org = world.havneby.code
    facilitator.goto(f"{live_server.url}/o/{org}/charters/{adopted_charter.code}/reflection/")
    event_form = facilitator.locator("form", has=facilitator.locator("select#event"))
    event_form.locator("select#event").select_option("new_tool")
    event_form.locator("textarea#description").fill("Copilot i Outlook")
    event_form.locator("input[name=min_group_size]").fill("3")
    event_form.get_by_role("button", name=said(language, "Start the round")).click()
    facilitator.wait_for_url(re.compile(r"/reflection/[a-z0-9]+/$"))
    reflection = Round.objects.get(charter=adopted_charter)
    assert reflection.group_minimum == 3

    # The reminders go out, each with its reader's own link.
    call_command("reflection", "run-due", "--base-url", live_server.url)
    urls = [_link_in_mail_to(p.email) for p in with_accounts]
    urls += [_link_in_mail_to(address) for address in without]
    assert len(set(urls)) == 6

    # Six phones, no logins: each opens its own link and checks in.
    for number, url in enumerate(urls):
        phone = browser_in(PHONE, language)
        page = phone.new_page()
        _check_in_on_a_phone(page, url, language, score=3 + number % 3)
        if number == 0:
            assert axe_violations(page) == [], axe_describe({"check-in": axe_violations(page)})
        # The link is used up: opening it again says so, and takes nothing more.
        page.goto(url)
        expect(page.locator("form.checkin")).to_have_count(0)
        phone.close()
    assert Checkin.objects.filter(round=reflection).count() == 6
    assert Link.objects.filter(round=reflection, used=True).count() == 6

    # The facilitator closes the round now, the same day, and shows it in the meeting.
    facilitator.goto(f"{live_server.url}/o/{org}/reflection/{reflection.code}/")
    facilitator.get_by_text(said(language, "Close the round now"), exact=True).click()
    facilitator.get_by_role("button", name=said(language, "Yes, close the round now")).click()
    expect(facilitator.locator("main")).to_contain_text(said(language, "closed early"))
    projector = browser_in(PROJECTOR, language).new_page()
    log_in(projector, live_server.url, world.fiona.email, language=language)
    projector.goto(f"{live_server.url}/o/{org}/reflection/{reflection.code}/meeting/")
    main = projector.locator("main")
    expect(main).to_contain_text(adopted_charter.title)
    expect(main.locator("svg.chart").first).to_be_visible()  # the results are shown
    # The team agrees an action, recorded there and then.
    projector.locator("#description").fill("Aftal en fast tid til at tjekke AI-referater")
    projector.locator("#owner").fill("Teamlederen")
    projector.get_by_role("button", name=said(language, "Add the action")).click()
    expect(main).to_contain_text("Aftal en fast tid til at tjekke AI-referater")
    assert AgreedAction.objects.filter(round=reflection, owner="Teamlederen").exists()
    found = axe_violations(projector)
    assert found == [], axe_describe({"meeting view": found})
    for folder in FOLDERS:
        projector.screenshot(
            path=str(folder / f"{language}-projector-reflection-meeting-team.png"),
            full_page=True,
            animations="disabled",
            caret="hide",
        )
