"""Seeds a national installation for the scale benchmark (bench/national_queries.py).

PostgreSQL only (through DATABASE_URL): the point is the production database's plans.

    createdb -h 127.0.0.1 -U postgres vogter_nationalbench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vogter_nationalbench DEBUG=true
    .venv/bin/python bench/national_seed.py

What it makes (BENCH_SCALE=0.05 makes everything but the large organisation 20 times
smaller, for trying the scripts out):

- 10,000 organisations with 100,000 units in trees of 2-4 levels (2 to a few hundred
  units each, most under 15);
- one large organisation, "National Bench Stor Kommune", of 500 units in a 4-level tree
  (1 corporate group, 8 departments, 60 units, 431 groups) with an admin
  (admin@national-bench.example): an adopted charter on 490 of its units, each adopting
  principles from the charter above it (CharterPrinciple.inherited_charter/_code/_version,
  and "origin" in the frozen document), with open, taken and declined upward proposals,
  closed reflection rounds, a few open ones, and open actions;
- 100,000 principles: CharterPrinciple rows of adopted charters (about 14,000 charters),
  each with 2-4 level cells (CharterCell) and frozen into its adopted version's document
  (schema vogter.charter/1, preamble included); some charters have a superseded version
  or a draft on top. No workshop principles (principles.Principle): the workshops below
  have worksheets only;
- 25,000 workshops with 1,000,000 worksheets (workshops.Sheet), 200,000 answers
  (workshops.Entry) on the sheets of some of them;
- 4 closed rounds a quarter apart per adopted charter (about 56,000) with 1,000,000
  check-ins (reflection.Checkin; minimum group size 5, about 12% of rounds below it) and
  open actions on about a fifth of the rounds;
- the commons: 30% of organisations publish their top charter (a fifth of them a second
  one too), with sector and size band, 40% sharing reflection, half showing their name;
  every principle copied as a CommonsPrinciple with search_terms from index_terms() and a
  CommonsTheme row per lexicon concept that features() finds, as commons.actions.publish
  does (without scrub(): the generated texts hold no personal data); a national
  coordinator (coordinator@national-bench.example).

Statements are built from a bilingual vocabulary of a few hundred words (Danish with its
inflected forms: medarbejder, medarbejderen, medarbejderne, medarbejdernes, kvalitet,
kvaliteten …), drawn so that some recur across units and organisations as copied and
adopted principles do. The big tables are written with COPY from Python generators, all
in one transaction; then VACUUM ANALYZE. Seeding again is a no-op once the large
organisation is there. Timings are printed per table and in total.
"""

import datetime
import json
import math
import os
import random
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from vogter.accounts.models import User  # noqa: E402
from vogter.charters.document import both_languages  # noqa: E402
from vogter.charters.models import ProposalStatus, Status, UpwardProposal  # noqa: E402
from vogter.commons.actions import grant_coordinator  # noqa: E402
from vogter.commons.models import Sector, SizeBand  # noqa: E402
from vogter.commons.search import index_terms  # noqa: E402
from vogter.disclosure import rules  # noqa: E402
from vogter.organisations.actions import organisations as organisation_actions  # noqa: E402
from vogter.organisations.models import Organisation, UnitLevel  # noqa: E402
from vogter.principles.models import LEVEL_ORDER  # noqa: E402
from vogter.themes.text import features  # noqa: E402
from vogter.workshops import kit  # noqa: E402
from vogter.workshops.models import JOIN_ALPHABET  # noqa: E402

BENCH_ORG = "National Bench Stor Kommune"
ADMIN = "admin@national-bench.example"
COORDINATOR = "coordinator@national-bench.example"
PASSWORD = "bench-password-1234"  # noqa: S105 (a bench database only)

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ORGANISATIONS = max(20, round(10_000 * SCALE))
BIG_UNITS = 500  # not scaled
UNITS = max(BIG_UNITS + 3 * ORGANISATIONS, round(100_000 * SCALE))
PRINCIPLES = max(round(100_000 * SCALE), 3_500 + 5 * ORGANISATIONS)  # the large org has ~3,000
WORKSHOPS = round(25_000 * SCALE)
SHEETS = round(1_000_000 * SCALE)
ENTRIES = round(200_000 * SCALE)
CHECKINS = round(1_000_000 * SCALE)
ROUNDS_PER_CHARTER = 4
PUBLISHING = 0.30
MIN_GROUP_SIZE = 5

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # vogter.lib.codes
LEVEL_KEYS = [level.value for level in LEVEL_ORDER]  # individual … national

# --- Vocabulary ------------------------------------------------------------------------
# A statement completes "Når vi bruger GenAI, …" / "When we use GenAI, we …":
# "<verb> vi <adverb> <particle> <object> <tail>" / "<adverb> <verb> <object> <adverb> <tail>"
# (a Danish verb's particle, after "|", follows the subject: "følger vi altid op på …").

VERBS = (
    ("tjekker", "check"),
    ("sikrer", "ensure"),
    ("vurderer", "assess"),
    ("beskytter", "protect"),
    ("dokumenterer", "document"),
    ("drøfter", "discuss"),
    ("prioriterer", "prioritise"),
    ("styrker", "strengthen"),
    ("respekterer", "respect"),
    ("deler", "share"),
    ("forklarer", "explain"),
    ("gennemgår", "review"),
    ("understøtter", "support"),
    ("bevarer", "preserve"),
    ("evaluerer", "evaluate"),
    ("involverer", "involve"),
    ("begrænser", "limit"),
    ("afprøver", "try out"),
    ("kontrollerer", "verify"),
    ("anerkender", "recognise"),
    ("tydeliggør", "make clear"),
    ("aftaler", "agree on"),
    ("følger | op på", "follow up on"),
    ("tager | ansvar for", "take responsibility for"),
    ("lytter | til", "listen to"),
    ("værner | om", "safeguard"),
    ("sætter | fokus på", "focus on"),
    ("passer | på", "take care of"),
    ("udvikler", "develop"),
    ("fastholder", "uphold"),
    ("måler", "measure"),
    ("reducerer", "reduce"),
)
# (Danish, English, English before the verb?)
ADVERBS = (
    ("altid", "always", True),
    ("løbende", "continuously", True),
    ("aktivt", "actively", True),
    ("systematisk", "systematically", True),
    ("konsekvent", "consistently", True),
    ("sammen", "together", False),
    ("åbent", "openly", False),
    ("omhyggeligt", "carefully", False),
    ("regelmæssigt", "regularly", False),
    ("i fællesskab", "jointly", False),
    ("", "", True),
    ("", "", True),
)
OBJECTS = (
    ("kvaliteten af teksterne", "the quality of the texts"),
    ("kvaliteten af vores arbejde", "the quality of our work"),
    ("kvalitet i sagsbehandlingen", "quality in case handling"),
    ("høj faglig kvalitet", "high professional quality"),
    ("kvalitetssikringen af svarene", "the quality assurance of the answers"),
    ("medarbejdernes faglighed", "the employees' professional judgement"),
    ("medarbejderens dømmekraft", "the employee's judgement"),
    ("medarbejderne", "the employees"),
    ("nye medarbejdere", "new employees"),
    ("hver medarbejder", "every employee"),
    ("borgernes persondata", "citizens' personal data"),
    ("patienternes oplysninger", "patients' information"),
    ("fortrolige oplysninger", "confidential information"),
    ("følsomme data", "sensitive data"),
    ("elevernes læring", "the pupils' learning"),
    ("kundernes tillid", "the customers' trust"),
    ("borgernes tillid", "the citizens' trust"),
    ("tilliden mellem kolleger", "trust between colleagues"),
    ("kollegernes erfaringer", "our colleagues' experiences"),
    ("det faglige fællesskab", "the professional community"),
    ("arbejdsmiljøet", "the working environment"),
    ("det psykiske arbejdsmiljø", "the psychosocial working environment"),
    ("trivslen i teamet", "well-being in the team"),
    ("tiden vi sparer", "the time we save"),
    ("tid til kerneopgaven", "time for the core task"),
    ("fejl i svarene", "errors in the answers"),
    ("faktuelle fejl", "factual errors"),
    ("beslutningerne", "the decisions"),
    ("ansvaret for resultatet", "responsibility for the result"),
    ("ledelsens ansvar", "management's responsibility"),
    ("lederens rolle", "the manager's role"),
    ("gennemsigtighed over for borgerne", "transparency towards citizens"),
    ("åbenhed om brugen af AI", "openness about the use of AI"),
    ("nye værktøjer", "new tools"),
    ("et nyt værktøj", "a new tool"),
    ("AI-værktøjerne", "the AI tools"),
    ("udkastene", "the drafts"),
    ("et udkast", "a draft"),
    ("dokumenterne", "the documents"),
    ("kilderne", "the sources"),
    ("ophavsretten", "copyright"),
    ("klimaaftrykket", "the climate footprint"),
    ("energiforbruget", "energy use"),
    ("kompetencerne", "the skills"),
    ("kompetenceudvikling", "skills development"),
    ("oplæringen af nye kolleger", "the training of new colleagues"),
    ("retningslinjerne", "the guidelines"),
    ("vores fælles retningslinjer", "our shared guidelines"),
    ("risikoen for overvågning", "the risk of surveillance"),
    ("privatlivet", "privacy"),
    ("reglerne i GDPR", "the rules of the GDPR"),
    ("etikken i vores arbejde", "the ethics of our work"),
    ("retfærdig behandling", "fair treatment"),
    ("ligebehandling", "equal treatment"),
    ("tilgængelighed for alle", "accessibility for everyone"),
    ("det gode møde med borgeren", "the good encounter with the citizen"),
    ("den menneskelige kontakt", "human contact"),
    ("kritisk tænkning", "critical thinking"),
    ("faglig stolthed", "professional pride"),
    ("meningsfuldt arbejde", "meaningful work"),
    ("frivilligheden", "that it is voluntary"),
    ("retten til at sige fra", "the right to say no"),
    ("tillidsrepræsentantens rolle", "the union representative's role"),
    ("arbejdsmiljørepræsentanten", "the safety representative"),
    ("MED-udvalgets indflydelse", "the cooperation committee's influence"),
    ("ressourcerne", "the resources"),
    ("produktiviteten", "productivity"),
    ("effektiviteten", "efficiency"),
    ("usikkerheden om fremtidens job", "uncertainty about future jobs"),
    ("lederne og medarbejderne", "managers and employees"),
)
TAILS = (
    ("før vi sender noget ud", "before we send anything out"),
    ("i hverdagen", "in our everyday work"),
    ("så borgerne kan stole på os", "so that citizens can trust us"),
    ("så kunderne kan stole på os", "so that customers can trust us"),
    ("uden at gå på kompromis med kvaliteten", "without compromising on quality"),
    ("og deler erfaringerne med kollegerne", "and share what we learn with colleagues"),
    ("så ingen medarbejder står alene", "so that no employee is left alone"),
    ("i tæt dialog med medarbejderne", "in close dialogue with the employees"),
    ("når vi behandler persondata", "when we handle personal data"),
    ("hver måned", "every month"),
    ("på vores teammøder", "at our team meetings"),
    ("med et menneske som sidste led", "with a human as the last step"),
    ("så lederen kan følge op", "so that the manager can follow up"),
    ("inden vi tager et nyt værktøj i brug", "before we start using a new tool"),
    ("og dokumenterer hvad vi har gjort", "and document what we have done"),
    ("så arbejdet forbliver meningsfuldt", "so that the work stays meaningful"),
    ("i samarbejde med tillidsrepræsentanten", "together with the union representative"),
    ("så tiden går til kerneopgaven", "so that the time goes to the core task"),
    ("", ""),
    ("", ""),
    ("", ""),
)
CELL_SUBJECTS = {
    "individual": ("Den enkelte", "Hver af os", "Medarbejderen"),
    "group": ("Teamet", "Gruppen", "Kollegerne"),
    "unit": ("Lederen", "Enhedens leder", "Enheden"),
    "department": ("Afdelingen", "Afdelingsledelsen", "MED-udvalget"),
    "corporate_group": ("Direktionen", "Koncernledelsen", "HR"),
    "national": ("Branchen", "De faglige organisationer", "KL og de faglige organisationer"),
}
RESPONSIBLE = ("Leder", "Teamkoordinator", "TR", "AMR", "Alle", "HR", "Direktionen", "")
RATIONALES = (
    "Det har vi aftalt på workshoppen.",
    "Borgerne skal kunne stole på det, vi sender.",
    "Vi vil bruge den sparede tid på kerneopgaven.",
    "Fejl i udkastene blev nævnt af mange.",
    "",
)
ANSWERS = (
    "Jeg sparer tid på de første udkast",
    "Det giver bedre kvalitet i sprogen, men jeg skal tjekke fakta",
    "Den er min sparringspartner når jeg skriver",
    "Vi bruger mindre tid på referater",
    "Medarbejderne skal have tid til at lære værktøjerne",
    "Jeg er bekymret for persondata",
    "Kollegerne deler gode prompts",
    "It saves me time on routine emails",
    "I worry about errors in the answers",
    "We need clear guidelines from management",
    "Den menneskelige kontakt med borgeren må ikke forsvinde",
    "Faglig stolthed og ansvar for resultatet",
    "Sagsbehandler",
    "Lærer",
    "Sygeplejerske",
    "Udkast til breve og opsummering af sager",
)
CHANGED = (
    "Vi er begyndt at bruge AI til referater.",
    "Et nyt værktøj er taget i brug.",
    "Lederen har fulgt op på retningslinjerne.",
)
TOWNS = (
    "Aabenraa", "Aalborg", "Aarhus", "Assens", "Ballerup", "Billund", "Bornholm", "Brøndby",
    "Esbjerg", "Faaborg", "Fredericia", "Frederiksberg", "Gentofte", "Gladsaxe", "Greve",
    "Haderslev", "Herning", "Hillerød", "Hjørring", "Holbæk", "Horsens", "Hvidovre", "Ikast",
    "Kalundborg", "Kolding", "København", "Køge", "Lyngby", "Middelfart", "Nyborg", "Næstved",
    "Odense", "Odsherred", "Randers", "Ringkøbing", "Ringsted", "Roskilde", "Rødovre",
    "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Sorø", "Svendborg", "Sønderborg",
    "Thisted", "Tønder", "Vejle", "Viborg", "Vordingborg",
)  # fmt: skip
SECTOR_NAMES = {
    Sector.PUBLIC_ADMINISTRATION: ("Kommune", "Jobcenter", "Borgerservice", "Styrelse"),
    Sector.HEALTH_AND_CARE: ("Hospital", "Plejecenter", "Sundhedshus", "Hjemmepleje"),
    Sector.EDUCATION: ("Skole", "Gymnasium", "Erhvervsskole", "Professionshøjskole"),
    Sector.INDUSTRY: ("Maskinfabrik A/S", "Byg A/S", "Stål ApS", "Elektro A/S"),
    Sector.FINANCE: ("Sparekasse", "Bank A/S", "Forsikring A/S", "Pension"),
    Sector.RETAIL: ("Handel ApS", "Supermarked", "Service A/S", "Rengøring ApS"),
    Sector.TRANSPORT: ("Logistik A/S", "Trafikselskab", "Havn", "Fragt ApS"),
    Sector.IT_AND_MEDIA: ("Data ApS", "Medier A/S", "Software A/S", "Kommunikation"),
    Sector.CULTURE: ("Museum", "Bibliotek", "Idrætsforening", "Teater"),
    Sector.OTHER: ("Fond", "Forsyning", "Boligselskab", "Rådgivning ApS"),
}
SECTOR_WEIGHTS = (20, 15, 15, 10, 7, 10, 6, 8, 5, 4)
SUBUNIT_NAMES = (
    "Administration", "Drift", "Salg", "Udvikling", "Kundeservice", "Økonomi", "HR", "IT",
    "Produktion", "Kvalitet", "Logistik", "Kommunikation", "Sekretariat", "Indkøb", "Jura",
)  # fmt: skip
BIG_DEPARTMENTS = (
    "Børn og Unge", "Sundhed og Omsorg", "Teknik og Miljø", "Beskæftigelse",
    "Kultur og Fritid", "Økonomi og Personale", "Borgerservice", "Digitalisering",
)  # fmt: skip
BIG_UNIT_KINDS = (
    "Skole", "Daginstitution", "Plejecenter", "Hjemmepleje", "Jobcenter", "Bibliotek",
    "Vej og Park", "Sekretariat", "Sagsbehandling", "Tandpleje",
)  # fmt: skip
GROUP_NAMES = ("Team Nord", "Team Syd", "Team Øst", "Team Vest", "Team Midt", "Dagholdet",
               "Aftenholdet", "Natholdet", "Team 1", "Team 2")  # fmt: skip


class Texts:
    """Statements and cells from the vocabulary; pools make some of them recur."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.national = [self.statement() for _ in range(600)]  # copied across organisations
        self.municipal = [self.statement() for _ in range(150)]  # within the large organisation

    def statement(self) -> tuple[str, str]:
        r = self.rng
        verb_da, verb_en = r.choice(VERBS)
        verb_da, _bar, particle = verb_da.partition(" | ")
        adv_da, adv_en, before = r.choice(ADVERBS)
        obj_da, obj_en = r.choice(OBJECTS)
        tail_da, tail_en = r.choice(TAILS)
        da = " ".join(w for w in (verb_da, "vi", adv_da, particle, obj_da, tail_da) if w)
        words_en = (adv_en, verb_en, obj_en) if before else (verb_en, obj_en, adv_en)
        en = " ".join(w for w in (*words_en, tail_en) if w)
        if r.random() < 0.1:  # written in one language only
            return (da, "") if r.random() < 0.8 else ("", en)
        return da, en

    def pick(self, pool: list[tuple[str, str]] | None, share: float) -> tuple[str, str]:
        if pool and self.rng.random() < share:
            return self.rng.choice(pool)
        return self.statement()

    def cell(self, level: str) -> str:
        r = self.rng
        verb_da = r.choice(VERBS)[0].replace(" | ", " ")
        obj_da, _en = r.choice(OBJECTS)
        tail_da, _en = r.choice(TAILS)
        text = " ".join(w for w in (r.choice(CELL_SUBJECTS[level]), verb_da, obj_da, tail_da) if w)
        return text + "."

    def cells(self, own_level: str, count: int) -> dict[str, dict[str, object]]:
        """`count` level cells, the principle's own level (as a kit level) among them."""
        others = [key for key in LEVEL_KEYS if key != own_level]
        levels = {own_level, *self.rng.sample(others, count - 1)}
        cells: dict[str, dict[str, object]] = {}
        for level in sorted(levels, key=LEVEL_KEYS.index):
            empty = self.rng.random() < 0.08
            cells[level] = {
                "text": "" if empty else self.cell(level),
                "responsible": "" if empty else self.rng.choice(RESPONSIBLE),
                "empty_on_purpose": empty,
            }
        return cells


class Clock:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.times: dict[str, float] = {}

    def done(self, name: str, rows: int, started: float) -> None:
        seconds = time.perf_counter() - started
        self.times[name] = round(seconds, 1)
        print(f"  {name:34} {rows:>10,} rows  {seconds:7.1f} s", flush=True)


CLOCK = Clock()


def _refuse_sqlite() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://… (see the docstring).")


def _copy(table: str, columns: str, rows: Iterable[tuple[object, ...]]) -> int:
    started = time.perf_counter()
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    CLOCK.done(table, count, started)
    return count


def _reserve(table: str, n: int) -> int:
    """The first of `n` consecutive ids taken from the table's identity sequence."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = int(cursor.fetchone()[0])
        if n > 1:
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
    return first


def _codes(rng: random.Random, n: int) -> Iterator[str]:
    for _ in range(n):
        yield "".join(rng.choices(CODE_ALPHABET, k=12))


def _spread(rng: random.Random, weights: list[float], total: int, minimum: int = 0) -> list[int]:
    """Integers in proportion to `weights`, each at least `minimum`, adding up to `total`."""
    spare = total - minimum * len(weights)
    scale = spare / sum(weights)
    sizes = [minimum + int(w * scale) for w in weights]
    for index in rng.sample(range(len(sizes)), total - sum(sizes)):
        sizes[index] += 1
    return sizes


# --- Units --------------------------------------------------------------------------------


def _tree(n: int) -> list[tuple[str, int | None]]:
    """A unit tree of n units as (level, index of the parent), parents first."""
    if n <= 8:
        return [(UnitLevel.DEPARTMENT, None)] + [(UnitLevel.UNIT, 0)] * (n - 1)
    nodes: list[tuple[str, int | None]] = [(UnitLevel.CORPORATE_GROUP, None)]
    if n <= 40:
        departments = max(2, round(math.sqrt(n - 1) / 1.3))
        nodes += [(UnitLevel.DEPARTMENT, 0)] * departments
        nodes += [(UnitLevel.UNIT, 1 + i % departments) for i in range(n - 1 - departments)]
        return nodes
    departments = max(3, round((n - 1) ** (1 / 3)))
    units = max(departments, round(math.sqrt(n)))
    nodes += [(UnitLevel.DEPARTMENT, 0)] * departments
    nodes += [(UnitLevel.UNIT, 1 + i % departments) for i in range(units)]
    first_unit = 1 + departments
    nodes += [(UnitLevel.GROUP, first_unit + i % units) for i in range(n - 1 - departments - units)]
    return nodes


def _big_tree(rng: random.Random, name: str) -> list[tuple[str, int | None, str]]:
    """The large organisation: 1 + 8 + 60 + 431 = 500 units, 4 levels."""
    nodes: list[tuple[str, int | None, str]] = [(UnitLevel.CORPORATE_GROUP, None, name)]
    for department in BIG_DEPARTMENTS:
        nodes.append((UnitLevel.DEPARTMENT, 0, department))
    units = []
    for i in range(60):
        department = 1 + i % len(BIG_DEPARTMENTS)
        kind = BIG_UNIT_KINDS[i % len(BIG_UNIT_KINDS)]
        units.append(len(nodes))
        nodes.append((UnitLevel.UNIT, department, f"{kind} {TOWNS[i % len(TOWNS)]} {i + 1}"))
    for i in range(BIG_UNITS - len(nodes)):
        parent = units[i % len(units)]
        nodes.append((UnitLevel.GROUP, parent, f"{GROUP_NAMES[i % 10]} · {nodes[parent][2]} {i}"))
    assert len(nodes) == BIG_UNITS
    return nodes


# --- Charters and documents ------------------------------------------------------------------


LEVEL_OF_UNIT = {  # a unit's level as a column of the kit's table
    UnitLevel.GROUP: "group",
    UnitLevel.UNIT: "unit",
    UnitLevel.DEPARTMENT: "department",
    UnitLevel.CORPORATE_GROUP: "corporate_group",
}


def _document(
    org_name: str,
    unit: dict[str, object],
    charter: dict[str, object],
    principles: list[dict[str, object]],
    number: int,
    status: str,
    adopted_on: datetime.date,
    generated_at: str,
) -> str:
    docs = []
    for position, p in enumerate(principles, start=1):
        doc: dict[str, object] = {
            "code": p["code"],
            "position": position,
            "statement": {"da": p["da"], "en": p["en"]},
            "rationale": p["rationale"],
            "cells": {key: p["cells"].get(key) for key in LEVEL_KEYS},
            "sources": [],
        }
        if p.get("origin"):
            doc["origin"] = p["origin"]
        docs.append(doc)
    return json.dumps(
        {
            "schema": "vogter.charter/1",
            "code": charter["code"],
            "organisation": org_name,
            "unit": unit["name"],
            "unit_level": both_languages(UnitLevel(unit["level"]).label),
            "title": {"da": charter["title"], "en": charter["title"]},
            "version": number,
            "status": status,
            "adopted_on": adopted_on.isoformat(),
            "adopted_by": "Bench Admin",
            "preamble": {lang: list(kit.preamble(lang, org_name)) for lang in ("da", "en")},
            "table_title": dict(kit.TABLE_TITLE),
            "first_column": dict(kit.TABLE_FIRST_COLUMN),
            "levels": [{"key": key, "da": da, "en": en} for key, da, en in kit.TABLE_LEVELS],
            "principles": docs,
            "signatures": [
                {
                    "role": "manager",
                    "role_label": {"da": "Leder", "en": "Manager"},
                    "name": "Leder",
                    "signed_at": f"{adopted_on.isoformat()}T09:00:00+00:00",
                },
                {
                    "role": "union_rep",
                    "role_label": {
                        "da": "Tillidsrepræsentant (TR)",
                        "en": "Union representative (TR)",
                    },
                    "name": "Tillidsrepræsentant",
                    "signed_at": f"{adopted_on.isoformat()}T09:05:00+00:00",
                },
            ],
            "required_signatures": [
                {"da": "Leder", "en": "Manager"},
                {"da": "Tillidsrepræsentant (TR)", "en": "Union representative (TR)"},
            ],
            "generated_at": generated_at,
        },
        ensure_ascii=False,
    )


def seed() -> None:
    if Organisation.objects.filter(name=BENCH_ORG).exists():
        print("already seeded")
        return
    rng = random.Random(20261128)
    texts = Texts(rng)
    now = timezone.now()
    now_iso = now.isoformat()
    today = timezone.localdate()
    print(
        f"seeding {ORGANISATIONS:,} organisations, {UNITS:,} units, {PRINCIPLES:,} principles, "
        f"{WORKSHOPS:,} workshops, {SHEETS:,} worksheets, {CHECKINS:,} check-ins",
        flush=True,
    )
    with transaction.atomic():
        started = time.perf_counter()
        admin = User.objects.filter(email=ADMIN).first() or User.objects.create_user(
            ADMIN, PASSWORD, name="Bench Admin"
        )
        coordinator = User.objects.filter(email=COORDINATOR).first() or User.objects.create_user(
            COORDINATOR, PASSWORD, name="Bench Coordinator"
        )
        grant_coordinator(None, coordinator)
        big = organisation_actions.create_organisation(admin, BENCH_ORG, "da")
        CLOCK.done("users, coordinator, large org", 3, started)

        # --- Organisations ---
        sectors = list(Sector)
        orgs: list[dict[str, object]] = [
            {"id": big.pk, "name": BENCH_ORG, "sector": Sector.PUBLIC_ADMINISTRATION}
        ]
        first = _reserve("organisations_organisation", ORGANISATIONS - 1)
        for i in range(ORGANISATIONS - 1):
            sector = rng.choices(sectors, SECTOR_WEIGHTS)[0]
            town = TOWNS[i % len(TOWNS)]
            name = f"{town} {rng.choice(SECTOR_NAMES[sector])} {i + 1:05}"
            orgs.append({"id": first + i, "name": name, "sector": sector})
        codes = _codes(rng, ORGANISATIONS)
        _copy(
            "organisations_organisation",
            "id, code, name, default_language, workshops_require_login, min_group_size, created_at",
            (
                (
                    o["id"],
                    next(codes),
                    o["name"],
                    "en" if rng.random() < 0.1 else "da",
                    False,
                    rules.DEFAULT,
                    now,
                )
                for o in orgs[1:]
            ),
        )

        # --- Units ---
        sizes = [
            BIG_UNITS,
            *_spread(
                rng, [rng.lognormvariate(0, 0.9) for _ in orgs[1:]], UNITS - BIG_UNITS, minimum=2
            ),
        ]
        first = _reserve("organisations_unit", UNITS)
        units: list[dict[str, object]] = []  # in id order, parents before children
        for org, size in zip(orgs, sizes, strict=True):
            base = len(units)
            if org["id"] == big.pk:
                nodes = _big_tree(rng, BENCH_ORG)
            else:
                names = iter(range(1, size + 1))
                nodes = [
                    (
                        level,
                        parent,
                        org["name"]
                        if parent is None
                        else f"{rng.choice(SUBUNIT_NAMES)} {next(names)}",
                    )
                    for level, parent in _tree(size)
                ]
            org["units"] = list(range(base, base + len(nodes)))
            for level, parent, name in nodes:
                units.append(
                    {
                        "id": first + len(units),
                        "org": org["id"],
                        "parent": None if parent is None else first + base + parent,
                        "parent_index": None if parent is None else base + parent,
                        "level": level,
                        "name": name,
                    }
                )
            size_units = len(nodes)
            band = (
                SizeBand.SMALL
                if size_units <= 4
                else SizeBand.MEDIUM
                if size_units <= 9
                else SizeBand.LARGE
                if size_units <= 25
                else SizeBand.VERY_LARGE
                if size_units <= 80
                else SizeBand.HUGE
            )
            if rng.random() < 0.2:  # units do not follow head counts closely
                band = rng.choice(list(SizeBand))
            org["size_band"] = band
        codes = _codes(rng, UNITS)
        _copy(
            "organisations_unit",
            "id, code, name, level, created_at, organisation_id, parent_id",
            (
                (u["id"], next(codes), u["name"], u["level"], now, u["org"], u["parent"])
                for u in units
            ),
        )

        # --- Charters: which units have one, and their principles ---
        started = time.perf_counter()
        charter_units: list[int] = []  # indexes into units
        for org in orgs:
            indexes: list[int] = org["units"]
            if org["id"] == big.pk:
                # Every unit but every 43rd group.
                chosen = [
                    i
                    for n, i in enumerate(indexes)
                    if units[i]["level"] != UnitLevel.GROUP or n % 43 != 0
                ]
            else:
                chosen = [indexes[0]]
                if len(indexes) > 1 and rng.random() < 0.35:
                    chosen.append(indexes[1])
            org["charters"] = []
            charter_units.extend(chosen)
        first = _reserve("charters_charter", len(charter_units))
        charters: list[dict[str, object]] = []
        charter_of_unit: dict[int, dict[str, object]] = {}
        org_by_id = {o["id"]: o for o in orgs}
        ccodes = _codes(rng, len(charter_units))
        for n, unit_index in enumerate(charter_units):
            unit = units[unit_index]
            charter = {
                "id": first + n,
                "code": next(ccodes),
                "org": unit["org"],
                "unit": unit,
                "title": f"AI-principper for {unit['name']}",
                "big": unit["org"] == big.pk,
                "principles": [],
            }
            # Versions: 15% have a superseded version 1; 5% a draft on top.
            charter["adopted"] = 2 if rng.random() < 0.15 else 1
            charter["draft"] = rng.random() < 0.05
            charter["adopted_on"] = today - datetime.timedelta(days=rng.randint(380, 700))
            charters.append(charter)
            charter_of_unit[unit_index] = charter
            org_by_id[unit["org"]]["charters"].append(charter)

        # How many principles each charter has: the large organisation's follow its tree;
        # the others' make up the total.
        pcodes = _codes(rng, PRINCIPLES + 10_000)

        def principle(
            charter: dict[str, object],
            statement: tuple[str, str],
            origin: dict[str, object] | None = None,
        ) -> dict[str, object]:
            unit = charter["unit"]
            own_level = LEVEL_OF_UNIT[unit["level"]]
            cells = texts.cells(own_level, rng.randint(2, 4))
            made: dict[str, object] = {
                "code": next(pcodes),
                "da": statement[0],
                "en": statement[1],
                "rationale": rng.choice(RATIONALES),
                "cells": cells,
            }
            if origin is not None:
                parent_p, parent_charter = origin["principle"], origin["charter"]
                made["da"], made["en"] = parent_p["da"], parent_p["en"]
                # The parent's own cells at its level and above (as cascade.adopt_from_parent).
                parent_level = LEVEL_OF_UNIT[parent_charter["unit"]["level"]]
                start = LEVEL_KEYS.index(parent_level)
                for key, cell in parent_p["cells"].items():
                    if LEVEL_KEYS.index(key) >= start:
                        cells[key] = cell
                made["inherited"] = (
                    parent_charter["id"],
                    parent_p["code"],
                    parent_charter["adopted"],
                )
                made["origin"] = {
                    "kind": "above",
                    "unit": parent_charter["unit"]["name"],
                    "version": parent_charter["adopted"],
                }
            return made

        def fill(
            charter: dict[str, object], count: int, pool: list[tuple[str, str]] | None, share: float
        ) -> None:
            seen = {(p["da"], p["en"]) for p in charter["principles"]}
            while len(charter["principles"]) < count:
                statement = texts.pick(pool, share)
                if statement not in seen:
                    seen.add(statement)
                    charter["principles"].append(principle(charter, statement))

        def inherit(charter: dict[str, object], parent: dict[str, object], count: int) -> None:
            for parent_p in rng.sample(parent["principles"], min(count, len(parent["principles"]))):
                charter["principles"].append(
                    principle(charter, ("", ""), {"principle": parent_p, "charter": parent})
                )

        # The large organisation, parents first (units are in tree order).
        for charter in (c for c in charters if c["big"]):
            unit = charter["unit"]
            parent_index = unit["parent_index"]
            parent = charter_of_unit.get(parent_index) if parent_index is not None else None
            if parent is None:
                fill(charter, 8, texts.municipal, 0.5)
                continue
            inherit(charter, parent, rng.randint(1, 3))
            fill(charter, len(charter["principles"]) + rng.randint(2, 4), texts.municipal, 0.6)
        big_principles = sum(len(c["principles"]) for c in charters if c["big"])
        others = [c for c in charters if not c["big"]]
        counts = _spread(
            rng, [rng.uniform(0.5, 1.5) for _ in others], PRINCIPLES - big_principles, minimum=3
        )
        for charter, count in zip(others, counts, strict=True):
            unit = charter["unit"]
            parent = (
                charter_of_unit.get(unit["parent_index"])
                if unit["parent_index"] is not None
                else None
            )
            if parent is not None:
                inherit(charter, parent, min(count - 1, rng.randint(1, 2)))
            fill(charter, count, texts.national, 0.35)
        CLOCK.done("(principles generated in Python)", PRINCIPLES, started)

        _copy(
            "charters_charter",
            "id, code, title, share_hash, created_at, created_by_id, organisation_id, unit_id",
            (
                (
                    c["id"],
                    c["code"],
                    c["title"],
                    "",
                    now,
                    admin.pk if c["big"] else None,
                    c["org"],
                    c["unit"]["id"],
                )
                for c in charters
            ),
        )
        assert sum(len(c["principles"]) for c in charters) == PRINCIPLES
        first = _reserve("charters_charterprinciple", PRINCIPLES)
        next_id = iter(range(first, first + PRINCIPLES))
        for charter in charters:
            for p in charter["principles"]:
                p["id"] = next(next_id)

        def principle_rows() -> Iterator[tuple[object, ...]]:
            for c in charters:
                for position, p in enumerate(c["principles"], start=1):
                    inherited = p.get("inherited") or (None, "", None)
                    yield (
                        p["id"],
                        p["code"],
                        p["da"],
                        p["en"],
                        p["rationale"],
                        position,
                        c["id"],
                        None,
                        inherited[0],
                        inherited[1],
                        inherited[2],
                        "",
                        None,
                        1,
                    )

        _copy(
            "charters_charterprinciple",
            "id, code, statement_da, statement_en, rationale, position, charter_id, source_id, "
            "inherited_charter_id, inherited_code, inherited_version, template_code, proposal_id, "
            "revision",
            principle_rows(),
        )
        _copy(
            "charters_chartercell",
            "principle_id, level, text, responsible, empty_on_purpose",
            (
                (p["id"], level, cell["text"], cell["responsible"], cell["empty_on_purpose"])
                for c in charters
                for p in c["principles"]
                for level, cell in p["cells"].items()
            ),
        )
        org_names = {o["id"]: o["name"] for o in orgs}

        def version_rows() -> Iterator[tuple[object, ...]]:
            for c in charters:
                adopted_on: datetime.date = c["adopted_on"]
                name = org_names[c["org"]]
                principles: list[dict[str, object]] = c["principles"]
                if c["adopted"] == 2:
                    earlier = adopted_on - datetime.timedelta(days=200)
                    doc = _document(
                        name,
                        c["unit"],
                        c,
                        principles[:-1] or principles,
                        1,
                        Status.SUPERSEDED,
                        earlier,
                        now_iso,
                    )
                    yield (1, Status.SUPERSEDED, doc, earlier, now, c["id"])
                number: int = c["adopted"]
                doc = _document(
                    name, c["unit"], c, principles, number, Status.ADOPTED, adopted_on, now_iso
                )
                c["document"] = doc
                yield (number, Status.ADOPTED, doc, adopted_on, now, c["id"])
                if c["draft"]:
                    yield (number + 1, Status.DRAFT, "{}", None, now, c["id"])

        _copy(
            "charters_charterversion",
            "number, status, document, adopted_on, created_at, charter_id",
            version_rows(),
        )

        # --- Upward proposals in the large organisation ---
        started = time.perf_counter()
        proposals = []
        candidates = [c for c in charters if c["big"] and c["unit"]["parent"] is not None]
        rng.shuffle(candidates)
        for n, charter in enumerate(candidates[:220]):
            own = [p for p in charter["principles"] if "inherited" not in p]
            p = rng.choice(own)
            status = (
                ProposalStatus.OPEN
                if n < 150
                else ProposalStatus.TAKEN
                if n < 190
                else ProposalStatus.DECLINED
            )
            parent_unit = units[charter["unit"]["parent_index"]]
            parent_charter = charter_of_unit.get(charter["unit"]["parent_index"])
            proposals.append(
                UpwardProposal(
                    organisation_id=big.pk,
                    from_charter_id=charter["id"],
                    principle_code=p["code"],
                    from_version=charter["adopted"],
                    to_unit_id=parent_unit["id"],
                    statement_da=p["da"],
                    statement_en=p["en"],
                    cells={k: v["text"] for k, v in p["cells"].items() if v["text"]},
                    note="Det virker godt hos os." if n % 3 == 0 else "",
                    status=status,
                    proposed_by=admin,
                    decided_by=admin if status != ProposalStatus.OPEN else None,
                    decided_at=now if status != ProposalStatus.OPEN else None,
                    taken_into_id=(
                        parent_charter["id"]
                        if status == ProposalStatus.TAKEN and parent_charter
                        else None
                    ),
                )
            )
        UpwardProposal.objects.bulk_create(proposals)
        CLOCK.done("charters_upwardproposal", len(proposals), started)

        # --- Reflection: rounds, actions, check-ins ---
        rounds: list[tuple[object, ...]] = []
        closed: list[tuple[int, bool]] = []  # (round id, small unit)
        first = _reserve("reflection_round", len(charters) * (ROUNDS_PER_CHARTER + 1))
        rcodes = _codes(rng, len(charters) * (ROUNDS_PER_CHARTER + 1))
        for c in charters:
            for q in range(ROUNDS_PER_CHARTER):
                closes = today - datetime.timedelta(days=10 + 91 * q + rng.randint(0, 20))
                rid = first + len(rounds)
                rounds.append(
                    (
                        rid,
                        next(rcodes),
                        c["adopted"],
                        "scheduled",
                        "",
                        "",
                        closes - datetime.timedelta(days=14),
                        closes,
                        MIN_GROUP_SIZE,
                        True,
                        True,
                        c["id"],
                    )
                )
                closed.append((rid, c["unit"]["level"] == UnitLevel.GROUP or rng.random() < 0.25))
            if c["big"] and rng.random() < 0.25:  # open now: left out of every figure
                rid = first + len(rounds)
                rounds.append(
                    (
                        rid,
                        next(rcodes),
                        c["adopted"],
                        "event",
                        "new_tool",
                        "Et nyt værktøj er taget i brug.",
                        today - datetime.timedelta(days=2),
                        today + datetime.timedelta(days=12),
                        MIN_GROUP_SIZE,
                        True,
                        False,
                        c["id"],
                    )
                )
        _copy(
            "reflection_round",
            "id, code, version_number, kind, event, description, opens_on, closes_on, "
            "min_group_size, opened_mail_sent, closing_mail_sent, charter_id",
            rounds,
        )
        big_charters = {c["id"] for c in charters if c["big"]}
        big_rounds = {r[0] for r in rounds if r[11] in big_charters}
        _copy(
            "reflection_agreedaction",
            "description, owner, due_on, done, follow_up, round_id",
            (
                (
                    rng.choice(
                        (
                            "Følg op på princip 2",
                            "Ny oplæring i værktøjet",
                            "Drøft retningslinjerne på teammødet",
                            "Tjek persondata i skabelonerne",
                        )
                    ),
                    rng.choice(("Leder", "TR", "AMR", "Teamkoordinator")),
                    today + datetime.timedelta(days=rng.randint(-30, 90)),
                    rng.random() < 0.3,
                    "",
                    rid,
                )
                for rid, _small in closed
                if rng.random() < (0.6 if rid in big_rounds else 0.2)
            ),
        )
        weights = [rng.uniform(0, 12) if small else rng.uniform(10, 45) for _rid, small in closed]
        per_round = _spread(rng, weights, CHECKINS)

        def checkins() -> Iterator[tuple[object, ...]]:
            randint, rand = rng.randint, rng.random
            for (rid, _small), size in zip(closed, per_round, strict=True):
                mood = randint(2, 4)
                for _ in range(size):
                    scores = [
                        None if rand() < 0.08 else min(5, max(1, mood + randint(-1, 1)))
                        for _aim in range(3)
                    ]
                    changed = rng.choice(CHANGED) if rand() < 0.03 else ""
                    yield (uuid.uuid4(), rid, *scores, changed, randint(0, 2**31 - 1))

        _copy(
            "reflection_checkin",
            "id, round_id, productivity, wellbeing, meaningfulness, changed, shuffle",
            checkins(),
        )

        # --- Workshops, worksheets, answers ---
        per_org = [
            300,
            *_spread(rng, [len(o["units"]) for o in orgs[1:]], WORKSHOPS - 300, minimum=1),
        ]
        first = _reserve("workshops_workshop", WORKSHOPS)
        workshops: list[tuple[object, ...]] = []
        wcodes = _codes(rng, WORKSHOPS)
        joins: set[str] = set()
        for org, count in zip(orgs, per_org, strict=True):
            for _ in range(count):
                unit = units[rng.choice(org["units"])]
                join = "".join(rng.choices(JOIN_ALPHABET, k=6))
                while join in joins:
                    join = "".join(rng.choices(JOIN_ALPHABET, k=6))
                joins.add(join)
                workshops.append(
                    (
                        first + len(workshops),
                        next(wcodes),
                        join,
                        f"GenAI-workshop: {unit['name']}",
                        today - datetime.timedelta(days=rng.randint(30, 900)),
                        "en" if rng.random() < 0.1 else "da",
                        True,
                        False,
                        MIN_GROUP_SIZE,
                        "closed" if rng.random() < 0.95 else "principles",
                        True,
                        now,
                        admin.pk if org["id"] == big.pk else None,
                        org["id"],
                        unit["id"],
                        False,
                        False,
                    )
                )
        _copy(
            "workshops_workshop",
            "id, code, join_code, title, date, language, anonymous, require_login, "
            "min_group_size, phase, answers_revealed, created_at, created_by_id, "
            "organisation_id, unit_id, participants_propose, per_sheet_export",
            workshops,
        )
        sheets_per = _spread(rng, [rng.uniform(0.2, 1.8) for _ in workshops], SHEETS)
        with_entries: list[uuid.UUID] = []
        wanted = ENTRIES / 4  # about 4 answers a sheet

        def sheets() -> Iterator[tuple[object, ...]]:
            bits = rng.getrandbits
            for workshop, size in zip(workshops, sheets_per, strict=True):
                answered = len(with_entries) < wanted and rng.random() < 0.2
                for _ in range(size):
                    sid = uuid.uuid4()
                    if answered:
                        with_entries.append(sid)
                    yield (sid, f"{bits(256):064x}", f"{bits(256):064x}", True, None, workshop[0])

        _copy(
            "workshops_sheet",
            "id, token_hash, resume_hash, submitted, user_id, workshop_id",
            sheets(),
        )
        fields = [f.key for f in kit.FIELDS]

        def entries() -> Iterator[tuple[object, ...]]:
            made = 0
            for sid in with_entries:
                for field in rng.sample(fields, 4):
                    if made >= ENTRIES:
                        return
                    made += 1
                    text = rng.choice(ANSWERS)
                    # Past workshops: every answer went up on the board as it stands.
                    yield (
                        uuid.uuid4(),
                        field,
                        text,
                        text,
                        False,
                        rng.randint(1, 9),
                        rng.randint(0, 2**31 - 1),
                        False,
                        sid,
                    )

        _copy(
            "workshops_entry",
            "id, field, text, released_text, release_pending, seq, shuffle, hidden, sheet_id",
            entries(),
        )

        # --- The commons ---
        started = time.perf_counter()
        publishing = [orgs[0], *rng.sample(orgs[1:], round(PUBLISHING * len(orgs)) - 1)]
        publications: list[tuple[object, ...]] = []
        published: list[tuple[int, dict[str, object], dict[str, object]]] = []
        first = _reserve("commons_publication", 2 * len(publishing))
        pubcodes = _codes(rng, 2 * len(publishing))
        for org in publishing:
            share = rng.random() < 0.4
            named = rng.random() < 0.5
            chosen = org["charters"][:1]
            if len(org["charters"]) > 1 and rng.random() < 0.2:
                chosen = org["charters"][:2]
            for c in chosen:
                pid = first + len(publications)
                publications.append(
                    (
                        pid,
                        next(pubcodes),
                        c["adopted"],
                        org["name"] if named else "",
                        org["sector"],
                        org["size_band"],
                        c["adopted_on"],
                        share,
                        now - datetime.timedelta(days=rng.randint(0, 300)),
                        c["id"],
                        org["id"],
                    )
                )
                published.append((pid, org, c))
        _copy(
            "commons_publication",
            "id, code, version_number, shown_name, sector, size_band, adopted_on, "
            "share_reflection, published_at, charter_id, organisation_id",
            publications,
        )
        total = sum(len(c["principles"]) for _pid, _org, c in published)
        first = _reserve("commons_commonsprinciple", total)
        themes: list[tuple[object, ...]] = []
        cpcodes = _codes(rng, total)

        def commons_principles() -> Iterator[tuple[object, ...]]:
            n = 0
            for pid, org, c in published:
                for position, p in enumerate(c["principles"], start=1):
                    cells = {k: v["text"] for k, v in p["cells"].items() if v["text"]}
                    da, en = p["da"], p["en"]
                    cid = first + n
                    n += 1
                    for concept in sorted(features(f"{da}\n{en}").concepts):
                        themes.append((cid, pid, org["id"], org["sector"], concept))
                    yield (
                        cid,
                        next(cpcodes),
                        position,
                        da,
                        en,
                        json.dumps(cells, ensure_ascii=False),
                        index_terms(da, en, *cells.values()),
                        pid,
                        p["code"],
                    )

        _copy(
            "commons_commonsprinciple",
            "id, code, position, statement_da, statement_en, cells, search_terms, publication_id, "
            "source_code",
            commons_principles(),
        )
        _copy(
            "commons_commonstheme",
            "principle_id, publication_id, organisation_id, sector, concept",
            themes,
        )
        print(f"  (commons in all: {time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    CLOCK.done("VACUUM ANALYZE", 0, started)
    print(
        f"seeded {ORGANISATIONS:,} organisations, {len(units):,} units, {len(charters):,} "
        f"charters with {PRINCIPLES:,} principles, {len(rounds):,} rounds, {CHECKINS:,} "
        f"check-ins, {len(workshops):,} workshops, {SHEETS:,} worksheets, "
        f"{len(publications):,} publications with {total:,} principles and {len(themes):,} "
        f"themes in {time.perf_counter() - CLOCK.started:.1f} s"
    )
    print(json.dumps({"total_s": round(time.perf_counter() - CLOCK.started, 1), **CLOCK.times}))


def main() -> None:
    _refuse_sqlite()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed()


if __name__ == "__main__":
    main()
