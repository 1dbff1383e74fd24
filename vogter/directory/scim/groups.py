"""/scim/v2/Groups: the token's organisation's provisioned units (RFC 7643 §4.2)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vogter.directory.actions import groups as group_actions
from vogter.directory.models import ProvisionedGroup
from vogter.directory.scim.documents import Document, apply_patch, flatten
from vogter.directory.scim.protocol import (
    GROUP_SCHEMA,
    Scim,
    ScimError,
    body,
    list_response,
    page,
    respond,
    scim_view,
)
from vogter.directory.scim.users import filtered

FILTERABLE = {"displayname": "unit__name__iexact", "externalid": "external_id", "id": "code"}


def resource(
    scim: Scim, group: ProvisionedGroup, *, members: list[str] | None = None
) -> dict[str, Any]:
    """The group; with `members` (their SCIM ids) unless the provider asked without."""
    data: dict[str, Any] = {
        "schemas": [GROUP_SCHEMA],
        "id": group.code,
        "displayName": group.unit.name,
        "meta": {
            "resourceType": "Group",
            "created": group.created_at.isoformat(),
            "lastModified": group.updated_at.isoformat(),
            "location": scim.location("Groups", group.code),
        },
    }
    if group.external_id:
        data["externalId"] = group.external_id
    if members is not None:
        data["members"] = [
            {"value": code, "$ref": scim.location("Users", code)} for code in members
        ]
    return data


def _wants_members(request: HttpRequest) -> bool:
    """Entra ID asks for groups with `excludedAttributes=members`: a big unit's list
    is then not read for nothing."""
    excluded = request.GET.get("excludedAttributes", "").lower().split(",")
    return "members" not in [e.strip() for e in excluded]


def _groups(scim: Scim) -> QuerySet[ProvisionedGroup]:
    return ProvisionedGroup.objects.filter(organisation=scim.organisation).select_related(
        "unit", "organisation"
    )


def _group(scim: Scim, code: str) -> ProvisionedGroup:
    group = _groups(scim).filter(code=code).first()
    if group is None:
        raise ScimError(404, _("There is no such group."))
    return group


def _name(document: Document) -> str:
    name = document.get("displayname")
    if not isinstance(name, str) or not name.strip():
        raise ScimError(400, _("displayName is required."), "invalidValue")
    return name


def _external_id(document: Document) -> str:
    value = document.get("externalid")
    return value if isinstance(value, str) else ""


@scim_view(("GET", "POST"))
def groups(request: HttpRequest, scim: Scim) -> HttpResponse:
    if request.method == "POST":
        document = flatten(body(request))
        group = group_actions.create_group(
            scim.organisation,
            _name(document),
            _external_id(document),
            document.get("members", []),
            scim.source,
        )
        return respond(
            resource(scim, group, members=group_actions.member_codes(group)),
            201,
            Location=scim.location("Groups", group.code),
        )
    start, count = page(request)
    found = _groups(scim)
    if request.GET.get("filter"):
        found = filtered(found, request.GET["filter"], FILTERABLE)
    total = found.count()
    chosen = list(found[start - 1 : start - 1 + count]) if count else []
    if _wants_members(request):
        codes = group_actions.members_of(chosen)
        resources = [resource(scim, g, members=codes[g.unit_id]) for g in chosen]
    else:
        resources = [resource(scim, g) for g in chosen]
    return list_response(resources, total, start)


@scim_view(("GET", "PUT", "PATCH", "DELETE"))
def group(request: HttpRequest, scim: Scim, code: str) -> HttpResponse:
    found = _group(scim, code)
    if request.method == "GET":
        members = group_actions.member_codes(found) if _wants_members(request) else None
        return respond(resource(scim, found, members=members))
    if request.method == "DELETE":
        group_actions.delete_group(found, scim.source)
        return respond(None, 204)
    data = body(request)
    if request.method == "PUT":
        document = flatten(data)
        members = document.get("members", [])
    else:
        current = {
            "displayname": found.unit.name,
            "externalid": found.external_id,
            "members": group_actions.member_codes(found),
        }
        document = apply_patch(current, data)
        members = document["members"]
    found = group_actions.update_group(
        found, _name(document), _external_id(document), members, scim.source
    )
    # Entra ID expects 204 to a PATCH, and reads nothing from the answer.
    if request.method == "PATCH":
        return respond(None, 204)
    return respond(resource(scim, found, members=group_actions.member_codes(found)))
