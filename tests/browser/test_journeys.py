"""What people do in Vogter, end to end in a real browser.

Pages are found by the words people see (roles and labels), read from the same
catalogue the server uses, so the tests hold while the Danish is being refined.
"""

import re

import pytest
from django.utils.text import capfirst
from playwright.sync_api import BrowserContext, Page, expect

from conftest import PASSWORD, World
from tests.browser.conftest import da, expect_message, log_in, translated
from vogter.organisations.models import Role, Unit, UnitLevel

pytestmark = pytest.mark.browser


def test_visitor_reads_the_front_page_in_danish_and_switches_language(
    phone: BrowserContext, live_server, world: World
) -> None:
    page = phone.new_page()
    page.goto(live_server.url)
    title = "Principles for AI at work, agreed together"
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(da(title))

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # The choice is remembered on the next visit.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text(da(title))


def _open_organisation(page: Page, world: World, section: str) -> None:
    page.get_by_role("link", name=world.havneby.name).click()
    subnav = page.get_by_role("navigation", name=da("Organisation"))
    subnav.get_by_role("link", name=da(section)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(da(section))


def _option_value(page: Page, label: str, text: str) -> str:
    """The value of the option showing ``text`` in the select labelled ``label``."""
    option = page.get_by_label(label).locator("option", has_text=text)
    value = option.get_attribute("value")
    assert value, f"no option {text!r} in {label!r}"
    return value


def test_admin_adds_a_unit_and_invites_someone_who_joins_by_link(
    desktop: BrowserContext, new_context, live_server, world: World
) -> None:
    desktop.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = desktop.new_page()
    log_in(page, live_server.url, world.alice.email)

    # A new unit in the Culture department.
    _open_organisation(page, world, "Units")
    add_unit = page.get_by_role("form", name=da("Add a unit"))
    add_unit.get_by_label(da("Name"), exact=True).fill("Borgerservice")
    add_unit.get_by_label(da("Level")).select_option(UnitLevel.UNIT.value)
    add_unit.get_by_label(da("Part of")).select_option(
        _option_value(page, da("Part of"), world.department.name)
    )
    add_unit.get_by_role("button", name=da("Add the unit")).click()
    expect_message(page, da("%(unit)s has been added.") % {"unit": "Borgerservice"})
    tree = page.get_by_role("list", name=da("Units"))
    expect(tree.get_by_role("link", name="Borgerservice")).to_be_visible()
    unit = Unit.objects.get(organisation=world.havneby, name="Borgerservice")
    assert unit.parent == world.department

    # An invitation by link, for a facilitator in the new unit.
    page.get_by_role("navigation", name=da("Organisation")).get_by_role(
        "link", name=da("People")
    ).click()
    invite = page.get_by_role("form", name=da("Invite someone"))
    invite.get_by_label(da("Role")).select_option(Role.FACILITATOR.value)
    invite.get_by_label(da("Unit")).select_option(_option_value(page, da("Unit"), "Borgerservice"))
    invite.get_by_role("button", name=da("Create the invitation")).click()
    expect_message(page, da("The invitation link is ready. Copy it and share it."))
    link_field = page.get_by_label(da("Invitation link"))
    copy = page.get_by_role("button", name=da("Copy"), exact=True)
    copy.click()
    expect(page.get_by_role("button", name=da("Copied"))).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == link_field.input_value()
    assert link.startswith(live_server.url + "/invitation/")

    # The colleague opens the link on their own phone, signs up and accepts.
    nina = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    other = nina.new_page()
    other.goto(link)
    expect(other.get_by_role("heading", level=1)).to_contain_text(world.havneby.name)
    other.get_by_role("main").get_by_role("link", name=da("Create an account")).click()
    other.get_by_label(capfirst(da("e-mail address"))).fill("nina@havneby.example")
    other.get_by_label(capfirst(da("name"))).fill("Nina Ny")
    other.get_by_label(da("Password"), exact=True).fill(PASSWORD)
    other.get_by_label(da("Repeat the password")).fill(PASSWORD)
    other.get_by_role("main").get_by_role("button", name=da("Create an account")).click()
    other.get_by_role("button", name=da("Accept the invitation")).click()
    expect_message(other, da("Welcome to %(organisation)s.") % {"organisation": world.havneby.name})
    expect(other.get_by_role("heading", level=1)).to_have_text(world.havneby.name)

    # Alice sees her new colleague among the people.
    page.reload()
    row = page.get_by_role("row").filter(has_text="Nina Ny")
    expect(row).to_contain_text(da("Facilitator"))
    expect(row).to_contain_text("Borgerservice")
    expect(page.get_by_label(da("Invitation link"))).to_have_count(0)


def test_admin_changes_a_members_role(page: Page, live_server, world: World) -> None:
    log_in(page, live_server.url, world.alice.email)
    _open_organisation(page, world, "People")

    page.get_by_role("link", name=world.mads.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.mads.name)
    page.get_by_label(da("Role")).select_option(Role.FACILITATOR.value)
    page.get_by_role("button", name=da("Save"), exact=True).click()

    expect_message(page, da("%(person)s has been saved.") % {"person": world.mads.name})
    row = page.get_by_role("row").filter(has_text=world.mads.name)
    expect(row).to_contain_text(da("Facilitator"))
    assert world.membership(world.mads).role == Role.FACILITATOR
    # The rest of the membership is untouched.
    assert world.membership(world.mads).unit == world.web_team


def test_the_language_follows_the_person_after_login(page: Page, live_server, world: World) -> None:
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    log_in(page, live_server.url, world.alice.email, language="da")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(translated("en", "Hello, %(name)s") % {"name": world.alice.name})
    )
