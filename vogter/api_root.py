"""The REST API's root: one NinjaAPI, one router per domain, each under its own tag.

Like `urls.py` for the pages, this is the one module that knows every app's router; the
routers import the shared pieces from below (`api.schemas`, `api.auth`), never this."""

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.files import UploadedFile
from ninja.openapi.schema import OpenAPISchema

from vogter.api.auth import SessionAuth, TokenAuth, TokenRefused
from vogter.api.schemas import ErrorOut
from vogter.audit.api import router as audit_router
from vogter.charters.api import router as charters_router
from vogter.charters.api_cascade import router as cascade_router
from vogter.commons.api import organisations_router as commons_organisations_router
from vogter.commons.api import router as commons_router
from vogter.data.api import router as data_router
from vogter.directory.api import router as directory_router
from vogter.lib.errors import ActionError
from vogter.lib.throttle import Throttled
from vogter.notifications.api import router as notifications_router
from vogter.organisations.api import router as organisations_router
from vogter.principles.api import router as principles_router
from vogter.principles.api import themes_router
from vogter.principles.api_agreement import worksheets as agreement_worksheets_router
from vogter.reflection.api import router as reflection_router
from vogter.reflection.api_links import rounds as reflection_link_rounds_router
from vogter.reflection.api_links import router as reflection_links_router
from vogter.reflection.api_rollup import router as reflection_rollup_router
from vogter.sso.api import router as sso_router
from vogter.workshops.api import router as workshops_router
from vogter.workshops.api import worksheets as worksheets_router
from vogter.workshops.api_moderation import router as workshop_check_router
from vogter.workshops.api_paper import router as workshop_files_router
from vogter.workshops.api_templates import router as workshop_templates_router
from vogter.workshops.api_timer import router as workshop_timer_router

UNSAFE_METHODS = {"post", "put", "patch", "delete"}
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}


class VogterAPI(NinjaAPI):
    """Declares the answers django-ninja gives before a handler runs, which it leaves out
    of the OpenAPI schema: 401 without valid credentials (or with an expired token), 403
    for a session request without its CSRF token or a read-only token asked to write,
    and 422 for parameters or a body that do not fit the schema."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema["paths"].values():
            for method, operation in item.items():
                responses = operation["responses"]
                security = {name for scheme in operation.get("security") or [] for name in scheme}
                if security:
                    _declare(responses, 401, "Unauthorized", ERROR_SCHEMA)
                if security and method in UNSAFE_METHODS:
                    _declare(responses, 403, "Forbidden", ERROR_SCHEMA)
                if operation.get("parameters") or operation.get("requestBody"):
                    _declare(responses, 422, "Unprocessable Content", VALIDATION_ERROR_SCHEMA)
        schema["components"].setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema()
        )
        return schema


def _declare(responses: dict[int, Any], status: int, description: str, body: Any) -> None:
    responses.setdefault(
        status, {"description": description, "content": {"application/json": {"schema": body}}}
    )


api = VogterAPI(
    title="Vogter API",
    version="1",
    description=(
        "Vogter's REST API. Authenticate with a personal API token "
        "(`Authorization: Bearer vgt_…`, created on your profile page) or a browser session."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc.message), "field": exc.field}, status=400
    )


@api.exception_handler(TokenRefused)
def token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc.message)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("You do not have the role this needs.")}, status=403
    )


def _nul_in(value: Any, name: str) -> str | None:
    """The name of the field whose text holds a NUL character, if any does."""
    if isinstance(value, str):
        return name if "\x00" in value else None
    if isinstance(value, UploadedFile):
        return None  # a file's bytes are the importer's business
    if isinstance(value, Schema):
        value = dict(value)
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list | tuple | set):
        items = ((name, item) for item in value)
    else:
        return None
    for key, item in items:
        found = _nul_in(item, str(key))
        if found is not None:
            return found
    return None


def refuse_nul(view: Callable[..., Any]) -> Callable[..., Any]:
    """No NUL character gets past the API: PostgreSQL can neither store one nor look one
    up (a 500), SQLite would keep it silently. Django's form fields refuse it the same way.
    In the path it is a code that does not exist (404), anywhere else a 400."""

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        path_params = request.resolver_match.kwargs if request.resolver_match else {}
        for name, value in values.items():
            field = _nul_in(value, name)
            if field is None:
                continue
            if name in path_params:
                raise Http404
            raise ActionError(
                gettext("The text contains characters that cannot be saved."), field=field
            )
        return view(request, *args, **values)

    return checked


api.add_decorator(refuse_nul)


# The hub: the one module that knows every app's router.
api.add_router("/", data_router)
api.add_router("/", notifications_router)
api.add_router("/organisations", organisations_router)
api.add_router("/organisations", directory_router)
api.add_router("/organisations", sso_router)
api.add_router("/organisations", workshops_router)
api.add_router("/organisations", workshop_files_router)
api.add_router("/organisations", workshop_check_router)
api.add_router("/organisations", workshop_templates_router)
api.add_router("/organisations", workshop_timer_router)
api.add_router("/organisations", themes_router)
api.add_router("/organisations", principles_router)
api.add_router("/organisations", charters_router)
api.add_router("/organisations", cascade_router)
api.add_router("/organisations", commons_organisations_router)
api.add_router("/commons", commons_router)
api.add_router("/organisations", reflection_router)
api.add_router("/organisations", reflection_rollup_router)
api.add_router("/organisations", audit_router)
api.add_router("/checkin-links", reflection_links_router)
api.add_router("/organisations", reflection_link_rounds_router)
api.add_router("/worksheets", worksheets_router)
api.add_router("/worksheets", agreement_worksheets_router)
