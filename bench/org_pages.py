"""How the organisation pages hold up in a large organisation.

Seeds (once) an organisation of 50,000 people in 1,000 units, then times the
pages and API calls an organisation admin uses, through Django's full request
stack in-process (middleware, templates, database; no network).

    .venv/bin/python bench/org_pages.py      # embedded SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vogter_bench .venv/bin/python bench/org_pages.py

The last line printed is one JSON object: {name: {"p50_ms": …, "p95_ms": …}}.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
UNITS = int(os.environ.get("BENCH_UNITS", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "Pq7Zr2Mx9Lk4Vn8Bc3Hd6Jf1Sg5Tw0Ya" * 2)
os.environ.setdefault("VOGTER_DATA_DIR", str(Path(__file__).resolve().parents[1] / "var" / "bench"))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from vogter.accounts.models import User  # noqa: E402
from vogter.api.actions import issue_token  # noqa: E402
from vogter.organisations.actions import organisations as organisation_actions  # noqa: E402
from vogter.organisations.models import Membership, Organisation, Role, Unit, UnitLevel  # noqa: E402

BENCH_ORG = "Bench Koncern"


def seed() -> Organisation:
    existing = Organisation.objects.filter(name=BENCH_ORG).first()
    if existing is not None and existing.memberships.count() >= PEOPLE:
        return existing
    started = time.perf_counter()
    admin = User.objects.filter(email="admin@bench.example").first() or User.objects.create_user(
        "admin@bench.example", "bench-password-1234"
    )
    org = existing or organisation_actions.create_organisation(admin, BENCH_ORG)
    top = Unit.objects.create(
        organisation=org, name="Bench Koncern", level=UnitLevel.CORPORATE_GROUP
    )
    departments = Unit.objects.bulk_create(
        Unit(organisation=org, name=f"Afdeling {d:02}", level=UnitLevel.DEPARTMENT, parent=top)
        for d in range(20)
    )
    per_department = (UNITS - 21) // 20
    groups = Unit.objects.bulk_create(
        Unit(
            organisation=org,
            name=f"Team {d:02}-{g:03}",
            level=UnitLevel.GROUP,
            parent=departments[d],
        )
        for d in range(20)
        for g in range(per_department)
    )
    password = admin.password  # one hash for everyone: hashing 50,000 times is not the point
    users = User.objects.bulk_create(
        (
            User(email=f"person{i:05}@bench.example", name=f"Person {i:05}", password=password)
            for i in range(PEOPLE)
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (
            Membership(
                organisation=org,
                user=u,
                unit=groups[i % len(groups)],
                role=Role.MEMBER,
                is_union_rep=i % 97 == 0,
            )
            for i, u in enumerate(users)
        ),
        batch_size=2000,
    )
    print(f"seeded {PEOPLE} people in {UNITS} units in {time.perf_counter() - started:.1f} s")
    return org


def timed(client: Client, path: str, **params: str) -> tuple[float, float]:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95


def main() -> None:
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `vogter serve` does
    org = seed()
    admin = User.objects.get(email="admin@bench.example")
    browser = Client()
    browser.force_login(admin)
    _token, raw = issue_token(admin, "bench")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    base = f"/o/{org.code}"
    cases = {
        "people_page": (browser, f"{base}/people/", {}),
        "people_page_500": (browser, f"{base}/people/", {"page": "500"}),
        "people_search": (browser, f"{base}/people/", {"q": "person4242"}),
        "units_page": (browser, f"{base}/units/", {}),
        "overview": (browser, f"{base}/", {}),
        "api_memberships": (api, f"/api/organisations/{org.code}/memberships", {"limit": "100"}),
        "api_units": (api, f"/api/organisations/{org.code}/units", {}),
    }
    results = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for name, (client, path, params) in cases.items():
            p50, p95 = timed(client, path, **params)
            results[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
            print(f"{name:18} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    units = Unit.objects.filter(organisation=org).count()
    print(f"database: {engine}; {PEOPLE} people, {units} units")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
