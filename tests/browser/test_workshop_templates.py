"""Issue 20 in a real browser, in both languages: a facilitator saves a workshop template
and makes a workshop for a team from it, copies that workshop for another team, and makes
one principle set from three team workshops, merging their principles so that the
appendix names all three workshops with their themes and quotes. Every page is checked
with axe-core and must have no findings at all."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import axe_describe, axe_findings, translated
from tests.browser.test_charters import login_as
from vogter.charters.models import Charter
from vogter.charters.tests.teams import TEAMS, team_workshops
from vogter.workshops.models import Workshop, WorkshopTemplate

pytestmark = pytest.mark.browser

LANGUAGES = ("da", "en")


def _no_findings(page: Page, where: str) -> None:
    found = axe_findings(page)
    assert not found, axe_describe({where: found})


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_workshop_is_made_from_a_template_and_copied_for_another_team(
    browser_in: Callable[..., BrowserContext], live_server, world: World, language: str
) -> None:
    def t(message: str) -> str:
        return translated(language, message)

    page = login_as(browser_in, live_server, world.fiona, language)
    page.goto(f"{live_server.url}/o/{world.havneby.code}/workshops/")
    page.get_by_role(
        "link", name=t("From one of your templates, for one unit after another")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Workshop templates"))
    _no_findings(page, "templates, empty")

    page.get_by_label(t("Name of the template")).fill("Teamworkshop")
    page.get_by_label(t("Title of the workshops")).fill("AI i {unit}")
    page.get_by_label(t("Minimum group size")).fill("6")
    page.get_by_label(t("Minutes for the reflection")).fill("20")
    page.get_by_label(t("Minutes for the agreement")).fill("10")
    page.get_by_role("button", name=t("Save the template")).click()
    expect(page.locator(".messages[role=status]")).to_contain_text(
        t("The template has been saved.")
    )
    template = WorkshopTemplate.objects.get(organisation=world.havneby)
    assert template.phase_minutes == {"reflect": 20, "agreement": 10}
    card = page.locator(f"[data-template='{template.code}']")
    expect(card).to_contain_text("20")
    _no_findings(page, "templates, one")
    card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Edit the template"))
    _no_findings(page, "template edit")
    page.go_back()

    card.get_by_label(t("For which unit")).select_option(world.web_team.code)
    card.get_by_label(t("Date")).fill("2027-01-12")
    card.get_by_role("button", name=t("Create the workshop")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI i Web")
    made = Workshop.objects.get(title="AI i Web")
    assert (made.unit, made.min_group_size) == (world.web_team, 6)
    _no_findings(page, "workshop from the template")

    page.get_by_role("link", name=t("Copy this workshop")).click()
    _no_findings(page, "copy")
    page.get_by_label(t("For which unit")).select_option(world.unit.code)
    page.get_by_role("button", name=t("Make the copy")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI i Kommunikation")
    copy = Workshop.objects.get(title="AI i Kommunikation")
    assert copy.join_code != made.join_code and copy.min_group_size == 6


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_workshops_feed_one_principle_set_and_the_appendix_names_them_all(
    browser_in: Callable[..., BrowserContext], live_server, world: World, language: str
) -> None:
    def t(message: str) -> str:
        return translated(language, message)

    workshops = team_workshops(world)
    page = login_as(browser_in, live_server, world.fiona, language)
    page.goto(f"{live_server.url}/o/{world.havneby.code}/charters/")
    page.locator("#title").fill("Kulturs principper")
    page.locator("#unit").select_option(world.department.code)
    for workshop in workshops:
        page.locator(f"input[name=workshops][value='{workshop.code}']").check()
    page.get_by_role("button", name=t("Make the charter")).click()
    charter = Charter.objects.get(title="Kulturs principper")
    first, second, third = charter.principles.all()
    detail = page.url

    for other in (second, third):
        page.goto(
            f"{live_server.url}/o/{world.havneby.code}/charters/{charter.code}/principles/{other.code}/"
        )
        if other == second:
            _no_findings(page, "principle with the merge form")
        page.get_by_label(t("Merge this principle into")).select_option(first.code)
        page.get_by_role("button", name=t("Merge the principles")).click()
        expect(page.locator(".messages[role=status]")).to_contain_text(
            t("The principles have been merged. Where both came from is kept.")
        )
    assert list(charter.principles.all()) == [first]

    page.goto(detail)
    appendix = page.locator("details", has_text=t("Where the principles come from"))
    appendix.locator("summary").click()
    for title, label, quote, _statement in TEAMS:
        expect(appendix).to_contain_text(title)
        expect(appendix).to_contain_text(label)
        expect(appendix).to_contain_text(quote)
    _no_findings(page, "charter with three workshops' provenance")
