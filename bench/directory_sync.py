"""How long bringing an organisation chart in takes: the CSV import of units and people (its
preview plan, then the import), SCIM user provisioning, and the audit log page afterwards.

Makes its own organisation and admin, a CSV of PEOPLE people in 3 departments x 10 units,
and times, in-process:
- `plan` (what the preview shows) and `import_directory` (all rows, one transaction);
- the same plan again after the import (a re-upload of the same file: nothing to do);
- SCIM: POST /scim/v2/Users for SCIM people through Django's test client (real request
  handling, token check, JSON), then one GET of a 100-person page;
- the admin's first audit page and the CSV download of the whole log.
SQLite in a fresh temporary directory by default; PostgreSQL with DATABASE_URL (a scratch
database: it migrates it and adds an organisation).

    .venv/bin/python bench/directory_sync.py [--people 2000] [--scim 200]

The last line printed is one JSON object with every figure in seconds.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ["ALLOWED_HOSTS"] = "testserver"  # Django's test client, in-process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["VOGTER_DATA_DIR"] = tempfile.mkdtemp(prefix="vogter-directory-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from vogter.accounts.models import User  # noqa: E402
from vogter.directory import imports  # noqa: E402
from vogter.directory.actions.tokens import issue_scim_token  # noqa: E402
from vogter.organisations.actions import organisations as organisation_actions  # noqa: E402


def timed(figures: dict[str, float], name: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    figures[name] = round(time.perf_counter() - start, 3)
    print(f"{name}: {figures[name]:.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--scim", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    stamp = time.time_ns()
    admin = User.objects.create_user(f"admin-{stamp}@bench.example", "bench-password-1")
    organisation = organisation_actions.create_organisation(admin, f"Bench Kommune {stamp}")
    top = organisation.name
    lines = ["unit,level,email,name,role,manager,TR,AMR"]
    for n in range(args.people):
        department, unit = n % 3, (n // 3) % 10
        path = f"{top}/Forvaltning {department}/Team {department}-{unit}"
        boss = "ja" if n < 30 else ""
        lines.append(f"{path},,p{n}-{stamp}@bench.example,Person {n},member,{boss},,")
    data = "\n".join(lines).encode()
    figures: dict[str, float] = {}
    preview = timed(figures, "parse", lambda: imports.parse(data, "chart.csv"))
    timed(figures, "plan", lambda: imports.plan(organisation, preview))
    timed(figures, "import", lambda: imports.import_directory(admin, organisation, preview))
    again = timed(figures, "plan_again", lambda: imports.plan(organisation, preview))
    assert again is not None

    _token, raw = issue_scim_token(admin, organisation, "Bench")
    scim = Client(headers={"authorization": f"Bearer {raw}"})

    def provision() -> None:
        for n in range(args.scim):
            body = {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": f"s{n}-{stamp}@bench.example",
                "externalId": f"ext-{n}-{stamp}",
                "active": True,
                "displayName": f"Scim Person {n}",
                "emails": [
                    {"value": f"s{n}-{stamp}@bench.example", "type": "work", "primary": True}
                ],
            }
            response = scim.post("/scim/v2/Users", body, content_type="application/scim+json")
            assert response.status_code == 201, response.content[:300]

    timed(figures, "scim_create_all", provision)
    figures["scim_create_each_ms"] = round(figures["scim_create_all"] / args.scim * 1000, 1)
    page = timed(figures, "scim_list_100", lambda: scim.get("/scim/v2/Users?count=100"))
    assert page.status_code == 200
    listed = page.json()
    assert len(listed["Resources"]) == min(100, args.scim), listed.get("totalResults")

    browser = Client()
    browser.force_login(admin)
    first = timed(
        figures, "audit_first_page", lambda: browser.get(f"/o/{organisation.code}/audit/")
    )
    assert first.status_code == 200
    download = timed(
        figures,
        "audit_csv_download",
        lambda: browser.get(f"/o/{organisation.code}/audit/export/?format=csv"),
    )
    assert download.status_code == 200
    figures["people"] = args.people
    figures["scim_people"] = args.scim
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
