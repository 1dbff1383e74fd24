"""What the API answers to requests that do not fit, found by `make test-fuzz`.

- The answers django-ninja gives before a handler runs (401, a session's 403 without
  CSRF, 422) are in the OpenAPI schema like every other answer.
- Two schemas of the same name would share one OpenAPI component, so one of them would
  be described wrongly (the cascade's proposals were described as a participant's).
- A NUL character never gets past the API: PostgreSQL cannot store or look one up.
"""

from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from conftest import World
from vogter.organisations.models import Organisation, Unit

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_that_needs_credentials_declares_401(schema: dict[str, Any]) -> None:
    for method, path, operation in _operations(schema):
        if operation.get("security"):
            assert "401" in operation["responses"], f"{method} {path}"


def test_every_operation_with_parameters_or_a_body_declares_422(schema: dict[str, Any]) -> None:
    for method, path, operation in _operations(schema):
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], f"{method} {path}"


def test_a_session_write_without_csrf_is_a_declared_403(
    schema: dict[str, Any], world: World
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    response = client.post("/api/organisations", {"name": "Ny"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert "403" in schema["paths"]["/api/organisations"]["post"]["responses"]


def test_the_real_401_and_422_have_the_declared_shape(
    schema: dict[str, Any], client: Client, api_client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    unauthorised = client.get("/api/me")
    assert unauthorised.status_code == 401
    assert set(unauthorised.json()) <= {"detail", "field"}

    invalid = api_client_for(world.alice).post(
        "/api/organisations", {"name": 5}, content_type="application/json"
    )
    assert invalid.status_code == 422
    declared = schema["paths"]["/api/organisations"]["post"]["responses"]["422"]
    item = declared["content"]["application/json"]["schema"]["properties"]["detail"]["items"]
    for error in invalid.json()["detail"]:
        assert set(item["required"]) <= set(error)


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


def test_no_two_api_schemas_share_a_name() -> None:
    names: dict[str, str] = {}
    for cls in _subclasses(Schema):
        if not cls.__module__.startswith("vogter."):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        assert names.setdefault(cls.__name__, where) == where, (
            f"{where} and {names[cls.__name__]} would be one OpenAPI component"
        )


def test_cascade_proposals_are_described_as_such(schema: dict[str, Any]) -> None:
    proposal = schema["components"]["schemas"]["ProposalOut"]
    assert {"from_charter", "to_unit", "status"} <= set(proposal["required"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/api/organisations/{org}", {"name": "før\x00efter"}),
        ("POST", "/api/organisations/{org}/units", {"name": "a\x00", "level": "group"}),
        ("GET", "/api/organisations/{org}/memberships?q=a%00b", None),
    ],
)
def test_a_nul_character_is_a_400_naming_the_field(
    api_client_for, world: World, method: str, path: str, body: Any
) -> None:  # type: ignore[no-untyped-def]
    import json

    names = sorted(Organisation.objects.values_list("name", flat=True))
    units = Unit.objects.count()
    alice = api_client_for(world.alice)
    url = path.format(org=world.havneby.code)
    data = json.dumps(body) if body is not None else ""
    response = alice.generic(method, url, data, content_type="application/json")
    assert response.status_code == 400, response.content
    field = "q" if body is None else next(iter(body))
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert sorted(Organisation.objects.values_list("name", flat=True)) == names
    assert Unit.objects.count() == units


def test_a_nul_character_in_a_code_is_a_code_that_does_not_exist(
    api_client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    alice = api_client_for(world.alice)
    not_found = alice.get("/api/organisations/zzzzzzzzzzzz").json()
    for url in (
        "/api/organisations/%00",
        f"/api/organisations/{world.havneby.code}/units/a%00b",
    ):
        response = alice.get(url)
        assert (response.status_code, response.json()) == (404, not_found), url
