import pytest
from tests.browser.conftest import DESKTOP, PHONE, log_in
pytestmark = pytest.mark.browser

@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_scratch(new_context, live_server, world, device):
    ctx = new_context(**(PHONE if device == "phone" else DESKTOP))
    p = ctx.new_page()
    for name, path in {"login": "/accounts/login/", "signup": "/accounts/signup/", "reset": "/accounts/password-reset/"}.items():
        p.goto(live_server.url + path)
        p.screenshot(path=f"/tmp/shots/{device}-{name}.png", full_page=True)
    p.goto(live_server.url + "/accounts/signup/")
    p.get_by_role("main").get_by_role("button").click()
    p.screenshot(path=f"/tmp/shots/{device}-signup-errors.png", full_page=True)
    a = new_context(**(PHONE if device == "phone" else DESKTOP)).new_page()
    log_in(a, live_server.url, world.alice.email)
    org = world.havneby.code
    for name, path in {"home": "/", "profile": "/accounts/profile/", "overview": f"/o/{org}/",
        "unitedit": f"/o/{org}/units/{world.unit.code}/", "member": f"/o/{org}/people/{world.membership(world.mads).code}/",
        "settings": f"/o/{org}/settings/", "create": "/o/new/"}.items():
        a.goto(live_server.url + path)
        a.screenshot(path=f"/tmp/shots/{device}-{name}.png", full_page=True)
    a.goto(live_server.url + "/")
    a.keyboard.press("Tab"); a.keyboard.press("Tab"); a.keyboard.press("Tab")
    a.screenshot(path=f"/tmp/shots/{device}-focus-header.png")
    a.goto(live_server.url + f"/o/{org}/units/")
    a.get_by_role("button", name="Tilføj enheden").focus()
    a.screenshot(path=f"/tmp/shots/{device}-focus-button.png", full_page=True)
