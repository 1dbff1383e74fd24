"""Times the national pages and the large organisation's pages on the seeded national
installation (bench/national_seed.py; PostgreSQL through DATABASE_URL).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vogter_nationalbench DEBUG=true
    .venv/bin/python bench/national_seed.py
    .venv/bin/python bench/national_queries.py        # BENCH_RUNS=30 warm runs each

Measured, through Django's full request stack in-process (test Client, force_login; no
network), each page asserted to answer 200:

- coordinator_dashboard: GET /national/ as the national coordinator;
- commons_search: GET /national/search/?q=… as the coordinator, each run with the next of
  a list of Danish and English queries (inflected forms, two-word queries, rare words);
- org_overview_500_units: GET /o/<org>/charters/overview/ as the large organisation's admin;
- unit_cascade: GET /o/<org>/charters/<charter>/cascade/ for the charter of a group three
  levels below the top of the large organisation (one with proposals of its own);

and the functions beneath them (`*_function`): commons.dashboard.dashboard("da"),
commons.search.matching(all principles, q)[:50] and its count, reflection.overview's
unit_rows + recurring_principles, charters.cascade.cascade. Each case runs twice to warm
up, then BENCH_RUNS times; the number of queries of one more run is printed beside
p50/p95, and with BENCH_VERBOSE=1 its slowest SQL statements; then the search page's
median per query. The load average is printed
before the last line, which is one JSON object:
{name: {"p50_ms": …, "p95_ms": …, "cpu_p50_ms": …, "queries": …}}.
"""

import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from vogter.accounts.models import User  # noqa: E402
from vogter.charters.cascade import cascade  # noqa: E402
from vogter.charters.models import Charter, UpwardProposal  # noqa: E402
from vogter.commons.dashboard import dashboard  # noqa: E402
from vogter.commons.models import CommonsPrinciple  # noqa: E402
from vogter.commons.search import matching  # noqa: E402
from vogter.organisations.models import Organisation, UnitLevel  # noqa: E402
from vogter.reflection.overview import recurring_principles, unit_rows  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
VERBOSE = os.environ.get("BENCH_VERBOSE", "") not in ("", "0")
BENCH_ORG = "National Bench Stor Kommune"
ADMIN = "admin@national-bench.example"
COORDINATOR = "coordinator@national-bench.example"
# Inflected Danish forms, English, two words, a rare word, a word in nearly everything.
QUERIES = (
    "medarbejderne",
    "kvalitet",
    "quality employees",
    "persondata",
    "borgernes tillid",
    "transparency",
    "klimaaftrykket",
    "arbejdsmiljø",
    "medarbejdernes faglighed",
    "copyright",
    # Two words that seldom meet: the planner expects hundreds of matches, finds ~50.
    "kompetenceudvikling tilgængelighed",
    "kilderne privatlivet",
)


def timed(call: Callable[[], object]) -> dict[str, object]:
    for _ in range(2):
        call()
    samples, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(p95, 1),
        # This process's own CPU time: the part that does not grow when other jobs compete.
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": len(captured.captured_queries),
        "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
        "_slowest": [(round(float(q["time"]) * 1000, 1), q["sql"]) for q in slowest],
    }


def ok(client: Client, paths: Callable[[], str]) -> Callable[[], object]:
    def call() -> object:
        path = paths()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return response

    return call


def main() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://… (see the docstring).")
    org = Organisation.objects.filter(name=BENCH_ORG).first()
    if org is None:
        raise SystemExit("Seed first: .venv/bin/python bench/national_seed.py")
    # A group's charter (3 levels below the top) that has proposed principles upward.
    leaf = (
        Charter.objects.filter(
            organisation=org,
            unit__level=UnitLevel.GROUP,
            pk__in=UpwardProposal.objects.values("from_charter"),
        )
        .select_related("unit")
        .order_by("code")
        .first()
    )
    assert leaf is not None
    admin = Client()
    admin.force_login(User.objects.get(email=ADMIN))
    coordinator = Client()
    coordinator.force_login(User.objects.get(email=COORDINATOR))
    words = itertools.cycle(QUERIES)
    query = itertools.cycle(QUERIES)
    everything = CommonsPrinciple.objects.all()

    def search() -> object:
        found = matching(everything, next(words))
        return list(found[:50]), found.count()

    cases: dict[str, Callable[[], object]] = {
        "coordinator_dashboard": ok(coordinator, lambda: "/national/"),
        "commons_search": ok(coordinator, lambda: f"/national/search/?q={next(query)}"),
        "org_overview_500_units": ok(admin, lambda: f"/o/{org.code}/charters/overview/"),
        "unit_cascade": ok(admin, lambda: f"/o/{org.code}/charters/{leaf.code}/cascade/"),
        "dashboard_function": lambda: dashboard("da"),
        "search_function": search,
        "overview_function": lambda: (unit_rows(org), recurring_principles(org, "da")),
        "cascade_function": lambda: cascade(leaf),
    }
    results = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for name, call in cases.items():
            r = timed(call)
            slowest = r.pop("_slowest")
            results[name] = r
            print(
                f"{name:24} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   "
                f"{r['queries']:3} queries ({r['sql_ms']:6.1f} ms in SQL)   "
                f"(own CPU p50 {r['cpu_p50_ms']:6.1f} ms)",
                flush=True,
            )
            if VERBOSE:
                for ms, sql in slowest:
                    print(f"    {ms:7.1f} ms  {sql[:400]}")
        print("commons_search by query (page, median of 5 warm runs; matches):")
        for q in QUERIES:
            path = f"/national/search/?q={q}"
            coordinator.get(path)
            samples = []
            for _ in range(5):
                started = time.perf_counter()
                coordinator.get(path)
                samples.append((time.perf_counter() - started) * 1000)
            n = matching(everything, q).count()
            print(f"    {q:36} {statistics.median(samples):7.1f} ms   {n:6,} matches")
    counts = everything.count(), Charter.objects.count()
    print(
        f"database: postgresql; {counts[0]:,} published principles, {counts[1]:,} charters; "
        f"the large organisation's leaf charter {leaf.code} ({leaf.unit.name}); "
        f"search over {len(QUERIES)} queries in turn; {RUNS} warm runs each"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
