"""Demo data across levels and organisations (invented): the department above the demo's
Sekretariat with an adopted charter, one principle adopted from it and one proposed up to
it; a national coordinator; other organisations that published to the commons (some
sharing their reflection); and template principles. Called by `vogter demo`."""

import datetime
import random

from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter, UpwardProposal
from vogter.charters.versions import latest_adopted
from vogter.commons import actions as commons
from vogter.commons.models import TemplatePrinciple
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import Organisation, Unit, UnitLevel
from vogter.reflection.models import Checkin, Round

# Every demo account has this password and an address at this domain (`vogter demo` prints them).
DEMO_PASSWORD = "vogter-demo-2026"  # noqa: S105 - public on purpose: it is demo data
DEMO_DOMAIN = "havnestad.example"

DEPARTMENT_TITLE = "Principper for generativ AI i Sundhed og Omsorg"
DEPARTMENT_PRINCIPLES = [
    (
        "fortæller vi borgerne, når en tekst er skrevet med hjælp fra AI",
        "tell citizens when a text was written with the help of AI",
        {
            "department": "Afdelingen har én fælles formulering til breve og hjemmeside.",
            "corporate_group": "Kommunens kommunikationspolitik nævner AI.",
            "national": "Følger Digitaliseringsstyrelsens vejledning.",
        },
    ),
    (
        "lærer vi hinanden at bruge værktøjerne, før vi tager dem i brug",
        "teach each other to use the tools before we take them up",
        {"department": "Hver enhed har en AI-ambassadør med tid til opgaven."},
    ),
]

# Other (invented) organisations that published: (name, sector, size, shares reflection,
# show name, principles).
OTHERS = [
    ("Fjordby Hospital", "health_and_care", "1000-4999", True, True),
    ("Plejecenter Solsiden", "health_and_care", "50-249", True, False),
    ("Vestkystens Tandpleje", "health_and_care", "1-49", True, False),
    ("Region Midtkyst", "health_and_care", "5000+", True, True),
    ("Hjemmeplejen Nord", "health_and_care", "250-999", True, False),
    ("Åby Gymnasium", "education", "50-249", False, True),
    ("Professionshøjskolen Øst", "education", "1000-4999", False, False),
    ("Nordbank", "finance", "1000-4999", False, False),
    ("Andelskassen Syd", "finance", "250-999", False, False),
    ("Byens Boligselskab", "other", "50-249", False, False),
]
STATEMENTS = [
    ("bruger vi den sparede tid på borgerne og patienterne", "spend the time we save on people"),
    ("tjekker vi altid kilderne, før vi deler et resultat", "always check sources before sharing"),
    ("inddrager vi medarbejderne, før nye værktøjer tages i brug", "involve employees first"),
    ("deler vi aldrig personfølsomme oplysninger med værktøjerne", "never share personal data"),
    ("bevarer vi det faglige skøn hos fagpersonen", "keep professional judgement with people"),
    ("lærer vi af hinandens erfaringer på tværs af teams", "learn from each other across teams"),
]
TEMPLATES = [
    (
        "er det altid et menneske, der står inde for det, vi sender ud",
        "there is always a person who answers for what we send out",
        {
            "individual": "Jeg læser det igennem og står inde for det.",
            "group": "Vi aftaler, hvem der godkender hvad.",
            "national": "Lovgivning om forvaltning og databeskyttelse gælder uændret.",
        },
        "Går igen i næsten alle offentliggjorte principsæt.",
    ),
    (
        "bruger vi den tid, vi sparer, på det faglige og ikke kun på flere sager",
        "spend the time we save on the work itself, not only on more cases",
        {
            "unit": "Ledelsen fortæller, hvad den sparede tid bruges til.",
            "department": "Afdelingen følger op hvert kvartal.",
        },
        "",
    ),
]
COORDINATOR = "koordinator"


def load(organisation: Organisation, units: dict[str, Unit], users: dict[str, User]) -> None:
    _cascade(organisation, units, users)
    _commons(organisation, users)


def _adopt_with_signatures(charter: Charter, users: dict[str, User]) -> None:
    facilitator = users["facilitator"]
    adoption_actions.propose(facilitator, charter)
    signature_actions.sign(users["leder"], charter, "manager")
    signature_actions.sign(users["tr"], charter, "union_rep")
    adoption_actions.adopt(users["leder"], charter)


def _cascade(organisation: Organisation, units: dict[str, Unit], users: dict[str, User]) -> None:
    facilitator = users["facilitator"]
    department = units["Sundhed og Omsorg"]
    if Charter.objects.filter(unit=department).exists():
        return
    above = draft_actions.create_charter(
        facilitator, organisation, unit=department, title=DEPARTMENT_TITLE
    )
    for da, en, cells in DEPARTMENT_PRINCIPLES:
        made = editing_actions.add_principle(facilitator, above, statement_da=da, statement_en=en)
        for level, text in cells.items():
            editing_actions.set_cell(facilitator, made, level, text=text)
    _adopt_with_signatures(above, users)
    below = Charter.objects.filter(unit=units["Sekretariatet"]).first()
    if below is None:
        return
    first = above.principles.order_by("position").first()
    if first is not None:  # into the Sekretariat's draft (version 2)
        adopted = cascade_actions.adopt_from_parent(facilitator, below, above, first.code)
        editing_actions.set_cell(
            facilitator,
            adopted,
            "unit",
            text="Sekretariatet skriver det i bunden af breve til patienter.",
        )
    own = below.principles.filter(inherited_charter__isnull=True).order_by("-position").first()
    if own is not None and not UpwardProposal.objects.filter(from_charter=below).exists():
        cascade_actions.propose_upward(
            facilitator,
            own,
            "Det har virket hos os i et kvartal; vi tror, det gælder hele afdelingen.",
        )


def _commons(organisation: Organisation, users: dict[str, User]) -> None:
    email = f"{COORDINATOR}@{DEMO_DOMAIN}"
    coordinator = User.objects.filter(email=email).first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            email, DEMO_PASSWORD, name="Karen Nørgaard", language="da"
        )
    commons.grant_coordinator(None, coordinator)
    own = Charter.objects.filter(organisation=organisation, publication__isnull=True)
    for charter in own:
        if latest_adopted(charter) is not None:
            commons.publish(users["admin"], charter, sector="health_and_care", size_band="5000+")
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    for number, (name, sector, size, share, show) in enumerate(OTHERS):
        if Organisation.objects.filter(name=name).exists():
            continue
        _other(rng, number, name, sector, size, share, show)
    if not TemplatePrinciple.objects.exists():
        for da, en, cells, note in TEMPLATES:
            commons.create_template(
                coordinator, statement_da=da, statement_en=en, cells=cells, note=note
            )


def _other(
    rng: random.Random, number: int, name: str, sector: str, size: str, share: bool, show: bool
) -> None:
    email = f"admin{number + 1}@andre.{DEMO_DOMAIN}"
    admin = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, name=f"Admin {number + 1}", language="da"
    )
    other = organisation_actions.create_organisation(admin, name, "da")
    unit = unit_actions.create_unit(admin, other, name, UnitLevel.CORPORATE_GROUP)
    charter = draft_actions.create_charter(admin, other, unit=unit, title="Vores AI-principper")
    for da, en in rng.sample(STATEMENTS, 3):
        made = editing_actions.add_principle(admin, charter, statement_da=da, statement_en=en)
        editing_actions.set_cell(
            admin, made, "group", text="Vi tager det op på teammødet hver måned."
        )
    signature_actions.set_required_roles(admin, other, ["committee"])
    adoption_actions.propose(admin, charter)
    signature_actions.sign(admin, charter, "committee")
    adoption_actions.adopt(admin, charter)
    if share:
        today = datetime.date.today()
        closed = Round.objects.create(
            charter=charter,
            version_number=1,
            kind="scheduled",
            opens_on=today - datetime.timedelta(days=40),
            closes_on=today - datetime.timedelta(days=26),
        )
        Checkin.objects.bulk_create(
            Checkin(
                round=closed,
                productivity=rng.randint(3, 5),
                wellbeing=rng.randint(2, 5),
                meaningfulness=rng.randint(2, 5),
            )
            for _ in range(rng.randint(6, 14))
        )
    commons.publish(
        admin, charter, sector=sector, size_band=size, show_name=show, share_reflection=share
    )
