"""How long a reflection check-in takes as its round fills, now that each one is written
mixed with up to MIX of the round's earlier check-ins (vogter/reflection/actions/checkins.py).

Makes its own organisation, unit, adopted charter (PRINCIPLES principles) and one open
round, then checks in COUNT times through personal links, in-process (the action, no
HTTP), and prints the time per check-in by how full the round was. SQLite in a fresh
temporary directory by default; PostgreSQL with DATABASE_URL (a scratch database: it
migrates it and adds an organisation).

    .venv/bin/python bench/checkin_mix.py [--count 1000] [--principles 8] [--mix 0]

The last line printed is one JSON object: {"0-99": {"p50_ms": …, "p95_ms": …}, …}.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["VOGTER_DATA_DIR"] = tempfile.mkdtemp(prefix="vogter-mix-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from vogter.accounts.models import User  # noqa: E402
from vogter.charters.models import Charter, CharterVersion, Status  # noqa: E402
from vogter.organisations.actions import organisations as organisation_actions  # noqa: E402
from vogter.organisations.models import Unit, UnitLevel  # noqa: E402
from vogter.reflection import links  # noqa: E402
from vogter.reflection.actions import checkins as checkin_actions  # noqa: E402
from vogter.reflection.actions import rounds as round_actions  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--principles", type=int, default=8)
    parser.add_argument("--mix", type=int, help="Override MIX (0: no mixing, to compare).")
    args = parser.parse_args()
    if args.mix is not None:
        checkin_actions.MIX = args.mix
    call_command("migrate", verbosity=0)
    stamp = str(time.time_ns())
    admin = User.objects.create_user(f"mix{stamp}@bench.example", "bench-password-1234")
    org = organisation_actions.create_organisation(admin, f"Mix bench {stamp}", "da")
    unit = Unit.objects.create(organisation=org, name="Enheden", level=UnitLevel.UNIT)
    charter = Charter.objects.create(organisation=org, unit=unit, title="Principperne")
    codes = [f"p{stamp[-6:]}{n}" for n in range(args.principles)]
    CharterVersion.objects.create(
        charter=charter,
        number=1,
        status=Status.ADOPTED,
        adopted_on=timezone.localdate() - datetime.timedelta(days=30),
        document={
            "principles": [
                {"code": code, "statement": {"da": code, "en": code}, "cells": {}} for code in codes
            ]
        },
    )
    reflection = round_actions.open_round(None, charter, event="new_tool")
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{args.count} check-ins, {args.principles} principles, MIX {checkin_actions.MIX}"
    )
    timings: dict[str, list[float]] = {}
    for number in range(args.count):
        link = links.blank(reflection)
        answers = {code: (str(1 + number % 5), "keep") for code in codes}
        started = time.perf_counter()
        checkin_actions.check_in_with_link(
            link,
            principles=answers,
            aims={"productivity": 3, "wellbeing": 4, "meaningfulness": 2},
            changed="Det går fint" if number % 3 == 0 else "",
        )
        elapsed = (time.perf_counter() - started) * 1000
        band = 100 * (number // 100) if number < 1000 else 1000 * (number // 1000)
        width = 100 if number < 1000 else 1000
        timings.setdefault(f"{band}-{band + width - 1}", []).append(elapsed)
    figures = {
        band: {
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
        }
        for band, values in timings.items()
    }
    for band, figure in figures.items():
        print(
            f"round already holding {band:>11}: p50 {figure['p50_ms']} ms, p95 {figure['p95_ms']} ms"
        )
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
