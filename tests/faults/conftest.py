"""The fault-injection tests (`-m faults`): slow, they start real servers and break them.

They never run in the default suite: `make test` collects them and skips them at once.
Run them with `VOGTER_FAULTS=1 .venv/bin/pytest -q -p no:xdist -m faults tests/faults`.
"""

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "faults: kills servers and cuts database connections under load "
        "(run with `VOGTER_FAULTS=1 pytest -m faults -p no:xdist tests/faults`)",
    )


def _asked_for(config: pytest.Config) -> bool:
    if os.environ.get("VOGTER_FAULTS") == "1":
        return True
    markexpr = config.getoption("markexpr") or ""
    return "faults" in markexpr and "not faults" not in markexpr


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    skip = pytest.mark.skip(reason="fault injection: run with -m faults or VOGTER_FAULTS=1")
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(skip)
