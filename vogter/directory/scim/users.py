"""/scim/v2/Users: people of the token's organisation (RFC 7643 §4.1, RFC 7644 §3)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vogter.directory.actions import people as people_actions
from vogter.directory.models import ProvisionedPerson
from vogter.directory.scim.documents import Document, apply_patch, flatten, truthy
from vogter.directory.scim.filters import FilterError, parse_filter
from vogter.directory.scim.protocol import (
    USER_SCHEMA,
    Scim,
    ScimError,
    body,
    list_response,
    page,
    respond,
    scim_view,
)

# What a filter may ask about a User, and the field it reads.
FILTERABLE = {
    "username": "user_name__iexact",
    "externalid": "external_id",
    "id": "code",
    "emails.value": "user__email__iexact",
    "emails": "user__email__iexact",
}


def resource(scim: Scim, person: ProvisionedPerson) -> dict[str, Any]:
    user = person.user
    data: dict[str, Any] = {
        "schemas": [USER_SCHEMA],
        "id": person.code,
        "userName": person.user_name or user.email,
        "name": {"formatted": user.name},
        "displayName": user.display_name,
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "preferredLanguage": user.language,
        "active": person.active,
        "meta": {
            "resourceType": "User",
            "created": person.created_at.isoformat(),
            "lastModified": person.updated_at.isoformat(),
            "location": scim.location("Users", person.code),
        },
    }
    if person.external_id:
        data["externalId"] = person.external_id
    return data


def _document(person: ProvisionedPerson) -> Document:
    user = person.user
    return {
        "username": person.user_name or user.email,
        "email": user.email,
        "displayname": user.name,
        "externalid": person.external_id,
        "active": person.active,
        "preferredlanguage": user.language,
    }


def _text(document: Document, key: str) -> str:
    value = document.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def person_data(document: Document) -> people_actions.PersonData:
    """What the actions take, from a flattened body or a patched resource."""
    user_name = _text(document, "username")
    if not user_name:
        raise ScimError(400, _("userName is required."), "invalidValue")
    # Entra ID's userName is the user principal name, which in many municipalities is not
    # the mailbox (ab12@kommune.dk beside anna.berg@kommune.dk): the primary e-mail address
    # is the account's address, and the userName only where there is none.
    email = _text(document, "email") or user_name
    given = " ".join(
        filter(None, (_text(document, "name.givenname"), _text(document, "name.familyname")))
    )
    name = _text(document, "displayname") or _text(document, "name.formatted") or given
    active = document.get("active")
    return people_actions.PersonData(
        email=email,
        name=name,
        external_id=_text(document, "externalid"),
        active=True if active is None else truthy(active),
        language=_text(document, "preferredlanguage") or _text(document, "locale"),
        user_name=user_name,
    )


def _people(scim: Scim) -> QuerySet[ProvisionedPerson]:
    return ProvisionedPerson.objects.filter(organisation=scim.organisation).select_related("user")


def _person(scim: Scim, code: str) -> ProvisionedPerson:
    person = _people(scim).filter(code=code).first()
    if person is None:
        raise ScimError(404, _("There is no such user."))
    return person


def filtered(queryset: QuerySet[Any], text: str, fields: dict[str, str]) -> QuerySet[Any]:
    try:
        conditions = parse_filter(text)
    except FilterError as error:
        raise ScimError(400, _("The filter cannot be read."), "invalidFilter") from error
    for condition in conditions:
        lookup = fields.get(condition.attribute)
        if lookup is None or not isinstance(condition.value, str):
            raise ScimError(
                400,
                _("Filtering on %(attribute)s is not supported.")
                % {"attribute": condition.attribute},
                "invalidFilter",
            )
        queryset = queryset.filter(**{lookup: condition.value})
    return queryset


@scim_view(("GET", "POST"))
def users(request: HttpRequest, scim: Scim) -> HttpResponse:
    if request.method == "POST":
        person = people_actions.create_person(
            scim.organisation, person_data(flatten(body(request))), scim.source
        )
        return respond(resource(scim, person), 201, Location=scim.location("Users", person.code))
    start, count = page(request)
    people = _people(scim)
    if request.GET.get("filter"):
        people = filtered(people, request.GET["filter"], FILTERABLE)
    total = people.count()
    chosen = list(people[start - 1 : start - 1 + count]) if count else []
    return list_response([resource(scim, p) for p in chosen], total, start)


@scim_view(("GET", "PUT", "PATCH", "DELETE"))
def user(request: HttpRequest, scim: Scim, code: str) -> HttpResponse:
    person = _person(scim, code)
    if request.method == "GET":
        return respond(resource(scim, person))
    if request.method == "DELETE":
        people_actions.delete_person(person, scim.source)
        return respond(None, 204)
    data = body(request)
    document = flatten(data) if request.method == "PUT" else apply_patch(_document(person), data)
    person = people_actions.update_person(person, person_data(document), scim.source)
    person.refresh_from_db()
    return respond(resource(scim, person))
