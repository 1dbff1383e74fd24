"""Test-wide setup and the personas every test speaks of.

The personas mirror the permission model (see docs/organisations.md):

- ``alice``   organisation admin of Havneby
- ``fiona``   facilitator in Havneby
- ``mads``    member of Havneby, in the Web team, union representative (TR)
- ``olga``    outsider: admin of another organisation, Fjordby
- ``nina``    national coordinator of the installation, member of no organisation
- ``nobody``  an anonymous visitor (the plain ``client``)
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings
from pytest_django.plugin import DjangoDbBlocker

from tests.kept import Kept
from vogter.accounts.models import User
from vogter.api.actions import issue_token
from vogter.api_root import api
from vogter.lib import throttle
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import Membership, Organisation, Role, Unit, UnitLevel
from vogter.workshops.models import Workshop

if TYPE_CHECKING:
    from vogter.charters.models import Charter

PASSWORD = "correct horse battery staple"


BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave tests/browser out of runs that deselect the `browser` marker (`make test`): its
    conftest imports Playwright, and every test in it would be deselected anyway."""
    if collection_path != BROWSER_TESTS:
        return None
    markexpr = config.getoption("markexpr") or ""
    return not ("browser" in markexpr and "not browser" not in markexpr)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
QUIET_MAIL = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = QUIET_MAIL
    settings.SECURE_SSL_REDIRECT = False
    # Clients a test's flood blocked stay blocked in this process's memory otherwise.
    throttle.reset()
    if settings.REDIS_URL:
        # Tests share one Redis (and run in parallel): a prefix per test keeps their
        # rate-limit counters and cached values apart.
        settings.CACHES = {
            "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        }


@pytest.fixture(scope="session", autouse=True)
def _openapi_schema_once() -> Iterator[None]:
    """Build the OpenAPI schema once per test process instead of on every request for
    /api/openapi.json: the routes are fixed once imported, and building it (pydantic's JSON
    schema for every operation) took a sixth of the suite's time, sixty-odd times over.
    Each request still goes through the view, which only serialises the schema: no copy
    (a deep copy cost a sixth of a build)."""
    build = api.get_openapi_schema
    built: dict[tuple[object, ...], Any] = {}

    def once(*, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        key = (path_prefix, tuple(sorted((path_params or {}).items())), translation.get_language())
        if key not in built:
            built[key] = build(path_prefix=path_prefix, path_params=path_params)
        return built[key]

    api.get_openapi_schema = once  # type: ignore[method-assign]
    yield
    del api.get_openapi_schema


class Clock:
    """The clock of the rate limits, held still until a test moves it."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Rate-limit windows and login delays run on this clock: a test moves it instead of
    sleeping, and never straddles two windows by chance."""
    still = Clock()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=still.time))
    monkeypatch.setattr("vogter.accounts.limits.now", still.time)
    return still


@pytest.fixture
def still_ratelimit_clock(clock: Clock) -> None:
    """Rate-limit windows roll over on the clock; holding it still means a test never
    straddles two windows and sees its count reset halfway."""


@dataclass
class World:
    havneby: Organisation
    corporate: Unit
    department: Unit
    unit: Unit
    web_team: Unit
    fjordby: Organisation
    fjordby_unit: Unit
    alice: User
    fiona: User
    mads: User
    olga: User

    def membership(self, user: User, organisation: Organisation | None = None) -> Membership:
        return Membership.objects.get(user=user, organisation=organisation or self.havneby)


def make_user(email: str, name: str = "", language: str = "da") -> User:
    return User.objects.create_user(email, PASSWORD, name=name, language=language)


def build_world() -> World:
    alice = make_user("alice@havneby.example", "Alice Admin")
    fiona = make_user("fiona@havneby.example", "Fiona Facilitator")
    mads = make_user("mads@havneby.example", "Mads Member")
    olga = make_user("olga@fjordby.example", "Olga Outsider")

    havneby = organisation_actions.create_organisation(alice, "Havneby Kommune", "da")
    corporate = unit_actions.create_unit(
        alice, havneby, "Havneby Kommune", UnitLevel.CORPORATE_GROUP
    )
    department = unit_actions.create_unit(alice, havneby, "Kultur", UnitLevel.DEPARTMENT, corporate)
    unit = unit_actions.create_unit(alice, havneby, "Kommunikation", UnitLevel.UNIT, department)
    web_team = unit_actions.create_unit(alice, havneby, "Web", UnitLevel.GROUP, unit)
    for user, role in ((fiona, Role.FACILITATOR), (mads, Role.MEMBER)):
        invitation = invitation_actions.invite(alice, havneby, role=role)
        joining_actions.accept_invitation(user, invitation)
    membership_actions.change_membership(
        alice, Membership.objects.get(user=mads), unit=web_team, is_union_rep=True
    )

    fjordby = organisation_actions.create_organisation(olga, "Fjordby Hospital", "en")
    fjordby_unit = unit_actions.create_unit(
        olga, fjordby, "Medicinsk afdeling", UnitLevel.DEPARTMENT
    )
    return World(
        havneby,
        corporate,
        department,
        unit,
        web_team,
        fjordby,
        fjordby_unit,
        alice,
        fiona,
        mads,
        olga,
    )


@pytest.fixture
def world(request: pytest.FixtureRequest, db: None) -> World:
    kept = KEPT.copies_for(request.node)
    return kept["world"] if "world" in kept else build_world()


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(world: World) -> Client:
    return _client_for(world.alice)


@pytest.fixture
def fiona_client(world: World) -> Client:
    return _client_for(world.fiona)


@pytest.fixture
def mads_client(world: World) -> Client:
    return _client_for(world.mads)


@pytest.fixture
def olga_client(world: World) -> Client:
    return _client_for(world.olga)


@pytest.fixture
def nina(world: World) -> User:
    """Nina, the installation's national coordinator: a member of no organisation."""
    from vogter.commons.actions import grant_coordinator

    person = make_user("nina@nationalt.example", "Nina National")
    grant_coordinator(None, person)
    return person


@pytest.fixture
def nina_client(nina: User) -> Client:
    return _client_for(nina)


@pytest.fixture
def api_client_for(world: World) -> Callable[[User], Client]:
    """api_client_for(user) -> a Client that sends that person's API token."""

    def make(user: User) -> Client:
        _token, raw = issue_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def workshop(request: pytest.FixtureRequest, world: World) -> Workshop:
    """Fiona's workshop for the communications unit, in the reflect phase."""
    kept = KEPT.copies_for(request.node)
    return kept["workshop"] if "workshop" in kept else build_workshop(world)


def build_workshop(world: World) -> Workshop:
    import datetime

    from vogter.workshops.actions import workshops as workshop_actions

    w = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="AI i kommunikationen",
        date=datetime.date(2026, 11, 27),
        language="da",
    )
    return workshop_actions.set_phase(world.fiona, w, "reflect")


# Answers of a small bilingual workshop: (profession, {question: answer}).
SAMPLE_SHEETS = [
    (
        "Webredaktør",
        {"q1": "Jeg sparer tid på rutineopgaver.", "q5": "Troværdighed over for borgerne."},
    ),
    ("Developer", {"q1": "It saves me time on boilerplate code.", "q5": "Trust and honesty."}),
    ("Fotograf", {"q1": "Bedre kvalitet i alt-teksterne.", "q5": "Ægte billeder, ingen snyd."}),
    ("Tester", {"q1": "Fewer errors in the test reports.", "q5": "Quality before speed."}),
    ("Sekretær", {"q1": "Mere tid til patienterne.", "q5": "Fortrolighed om patientdata."}),
    ("Sagsbehandler", {"q1": "Hurtigere overblik over sager.", "q5": "Ordentlighed."}),
]


@pytest.fixture
def answered_workshop(request: pytest.FixtureRequest, world: World, workshop: Workshop) -> Workshop:
    """Fiona's workshop with six sheets answered, moved on to the themes phase."""
    kept = KEPT.copies_for(request.node)
    return kept["answered_workshop"] if "answered_workshop" in kept else answer(world, workshop)


def answer(world: World, workshop: Workshop) -> Workshop:
    from vogter.workshops.actions import sheets as sheet_actions
    from vogter.workshops.actions import workshops as workshop_actions

    for profession, answers in SAMPLE_SHEETS:
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "profession", profession, 1)
        for question, text in answers.items():
            sheet_actions.save_entry(sheet, question, text, 1)
        sheet_actions.submit_sheet(sheet)
    return workshop_actions.set_phase(world.fiona, workshop, "themes")


@pytest.fixture
def drafted_workshop(
    request: pytest.FixtureRequest, world: World, answered_workshop: Workshop
) -> Workshop:
    """The answered workshop in the principles phase with two principles: the first
    with a theme, a quote and three level cells (one left empty on purpose), the second
    written only in English."""
    kept = KEPT.copies_for(request.node)
    return (
        kept["drafted_workshop"] if "drafted_workshop" in kept else draft(world, answered_workshop)
    )


def draft(world: World, answered_workshop: Workshop) -> Workshop:
    from vogter.principles.actions import principles as principle_actions
    from vogter.principles.actions import themes as theme_actions
    from vogter.principles.themes import theme_entries
    from vogter.workshops.actions import workshops as workshop_actions

    entries = list(theme_entries(answered_workshop, "q1").order_by("text"))
    theme = theme_actions.new_theme(
        world.fiona, answered_workshop, "q1", "Tid", [str(e.id) for e in entries[:3]]
    )
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    first = principle_actions.create_principle(
        world.fiona,
        answered_workshop,
        statement_da="bruger vi den sparede tid på borgerne",
        theme_codes=[theme.code],
        answer_ids=[str(entries[0].id)],
    )
    principle_actions.set_cell(
        world.fiona, first, "individual", text="Jeg bruger tiden på borgerne"
    )
    principle_actions.set_cell(
        world.fiona, first, "group", text="Vi aftaler, hvad tiden går til", responsible="Teamleder"
    )
    principle_actions.set_cell(world.fiona, first, "national", empty_on_purpose=True)
    principle_actions.create_principle(
        world.fiona, answered_workshop, statement_en="always check the sources before we share"
    )
    return answered_workshop


# Built once and kept for the tests that follow one another asking for them (tests/kept.py).
KEPT = Kept(
    chain=(
        ("world", lambda kept: build_world()),
        ("workshop", lambda kept: build_workshop(kept["world"])),
        ("answered_workshop", lambda kept: answer(kept["world"], kept["workshop"])),
        ("drafted_workshop", lambda kept: draft(kept["world"], kept["answered_workshop"])),
    ),
    # This file's autouse fixtures, the LLM tests' proxy variables, and fixtures that only
    # log a person in or hand out a way to: the chain reads nothing they change.
    harmless={
        "_fast_and_quiet",
        "_openapi_schema_once",
        "_no_proxy",
        "alice_client",
        "api_client_for",
        "fiona_client",
        "mads_client",
        "olga_client",
    },
    settings={"PASSWORD_HASHERS": FAST_HASHERS, "EMAIL_BACKEND": QUIET_MAIL},
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    KEPT.prepare_for(item)


@pytest.fixture
def signatories(world: World) -> World:
    """Alice (the admin) is also the unit's manager, and Mads, its TR, now works in the
    unit itself: the people who sign the unit's charter (docs/organisations.md). Dorte
    manages the department above it and Tage is its TR: they sign the department's."""
    membership_actions.change_membership(
        world.alice, world.membership(world.alice), unit=world.unit, is_manager=True
    )
    membership_actions.change_membership(world.alice, world.membership(world.mads), unit=world.unit)
    for local, name, flags in (
        ("dorte", "Dorte Direktør", {"is_manager": True}),
        ("tage", "Tage Tillid", {"is_union_rep": True}),
    ):
        person = make_user(f"{local}@havneby.example", name)
        membership = joining_actions.accept_invitation(
            person, invitation_actions.invite(world.alice, world.havneby)
        )
        membership_actions.change_membership(
            world.alice, membership, unit=world.department, **flags
        )
    return world


def sign_as_expected(charter: "Charter") -> None:
    """Every missing signature of a proposed charter, each given by the first person the
    representation rule expects (with `signatories`: Alice and Mads for the unit, Dorte
    and Tage for the department above it), or an admin for the committee."""
    from vogter.charters import access as charter_access
    from vogter.charters.actions import signatures as signature_actions
    from vogter.charters.versions import missing_signatures

    expected = charter_access.expected_signers(charter)
    for role in missing_signatures(charter):
        people = expected[role] or (
            list(Membership.objects.filter(organisation=charter.organisation, role=Role.ADMIN))
            if role == "committee"
            else []
        )
        assert people, f"nobody to sign {role} for {charter.unit}"
        signature_actions.sign(people[0].user, charter, role)


@dataclass
class Branches:
    """Managers and representatives placed in units, for rules with a scope: the
    Kommunikation unit's own manager and TR, the manager and the TR of the Kultur
    department above it, and the manager and the TR of Sekretariatet, in another
    department (Sundhed). The Web team below Kommunikation has its own TR (Mads) and no
    manager of its own, so Kim, Kommunikation's manager, represents it as manager."""

    sundhed: Unit
    sekretariatet: Unit
    kim: User  # manager of Kommunikation (world.unit)
    tina: User  # TR of Kommunikation
    dora: User  # manager of Kultur (world.department), above Kommunikation
    ulla: User  # TR of Kultur
    sara: User  # manager of Sekretariatet, another branch
    tom: User  # TR of Sekretariatet


@pytest.fixture
def branches(world: World) -> Branches:
    sundhed = unit_actions.create_unit(
        world.alice, world.havneby, "Sundhed", UnitLevel.DEPARTMENT, world.corporate
    )
    sekretariatet = unit_actions.create_unit(
        world.alice, world.havneby, "Sekretariatet", UnitLevel.UNIT, sundhed
    )
    people = {}
    for local, name, unit, flags in (
        ("kim", "Kim Kommunikationschef", world.unit, {"is_manager": True}),
        ("tina", "Tina Tillid", world.unit, {"is_union_rep": True}),
        ("dora", "Dora Direktør", world.department, {"is_manager": True}),
        ("ulla", "Ulla Union", world.department, {"is_union_rep": True}),
        ("sara", "Sara Sekretariatschef", sekretariatet, {"is_manager": True}),
        ("tom", "Tom Tillidsrepræsentant", sekretariatet, {"is_union_rep": True}),
    ):
        person = make_user(f"{local}@havneby.example", name)
        membership = joining_actions.accept_invitation(
            person, invitation_actions.invite(world.alice, world.havneby)
        )
        membership_actions.change_membership(world.alice, membership, unit=unit, **flags)
        people[local] = person
    return Branches(sundhed, sekretariatet, **people)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, test against a database file, as `make run` serves, not pytest-django's
    in-memory default: closing an in-memory connection does nothing, so a guard on new
    connections per request (tests/test_hot_paths.py) could not see one being thrown away.

    Its tables are made from the models, not by running every migration: that took each
    test process 1.5 of its first 1.9 seconds. Nothing is lost on SQLite, where the data
    migrations find no rows and the search index ones do nothing; `django_db_setup` below
    refuses models that a migration does not describe, and test_backup.py still migrates
    a database of its own from empty. PostgreSQL keeps the migrations: its search needs them.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        database["TEST"]["MIGRATE"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Where the test database is made from the models (see above), a model change without
    its migration would go unnoticed: stop the run then, as a migrated database would.
    From here on consecutive tests may share what they build (KEPT), rolled back before the
    database goes."""
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DATABASES["default"].get("TEST", {}).get("MIGRATE", True):
        with django_db_blocker.unblock():
            try:
                call_command("makemigrations", "--check", "--dry-run", verbosity=0)
            except SystemExit:
                pytest.fail("the models have changes that no migration makes: run makemigrations")
    KEPT.blocker = django_db_blocker
    yield
    KEPT.roll_back_to(0)
    KEPT.blocker = None


# URL parameters that hold a code are named for it (`<str:workshop_code>`, `{unit_code}`);
# the tests that fill in every route keep their codes by thing ("workshop", "unit", …).
CODED = ("workshop", "unit", "theme", "principle", "charter", "template")


def with_url_codes(values: dict[str, str]) -> dict[str, str]:
    """`values` with each thing's code also under its URL parameter's name."""
    return values | {f"{thing}_code": values[thing] for thing in CODED if thing in values}
