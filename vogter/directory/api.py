"""SCIM tokens and the import of units and people over REST (tag `directory`).

Mounted under `/api/organisations` (paths `/{org}/directory/…`); organisation admins only.
Thin, like the pages: fetch through `access`, change through the actions and `imports`.
The SCIM endpoint itself is not here: it speaks SCIM at /scim/v2/ (docs/directory.md).
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from vogter.api.schemas import ErrorOut
from vogter.directory import imports
from vogter.directory.access import get_scim_token_for_admin
from vogter.directory.actions import tokens as token_actions
from vogter.directory.import_problems import Problem
from vogter.directory.models import ScimToken
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_organisation_for_user

router = Router(tags=["directory"])
BASE = "/{org}/directory"
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut}


class ScimTokenOut(Schema):
    code: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewScimTokenOut(Schema):
    token: ScimTokenOut
    secret: str


class ScimTokenIn(Schema):
    name: str


class DirectoryProblemOut(Schema):
    code: str
    message: str


class DirectoryRowOut(Schema):
    row: int
    status: str
    unit: str
    email: str
    name: str
    outcomes: list[str]
    problems: list[DirectoryProblemOut]


class DirectoryImportOut(Schema):
    filename: str
    imported: bool
    errors: list[DirectoryProblemOut]
    warnings: list[DirectoryProblemOut]
    rows: list[DirectoryRowOut]


class DirectoryImportRefusedOut(DirectoryImportOut):
    detail: str


def _problems(items: list[Problem]) -> list[DirectoryProblemOut]:
    return [DirectoryProblemOut(code=p.code, message=p.message) for p in items]


def _token_out(token: ScimToken) -> ScimTokenOut:
    return ScimTokenOut.model_validate(token, from_attributes=True)


def _import_out(preview: imports.Preview, the_plan: imports.Plan | None, imported: bool) -> Any:
    rows = [
        DirectoryRowOut(
            row=r.number,
            status=r.status,
            unit=r.unit,
            email=r.email,
            name=r.name,
            outcomes=[o.message for o in r.outcomes],
            problems=_problems(r.problems),
        )
        for r in (the_plan.rows if the_plan else [])
    ]
    return {
        "filename": preview.filename,
        "imported": imported,
        "errors": _problems(preview.errors),
        "warnings": _problems(preview.warnings),
        "rows": rows,
    }


@router.get(
    BASE + "/scim-tokens",
    response={200: list[ScimTokenOut], **ERRORS},
    summary="The organisation's SCIM tokens (never their secrets)",
)
def list_tokens(request: AuthedHttpRequest, org: str) -> list[ScimTokenOut]:
    organisation = get_organisation_for_user(request.user, org, roles=ADMIN_ROLES)
    return [_token_out(t) for t in ScimToken.objects.filter(organisation=organisation)]


@router.post(
    BASE + "/scim-tokens",
    response={201: NewScimTokenOut, 400: ErrorOut, **ERRORS},
    summary="Make a SCIM token for the identity provider; its secret is in this answer only",
)
def create_token(
    request: AuthedHttpRequest, org: str, payload: ScimTokenIn
) -> Status[NewScimTokenOut]:
    organisation = get_organisation_for_user(request.user, org, roles=ADMIN_ROLES)
    token, raw = token_actions.issue_scim_token(request.user, organisation, payload.name)
    return Status(201, NewScimTokenOut(token=_token_out(token), secret=raw))


@router.post(
    BASE + "/scim-tokens/{token_code}/revoke",
    response={200: ScimTokenOut, **ERRORS},
    summary="Revoke a SCIM token",
)
def revoke_token(request: AuthedHttpRequest, org: str, token_code: str) -> ScimTokenOut:
    token = get_scim_token_for_admin(request.user, org, token_code)
    token_actions.revoke_scim_token(request.user, token)
    return _token_out(token)


@router.post(
    BASE + "/import",
    response={
        200: DirectoryImportOut,
        201: DirectoryImportOut,
        400: DirectoryImportRefusedOut,
        **ERRORS,
    },
    summary="Import units and people from CSV or XLSX",
    description=(
        "Multipart: `file`, and optionally `dry_run` (only show what each row would do). "
        "Every row is imported or none: 201 when saved, 400 with each row's problems when "
        "nothing was, 200 for a dry run. Columns and rules: docs/directory.md."
    ),
)
def import_file(
    request: AuthedHttpRequest,
    org: str,
    file: File[UploadedFile | None] = None,
    dry_run: Form[bool] = False,
) -> Status[Any]:
    # Access first: from outside the organisation every request is a 404, file or not.
    organisation = get_organisation_for_user(request.user, org, roles=ADMIN_ROLES)
    if file is None:
        preview = imports.Preview(filename="")
        detail = _("Attach a CSV or Excel (.xlsx) file.")
        return Status(
            400, DirectoryImportRefusedOut(detail=detail, **_import_out(preview, None, False))
        )
    if file.size is not None and file.size > imports.MAX_FILE_BYTES:
        preview = imports.Preview(filename=file.name or "")
        preview.errors.append(Problem("too_large", {"max": imports.MAX_FILE_BYTES >> 20}))
    else:
        preview = imports.parse(file.read(), file.name or "")
    the_plan = None if preview.errors else imports.plan(organisation, preview)
    if dry_run:
        return Status(200, DirectoryImportOut(**_import_out(preview, the_plan, False)))
    try:
        the_plan = imports.import_directory(request.user, organisation, preview)
    except ActionError as error:
        return Status(
            400,
            DirectoryImportRefusedOut(
                detail=str(error.message), **_import_out(preview, the_plan, False)
            ),
        )
    return Status(201, DirectoryImportOut(**_import_out(preview, the_plan, True)))
