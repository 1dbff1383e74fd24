"""Issue 7 in a real browser: principles across the levels of an organisation and across
organisations.

A facilitator adopts a principle of the unit above into the unit's charter and proposes
one of the unit's own upward with a note; the unit above sees the proposal with where it
came from and takes it in. An admin publishes an adopted charter to the national commons
(sector and size chosen, the name left out); the national coordinator finds it by
another form of a Danish word, and no longer once it is withdrawn. The coordinator makes
a template principle of a search hit, and a facilitator starts a charter principle from
it. The admin reads the organisation's overview, unit by unit. Each journey runs in
Danish and English, on a phone and on a desktop; on the desktop the forms are completed
with the keyboard alone. Every page is checked with axe-core (no serious or critical
violations), for sideways scrolling on a phone, and for what the Content Security
Policy refused.

Served by pytest-django's ``live_server`` like the other browser tests. Data is set up
with the action functions and what reached the server is checked in the database. The
words the tests look for come from the live catalogue.
"""

import datetime
from collections.abc import Callable

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Locator, Page, expect

from conftest import World, make_user, sign_as_expected
from tests.browser.conftest import DESKTOP, PHONE, expect_message, translated
from tests.browser.conftest import axe_describe as _describe
from tests.browser.conftest import axe_violations as _violations
from tests.browser.test_principles import _tab_to, watch_csp
from tests.browser.test_reflection import person_in, sideways
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    CharterVersion,
    ProposalStatus,
    Status,
    UpwardProposal,
)
from vogter.charters.versions import current_version, latest_adopted
from vogter.commons import actions as commons
from vogter.commons.models import CommonsPrinciple, Publication, TemplatePrinciple
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import UnitLevel
from vogter.reflection.models import AgreedAction, Checkin, Round

pytestmark = pytest.mark.browser

DEVICES = {"phone": PHONE, "desktop": DESKTOP}
# Every journey in both languages on both devices; on the desktop, with the keyboard.
JOURNEYS = [
    pytest.param(language, device, id=f"{language}-{device}")
    for language in ("da", "en")
    for device in DEVICES
]

KULTUR_TITLE = "Kulturs principper"
UNIT_TITLE = "Kommunikations principper"
WEB_TITLE = "Webteamets principper"
# (Danish, English, level cells)
SOURCES = (
    "tjekker vi altid kilderne, før vi deler et resultat",
    "always check the sources before we share a result",
    {"department": "Afdelingen følger op hvert kvartal.", "national": "KL's vejledning."},
)
TOOLS = (
    "inddrager vi medarbejderne, før vi tager nye værktøjer i brug",
    "involve employees before we take up new tools",
    {"unit": "Vi prøver et nyt værktøj af i en måned først.", "national": "Fælles retningslinjer."},
)
LAST_WORD = ("skriver vi selv det sidste ord", "write the last word ourselves", {})
ALT_TEXTS = ("skriver vi alt-tekster selv", "write alt texts ourselves", {})
NOTE = "Det har virket hos os i et kvartal."
WEB_NOTE = "Vi har gjort det i et halvt år, og det virker."
# A Danish word in another form than in the published principle ("medarbejderne").
INFLECTED = "medarbejderen"

# Fixed dates keep the pictures the same on every run.
ADOPTED_ON = datetime.date(2026, 9, 14)
PROPOSED_AT = datetime.datetime(2026, 11, 2, 10, 30, tzinfo=datetime.UTC)
ROUND_DAYS = (datetime.date(2026, 10, 5), datetime.date(2026, 10, 19))


def t(language: str, message: str) -> str:
    return translated(language, message)


def shown(principle: tuple[str, str, dict], language: str) -> str:
    """The statement as a page in ``language`` shows it (written in both here)."""
    return principle[1] if language == "en" else principle[0]


def a_date(language: str, moment: datetime.date | datetime.datetime) -> str:
    """A date the way the pages write it (|date:"DATE_FORMAT"), in local time."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    with translation.override(language):
        return formats.date_format(moment, "DATE_FORMAT")


def press(page: Page, target: Locator, selector: str, keyboard: bool) -> None:
    """Activates a button or link: with Tab and Enter (keyboard), or with a tap (phone)."""
    if keyboard:
        _tab_to(page, selector, limit=120)
        page.keyboard.press("Enter")
    else:
        target.tap()


# --- Set-ups with the action functions -----------------------------------------------


def adopted(world: World, unit, title: str, principles: list[tuple[str, str, dict]]) -> Charter:
    """An adopted charter of ``unit``, signed by the people who represent it (with
    `signatories`: Alice and Mads for Kommunikation, Dorte and Tage for Kultur)."""
    charter = draft_actions.create_charter(world.fiona, world.havneby, unit=unit, title=title)
    for da, en, cells in principles:
        made = editing_actions.add_principle(world.fiona, charter, statement_da=da, statement_en=en)
        for level, text in cells.items():
            editing_actions.set_cell(world.fiona, made, level, text=text)
    adoption_actions.propose(world.fiona, charter)
    sign_as_expected(charter)
    adoption_actions.adopt(world.fiona, charter)
    CharterVersion.objects.filter(charter=charter, status=Status.ADOPTED).update(
        adopted_on=ADOPTED_ON
    )
    return charter


def drafted(world: World, unit, title: str, principles: list[tuple[str, str, dict]]) -> Charter:
    charter = draft_actions.create_charter(world.fiona, world.havneby, unit=unit, title=title)
    for da, en, _cells in principles:
        editing_actions.add_principle(world.fiona, charter, statement_da=da, statement_en=en)
    return charter


def principle(charter: Charter, statement: tuple[str, str, dict]) -> CharterPrinciple:
    return charter.principles.get(statement_da=statement[0])


def across_the_levels(world: World) -> tuple[Charter, Charter, Charter]:
    """Kultur's adopted charter; Kommunikation's draft below it, with one principle taken
    from Kultur and one proposed up to it; the Web team's draft below that, with a
    principle proposed up to Kommunikation (with a note, on a fixed day)."""
    kultur = adopted(world, world.department, KULTUR_TITLE, [SOURCES, TOOLS])
    unit = drafted(world, world.unit, UNIT_TITLE, [LAST_WORD])
    cascade_actions.adopt_from_parent(world.fiona, unit, kultur, principle(kultur, TOOLS).code)
    editing_actions.add_principle(
        world.fiona, unit, statement_da=ALT_TEXTS[0], statement_en=ALT_TEXTS[1]
    )
    cascade_actions.propose_upward(world.fiona, principle(unit, ALT_TEXTS))
    web = drafted(world, world.web_team, WEB_TITLE, [])
    made = editing_actions.add_principle(
        world.fiona,
        web,
        statement_da="beder vi om lov, før vi lægger et billede ind i et værktøj",
        statement_en="ask for consent before we put a picture into a tool",
    )
    editing_actions.set_cell(world.fiona, made, "group", text="Vi spørger den, der er på billedet.")
    cascade_actions.propose_upward(world.fiona, made, WEB_NOTE)
    UpwardProposal.objects.update(proposed_at=PROPOSED_AT)
    return kultur, unit, web


def reflected(charter: Charter) -> Round:
    """A closed round on fixed days with five check-ins and one open action."""
    closed = Round.objects.create(
        charter=charter,
        version_number=1,
        kind="scheduled",
        opens_on=ROUND_DAYS[0],
        closes_on=ROUND_DAYS[1],
    )
    Checkin.objects.bulk_create(
        Checkin(round=closed, productivity=4, wellbeing=3, meaningfulness=4) for _ in range(5)
    )
    AgreedAction.objects.create(round=closed, description="Et kursus i kildekritik", owner="Leder")
    return closed


# Other (invented) organisations in the commons: (name, sector, size, shares reflection,
# shows its name, the scores of its check-ins). Every one agreed on the saved time, and
# most on two more, so that themes recur across five or more organisations.
OTHERS = [
    ("Plejecenter Solsiden", "health_and_care", "50-249", True, False, (4, 4, 5, 3, 4, 5)),
    ("Vestkystens Tandpleje", "health_and_care", "1-49", True, False, (3, 4, 4, 4, 3)),
    ("Region Midtkyst", "health_and_care", "5000+", True, True, (5, 4, 4, 5, 4, 4, 3)),
    ("Hjemmeplejen Nord", "health_and_care", "250-999", True, False, (4, 3, 3, 4, 5)),
    ("Sygehus Sønderå", "health_and_care", "1000-4999", True, True, (4, 5, 4, 4, 4, 5)),
    ("Åby Gymnasium", "education", "50-249", True, True, (3, 4, 4, 5, 4)),
    ("Professionshøjskolen Øst", "education", "1000-4999", False, False, ()),
    ("Nordbank", "finance", "1000-4999", False, False, ()),
]
SHARED_STATEMENTS = [
    ("bruger vi den sparede tid på borgerne og patienterne", "spend the time we save on people"),
    TOOLS[:2],
    ("deler vi aldrig personfølsomme oplysninger med værktøjerne", "never share personal data"),
    ("deler vi det, vi lærer, på tværs af teams", "share what we learn across teams"),
]


def other_organisations() -> list[Charter]:
    """Eight other organisations' adopted charters, published to the commons; the ones
    that share reflection have one closed round."""
    published = []
    for number, (name, sector, size, share, show, scores) in enumerate(OTHERS):
        admin = make_user(f"admin{number}@andre.example", f"Admin {number}")
        organisation = organisation_actions.create_organisation(admin, name, "da")
        unit = unit_actions.create_unit(admin, organisation, name, UnitLevel.CORPORATE_GROUP)
        charter = draft_actions.create_charter(
            admin, organisation, unit=unit, title="Vores AI-principper"
        )
        chosen = [SHARED_STATEMENTS[0], SHARED_STATEMENTS[1 + number % 3]]
        if number % 2:
            chosen.append(SHARED_STATEMENTS[1 + (number + 1) % 3])
        for da, en in chosen:
            made = editing_actions.add_principle(admin, charter, statement_da=da, statement_en=en)
            editing_actions.set_cell(admin, made, "group", text="Vi tager det op på teammødet.")
        signature_actions.set_required_roles(admin, organisation, ["committee"])
        adoption_actions.propose(admin, charter)
        signature_actions.sign(admin, charter, "committee")
        adoption_actions.adopt(admin, charter)
        CharterVersion.objects.filter(charter=charter).update(adopted_on=ADOPTED_ON)
        if scores:
            today = timezone.localdate()
            closed = Round.objects.create(
                charter=charter,
                version_number=1,
                kind="scheduled",
                opens_on=today - datetime.timedelta(days=30),
                closes_on=today - datetime.timedelta(days=16),
            )
            Checkin.objects.bulk_create(
                Checkin(round=closed, productivity=s, wellbeing=max(s - 1, 1), meaningfulness=s)
                for s in scores
            )
        commons.publish(
            admin, charter, sector=sector, size_band=size, show_name=show, share_reflection=share
        )
        published.append(charter)
    return published


# --- Across the levels: adopt from above, propose upward, take in ----------------------


@pytest.mark.parametrize(("language", "device"), JOURNEYS)
def test_a_facilitator_adopts_from_above_proposes_upward_and_the_unit_above_takes_it_in(
    browser_in, live_server, signatories: World, language: str, device: str
) -> None:
    world = signatories
    keyboard = device == "desktop"
    kultur = adopted(world, world.department, KULTUR_TITLE, [SOURCES, TOOLS])
    unit = drafted(world, world.unit, UNIT_TITLE, [LAST_WORD])
    base = f"{live_server.url}/o/{world.havneby.code}/charters"
    refused_by_csp: list[str] = []
    fiona = watch_csp(
        person_in(browser_in, live_server, world.fiona, DEVICES[device], language), refused_by_csp
    )

    # From the charter's page to its page across the levels, by the link there.
    fiona.goto(f"{base}/{unit.code}/")
    link = f'main a[href$="/charters/{unit.code}/cascade/"]'
    press(fiona, fiona.locator(link), link, keyboard)
    fiona.wait_for_url(f"{base}/{unit.code}/cascade/")
    expect(fiona.locator("main h1")).to_have_text(t(language, "Across the levels"))
    above = fiona.locator('section[aria-labelledby="above-title"] article')
    expect(above).to_have_count(1)
    expect(above.locator("h3")).to_have_text(f"Kultur · {KULTUR_TITLE}")
    expect(above).to_contain_text(a_date(language, ADOPTED_ON))
    item = above.locator("li").filter(has_text=shown(SOURCES, language))
    expect(item).to_have_count(1)

    # Adopt Kultur's principle about the sources.
    parent_code = principle(kultur, SOURCES).code
    adopt = f'form:has(input[name="principle"][value="{parent_code}"]) button[type="submit"]'
    button = item.get_by_role("button", name=t(language, "Adopt into our charter"))
    expect(button).to_be_visible()
    with fiona.expect_navigation():
        press(fiona, button, adopt, keyboard)
    expect_message(
        fiona,
        t(
            language,
            "The principle is in your draft now. Say what it means here in the level cells.",
        ),
    )
    # Marked as in the charter, with no button left to adopt it again.
    expect(item.locator(".badge")).to_have_text(t(language, "In your charter"))
    expect(item.locator("button")).to_have_count(0)
    taken = unit.principles.get(inherited_code=parent_code)
    assert taken.inherited_charter == kultur and taken.statement_da == SOURCES[0]
    assert {c.level: c.text for c in taken.cells.all()} == SOURCES[2]
    own = fiona.locator('section[aria-labelledby="own-title"] > ol > li')
    expect(own).to_have_count(2)
    origin = t(language, "Adopted from %(unit)s (version %(version)s)") % {
        "unit": "Kultur",
        "version": 1,
    }
    expect(own.filter(has_text=shown(SOURCES, language))).to_contain_text(origin)
    # What came from above is not proposed back up.
    expect(own.filter(has_text=shown(SOURCES, language)).locator("details")).to_have_count(0)

    # Propose the unit's own principle up to Kultur, with a note.
    last_word = principle(unit, LAST_WORD)
    mine = own.filter(has_text=shown(LAST_WORD, language))
    summary = mine.locator("details.propose-up summary")
    expect(summary).to_have_text(t(language, "Propose to %(unit)s") % {"unit": "Kultur"})
    note = mine.locator(f"#note-{last_word.code}")
    expect(note).to_be_hidden()
    if keyboard:
        _tab_to(fiona, f"details:has(#note-{last_word.code}) summary", limit=120)
        fiona.keyboard.press("Enter")
        expect(note).to_be_visible()
        fiona.keyboard.press("Tab")
        expect(note).to_be_focused()
        fiona.keyboard.type(NOTE)
        fiona.keyboard.press("Tab")
        expect(mine.get_by_role("button", name=t(language, "Propose"))).to_be_focused()
        with fiona.expect_navigation():
            fiona.keyboard.press("Enter")
    else:
        summary.tap()
        expect(note).to_be_visible()
        note.fill(NOTE)
        with fiona.expect_navigation():
            mine.get_by_role("button", name=t(language, "Propose")).tap()
    expect_message(
        fiona, t(language, "The principle is proposed to %(unit)s.") % {"unit": "Kultur"}
    )
    proposal = UpwardProposal.objects.get()
    assert proposal.to_unit == world.department and proposal.from_charter == unit
    assert proposal.principle_code == last_word.code and proposal.note == NOTE
    assert proposal.from_version is None  # only in the unit's draft so far
    expect(mine.locator(".badge")).to_have_text(
        t(language, "Proposed to %(unit)s") % {"unit": "Kultur"}
    )
    expect(mine.locator("details")).to_have_count(0)
    outgoing = fiona.locator('section[aria-labelledby="outgoing-title"] li')
    expect(outgoing).to_have_count(1)
    expect(outgoing).to_contain_text(shown(LAST_WORD, language))
    expect(outgoing).to_contain_text(t(language, "Open"))

    # Kultur's charter says it has an open proposal; its page across the levels shows
    # where the proposal came from, the note, and takes it in.
    fiona.goto(f"{base}/{kultur.code}/")
    expect(fiona.locator('[aria-labelledby="cascade-title"] .badge')).to_contain_text("1")
    link = f'main a[href$="/charters/{kultur.code}/cascade/"]'
    press(fiona, fiona.locator(link), link, keyboard)
    fiona.wait_for_url(f"{base}/{kultur.code}/cascade/")
    card = fiona.locator('section[aria-labelledby="incoming-title"] article')
    expect(card).to_have_count(1)
    expect(card.locator("strong")).to_contain_text(shown(LAST_WORD, language))
    provenance = t(language, "From %(unit)s (%(title)s), %(when)s") % {
        "unit": "Kommunikation",
        "title": UNIT_TITLE,
        "when": a_date(language, proposal.proposed_at),
    }
    expect(card).to_contain_text(provenance)
    expect(card).to_contain_text(t(language, "in their draft, not adopted yet"))
    expect(card.locator("blockquote")).to_have_text(NOTE)
    take = card.get_by_role("button", name=t(language, "Take into our next version"))
    with fiona.expect_navigation():
        press(fiona, take, f'form:has(input[value="{proposal.code}"]) button', keyboard)
    expect_message(fiona, t(language, "The proposal is in your draft now."))
    expect(card.locator(".badge")).to_have_text(t(language, "Accepted"))
    expect(card.locator("button")).to_have_count(0)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.TAKEN and proposal.taken_into == kultur
    assert proposal.decided_by == world.fiona
    # Into Kultur's new draft (version 2); the adopted version 1 stays as it was.
    assert current_version(kultur).number == 2
    assert kultur.principles.get(proposal=proposal).statement_da == LAST_WORD[0]
    assert LAST_WORD[0] not in str(latest_adopted(kultur).document)
    own = fiona.locator('section[aria-labelledby="own-title"] > ol > li')
    expect(own.filter(has_text=shown(LAST_WORD, language))).to_contain_text(
        t(language, "Proposed by %(unit)s") % {"unit": "Kommunikation"}
    )
    assert sideways(fiona) is None, "the page across the levels scrolls sideways"
    assert not refused_by_csp, "\n".join(refused_by_csp)


# --- The national commons: publish, find, withdraw ---------------------------------------


def _choose_with_keys(page: Page, select: str, value: str) -> None:
    """On a focused, closed <select>: the arrow keys down to ``value``."""
    assert page.evaluate("s => document.activeElement.matches(s)", select)
    values = page.locator(select).evaluate("el => [...el.options].map(o => o.value)")
    steps = values.index(value) - page.locator(select).evaluate("el => el.selectedIndex")
    assert steps >= 0
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    expect(page.locator(select)).to_have_value(value)


@pytest.mark.parametrize(("language", "device"), JOURNEYS)
def test_an_admin_publishes_the_coordinator_finds_it_and_it_is_gone_once_withdrawn(
    browser_in, live_server, signatories: World, nina: User, language: str, device: str
) -> None:
    world = signatories
    keyboard = device == "desktop"
    kultur = adopted(world, world.department, KULTUR_TITLE, [SOURCES, TOOLS])
    draft = drafted(world, world.unit, UNIT_TITLE, [LAST_WORD])
    org = world.havneby.code
    refused_by_csp: list[str] = []
    alice = watch_csp(
        person_in(browser_in, live_server, world.alice, DEVICES[device], language), refused_by_csp
    )
    alice.goto(f"{live_server.url}/o/{org}/")
    commons_link = f'.subnav a[href="/o/{org}/commons/"]'
    with alice.expect_navigation():
        press(alice, alice.locator(commons_link), commons_link, keyboard)
    assert alice.url == f"{live_server.url}/o/{org}/commons/"
    expect(alice.locator("main h1")).to_have_text(t(language, "The national commons"))
    # A draft cannot be published: it says so instead of showing the form.
    expect(alice.locator(f'section[aria-labelledby="c-{draft.code}"]')).to_contain_text(
        t(language, "Not adopted yet: only an adopted charter can be published.")
    )
    expect(alice.locator(f'section[aria-labelledby="c-{draft.code}"] form')).to_have_count(0)

    # Sector and size chosen, the name and the reflection left unticked.
    section = alice.locator(f'section[aria-labelledby="c-{kultur.code}"]')
    sector = f"#sector-{kultur.code}"
    size = f"#size-{kultur.code}"
    name = section.locator(f"#name-{kultur.code}")
    expect(section.get_by_label(t(language, "Sector"))).to_have_value("")
    expect(name).not_to_be_checked()
    # First what would be published, then publishing it.
    see = f'section[aria-labelledby="c-{kultur.code}"] button[value="preview"]'
    publish = 'section.preview-card button[value="publish"]'
    expect(alice.locator(see)).to_have_text(t(language, "See what would be published"))
    if keyboard:
        _tab_to(alice, sector, limit=120)
        _choose_with_keys(alice, sector, "health_and_care")
        alice.keyboard.press("Tab")
        _choose_with_keys(alice, size, "1000-4999")
        alice.keyboard.press("Tab")
        assert alice.evaluate("document.activeElement.name") == "show_name"
        _tab_to(alice, see, limit=5)  # past both boxes, without ticking them
        with alice.expect_navigation():
            alice.keyboard.press("Enter")
    else:
        section.get_by_label(t(language, "Sector")).select_option("health_and_care")
        section.get_by_label(t(language, "Size")).select_option("1000-4999")
        with alice.expect_navigation():
            alice.locator(see).tap()
    preview = alice.locator("section.preview-card")
    expect(preview.locator("h2")).to_contain_text(KULTUR_TITLE)
    expect(preview).to_contain_text(t(language, "Health and care"))
    expect(preview).to_contain_text(t(language, "anonymously"))
    expect(preview.locator(".cascade-list > li")).to_have_count(2)
    expect(preview.locator(".cascade-list")).to_contain_text(TOOLS[0])
    expect(preview).not_to_contain_text("Havneby")
    assert not Publication.objects.exists()  # nothing is published by looking
    expect(alice.locator(publish)).to_have_text(t(language, "Publish to the commons"))
    if keyboard:
        _tab_to(alice, publish, limit=120)
        with alice.expect_navigation():
            alice.keyboard.press("Enter")
    else:
        with alice.expect_navigation():
            alice.locator(publish).tap()
    expect_message(alice, t(language, "The charter is published to the commons."))
    publication = Publication.objects.get()
    assert publication.charter == kultur and publication.version_number == 1
    assert (publication.sector, publication.size_band) == ("health_and_care", "1000-4999")
    assert publication.shown_name == "" and not publication.share_reflection
    expect(section.locator(".badge")).to_have_text(t(language, "Published"))
    expect(section).to_contain_text(t(language, "anonymously"))
    expect(section.get_by_label(t(language, "Sector"))).to_have_value("health_and_care")

    # The coordinator: the dashboard loads; the search finds it by another form of a word.
    coordinator = watch_csp(
        person_in(browser_in, live_server, nina, DEVICES[device], language), refused_by_csp
    )
    coordinator.goto(f"{live_server.url}/national/")
    expect(coordinator.locator("main h1")).to_have_text(t(language, "Across organisations"))
    # One charter, in the singular: never "1 published charters".
    with translation.override(language):
        one = translation.ngettext(
            "<strong>%(n)s</strong> published charter",
            "<strong>%(n)s</strong> published charters",
            1,
        ) % {"n": 1}
    expect(coordinator.locator(".stat-list li").first).to_have_text(
        one.replace("<strong>", "").replace("</strong>", "")
    )
    search = coordinator.locator("main").get_by_role(
        "link", name=t(language, "Search the principles")
    )
    press(coordinator, search, 'main a.button[href="/national/search/"]', keyboard)
    coordinator.wait_for_url(f"{live_server.url}/national/search/")
    field = coordinator.get_by_label(t(language, "Words to look for"))
    if keyboard:
        _tab_to(coordinator, "#q", limit=60)
        coordinator.keyboard.type(INFLECTED)
    else:
        field.fill(INFLECTED)
    with coordinator.expect_navigation():
        field.press("Enter")
    hits = coordinator.locator(".commons-hit")
    expect(hits).to_have_count(1)
    expect(hits.locator("strong")).to_contain_text(shown(TOOLS, language))
    expect(hits).to_contain_text(t(language, "An organisation"))
    expect(hits).to_contain_text(t(language, "Health and care"))
    for secret in ("Havneby", "Kultur ·", KULTUR_TITLE):  # the name, the unit, the title
        expect(coordinator.locator("main")).not_to_contain_text(secret)
    expect(coordinator.locator("main [role=status]")).to_contain_text("1")
    # The hit leads to the publication: its principles, anonymous.
    hits.get_by_role("link", name=t(language, "An organisation")).click()
    coordinator.wait_for_url(f"{live_server.url}/national/publications/{publication.code}/")
    expect(coordinator.locator("main .cascade-list > li")).to_have_count(2)
    expect(coordinator.locator("main")).not_to_contain_text("Havneby")

    # The admin withdraws it; the same search finds nothing, the publication is gone.
    withdraw = section.get_by_role("button", name=t(language, "Withdraw from the commons"))
    with alice.expect_navigation():
        if keyboard:
            withdraw.focus()
            alice.keyboard.press("Enter")
        else:
            withdraw.tap()
    expect_message(alice, t(language, "The charter is no longer in the commons."))
    assert not Publication.objects.exists() and not CommonsPrinciple.objects.exists()
    expect(section.locator(".badge")).to_have_count(0)
    coordinator.goto(f"{live_server.url}/national/search/?q={INFLECTED}")
    expect(coordinator.get_by_label(t(language, "Words to look for"))).to_have_value(INFLECTED)
    expect(coordinator.locator("main [role=status]")).to_contain_text("0")
    expect(coordinator.locator(".commons-hit")).to_have_count(0)
    response = coordinator.goto(f"{live_server.url}/national/publications/{publication.code}/")
    assert response is not None and response.status == 404
    assert not refused_by_csp, "\n".join(refused_by_csp)


# --- A template from a search hit, and a charter principle started from it -------------


@pytest.mark.parametrize(("language", "device"), JOURNEYS)
def test_the_coordinator_makes_a_template_of_a_hit_and_a_facilitator_starts_from_it(
    browser_in, live_server, signatories: World, nina: User, language: str, device: str
) -> None:
    world = signatories
    keyboard = device == "desktop"
    kultur = adopted(world, world.department, KULTUR_TITLE, [SOURCES, TOOLS])
    commons.publish(world.alice, kultur, sector="culture", size_band="1000-4999")
    draft = drafted(world, world.unit, UNIT_TITLE, [LAST_WORD])
    source = CommonsPrinciple.objects.get(statement_da=TOOLS[0])
    refused_by_csp: list[str] = []

    coordinator = watch_csp(
        person_in(browser_in, live_server, nina, DEVICES[device], language), refused_by_csp
    )
    coordinator.goto(f"{live_server.url}/national/search/?q=værktøjerne")
    hit = coordinator.locator(".commons-hit")
    expect(hit).to_have_count(1)
    make = hit.get_by_role("link", name=t(language, "Make a template of it"))
    press(coordinator, make, f'a[href$="?from={source.code}"]', keyboard)
    coordinator.wait_for_url(f"{live_server.url}/national/templates/?from={source.code}")
    form = coordinator.locator('section[aria-labelledby="new-title"] form')
    # The published principle and its cells to start from.
    expect(form.locator("#t-da")).to_have_value(TOOLS[0])
    expect(form.locator("#t-en")).to_have_value(TOOLS[1])
    expect(form.locator("#t-cell-unit")).to_have_value(TOOLS[2]["unit"])
    statement = "inddrager vi medarbejderne tidligt, før nye værktøjer tages i brug"
    note = "Går igen i mange kommuner."
    form.locator("#t-da").fill(statement)
    form.locator("#t-note").fill(note)
    offer = form.get_by_role("button", name=t(language, "Offer it to every organisation"))
    with coordinator.expect_navigation():
        press(coordinator, offer, 'section[aria-labelledby="new-title"] button', keyboard)
    assert coordinator.url == f"{live_server.url}/national/templates/"
    expect_message(
        coordinator, t(language, "The template principle is offered to every organisation.")
    )
    template = TemplatePrinciple.objects.get()
    assert template.from_principle_code == source.code and template.active
    assert template.statement_da == statement and template.note == note
    assert template.cells == TOOLS[2]
    expect(coordinator.locator("main .cascade-list > li")).to_have_count(1)

    # Fiona starts a principle of her draft from it.
    fiona = watch_csp(
        person_in(browser_in, live_server, world.fiona, DEVICES[device], language), refused_by_csp
    )
    fiona.goto(f"{live_server.url}/o/{world.havneby.code}/commons/templates/")
    expect(fiona.locator("main h1")).to_have_text(t(language, "Template principles"))
    card = fiona.locator("main article.card")
    expect(card).to_have_count(1)
    expect(card.locator("strong")).to_contain_text(statement if language == "da" else TOOLS[1])
    expect(card).to_contain_text(note)
    into = card.get_by_label(t(language, "Into the charter"))
    start = card.get_by_role("button", name=t(language, "Start from this"))
    if keyboard:
        _tab_to(fiona, f"#charter-{template.code}", limit=80)
        _choose_with_keys(fiona, f"#charter-{template.code}", draft.code)
        fiona.keyboard.press("Tab")
        expect(start).to_be_focused()
        with fiona.expect_navigation():
            fiona.keyboard.press("Enter")
    else:
        into.select_option(draft.code)
        with fiona.expect_navigation():
            start.tap()
    made = draft.principles.get(template_code=template.code)
    assert fiona.url == (
        f"{live_server.url}/o/{world.havneby.code}/charters/{draft.code}/principles/{made.code}/"
    )
    expect_message(
        fiona, t(language, "The principle is in the charter's draft now: adapt it to you.")
    )
    assert made.statement_da == statement
    assert {c.level: c.text for c in made.cells.all()} == TOOLS[2]
    assert not kultur.principles.filter(template_code=template.code).exists()
    assert not refused_by_csp, "\n".join(refused_by_csp)


# --- The organisation's overview, unit by unit -----------------------------------------


@pytest.mark.parametrize(("language", "device"), JOURNEYS)
def test_the_admin_reads_the_overview_unit_by_unit(
    browser_in, live_server, signatories: World, language: str, device: str
) -> None:
    world = signatories
    kultur, _unit, _web = across_the_levels(world)
    reflected(kultur)
    org = world.havneby.code
    alice = person_in(browser_in, live_server, world.alice, DEVICES[device], language)
    alice.goto(f"{live_server.url}/o/{org}/charters/")
    alice.locator("main").get_by_role("link", name=t(language, "Across the organisation")).click()
    alice.wait_for_url(f"{live_server.url}/o/{org}/charters/overview/")
    expect(alice.locator("main h1")).to_have_text(t(language, "Across the organisation"))
    rows = alice.locator(".overview-table tbody tr")
    expect(rows).to_have_count(4)  # one a unit, each with one charter or none
    heads = alice.locator(".overview-table tbody th[scope=row]")
    for number, unit in enumerate(("Havneby Kommune", "Kultur", "Kommunikation", "Web")):
        expect(heads.nth(number)).to_contain_text(unit)
    expect(rows.nth(0)).to_contain_text(t(language, "No charter yet"))

    row = rows.nth(1)
    expect(row.get_by_role("link", name=KULTUR_TITLE)).to_have_attribute(
        "href", f"/o/{org}/charters/{kultur.code}/"
    )
    expect(row.locator(".badge")).to_contain_text("v1")
    expect(row).to_contain_text(a_date(language, ADOPTED_ON))
    expect(row).to_contain_text(a_date(language, ROUND_DAYS[0]))
    cells = row.locator("td")
    expect(cells.nth(3)).to_have_text("1")  # one open action
    expect(cells.nth(4)).to_have_text("1")  # one open proposal (Kommunikation's)
    # Kommunikation: a draft, with the Web team's proposal open.
    expect(rows.nth(2)).to_contain_text(UNIT_TITLE)
    expect(rows.nth(2).locator("td").nth(1)).to_contain_text(t(language, "Not yet"))
    expect(rows.nth(2).locator("td").nth(4)).to_have_text("1")
    if device == "phone":
        assert sideways(alice) is None, "the overview scrolls sideways on a phone"
        # Stacked: every cell says what it is.
        expect(cells.nth(1)).to_have_attribute("data-label", t(language, "Last adopted"))

    # The open proposal leads to the page where it is taken in.
    cells.nth(4).get_by_role("link").click()
    alice.wait_for_url(f"{live_server.url}/o/{org}/charters/{kultur.code}/cascade/")
    expect(alice.locator('section[aria-labelledby="incoming-title"] article')).to_have_count(1)


# --- Accessibility and phones ----------------------------------------------------------


@pytest.mark.parametrize(("language", "device"), JOURNEYS)
def test_the_pages_across_levels_and_organisations_pass_axe_and_fit_a_phone(
    browser_in, live_server, signatories: World, nina: User, language: str, device: str
) -> None:
    world = signatories
    kultur, unit, web = across_the_levels(world)
    reflected(kultur)
    commons.publish(world.alice, kultur, sector="culture", size_band="1000-4999")
    other_organisations()
    source = CommonsPrinciple.objects.filter(statement_da=TOOLS[0]).first()
    assert source is not None
    template = commons.create_template(
        nina,
        statement_da=TOOLS[0],
        statement_en=TOOLS[1],
        cells=TOOLS[2],
        note="Går igen i mange kommuner.",
        from_principle=source,
    )
    org = world.havneby.code
    publication = Publication.objects.get(charter=kultur)
    found: dict[str, list[dict]] = {}
    too_wide: dict[str, int] = {}
    refused_by_csp: list[str] = []

    def audit(page: Page, url: str, name: str, ready: Callable[[Page], None]) -> None:
        """Opens ``url`` (or, when empty, checks the page as it is now)."""
        if url:
            response = page.goto(url)
            assert response is not None and response.ok, url
        where = f"{name} ({page.url.removeprefix(live_server.url)})"
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main h1")).to_be_visible()
        ready(page)
        if violations := _violations(page):
            found[where] = violations
        if width := sideways(page):
            too_wide[where] = width

    def count(selector: str, n: int) -> Callable[[Page], None]:
        return lambda page: expect(page.locator(selector)).to_have_count(n)

    def opened(page: Page) -> None:
        """With the proposal's form open (the <details>), as when one is being written."""
        page.locator("details.propose-up summary").first.click()
        expect(page.locator("details.propose-up textarea").first).to_be_visible()

    def dashboard_ready(page: Page) -> None:
        """Themes across five or more organisations, some counts withheld; the aims of
        health and care, where five organisations share their reflection."""
        expect(page.locator('[aria-labelledby="themes-title"] tbody tr').first).to_be_visible()
        expect(page.locator('[aria-labelledby="themes-title"] .withheld').first).to_be_visible()
        aims = page.locator('[aria-labelledby="aims-title"] tbody tr')
        expect(aims.first.locator("th")).to_have_text(t(language, "Health and care"))
        expect(aims.first.locator("td")).to_have_count(5)

    device_of = DEVICES[device]
    fiona = watch_csp(
        person_in(browser_in, live_server, world.fiona, device_of, language), refused_by_csp
    )
    alice = watch_csp(
        person_in(browser_in, live_server, world.alice, device_of, language), refused_by_csp
    )
    coordinator = watch_csp(
        person_in(browser_in, live_server, nina, device_of, language), refused_by_csp
    )
    charters_url = f"{live_server.url}/o/{org}/charters"

    audit(fiona, f"{charters_url}/{unit.code}/cascade/", "cascade, a unit", opened)
    audit(
        fiona,
        f"{charters_url}/{kultur.code}/cascade/",
        "cascade, the unit above with a proposal",
        count('section[aria-labelledby="incoming-title"] article', 1),
    )
    audit(fiona, f"{charters_url}/{web.code}/cascade/", "cascade, a group", count("main h1", 1))
    audit(
        alice,
        f"{charters_url}/overview/",
        "overview",
        count(".overview-table tbody tr", 4),
    )
    audit(
        alice,
        f"{live_server.url}/o/{org}/commons/",
        "the organisation's commons",
        count("main section.card form", 1),
    )

    def previewed(page: Page) -> None:
        """What would be published, before it is (the charter published again)."""
        with page.expect_navigation():
            page.locator(
                f'section[aria-labelledby="c-{kultur.code}"] button[value="preview"]'
            ).click()
        expect(page.locator("section.preview-card .cascade-list > li")).to_have_count(2)

    audit(alice, "", "the organisation's commons, what would be published", previewed)
    audit(
        fiona,
        f"{live_server.url}/o/{org}/commons/templates/",
        "template principles, a facilitator",
        count("main article.card form", 1),
    )
    audit(
        coordinator,
        f"{live_server.url}/national/",
        "national dashboard",
        dashboard_ready,
    )
    audit(
        coordinator,
        f"{live_server.url}/national/search/?q={INFLECTED}",
        "search results",
        count(".commons-hit", 5),
    )
    audit(
        coordinator,
        f"{live_server.url}/national/search/?q=ingenting+herinde",
        "search, nothing found",
        count(".commons-hit", 0),
    )
    audit(
        coordinator,
        f"{live_server.url}/national/publications/{publication.code}/",
        "a publication",
        count("main .cascade-list > li", 2),
    )
    audit(
        coordinator,
        f"{live_server.url}/national/templates/?from={source.code}",
        "templates, a new one from a hit",
        lambda page: expect(page.locator("#t-da")).to_have_value(TOOLS[0]),
    )
    audit(
        coordinator,
        f"{live_server.url}/national/templates/{template.code}/",
        "a template",
        lambda page: expect(page.locator("#t-active")).to_be_checked(),
    )
    audit(
        fiona,
        f"{live_server.url}/national/search/?q={INFLECTED}",
        "search results, a facilitator",
        count(".commons-hit a[href^='/national/templates/']", 0),
    )

    assert not found, "axe found serious or critical violations:\n" + _describe(found)
    assert not too_wide, f"pages wider than the device: {too_wide}"
    assert not refused_by_csp, "\n".join(refused_by_csp)
