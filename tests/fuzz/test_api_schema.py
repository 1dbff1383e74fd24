"""Schemathesis against /api/openapi.json: no server errors, no answers that break the schema.

Behind the `fuzz` marker (`make test-fuzz`). It runs in-process through Django's WSGI
application, inside the test's database transaction: once as Havneby's admin with an API
token and the real codes of Havneby's organisation, units, workshop, charter, round…
(so requests reach the handlers instead of stopping at a 404), and once without any
credentials. Valid and invalid requests both (`mode = "all"`), a fixed seed and a bounded
number of examples per operation, so a run is reproducible and takes a few minutes.

The number of cases and the failures are written to test-results/fuzz.json.
"""

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import World
from vogter.api.actions import issue_token
from vogter.api.tests.test_tenant_isolation import _for, _values

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "fuzz.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Enough to find what the handlers trip over in a few minutes on two cores; raise it
# locally with FUZZ_EXAMPLES=200 when hunting.
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
SEED = int(os.environ.get("FUZZ_SEED", "20261127"))


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                # No .hypothesis/ folder in the work tree: every run starts from the seed.
                "database": "none",
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
        }
    )


class Tally:
    """What the runs did, for test-results/fuzz.json."""

    def __init__(self) -> None:
        self.cases: Counter[str] = Counter()
        self.statuses: dict[str, Counter[str]] = {}
        self.failures: dict[tuple[str, str, str], str] = {}
        self.started = time.monotonic()

    def call(self, run: str, case: schemathesis.Case, headers: dict[str, str]) -> None:
        self.cases[run] += 1
        try:
            response = case.call(headers=headers)
            self.statuses.setdefault(run, Counter())[str(response.status_code)] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as failures:  # recorded, then raised for Hypothesis to shrink
            for failure in failures.exceptions:
                key = (run, case.operation.label, failure.title)
                self.failures.setdefault(key, str(failure)[:500])
            raise

    def write(self) -> None:
        RESULTS.parent.mkdir(exist_ok=True)
        report = {
            "schemathesis": schemathesis.__version__,
            "seed": SEED,
            "max_examples": MAX_EXAMPLES,
            "cases": sum(self.cases.values()),
            "cases_per_run": dict(self.cases),
            "statuses": {run: dict(sorted(c.items())) for run, c in self.statuses.items()},
            "failures": len(self.failures),
            "failed": [
                {"run": run, "operation": label, "failure": title, "detail": detail}
                for (run, label, title), detail in sorted(self.failures.items())
            ],
            "seconds": round(time.monotonic() - self.started, 1),
        }
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    result = Tally()
    yield result
    result.write()


class DjangoApp:
    """Django's WSGI handler, loaded anew for each test: the middleware reads the settings
    when it is loaded, and the tests' settings (no HTTPS redirect…) hold only in a test."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return self.handler(environ, start_response)


APP = DjangoApp()


@pytest.fixture(autouse=True)
def _django_app() -> Iterator[None]:
    """Like Django's test client, keep the handler from closing the database connection
    after each request: that would throw away the test's transaction and its data."""
    APP.handler = WSGIHandler()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# Loaded when the module is collected, under the production settings (hence HTTPS; the
# schema needs no database): one test per operation, each in its own transaction.
# (schemathesis.pytest.from_fixture would load it inside a test, but does not work with
# pytest 9.2.)
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", APP, config=_config(), base_url="https://localhost"
)


@pytest.fixture
def codes(world: World) -> dict[str, str]:
    return _values(world)


@pytest.fixture
def admin_token(world: World) -> str:
    return issue_token(world.alice, "fuzz")[1]


# The examples of one operation share the test's data, as requests to a server would.
SHARED_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@schema.parametrize()
@SHARED_FIXTURES
def test_as_organisation_admin(
    case: schemathesis.Case, codes: dict[str, str], admin_token: str, tally: Tally
) -> None:
    real = _for(case.path, codes)
    if case.path_parameters:
        case.path_parameters = {name: real.get(name, v) for name, v in case.path_parameters.items()}
    tally.call("admin", case, {"Authorization": f"Bearer {admin_token}"})


@schema.parametrize()
@SHARED_FIXTURES
def test_without_credentials(case: schemathesis.Case, world: World, tally: Tally) -> None:
    tally.call("anonymous", case, {})
