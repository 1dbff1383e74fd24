"""The audit log over REST (tag `audit`): the same entries, filters and downloads as the
page, for the same people (vogter/audit/access.py)."""

import datetime
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.conf import settings as ninja_settings

from vogter.api.schemas import ErrorOut, file_schema
from vogter.audit.access import get_audit_scope
from vogter.audit.exporters import AUDIT_EXPORTS, export_audit
from vogter.audit.log import Filters, Row, ordered, rows
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest

router = Router(tags=["audit"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
SQL_INT_MAX = 2**31 - 1


class AuditFilters(Schema):
    action: str = Field("", description="An action (`charter.sign`) or a family (`charter`)")
    actor: str = Field("", description="Part of the name or e-mail address of who did it")
    since: datetime.date | None = Field(None, description="From this day, included")
    until: datetime.date | None = Field(None, description="To this day, included")
    unit: str = Field("", description="The code of the unit the entries are about")

    def filters(self) -> Filters:
        return Filters(self.action, self.actor, self.since, self.until, self.unit)


class AuditPageQuery(AuditFilters):
    limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=500)
    offset: int = Field(0, ge=0, le=SQL_INT_MAX)


class AuditEntryOut(Schema):
    at: datetime.datetime
    actor: str = Field(description="Who, in words (a person, or the command line)")
    actor_email: str | None
    command_line: str | None = Field(
        description="The operating-system user, when done with the `vogter` command"
    )
    action: str
    label: str = Field(description="The action in words, in the request's language")
    target: str
    target_name: str
    unit: str | None = Field(description="The code of the unit the entry is about")
    unit_name: str
    data: dict[str, Any]


class AuditPageOut(Schema):
    count: int = Field(description="How many entries match, over all pages")
    items: list[AuditEntryOut]


def _out(row: Row) -> dict[str, Any]:
    return {
        "at": row.at,
        "actor": row.actor,
        "actor_email": row.actor_email or None,
        "command_line": row.command_line or None,
        "action": row.action,
        "label": row.label,
        "target": row.target,
        "target_name": row.target_name,
        "unit": row.unit or None,
        "unit_name": row.unit_name,
        "data": row.data,
    }


@router.get(
    "/{org}/audit",
    response={200: AuditPageOut, **ERRORS},
    summary="The audit log, newest first, a page at a time (admins; a unit's TR and AMR)",
    description=(
        "Admins read every entry of the organisation; a TR or AMR reads the entries about "
        "the charters, reflection rounds and downloads of the units they represent."
    ),
)
def list_audit(
    request: AuthedHttpRequest,
    org: str,
    query: Query[AuditPageQuery],
) -> dict[str, Any]:
    scope = get_audit_scope(request.user, org)
    entries = ordered(query.filters().apply(scope.entries()))
    # A page of rows at a time: the names behind the codes cost one query per kind.
    page = rows(scope.organisation, entries[query.offset : query.offset + query.limit])
    return {"count": entries.count(), "items": [_out(row) for row in page]}


@router.get(
    "/{org}/audit/export",
    response=ERRORS,
    summary="Download the audit log as CSV or JSON, with the same filters",
    description="`format`: csv (default) or json; `language`: da or en (default: yours).",
    openapi_extra={
        "responses": {
            200: {
                "description": "The log as a file (Content-Disposition names it)",
                "content": {
                    media_type.split(";")[0]: {"schema": file_schema(media_type)}
                    for media_type in AUDIT_EXPORTS.media_types
                },
            }
        }
    },
)
def export_audit_log(
    request: AuthedHttpRequest,
    org: str,
    filters: Query[AuditFilters],
    format: Literal["csv", "json"] = "csv",
    language: Literal["da", "en"] | None = None,
) -> HttpResponse:
    scope = get_audit_scope(request.user, org)
    language = language or ("en" if translation.get_language() == "en" else "da")
    return file_response(export_audit(request.user, scope, filters.filters(), format, language))
