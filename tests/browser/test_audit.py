"""The audit log in a browser: the admin's whole log and a TR's view of their unit, in
Danish and English, on a desktop and a phone, with no serious accessibility findings."""

import pytest
from playwright.sync_api import expect

from conftest import Branches, World
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    axe_describe,
    axe_violations,
    log_in,
    translated,
)
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.exporters import export_charter
from vogter.charters.versions import current_version

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["da", "en"])
def test_admin_and_tr_read_the_audit_log(
    browser_in, live_server, world: World, branches: Branches, language: str
) -> None:
    ours = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Principper for Kommunikation"
    )
    draft_actions.create_charter(
        world.fiona, world.havneby, unit=branches.sekretariatet, title="Sekretariatets principper"
    )
    export_charter(world.fiona, ours, current_version(ours), "pdf", language)
    for person in (world.alice, branches.tina):  # their own choice wins once logged in
        person.language = language
        person.save(update_fields=["language"])
    found = {}

    admin = browser_in(DESKTOP, language).new_page()
    log_in(admin, live_server.url, world.alice.email, language)
    admin.goto(f"{live_server.url}/o/{world.havneby.code}/")
    admin.get_by_role("link", name=translated(language, "Audit log")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(translated(language, "Audit log"))
    table = admin.get_by_role("table")
    expect(table).to_contain_text(translated(language, "Created a unit"))
    expect(table).to_contain_text("Sekretariatets principper")
    admin.screenshot(path=str(RESULTS_DIR / f"audit-admin-{language}.png"), full_page=True)
    if violations := axe_violations(admin):
        found["admin"] = violations
    # Filter to the downloads of charters: Fiona's download, and nothing else.
    admin.get_by_label(translated(language, "What")).select_option("charter.export")
    admin.get_by_role("button", name=translated(language, "Show")).click()
    expect(admin.get_by_role("table").get_by_role("row")).to_have_count(2)
    expect(admin.get_by_role("table")).to_contain_text("Fiona Facilitator")

    tr = browser_in(PHONE, language).new_page()
    log_in(tr, live_server.url, branches.tina.email, language)
    tr.goto(f"{live_server.url}/o/{world.havneby.code}/audit/")
    rows = tr.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # the header, the charter made, the charter downloaded
    expect(tr.get_by_role("table")).to_contain_text(translated(language, "Downloaded the charter"))
    expect(tr.get_by_role("table")).not_to_contain_text("Sekretariatets principper")
    tr.screenshot(path=str(RESULTS_DIR / f"audit-tr-phone-{language}.png"), full_page=True)
    if violations := axe_violations(tr):
        found["tr"] = violations
    assert not found, axe_describe(found)


@pytest.mark.parametrize("language", ["da", "en"])
def test_retention_on_the_settings_page_and_on_the_phone(
    browser_in, live_server, world: World, workshop, language: str
) -> None:
    world.alice.language = language
    world.alice.save(update_fields=["language"])
    admin = browser_in(DESKTOP, language).new_page()
    log_in(admin, live_server.url, world.alice.email, language)
    admin.goto(f"{live_server.url}/o/{world.havneby.code}/settings/")
    admin.get_by_label(translated(language, "Delete workshop answers after … months")).fill("6")
    admin.get_by_label(translated(language, "Delete audit log entries after … months")).fill("24")
    admin.get_by_role("button", name=translated(language, "Save")).click()
    expect(admin.locator(".messages[role=status]")).to_be_visible()
    admin.screenshot(path=str(RESULTS_DIR / f"retention-settings-{language}.png"), full_page=True)
    found = {}
    if violations := axe_violations(admin):
        found["settings"] = violations

    phone = browser_in(PHONE, language).new_page()
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/")
    said = {
        "da": "Dine svar slettes den 27. maj 2027.",
        "en": "Your answers are deleted on 27 May 2027.",
    }
    expect(phone.locator("#answers-deleted-on")).to_have_text(said[language])
    phone.screenshot(path=str(RESULTS_DIR / f"retention-join-{language}.png"), full_page=True)
    if violations := axe_violations(phone):
        found["join"] = violations
    assert not found, axe_describe(found)
