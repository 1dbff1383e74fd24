"""Seeds an organisation for the reflection roll-up benchmark (bench/reflection_queries.py).

PostgreSQL only (through DATABASE_URL): the point is the production database's plans.

    createdb -h 127.0.0.1 -U postgres vogter_reflectionbench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vogter_reflectionbench DEBUG=true
    .venv/bin/python bench/reflection_seed.py

1 organisation with 1,000 units (1 corporate group, 20 departments, 7 units in each,
6 groups in each unit, less one), an adopted charter with 5 principles per unit (its
document written directly), 4 closed rounds a quarter apart per charter, and 100,000
check-ins in all (a round gets between 0 and about 60, so that some groups are below the
minimum group size), each with 5 principle answers, written with COPY. Seeding again
is a no-op once the organisation is there.
"""

import datetime
import os
import random
import secrets
import sys
import time
import uuid
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
from vogter.charters.models import Charter, CharterVersion, Status  # noqa: E402
from vogter.organisations.actions import organisations as organisation_actions  # noqa: E402
from vogter.organisations.models import Organisation, Unit, UnitLevel  # noqa: E402
from vogter.reflection.models import AgreedAction, Round  # noqa: E402

BENCH_ORG = "Refleksion Bench Koncern"
UNITS = 1000
DEPARTMENTS, UNITS_PER_DEPARTMENT, GROUPS_PER_UNIT = 20, 7, 6
ROUNDS = 4
CHECKINS = int(os.environ.get("BENCH_CHECKINS", "100000"))
PRINCIPLES = 5
ADMIN = "admin@reflection-bench.example"


def _refuse_sqlite() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://… (see the docstring).")


def _units(org: Organisation) -> list[Unit]:
    top = Unit.objects.create(organisation=org, name=BENCH_ORG, level=UnitLevel.CORPORATE_GROUP)
    departments = Unit.objects.bulk_create(
        Unit(organisation=org, name=f"Afdeling {d:02}", level=UnitLevel.DEPARTMENT, parent=top)
        for d in range(DEPARTMENTS)
    )
    units = Unit.objects.bulk_create(
        Unit(organisation=org, name=f"Enhed {d:02}-{u}", level=UnitLevel.UNIT, parent=department)
        for d, department in enumerate(departments)
        for u in range(UNITS_PER_DEPARTMENT)
    )
    groups = Unit.objects.bulk_create(
        Unit(organisation=org, name=f"Team {unit.name[6:]}-{g}", level=UnitLevel.GROUP, parent=unit)
        for unit in units
        for g in range(GROUPS_PER_UNIT)
    )
    everything = [top, *departments, *units, *groups][:UNITS]
    Unit.objects.filter(organisation=org).exclude(pk__in=[u.pk for u in everything]).delete()
    return everything


def _document(unit: Unit, codes: list[str]) -> dict[str, object]:
    return {
        "schema": "vogter.charter/1",
        "unit": unit.name,
        "principles": [
            {
                "code": code,
                "position": position,
                "statement": {
                    "da": f"sikrer vi at AI støtter os, princip {position}",
                    "en": f"make sure AI supports us, principle {position}",
                },
                "rationale": "",
                "cells": {},
                "sources": [],
            }
            for position, code in enumerate(codes, 1)
        ],
    }


def _sizes(rng: random.Random, rounds: list[Round], level_of: dict[int, str]) -> list[int]:
    """Check-ins per round: groups are small, larger units answer more; exactly CHECKINS."""
    weights = [
        rng.uniform(0, 12) if level_of[r.charter_id] == UnitLevel.GROUP else rng.uniform(10, 110)
        for r in rounds
    ]
    scale = CHECKINS / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for index in rng.sample(range(len(sizes)), CHECKINS - sum(sizes)):
        sizes[index] += 1
    return sizes


def _score(rng: random.Random, mood: int) -> int | None:
    """Around the round's mood; now and then "can't say"."""
    return None if rng.random() < 0.08 else min(5, max(1, mood + rng.randint(-1, 1)))


def _copy(table: str, columns: str, rows: object) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:  # type: ignore[attr-defined]
            copy.write_row(row)


def seed() -> Organisation:
    existing = Organisation.objects.filter(name=BENCH_ORG).first()
    if existing is not None:
        print("already seeded")
        return existing
    started = time.perf_counter()
    rng = random.Random(20261127)
    admin = User.objects.filter(email=ADMIN).first() or User.objects.create_user(
        ADMIN, "bench-password-1234", name="Bench Admin"
    )
    today = timezone.localdate()
    with transaction.atomic():
        org = organisation_actions.create_organisation(admin, BENCH_ORG, "da")
        units = _units(org)
        charters = Charter.objects.bulk_create(
            Charter(organisation=org, unit=unit, title=f"AI-principper for {unit.name}")
            for unit in units
        )
        codes = {c.pk: [secrets.token_hex(6) for _ in range(PRINCIPLES)] for c in charters}
        unit_of = {unit.pk: unit for unit in units}
        CharterVersion.objects.bulk_create(
            CharterVersion(
                charter=c,
                number=1,
                status=Status.ADOPTED,
                document=_document(unit_of[c.unit_id], codes[c.pk]),
                adopted_on=today - datetime.timedelta(days=400),
            )
            for c in charters
        )
        rounds = Round.objects.bulk_create(
            Round(
                charter=c,
                version_number=1,
                kind="scheduled",
                opens_on=today - datetime.timedelta(days=10 + 91 * q + 14),
                closes_on=today - datetime.timedelta(days=10 + 91 * q),
            )
            for c in charters
            for q in range(ROUNDS)
        )
        AgreedAction.objects.bulk_create(
            AgreedAction(round=r, description="Følg op på princip 2", owner="Leder")
            for r in rounds[::7]
        )
        level_of = {c.pk: unit_of[c.unit_id].level for c in charters}
        sizes = _sizes(rng, rounds, level_of)
        checkins, answers = [], []
        for reflection, size in zip(rounds, sizes, strict=True):
            mood = rng.randint(2, 4)
            for _ in range(size):
                checkin = uuid.uuid4()
                aims = (_score(rng, mood), _score(rng, mood), _score(rng, mood))
                checkins.append((checkin, reflection.pk, *aims, "", rng.randrange(2**31)))
                for code in codes[reflection.charter_id]:
                    verdict = rng.choice(("keep", "keep", "keep", "revise", "retire", ""))
                    answers.append(
                        (uuid.uuid4(), checkin, reflection.pk, code, _score(rng, mood), verdict)
                    )
        _copy(
            "reflection_checkin",
            "id, round_id, productivity, wellbeing, meaningfulness, changed, shuffle",
            checkins,
        )
        _copy(
            "reflection_principleanswer",
            "id, checkin_id, round_id, principle_code, score, verdict",
            answers,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {len(units)} units, {len(charters)} charters, {len(rounds)} rounds, "
        f"{len(checkins)} check-ins, {len(answers)} principle answers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return org


def main() -> None:
    _refuse_sqlite()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed()


if __name__ == "__main__":
    main()
