"""Times the reflection roll-up and a unit's trend view on the seeded organisation
(bench/reflection_seed.py; PostgreSQL through DATABASE_URL).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vogter_reflectionbench DEBUG=true
    .venv/bin/python bench/reflection_seed.py
    .venv/bin/python bench/reflection_queries.py        # BENCH_RUNS=30 warm runs each

Measured: rollup() for the whole corporate group (1,000 units), the same through its page,
its CSV and its API operation (Django's full request stack in-process, no network), and a
unit's trend view: trends() for the unit's charter and the charter's reflection
page. Each case runs twice to warm up, then BENCH_RUNS times; the number of queries of
the last run is printed beside p50/p95. The last line printed is one JSON object:
{name: {"p50_ms": …, "p95_ms": …, "cpu_p50_ms": …, "queries": …}}, and the load average
is printed before it (the timings are wall-clock, so other work on the machine shows).
"""

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
from vogter.api.actions import issue_token  # noqa: E402
from vogter.charters.models import Charter  # noqa: E402
from vogter.organisations.models import Organisation, Unit, UnitLevel  # noqa: E402
from vogter.reflection.results import trends  # noqa: E402
from vogter.reflection.rollup import rollup  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
BENCH_ORG = "Refleksion Bench Koncern"


def timed(call: Callable[[], object]) -> dict[str, float]:
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
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(p95, 1),
        # This process's own CPU time: the part that does not grow when other jobs compete.
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": len(captured.captured_queries),
    }


def ok(client: Client, path: str) -> Callable[[], object]:
    def call() -> object:
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
        raise SystemExit("Seed first: .venv/bin/python bench/reflection_seed.py")
    top = Unit.objects.get(organisation=org, level=UnitLevel.CORPORATE_GROUP)
    # A unit's trend view: an ordinary unit in the middle of the tree.
    unit = Unit.objects.filter(organisation=org, level=UnitLevel.UNIT).order_by("name")[70]
    charter = Charter.objects.get(unit=unit)
    admin = User.objects.get(email="admin@reflection-bench.example")
    browser = Client()
    browser.force_login(admin)
    _token, raw = issue_token(admin, "bench")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    base = f"/o/{org.code}/units/{top.code}/reflection/"
    cases: dict[str, Callable[[], object]] = {
        "rollup_function": lambda: rollup(top),
        "rollup_page": ok(browser, base),
        "rollup_csv": ok(browser, base + "csv/"),
        "rollup_api": ok(api, f"/api/organisations/{org.code}/units/{top.code}/reflection"),
        "trends_function": lambda: trends(charter),
        "trend_page": ok(browser, f"/o/{org.code}/charters/{charter.code}/reflection/"),
    }
    results = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for name, call in cases.items():
            results[name] = timed(call)
            r = results[name]
            print(
                f"{name:16} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   {r['queries']} queries   (own CPU p50 {r['cpu_p50_ms']:6.1f} ms)"
            )
    result = rollup(top)
    shown = sum(1 for row in result.rows if row.checkins is not None)
    print(
        f"database: postgresql; {len(result.rows)} units, {shown} with their check-ins shown, "
        f"minimum group size {result.min_group_size}, {RUNS} warm runs each"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
