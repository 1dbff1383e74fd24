"""Exports, the paper worksheet and the import of paper answers over REST (tag `workshops`).

Mounted under `/api/organisations` (paths `/{org}/workshops/{workshop_code}/…`). Thin, like the
pages: fetch through `access`, change through `imports.import_sheets`.
"""

from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from vogter.api.schemas import ErrorOut, file_schema
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.workshops import imports
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.exporters import WORKSHOP_EXPORTS, export_workshop
from vogter.workshops.paper import worksheet
from vogter.workshops.views_paper import site_url

router = Router(tags=["workshops"])
BASE = "/{org}/workshops/{workshop_code}"

ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut}


def _binary(description: str, *media_types: str) -> dict[str, Any]:
    """OpenAPI for a file download (ninja documents JSON bodies only by itself)."""
    content = {m: {"schema": file_schema(m)} for m in media_types}
    return {"responses": {200: {"description": description, "content": content}}}


class ProblemOut(Schema):
    code: str
    message: str


class RowOut(Schema):
    row: int
    workshop: str
    answers: dict[str, str]
    problems: list[ProblemOut]


class WorkshopValueOut(Schema):
    value: str
    rows: int


class PreviewOut(Schema):
    filename: str
    columns: list[str]
    workshops: list[WorkshopValueOut]
    chosen: str | None
    needs_choice: bool
    names_other_workshop: bool
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
    good: int
    bad: int
    rows: list[RowOut]


class ImportOut(Schema):
    imported: int
    preview: PreviewOut


class ImportRefusedOut(Schema):
    detail: str
    field: str | None = None
    preview: PreviewOut


def _problems(items: list[imports.Problem]) -> list[ProblemOut]:
    return [ProblemOut(code=p.code, message=p.message) for p in items]


def _preview_out(preview: imports.Preview, workshop: Any) -> PreviewOut:
    return PreviewOut(
        filename=preview.filename,
        columns=preview.columns,
        workshops=[WorkshopValueOut(value=v, rows=n) for v, n in preview.workshops],
        chosen=preview.chosen,
        needs_choice=preview.needs_choice,
        names_other_workshop=preview.names_other_workshop(workshop),
        errors=_problems(preview.errors),
        warnings=_problems(preview.warnings),
        good=len(preview.good),
        bad=len(preview.bad),
        rows=[
            RowOut(
                row=r.number, workshop=r.workshop, answers=r.values, problems=_problems(r.problems)
            )
            for r in preview.selected
        ],
    )


def _refused(
    error: ActionError, preview: imports.Preview, workshop: Any
) -> Status[ImportRefusedOut]:
    return Status(
        400,
        ImportRefusedOut(
            detail=str(error.message), field=error.field, preview=_preview_out(preview, workshop)
        ),
    )


@router.get(
    BASE + "/export",
    response={409: ErrorOut, **ERRORS},
    summary="Download the answers as CSV, XLSX or JSON",
    description=(
        "Once the reflection has closed (409 before). By default each question's answers, "
        "the use cases and the professions come as separate lists in a fresh random order, "
        "with professions given by fewer than the minimum group size folded together. "
        "`layout=sheets` gives one row per sheet, only in workshops that told their "
        "participants so before they wrote (409 otherwise). CSV is UTF-8 with a "
        "byte-order mark and `;` between fields, for Danish Excel; cells that start like a "
        "formula get a leading `'`. See docs/workshop-exports.md."
    ),
    openapi_extra=_binary("The export file", *WORKSHOP_EXPORTS.media_types),
)
def export(
    request: AuthedHttpRequest,
    org: str,
    workshop_code: str,
    format: Literal["csv", "xlsx", "json"] = "csv",
    layout: Literal["lists", "sheets"] = "lists",
) -> HttpResponse | Status[ErrorOut]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    try:
        return file_response(export_workshop(request.user, workshop, format, layout))
    except ActionError as error:
        return Status(409, ErrorOut(detail=str(error.message), field=error.field))


@router.get(
    BASE + "/paper.pdf",
    response=ERRORS,
    summary="The printable Step-1 worksheet (A4 PDF) with the join code and QR code",
    openapi_extra=_binary("The worksheet", "application/pdf"),
)
def paper_pdf(
    request: AuthedHttpRequest,
    org: str,
    workshop_code: str,
    lang: Literal["da", "en"] | None = None,
) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    language = lang or workshop.language
    return file_response(worksheet(workshop, language, site_url(request)), inline=True)


@router.post(
    BASE + "/import",
    response={200: ImportOut, 201: ImportOut, 400: ImportRefusedOut, **ERRORS},
    summary="Import typed-up paper answers from CSV or XLSX",
    description=(
        "Multipart: `file`, and optionally `workshop_value` (which value of the file's "
        "`workshop` column to take, when it holds several), `only_valid` (save the rows "
        "without errors and leave the rest) and `dry_run` (only preview). 201 with the "
        "number of sheets saved; 400 with the preview and its row errors when nothing was "
        "saved; 200 for a dry run."
    ),
)
def import_answers(
    request: AuthedHttpRequest,
    org: str,
    workshop_code: str,
    file: File[UploadedFile | None] = None,
    workshop_value: Form[str | None] = None,
    only_valid: Form[bool] = False,
    dry_run: Form[bool] = False,
) -> Status[ImportOut] | Status[ImportRefusedOut]:
    # Access first: from outside the organisation every request is a 404, file or not.
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    if file is None:
        # Refused like any other import: a 400 always comes with a preview, empty here.
        error = ActionError(_("Attach a CSV or Excel (.xlsx) file."), field="file")
        return _refused(error, imports.Preview(filename=""), workshop)
    if file.size is not None and file.size > imports.MAX_FILE_BYTES:
        preview = imports.Preview(filename=file.name or "")
        preview.errors.append(imports.Problem("too_large", {"max": imports.MAX_FILE_BYTES >> 20}))
    else:
        preview = imports.parse(file.read(), file.name or "")
    if workshop_value is not None:
        preview.choose(workshop_value)
    else:
        preview.guess(workshop)
    if dry_run:
        return Status(200, ImportOut(imported=0, preview=_preview_out(preview, workshop)))
    try:
        count = imports.import_sheets(request.user, workshop, preview, only_valid=only_valid)
    except ActionError as error:
        return _refused(error, preview, workshop)
    return Status(201, ImportOut(imported=count, preview=_preview_out(preview, workshop)))
