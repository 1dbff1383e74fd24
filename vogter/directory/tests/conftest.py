"""A SCIM client for each organisation: Entra ID's requests, through HTTP."""

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.directory.actions.tokens import issue_scim_token

SCIM = "application/scim+json"


class ScimClient:
    """Speaks to /scim/v2/ with one organisation's bearer token, as a provider does."""

    def __init__(self, raw: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def _send(self, method: str, path: str, data: Any = None, **query: str) -> Any:
        call = getattr(self.client, method)
        kwargs: dict[str, Any] = {"headers": self.headers}
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type=SCIM)
        elif query:
            kwargs["data"] = query
        return call(f"/scim/v2/{path}", **kwargs)

    def get(self, path: str, **query: str) -> Any:
        return self._send("get", path, **query)

    def post(self, path: str, data: Any) -> Any:
        return self._send("post", path, data)

    def put(self, path: str, data: Any) -> Any:
        return self._send("put", path, data)

    def patch(self, path: str, data: Any) -> Any:
        return self._send("patch", path, data)

    def delete(self, path: str) -> Any:
        return self._send("delete", path)


@pytest.fixture
def havneby_scim(world: World) -> ScimClient:
    _token, raw = issue_scim_token(world.alice, world.havneby, "Entra ID")
    return ScimClient(raw)


@pytest.fixture
def fjordby_scim(world: World) -> ScimClient:
    _token, raw = issue_scim_token(world.olga, world.fjordby, "Entra ID")
    return ScimClient(raw)


def entra_user(email: str, name: str = "Anna Andersen", external_id: str = "a1") -> dict[str, Any]:
    """What Entra ID's provisioning service POSTs for a user (its default mappings)."""
    given, _space, family = name.partition(" ")
    return {
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
        "externalId": external_id,
        "userName": email,
        "active": True,
        "displayName": name,
        "emails": [{"primary": True, "type": "work", "value": email}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": name, "familyName": family, "givenName": given},
        "locale": "da-DK",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sundhed"},
    }


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": list(operations),
    }
