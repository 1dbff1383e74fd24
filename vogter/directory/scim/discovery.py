"""What a provider reads to learn what this endpoint does (RFC 7644 §4):
ServiceProviderConfig, ResourceTypes and Schemas. Fixed documents, honest about the
subset: filters with `eq` and `and`, PATCH, no bulk, no sorting, no ETags."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vogter.directory.scim.protocol import (
    GROUP_SCHEMA,
    MAX_RESULTS,
    USER_SCHEMA,
    Scim,
    ScimError,
    list_response,
    respond,
    scim_view,
)

CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def _attribute(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        **extra,
    }


def _schemas() -> list[dict[str, Any]]:
    value = [_attribute("value"), _attribute("type"), _attribute("primary", "boolean")]
    return [
        {
            "id": USER_SCHEMA,
            "name": "User",
            "description": "A person with an account, a member of the organisation while active.",
            "attributes": [
                _attribute("userName", required=True, uniqueness="server"),
                _attribute(
                    "name",
                    "complex",
                    subAttributes=[
                        _attribute("formatted"),
                        _attribute("givenName"),
                        _attribute("familyName"),
                    ],
                ),
                _attribute("displayName"),
                _attribute("emails", "complex", multiValued=True, subAttributes=value),
                _attribute("preferredLanguage"),
                _attribute("active", "boolean"),
                _attribute("externalId", caseExact=True),
            ],
        },
        {
            "id": GROUP_SCHEMA,
            "name": "Group",
            "description": "A unit of the organisation.",
            "attributes": [
                _attribute("displayName", required=True, uniqueness="server"),
                _attribute("externalId", caseExact=True),
                _attribute(
                    "members",
                    "complex",
                    multiValued=True,
                    subAttributes=[_attribute("value", mutability="immutable")],
                ),
            ],
        },
    ]


def _resource_types(scim: Scim) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": name,
            "name": name,
            "endpoint": f"/{name}s",
            "schema": schema,
            "meta": {
                "resourceType": "ResourceType",
                "location": scim.location("ResourceTypes", name),
            },
        }
        for name, schema in (("User", USER_SCHEMA), ("Group", GROUP_SCHEMA))
    ]


@scim_view(("GET",))
def service_provider_config(request: HttpRequest, scim: Scim) -> HttpResponse:
    return respond(
        {
            "schemas": [CONFIG_SCHEMA],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "A SCIM token an organisation admin creates in Vogter.",
                    "primary": True,
                }
            ],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": scim.location("ServiceProviderConfig", "").rstrip("/"),
            },
        }
    )


@scim_view(("GET",))
def resource_types(request: HttpRequest, scim: Scim, name: str = "") -> HttpResponse:
    types = _resource_types(scim)
    if not name:
        return list_response(types, len(types), 1)
    for item in types:
        if item["id"] == name:
            return respond(item)
    raise ScimError(404, _("There is no such resource type."))


@scim_view(("GET",))
def schemas(request: HttpRequest, scim: Scim, urn: str = "") -> HttpResponse:
    items = [
        {**s, "schemas": [SCHEMA_SCHEMA], "meta": {"resourceType": "Schema"}} for s in _schemas()
    ]
    if not urn:
        return list_response(items, len(items), 1)
    for item in items:
        if item["id"] == urn:
            return respond(item)
    raise ScimError(404, _("There is no such schema."))
