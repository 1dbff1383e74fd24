"""Single sign-on in a real browser: the button, the provider's own login page, back signed
in, out again through the provider; and the organisation's rules page. Both languages, with
screenshots (test-results/sso/) and axe."""

import copy
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from conftest import World
from tests.browser.conftest import (
    DESKTOP,
    RESULTS_DIR,
    axe_describe,
    axe_violations,
    expect_message,
    log_in,
    translated,
)
from vogter.organisations.models import Membership
from vogter.sso.actions import rules as rule_actions
from vogter.sso.models import ClaimRule
from vogter.sso.tests.conftest import configure, start_provider
from vogter.sso.tests.provider.serve import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = RESULTS_DIR / "sso"


@pytest.fixture(params=["da", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def provider(live_server: LiveServer, settings: Settings) -> Iterator[dict[str, str]]:
    with start_provider(f"{live_server.url}/sso/callback/", f"{live_server.url}/") as ready:
        configure(settings, ready)
        # As settings.py does when the provider has an end-session endpoint: logging out
        # posts to us and is redirected there.
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        origin = ready["issuer"].rsplit("/o", 1)[0]
        policy["DIRECTIVES"]["form-action"].append(origin)
        settings.CONTENT_SECURITY_POLICY = policy
        yield ready


def test_a_person_signs_in_and_out_through_the_provider(
    new_context, live_server: LiveServer, world: World, provider: dict[str, str], language: str
) -> None:
    rule_actions.add_domain(world.alice, world.havneby, "havneby.example")
    rule_actions.add_rule(world.alice, world.havneby, value="vogter-sundhed", unit=world.unit)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(**DESKTOP)
    context.add_cookies([{"name": "vogter_language", "value": language, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role(
        "link", name=translated(language, "Log in with %(provider)s") % {"provider": "Havneby AD"}
    )
    expect(button).to_be_visible()
    page.screenshot(path=str(SHOTS / f"login-{language}.png"), full_page=True)
    found = {}
    if violations := axe_violations(page):
        found["login with the provider's button"] = violations
    button.click()

    page.wait_for_url(lambda url: url.startswith(provider["issuer"].rsplit("/o", 1)[0]))
    page.fill("#id_username", "ada@havneby.example")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.startswith(live_server.url))
    expect(page.locator(".site-nav .person")).to_have_text("Ada Lund")
    assert Membership.objects.get(user__email="ada@havneby.example").unit == world.unit

    page.locator(".site-nav").get_by_role("button", name=translated(language, "Log out")).click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".site-nav")).to_contain_text(translated(language, "Log in"))
    assert not axe_violations(page) and not found, axe_describe(found)


def test_an_admin_sets_the_rules_on_the_single_sign_on_page(
    new_context, live_server: LiveServer, world: World, provider: dict[str, str], language: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    world.alice.language = language
    world.alice.save(update_fields=["language"])
    context = new_context(**DESKTOP)
    context.add_cookies([{"name": "vogter_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server.url, world.alice.email, language=language)
    page.goto(f"{live_server.url}/o/{world.havneby.code}/sign-in/")

    page.get_by_label(translated(language, "E-mail domain"), exact=True).fill("havneby.example")
    page.get_by_role("button", name=translated(language, "Add the domain")).click()
    expect_message(page, translated(language, "The domain has been added."))
    page.get_by_label(translated(language, "Value"), exact=True).fill("vogter-tr")
    page.locator("#id_unit").select_option(world.unit.code)
    page.get_by_label(translated(language, "Union representative (TR)")).check()
    page.get_by_role("button", name=translated(language, "Add the rule")).click()
    expect_message(page, translated(language, "The rule has been added."))
    page.get_by_label(translated(language, "Value"), exact=True).fill("vogter-ledere")
    page.get_by_label(translated(language, "Manager"), exact=True).check()
    page.get_by_role("button", name=translated(language, "Add the rule")).click()
    expect_message(page, translated(language, "The rule has been added."))

    rule = ClaimRule.objects.get(value="vogter-tr")
    assert rule.unit == world.unit and rule.is_union_rep
    expect(page.locator("table tbody tr")).to_have_count(2)
    page.screenshot(path=str(SHOTS / f"rules-{language}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, axe_describe({"single sign-on page": violations})
