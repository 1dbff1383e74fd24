"""Step 4 in a real browser: the charter is made from a workshop, proposed, signed by
the manager and the union representative in their own browsers, adopted, changed in a
new draft with a reason and compared; shared with a link that works without logging
in and stops when revoked; and every charter page checked with axe-core, on a phone
for sideways scrolling, and photographed.

Served by pytest-django's ``live_server`` like the other browser tests. Data is set up
with the action functions (``drafted_workshop``: two principles; ``signatories``: Alice
is the unit's manager, Mads the TR) and what reached the server is checked in the
database. The Danish catalogue is still being completed: the tests find things by
ids, form values, data and URLs, and where the words matter they accept either
language.
"""

import datetime
from collections.abc import Callable

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import BrowserContext, Page, expect

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import _tab_to, watch_csp
from tests.browser.test_screenshots import FOLDERS, _shoot
from vogter.accounts.models import User
from vogter.charters import document as charter_document
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import (
    Charter,
    CharterChange,
    CharterPrinciple,
    CharterVersion,
    Signature,
    Status,
)
from vogter.charters.versions import current_version, latest_adopted
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.browser

TITLE = "Vores principper for AI"
OLD_GROUP = "Vi aftaler, hvad tiden går til"  # the drafted workshop's group cell
NEW_GROUP = "Teamet følger op hvert kvartal"
REASON = "Teamet ville følge op oftere"


def charters_url(live_server, world: World) -> str:
    return f"{live_server.url}/o/{world.havneby.code}/charters"


def sign_button(role: str) -> str:
    return f'form:has(input[value="sign"]):has(input[name="role"][value="{role}"]) button'


def do_button(do: str) -> str:
    return f'form:has(input[name="do"][value="{do}"]) button[type="submit"]'


def signed_when(signature: Signature, language: str) -> str:
    """How the page writes the time of a signature (local time, the language's format)."""
    with translation.override(language):
        return formats.date_format(timezone.localtime(signature.signed_at), "DATETIME_FORMAT")


def login_as(
    browser_in: Callable[..., BrowserContext], live_server, user: User, language: str = "da"
) -> Page:
    user.language = language
    user.save(update_fields=["language"])
    page = browser_in(DESKTOP, language).new_page()
    log_in(page, live_server.url, user.email, language=language)
    return page


# --- Set-ups with the action functions -----------------------------------------------


def make_charter(world: World, workshop: Workshop) -> Charter:
    return draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title=TITLE, workshops=[workshop]
    )


def adopt(world: World, charter: Charter) -> CharterVersion:
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    return adoption_actions.adopt(world.fiona, charter)


def fix_the_dates(charter: Charter) -> None:
    """The same pictures on every run: a fixed adoption day and signing times (the
    frozen document is written past its guard, as no page may do)."""
    day = datetime.date(2026, 12, 3)
    times = [
        datetime.datetime(2026, 12, 2, 9, 15, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 2, 13, 40, tzinfo=datetime.UTC),
    ]
    version = CharterVersion.objects.get(charter=charter, status=Status.ADOPTED)
    signatures = list(Signature.objects.filter(version=version).order_by("signed_at"))
    for signature, moment in zip(signatures, times, strict=True):
        Signature.objects.filter(pk=signature.pk).update(signed_at=moment)
    document = dict(version.document)
    document["adopted_on"] = day.isoformat()
    document["signatures"] = [
        {**s, "signed_at": moment.isoformat()}
        for s, moment in zip(document["signatures"], times, strict=True)
    ]
    CharterVersion.objects.filter(pk=version.pk).update(adopted_on=day, document=document)


def change_the_group_cell(world: World, charter: Charter) -> CharterPrinciple:
    adoption_actions.new_draft(world.fiona, charter)
    first = charter.principles.get(position=1)
    editing_actions.set_cell(
        world.fiona, first, "group", text=NEW_GROUP, responsible="Teamleder", reason=REASON
    )
    return first


def quoted_sheet_on(phone: Page, live_server, workshop: Workshop) -> Entry:
    """Moves the sheet whose answer the first principle quotes to this phone, with its
    private link, as its owner would."""
    from vogter.principles.themes import theme_entries

    quoted = theme_entries(workshop, "q1").order_by("text").first()
    assert quoted is not None
    mine = sheet_actions.new_secrets(quoted.sheet)
    phone.goto(f"{live_server.url}/j/{workshop.join_code}/r/{mine.token}/")
    phone.locator('main form[method="post"] button[type="submit"]').click()
    phone.wait_for_url(f"{live_server.url}/j/{workshop.join_code}/sheet/")
    return quoted


# --- The cycle ---------------------------------------------------------------------------


def test_a_charter_is_made_proposed_signed_adopted_and_changed_with_a_reason(
    browser_in, live_server, signatories: World, drafted_workshop: Workshop
) -> None:
    world = signatories
    base = charters_url(live_server, world)
    fiona = login_as(browser_in, live_server, world.fiona)

    # Made from the drafted workshop on the list page.
    fiona.goto(f"{base}/")
    form = fiona.locator('section[aria-labelledby="new-charter"] form')
    form.locator("#title").fill(TITLE)
    form.locator("#unit").select_option(world.unit.code)
    form.locator(f'input[name="workshops"][value="{drafted_workshop.code}"]').check()
    form.locator('button[type="submit"]').click()
    fiona.wait_for_url(lambda url: "/charters/" in url and not url.endswith("/charters/"))
    charter = Charter.objects.get()
    assert charter.title == TITLE and charter.unit == world.unit
    assert fiona.url == f"{base}/{charter.code}/"
    rows = fiona.locator(".charter-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("bruger vi den sparede tid på borgerne")
    expect(rows.nth(0)).to_contain_text(OLD_GROUP)
    expect(fiona.locator(".preamble")).to_contain_text("Havneby Kommune")
    expect(fiona.locator(sign_button("manager"))).to_have_count(0)  # a draft is not signed

    # Proposed: the facilitator can neither sign nor adopt yet.
    fiona.locator(do_button("propose")).click()
    expect(fiona.locator(do_button("adopt"))).to_be_disabled()
    assert current_version(charter).status == Status.PROPOSED
    expect(fiona.locator(sign_button("manager"))).to_have_count(0)
    expect(fiona.locator(sign_button("union_rep"))).to_have_count(0)

    # Alice signs as manager, Mads as TR, each in their own browser, with the keyboard.
    for user, role, not_theirs in (
        (world.alice, "manager", "union_rep"),
        (world.mads, "union_rep", "manager"),
    ):
        signer = login_as(browser_in, live_server, user)
        signer.goto(f"{base}/{charter.code}/")
        expect(signer.locator(sign_button(not_theirs))).to_have_count(0)
        _tab_to(signer, sign_button(role), limit=80)
        with signer.expect_navigation():
            signer.keyboard.press("Enter")
        expect(signer.locator(sign_button(role))).to_have_count(0)
        assert Signature.objects.filter(version__charter=charter, role=role, user=user).exists(), (
            f"{user.email} did not sign as {role}"
        )
    version = current_version(charter)
    assert version.status == Status.PROPOSED
    assert sorted(version.signatures.values_list("role", flat=True)) == ["manager", "union_rep"]

    # Fiona adopts; the page says who signed and when, and who adopted.
    fiona.reload()
    expect(fiona.locator(do_button("adopt"))).to_be_enabled()
    fiona.locator(do_button("adopt")).click()
    expect(fiona.locator(do_button("new_draft"))).to_be_visible()
    version.refresh_from_db()
    assert version.status == Status.ADOPTED and version.adopted_on == timezone.localdate()
    assert version.adopted_by == world.fiona
    signed = fiona.locator(".signature-list li")
    expect(signed).to_have_count(2)
    for signature in version.signatures.all():
        line = signed.filter(has_text=signature.name)
        expect(line).to_have_count(1)
        expect(line).to_contain_text(signed_when(signature, "da"))
    expect(fiona.locator(".charter-status")).to_contain_text("Fiona Facilitator")
    in_document = fiona.locator(".charter-document .signatures li")
    expect(in_document).to_have_count(2)
    expect(in_document.filter(has_text="Alice Admin")).to_have_count(1)
    expect(in_document.filter(has_text="Mads Member")).to_have_count(1)
    earliest = version.signatures.order_by("signed_at").first()
    assert earliest is not None
    expect(in_document.locator("time").first).to_have_attribute(
        "datetime", earliest.signed_at.isoformat()
    )

    # A new draft; the group cell changed with a reason on the principle's page.
    fiona.locator(do_button("new_draft")).click()
    first = charter.principles.get(position=1)
    link = fiona.locator(f'.charter-table a[href$="/principles/{first.code}/"]')
    expect(link).to_be_visible()  # a draft's principles can be edited
    assert current_version(charter).number == 2
    link.click()
    fiona.wait_for_url(f"{base}/{charter.code}/principles/{first.code}/")
    expect(fiona.locator("#group-text")).to_have_value(OLD_GROUP)
    fiona.locator("#group-text").fill(NEW_GROUP)
    fiona.locator("#reason").fill(REASON)
    fiona.locator('button[name="do"][value="save"]').click()
    fiona.wait_for_url(f"{base}/{charter.code}/")
    assert first.cells.get(level="group").text == NEW_GROUP
    assert CharterChange.objects.filter(principle_code=first.code, reason=REASON).exists()
    # The adopted version 1 keeps the old text.
    v1 = CharterVersion.objects.get(charter=charter, number=1).document
    assert v1["principles"][0]["cells"]["group"]["text"] == OLD_GROUP

    # "What changed": the old and the new cell side by side, and why.
    fiona.locator(f'a[href$="/{charter.code}/versions/2/changes/"]').click()
    fiona.wait_for_url(f"{base}/{charter.code}/versions/2/changes/")
    expect(fiona.locator(".diff-row")).to_have_count(1)
    changed = fiona.locator(".diff-row.diff-changed")
    expect(changed).to_have_count(1)
    expect(changed.locator(".old")).to_contain_text(OLD_GROUP)
    expect(changed.locator(".new")).to_contain_text(NEW_GROUP)
    expect(changed.locator(".old").filter(has_text=NEW_GROUP)).to_have_count(0)
    expect(changed.locator(".reason")).to_contain_text(REASON)


# --- The share page -------------------------------------------------------------------


def test_a_share_link_shows_the_charter_without_login_prints_cleanly_and_can_be_stopped(
    browser_in, live_server, signatories: World, drafted_workshop: Workshop
) -> None:
    world = signatories
    charter = make_charter(world, drafted_workshop)
    adopt(world, charter)
    base = charters_url(live_server, world)
    fiona = login_as(browser_in, live_server, world.fiona)
    fiona.goto(f"{base}/{charter.code}/")
    fiona.locator(do_button("share")).click()
    field = fiona.locator("#share-link")
    expect(field).to_be_visible()
    url = field.input_value()
    assert url.startswith(f"{live_server.url}/c/"), url
    charter.refresh_from_db()
    assert charter.share_hash and url.rsplit("/c/", 1)[1].strip("/") not in charter.share_hash

    document = charter_document.document(charter, latest_adopted(charter))
    anonymous = browser_in(DESKTOP, "da").new_page()
    for language, address in (("da", url), ("en", f"{url}?language=en")):
        response = anonymous.goto(address)
        assert response is not None and response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        expect(anonymous.locator("html")).to_have_attribute("lang", language)
        preamble = anonymous.locator(".preamble p")
        expect(preamble).to_have_count(len(document["preamble"][language]))
        expect(anonymous.locator(".preamble")).to_contain_text("Havneby Kommune")
        expect(preamble.nth(1)).to_have_text(document["preamble"][language][1])
        rows = anonymous.locator(".charter-table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0).locator("th")).to_contain_text("bruger vi den sparede tid på borgerne")
        expect(rows.nth(1).locator("th")).to_contain_text("always check the sources")
        expect(anonymous.locator(".charter-table thead th")).to_have_count(7)
        expect(anonymous.locator(".charter-document .signatures li")).to_have_count(2)
        # Read-only: no links to edit a principle, none into the organisation.
        expect(anonymous.locator('main a[href*="/o/"], .charter-table a')).to_have_count(0)

    # The page's own switch changes the language (the header's is hidden here: it would
    # come back to the same ?language=en).
    expect(anonymous.locator(".site-nav .language-switch")).to_be_hidden()
    anonymous.locator('.shared-tools a[href="?language=da"]').click()
    expect(anonymous.locator("html")).to_have_attribute("lang", "da")
    expect(anonymous.locator(".preamble p").nth(1)).to_have_text(document["preamble"]["da"][1])

    # On paper: the charter only, without the navigation and the buttons.
    anonymous.emulate_media(media="print")
    expect(anonymous.locator(".charter-document")).to_be_visible()
    expect(anonymous.locator(".charter-table")).to_be_visible()
    for hidden in ("header.site-header", "nav", "footer.site-footer", ".shared-tools"):
        expect(anonymous.locator(hidden).first).to_be_hidden()
    expect(anonymous.locator("button:visible, nav:visible, .skip-link:visible")).to_have_count(0)
    anonymous.emulate_media(media="screen")
    expect(anonymous.locator("button[data-print]")).to_be_visible()

    # Stopped: the same link is a plain 404.
    fiona.locator(do_button("unshare")).click()
    expect(fiona.locator(do_button("unshare"))).to_have_count(0)
    charter.refresh_from_db()
    assert charter.share_hash == ""
    for address in (url, f"{url}?language=en"):
        response = anonymous.goto(address)
        assert response is not None and response.status == 404
        expect(anonymous.locator(".charter-document")).to_have_count(0)


# --- Accessibility, phones and screenshots -------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_charter_pages_have_no_serious_accessibility_violations(
    browser_in, live_server, signatories: World, drafted_workshop: Workshop, language: str
) -> None:
    world = signatories
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict]] = {}
    refused_by_csp: list[str] = []

    def audit(page: Page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main h1")).to_be_visible()
        if violations := _violations(page):
            found[f"{name} ({page.url})"] = violations

    base = charters_url(live_server, world)
    charter = make_charter(world, drafted_workshop)
    first = charter.principles.get(position=1)
    detail = f"{base}/{charter.code}/"
    fiona = watch_csp(login_as(browser_in, live_server, world.fiona, language), refused_by_csp)
    alice = watch_csp(login_as(browser_in, live_server, world.alice, language), refused_by_csp)

    fiona.goto(f"{base}/")
    expect(fiona.locator("table tbody tr")).to_have_count(1)
    audit(fiona, "charters list")
    fiona.goto(detail)
    expect(fiona.locator(do_button("propose"))).to_be_visible()
    audit(fiona, "charter detail, draft")
    fiona.goto(f"{detail}principles/{first.code}/")
    expect(fiona.locator("fieldset.level-cell")).to_have_count(6)
    audit(fiona, "principle edit")
    alice.goto(f"{base}/signoff/")
    expect(alice.locator('input[name="roles"]:checked')).to_have_count(2)
    audit(alice, "sign-off settings")

    adoption_actions.propose(world.fiona, charter)
    alice.goto(detail)
    expect(alice.locator(sign_button("manager"))).to_be_visible()
    audit(alice, "charter detail, proposed, with a Sign button")

    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    adoption_actions.adopt(world.fiona, charter)
    fix_the_dates(charter)
    fiona.goto(detail)
    expect(fiona.locator(".signature-list li")).to_have_count(2)
    expect(fiona.locator(do_button("new_draft"))).to_be_visible()
    audit(fiona, "charter detail, adopted")
    _shoot(fiona, f"{language}-desktop-charter")
    fiona.locator(do_button("share")).click()
    expect(fiona.locator("#share-link")).to_be_visible()
    audit(fiona, "charter detail, the share link shown once")
    url = fiona.locator("#share-link").input_value()

    alice.goto(f"{live_server.url}/o/{world.havneby.code}/ai-literacy/")
    audit(alice, "AI-literacy record")
    alice.goto(f"{base}/overview/")
    expect(alice.locator("main h1")).to_be_visible()
    audit(alice, "organisation overview")

    visitor = watch_csp(browser_in(DESKTOP, language).new_page(), refused_by_csp)
    visitor.goto(url)
    expect(visitor.locator(".charter-table tbody tr")).to_have_count(2)
    audit(visitor, "share page")
    _shoot(visitor, f"{language}-desktop-charter-shared")

    change_the_group_cell(world, charter)
    fiona.goto(f"{detail}versions/1/")
    expect(fiona.locator(".charter-table tbody tr")).to_have_count(2)
    audit(fiona, "version 1")
    fiona.goto(f"{detail}versions/2/changes/")
    expect(fiona.locator(".diff-row")).to_have_count(1)
    audit(fiona, "what changed, version 2")

    phone = watch_csp(browser_in(PHONE, language).new_page(), refused_by_csp)
    quoted = quoted_sheet_on(phone, live_server, drafted_workshop)
    phone.goto(f"{live_server.url}/j/{drafted_workshop.join_code}/outcome/")
    expect(phone.locator("blockquote.my-answer").filter(has_text=quoted.text)).to_have_count(1)
    expect(phone.locator('[aria-labelledby="adopted-title"] li')).to_have_count(1)
    audit(phone, "a participant's outcome, phone")

    assert not found, "axe found serious or critical violations:\n" + _describe(found)
    assert not refused_by_csp, "\n".join(refused_by_csp)


def test_charter_pages_do_not_scroll_sideways_on_a_phone(
    browser_in, live_server, signatories: World, drafted_workshop: Workshop
) -> None:
    """The charter table is wider than a phone: it scrolls in its own box, not the page."""
    world = signatories
    charter = make_charter(world, drafted_workshop)
    adopt(world, charter)
    token = sharing_actions.share(world.fiona, charter)
    first = change_the_group_cell(world, charter)
    base = charters_url(live_server, world)
    detail = f"{base}/{charter.code}/"

    def phone_of(user: User) -> Page:
        page = browser_in(PHONE).new_page()
        log_in(page, live_server.url, user.email)
        return page

    too_wide: dict[str, int] = {}

    def check(page: Page, url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.ok, url
        expect(page.locator("main h1")).to_be_visible()
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > viewport:
            too_wide[url.removeprefix(live_server.url)] = width

    fiona = phone_of(world.fiona)
    for url in (
        f"{base}/",
        detail,
        f"{detail}principles/{first.code}/",
        f"{detail}versions/1/",
        f"{detail}versions/2/changes/",
    ):
        check(fiona, url)
    alice = phone_of(world.alice)
    for url in (
        f"{base}/signoff/",
        f"{base}/overview/",
        f"{live_server.url}/o/{world.havneby.code}/ai-literacy/",
    ):
        check(alice, url)
    visitor = browser_in(PHONE).new_page()
    check(visitor, f"{live_server.url}/c/{token}/")
    check(visitor, f"{live_server.url}/c/{token}/?language=en")
    participant = browser_in(PHONE).new_page()
    quoted_sheet_on(participant, live_server, drafted_workshop)
    check(participant, f"{live_server.url}/j/{drafted_workshop.join_code}/outcome/")
    assert not too_wide, f"pages wider than the phone: {too_wide}"
