"""The REST API: one NinjaAPI, one router per domain, each under its own tag."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.security import APIKeyCookie, HttpBearer

from vogter.api.actions import user_for_token
from vogter.organisations.actions import ActionError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vgt_…` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            # LanguageMiddleware ran before the token was read: answer in the
            # person's own language here too, as pages and session requests do.
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class SessionAuth(APIKeyCookie):
    """The browser's own session (with CSRF), so pages can call the API too."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


api = NinjaAPI(
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


class ErrorOut(Schema):
    detail: str
    field: str | None = None


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc.message), "field": exc.field}, status=400
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("You do not have the role this needs.")}, status=403
    )


def _register_routers() -> None:
    from vogter.accounts.api import router as accounts_router
    from vogter.charters.api import router as charters_router
    from vogter.charters.api_cascade import router as cascade_router
    from vogter.commons.api import organisations_router as commons_organisations_router
    from vogter.commons.api import router as commons_router
    from vogter.organisations.api import router as organisations_router
    from vogter.principles.api import router as principles_router
    from vogter.principles.api import themes_router
    from vogter.principles.api_agreement import worksheets as agreement_worksheets_router
    from vogter.reflection.api import router as reflection_router
    from vogter.reflection.api_rollup import router as reflection_rollup_router
    from vogter.workshops.api import router as workshops_router
    from vogter.workshops.api import worksheets as worksheets_router
    from vogter.workshops.api_paper import router as workshop_files_router

    api.add_router("/", accounts_router)
    api.add_router("/organisations", organisations_router)
    api.add_router("/organisations", workshops_router)
    api.add_router("/organisations", workshop_files_router)
    api.add_router("/organisations", themes_router)
    api.add_router("/organisations", principles_router)
    api.add_router("/organisations", charters_router)
    api.add_router("/organisations", cascade_router)
    api.add_router("/organisations", commons_organisations_router)
    api.add_router("/commons", commons_router)
    api.add_router("/organisations", reflection_router)
    api.add_router("/organisations", reflection_rollup_router)
    api.add_router("/worksheets", worksheets_router)
    api.add_router("/worksheets", agreement_worksheets_router)


_register_routers()
