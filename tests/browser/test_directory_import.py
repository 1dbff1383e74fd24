"""The directory import in a browser: upload a spreadsheet, read the preview, confirm; in
Danish and English, with screenshots to look at and axe on each step."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import World
from tests.browser.conftest import DESKTOP, RESULTS_DIR, axe_describe, axe_violations, log_in
from tests.browser.conftest import translated as t
from vogter.organisations.models import Membership

pytestmark = pytest.mark.browser

SHEET = (
    "unit;level;email;name;role;manager;TR;AMR\r\n"
    "Havneby Kommune/Sundhed;department;;;;;;\r\n"
    "Havneby Kommune/Sundhed/Hjemmeplejen;;anna@havneby.example;Anna Andersen;;ja;;\r\n"
    "Havneby Kommune/Sundhed/Hjemmeplejen;;bo@havneby.example;Bo Berg;facilitator;;;ja\r\n"
    "Havneby Kommune/Kultur;;mads@havneby.example;;;;;\r\n"
)


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_admin_uploads_previews_and_confirms_an_import(
    browser_in, live_server, world: World, tmp_path: Path, language: str
) -> None:
    world.alice.language = language  # a logged-in person's pages are in their own language
    world.alice.save(update_fields=["language"])
    file = tmp_path / "organisation.csv"
    file.write_bytes(SHEET.encode("utf-8-sig"))
    page = browser_in(DESKTOP, language).new_page()
    log_in(page, live_server.url, "alice@havneby.example", language)
    shots = RESULTS_DIR / "directory"
    shots.mkdir(parents=True, exist_ok=True)
    found = {}

    page.goto(f"{live_server.url}/o/{world.havneby.code}/directory/")
    page.get_by_label(t(language, "Name")).fill("Entra ID")
    page.get_by_role("button", name=t(language, "Make a SCIM token")).click()
    expect(page.get_by_role("status")).to_contain_text("vgs_")
    found["directory"] = axe_violations(page)
    page.screenshot(path=str(shots / f"directory-{language}.png"), full_page=True)
    page.get_by_role("link", name=t(language, "Import units and people")).click()
    page.get_by_label(t(language, "File with units and people")).set_input_files(str(file))
    found["upload"] = axe_violations(page)
    page.get_by_role("button", name=t(language, "Show the preview")).click()

    table = page.get_by_role("table")
    expect(table).to_contain_text("anna@havneby.example")
    expect(table).to_contain_text("Hjemmeplejen")
    expect(table).to_contain_text(t(language, "Changed for %(email)s: %(fields)s")[:6])
    found["preview"] = axe_violations(page)
    page.screenshot(path=str(shots / f"preview-{language}.png"), full_page=True)
    assert not Membership.objects.filter(user__email="anna@havneby.example").exists()

    page.get_by_role("button", name=t(language, "Import"), exact=True).click()

    page.wait_for_url(f"**/o/{world.havneby.code}/people/")
    page.screenshot(path=str(shots / f"done-{language}.png"), full_page=True)
    anna = Membership.objects.get(user__email="anna@havneby.example")
    assert anna.unit is not None and anna.unit.name == "Hjemmeplejen" and anna.is_manager
    blocking = {where: v for where, v in found.items() if v}
    assert not blocking, axe_describe(blocking)
