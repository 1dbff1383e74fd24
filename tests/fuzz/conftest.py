from pathlib import Path

import pytest


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """test_api_schema.py asks the app for its OpenAPI schema as it is collected: leave it
    out of runs that do not select the `fuzz` marker, so `make test` neither pays for that
    nor fails with it."""
    if collection_path.name != "test_api_schema.py":
        return None
    markexpr = config.getoption("markexpr") or ""
    return not ("fuzz" in markexpr and "not fuzz" not in markexpr)
