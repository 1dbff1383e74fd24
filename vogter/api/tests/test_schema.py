import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_schema_is_served_without_logging_in(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Vogter API"


def test_every_operation_has_a_summary_and_a_tag(client: Client) -> None:
    operations = _operations(client.get("/api/openapi.json").json())
    assert len(operations) > 10
    for method, path, operation in operations:
        assert operation.get("summary", "").strip(), f"{method} {path} has no summary"
        assert operation.get("tags"), f"{method} {path} has no tag"


# Joining a workshop is open to anyone: it is how a participant without an account gets
# the sheet token that every other worksheet operation needs. A personal check-in link's
# token is its own credential, as the link is on the page (docs/reflection.md).
OPEN_OPERATIONS = {
    ("POST", "/api/worksheets/join"),
    ("GET", "/api/checkin-links/{token}"),
    ("POST", "/api/checkin-links/{token}"),
}


def test_every_operation_needs_authentication(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth", "SheetAuth"}
    for method, path, operation in _operations(schema):
        if (method, path) in OPEN_OPERATIONS:
            assert not operation.get("security")
            continue
        assert operation.get("security"), f"{method} {path} is open to anyone"


def test_paths_use_codes_not_ids(client: Client) -> None:
    for path in client.get("/api/openapi.json").json()["paths"]:
        for name in re.findall(r"{(\w+)}", path):
            assert not name.endswith("id"), f"{path}: <{name}> looks like a sequential id"


def test_docs_page_renders_from_local_files(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert not re.search(r"https?://", html), re.findall(r"https?://\S+", html)
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert finders.find(asset), f"{asset} is not among the static files"
