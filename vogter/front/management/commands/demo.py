import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter, SignatureRole
from vogter.front import demo_commons
from vogter.front.demo_commons import DEMO_DOMAIN, DEMO_PASSWORD
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import Membership, Organisation, Role, Unit, UnitLevel
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import Theme
from vogter.workshops import imports
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import PHASE_ORDER, Phase, Workshop

DEMO_ORGANISATION = "Havnestad Kommune"
# Invented sample worksheets (see demo/README.md), typed up as if from paper.
SAMPLE_ANSWERS = Path(__file__).resolve().parents[2] / "demo" / "sample_workshop.csv"
# (title, unit, phase, rows of the sample file to import)
WORKSHOPS = [
    ("AI i kommunikationen", "Kommunikation", "reflect", "Kommunikationsafdelingen"),
    ("AI i sekretariatet", "Sekretariatet", "lobby", None),
    ("AI i lægesekretariatet", "Sekretariatet", "principles", "Medicinsk afdeling, sekretariatet"),
]
DEMO_CHARTER_WORKSHOP = "AI i lægesekretariatet"
DEMO_CHARTER_TITLE = "Principper for generativ AI i Sekretariatet"
# Draft principles of the workshop in the principles phase: (Danish statement, level cells).
DEMO_PRINCIPLES: list[tuple[str, dict[str, str | None]]] = [
    (
        "er det altid en fagperson, der godkender det, der sendes til patienten",
        {
            "individual": "Jeg læser alt igennem, før jeg sender det videre.",
            "group": "Vi aftaler, hvem der godkender hvilke typer breve.",
            "national": "Journalføringsbekendtgørelsen og GDPR gælder uændret.",
        },
    ),
    (
        "bruger vi den tid, vi sparer, på patienterne og ikke på flere sager",
        {"unit": "Ledelsen følger op på, hvad den sparede tid bruges til.", "national": None},
    ),
]

# (name, level, parent name)
UNITS = [
    ("Havnestad Kommune", UnitLevel.CORPORATE_GROUP, None),
    ("Kultur og Borgerservice", UnitLevel.DEPARTMENT, "Havnestad Kommune"),
    ("Sundhed og Omsorg", UnitLevel.DEPARTMENT, "Havnestad Kommune"),
    ("Kommunikation", UnitLevel.UNIT, "Kultur og Borgerservice"),
    ("Borgerservice", UnitLevel.UNIT, "Kultur og Borgerservice"),
    ("Web og digital", UnitLevel.GROUP, "Kommunikation"),
    ("Presse og kampagner", UnitLevel.GROUP, "Kommunikation"),
    ("Sekretariatet", UnitLevel.UNIT, "Sundhed og Omsorg"),
]

# (local part, name, role, unit, manager, TR, AMR)
PEOPLE = [
    ("admin", "Birgitte Holm", Role.ADMIN, "Havnestad Kommune", False, False, False),
    ("facilitator", "Jonas Krogh", Role.FACILITATOR, "Kommunikation", False, False, False),
    # The manager and the TR of the department above the Sekretariat, which has neither:
    # they sign both demo charters (docs/organisations.md, "Who represents a unit").
    ("leder", "Mette Lauridsen", Role.MEMBER, "Sundhed og Omsorg", True, False, False),
    ("tr", "Ahmed Rasmussen", Role.MEMBER, "Sundhed og Omsorg", False, True, False),
    ("amr", "Signe Dahl", Role.MEMBER, "Presse og kampagner", False, False, True),
    ("medarbejder", "Lars Winther", Role.MEMBER, "Web og digital", False, False, False),
    ("sekretaer", "Hanne Birk", Role.MEMBER, "Sekretariatet", False, False, False),
]


class Command(BaseCommand):
    help = "Create the demo organisation with units and people in every role. Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load the demo when the database has no organisations yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        has_other_data = (
            Organisation.objects.exclude(name=DEMO_ORGANISATION).exists()
            and not Organisation.objects.filter(name=DEMO_ORGANISATION).exists()
        )
        if options["if_empty"] and has_other_data:
            self.stdout.write("The database already has data; the demo was not loaded.")
            return
        self._load()
        self.stdout.write(
            f"Demo organisation: {DEMO_ORGANISATION}\n"
            f"Log in as admin@{DEMO_DOMAIN} (organisation admin) or "
            f"facilitator@{DEMO_DOMAIN} (facilitator), password: {DEMO_PASSWORD}\n"
            f"Other demo people: "
            + ", ".join(f"{p[0]}@{DEMO_DOMAIN}" for p in PEOPLE[2:])
            + " (same password)\n"
            f"National coordinator: {demo_commons.COORDINATOR}@{DEMO_DOMAIN} (same password)"
        )

    @transaction.atomic
    def _load(self) -> None:
        users = {local: self._user(local, name) for local, name, *_ in PEOPLE}
        admin = users["admin"]
        organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
        if organisation is None:
            organisation = organisation_actions.create_organisation(admin, DEMO_ORGANISATION, "da")
        units: dict[str, Unit] = {}
        for name, level, parent_name in UNITS:
            unit = Unit.objects.filter(organisation=organisation, name=name).first()
            if unit is None:
                parent = units[parent_name] if parent_name else None
                unit = unit_actions.create_unit(admin, organisation, name, level, parent)
            units[name] = unit
        for local, _name, role, unit_name, manager, tr, amr in PEOPLE:
            membership = Membership.objects.filter(
                organisation=organisation, user=users[local]
            ).first()
            if membership is None:
                # Joined the way everyone joins: through an invitation.
                invitation = invitation_actions.invite(admin, organisation, role=role)
                membership = joining_actions.accept_invitation(users[local], invitation)
            membership_actions.change_membership(
                admin,
                membership,
                role=role,
                unit=units[unit_name],
                is_manager=manager,
                is_union_rep=tr,
                is_safety_rep=amr,
            )

        facilitator = users["facilitator"]
        for title, unit_name, phase, sample in WORKSHOPS:
            if Workshop.objects.filter(organisation=organisation, title=title).exists():
                continue
            workshop = workshop_actions.create_workshop(
                facilitator,
                organisation,
                unit=units[unit_name],
                title=title,
                date=datetime.date.today(),
                language="da",
            )
            if sample:
                preview = imports.parse(SAMPLE_ANSWERS.read_bytes(), SAMPLE_ANSWERS.name)
                imports.import_sheets(facilitator, workshop, preview.choose(sample))
            while phase != workshop.phase:
                following = PHASE_ORDER[PHASE_ORDER.index(Phase(workshop.phase)) + 1]
                workshop_actions.set_phase(facilitator, workshop, following)
                if following == Phase.THEMES:
                    theme_actions.suggest_themes(facilitator, workshop)
            if phase == Phase.PRINCIPLES:
                self._draft_principles(facilitator, workshop)
        if not Charter.objects.filter(organisation=organisation).exists():
            self._charter(organisation, units["Sekretariatet"], users)
        demo_commons.load(organisation, units, users)

    def _charter(self, organisation: Organisation, unit: Unit, users: dict[str, User]) -> None:
        """An adopted charter, signed by the manager and the TR, and a second draft with a
        change and its reason: the whole cycle at once."""
        facilitator = users["facilitator"]
        workshop = Workshop.objects.get(organisation=organisation, title=DEMO_CHARTER_WORKSHOP)
        charter = draft_actions.create_charter(
            facilitator, organisation, unit=unit, title=DEMO_CHARTER_TITLE, workshops=[workshop]
        )
        adoption_actions.propose(facilitator, charter)
        signature_actions.sign(users["leder"], charter, SignatureRole.MANAGER)
        signature_actions.sign(users["tr"], charter, SignatureRole.UNION_REP)
        adoption_actions.adopt(users["leder"], charter)
        adoption_actions.new_draft(facilitator, charter)
        first = charter.principles.order_by("position").first()
        if first is not None:
            editing_actions.set_cell(
                facilitator,
                first,
                "department",
                text="Afdelingen afsætter tid til oplæring, før nye værktøjer tages i brug.",
                responsible="Afdelingsledelsen",
                reason="Efter første kvartal: flere savnede oplæring.",
            )

    def _draft_principles(self, facilitator: User, workshop: Workshop) -> None:
        themes = list(Theme.objects.filter(workshop=workshop, question="q4"))
        for (statement, cells), theme in zip(DEMO_PRINCIPLES, themes, strict=False):
            quotes = [str(a.entry_id) for a in theme.answers.all()[:2]]
            principle = principle_actions.create_principle(
                facilitator,
                workshop,
                statement_da=statement,
                theme_codes=[theme.code],
                answer_ids=quotes,
            )
            for level, text in cells.items():
                principle_actions.set_cell(
                    facilitator, principle, level, text=text or "", empty_on_purpose=text is None
                )

    def _user(self, local: str, name: str) -> User:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, name=name, language="da")
        return user
