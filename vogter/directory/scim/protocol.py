"""SCIM's envelope (RFC 7644): bearer authentication with an organisation's SCIM token,
JSON in and out as `application/scim+json`, errors in SCIM's error schema, list
responses with `startIndex` and `count`, and the request's organisation and language."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from vogter.directory.actions.people import Conflict
from vogter.directory.actions.tokens import token_for_key
from vogter.directory.models import ScimToken
from vogter.lib.errors import ActionError

MEDIA_TYPE = "application/scim+json"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
# A page of a list holds at most this many resources (ServiceProviderConfig says so).
MAX_RESULTS = 200
MAX_BODY_BYTES = 1024 * 1024


class ScimError(Exception):
    """An answer in SCIM's error schema: `status`, and `scimType` where RFC 7644 names one."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


@dataclass
class Scim:
    """Who is asking: the token, its organisation, and where the endpoint is."""

    token: ScimToken
    base_url: str

    @property
    def organisation(self) -> Any:
        return self.token.organisation

    @property
    def source(self) -> str:
        return f"scim:{self.token.code}"

    def location(self, kind: str, code: str) -> str:
        return f"{self.base_url}{kind}/{code}"


def respond(data: dict[str, Any] | None, status: int = 200, **headers: str) -> HttpResponse:
    body = b"" if data is None else json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=MEDIA_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(status: int, detail: str, scim_type: str = "") -> HttpResponse:
    data: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        data["scimType"] = scim_type
    response = respond(data, status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


def body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise ScimError(413, _("The request is too large."))
    try:
        data = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScimError(400, _("The request is not valid JSON."), "invalidSyntax") from error
    if not isinstance(data, dict):
        raise ScimError(400, _("The request must be a JSON object."), "invalidSyntax")
    return data


def page(request: HttpRequest) -> tuple[int, int]:
    """`startIndex` (1-based) and `count` of a list request, kept within bounds."""
    try:
        start = int(request.GET.get("startIndex", "1"))
        count = int(request.GET.get("count", str(MAX_RESULTS)))
    except ValueError as error:
        raise ScimError(
            400, _("startIndex and count must be whole numbers."), "invalidValue"
        ) from error
    return max(start, 1), min(max(count, 0), MAX_RESULTS)


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> HttpResponse:
    return respond(
        {
            "schemas": [LIST_SCHEMA],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(resources),
            "Resources": resources,
        }
    )


def _bearer(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _space, raw = header.partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


Handler = Callable[..., HttpResponse]


def scim_view(methods: tuple[str, ...]) -> Callable[[Handler], Handler]:
    """A SCIM endpoint: the token decides the organisation (there is no other way to name
    one), answers are in the organisation's language, refusals in SCIM's error schema."""

    def decorate(handler: Handler) -> Handler:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            token = token_for_key(_bearer(request))
            if token is None:
                return error_response(401, _("A valid SCIM token is required."))
            with translation.override(token.organisation.default_language):
                if request.method not in methods:
                    return error_response(405, _("This method is not allowed here."))
                scim = Scim(token, request.build_absolute_uri("/scim/v2/"))
                try:
                    return handler(request, scim, *args, **kwargs)
                except ScimError as error:
                    return error_response(error.status, error.detail, error.scim_type)
                except Conflict as error:
                    return error_response(409, str(error.message), "uniqueness")
                except ActionError as error:
                    return error_response(400, str(error.message), "invalidValue")

        return view

    return decorate
