"""Charters over REST (tag `charters`): the working copy, sign-off and adoption, the
versions and what changed between them, exports, the share link and the sign-off policy.

Any member of the organisation reads its charters; facilitators and admins change them.
Signing is for whoever holds the role for the charter's unit, and adopting for
facilitators, admins and the managers of that unit or one above it (both decided in
vogter/charters/access.py, by the rule of docs/organisations.md); the sign-off policy is
for admins.

Handlers stay thin: they fetch through the helpers below (built on
`get_membership_for_user`) and change through vogter/charters/actions/, like the
pages and the CLI. A change refused because of the version's status (proposed or
adopted: field `status`) is a 409, the other refusals a 400.
"""

import functools
from collections.abc import Callable
from typing import Any, Literal, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vogter.accounts.models import User
from vogter.api.schemas import ErrorOut, file_schema
from vogter.charters import access
from vogter.charters.access import get_charter_for_user
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.changes import changes
from vogter.charters.document import document
from vogter.charters.exporters import CHARTER_EXPORTS
from vogter.charters.exporters import export_charter as export_file
from vogter.charters.models import Charter, CharterCell, CharterPrinciple, CharterVersion
from vogter.charters.versions import (
    current_version,
    current_versions,
    missing_signatures,
    required_roles,
)
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import (
    ADMIN_ROLES,
    FACILITATOR_ROLES,
    get_membership_for_user,
    get_unit_in,
)
from vogter.organisations.models import Organisation, Role
from vogter.principles.models import Level
from vogter.workshops.models import Workshop

router = Router(tags=["charters"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CHANGES = {**ERRORS, 409: ErrorOut}
CHARTER = "/{org}/charters/{charter_code}"
PRINCIPLE = CHARTER + "/principles/{principle_code}"


# --- Schemas ----------------------------------------------------------------------
# Every name starts with "Charter": the OpenAPI components are one namespace, and the
# principles API already has a PrincipleIn, a CellOut and a MoveIn.


class CharterSummaryOut(Schema):
    code: str
    title: str
    unit: str
    status: str
    version: int


class CharterSignatureOut(Schema):
    role: str
    name: str
    signed_at: str


class CharterOut(CharterSummaryOut):
    workshops: list[str]
    required_signatures: list[str]
    signatures: list[CharterSignatureOut]
    missing_signatures: list[str]
    # Per required role, who signs it by the representation rule (docs/organisations.md).
    expected_signers: dict[str, list[str]]
    shared: bool
    document: dict[str, Any]  # a CharterDoc, schema vogter.charter/1 (docs/charters.md)


class CharterIn(Schema):
    title: str
    unit: str
    workshops: list[str] = []


class CharterWorkshopIn(Schema):
    workshop: str


class CharterCellOut(Schema):
    level: str
    text: str | None
    responsible: str | None
    empty_on_purpose: bool | None


class CharterPrincipleOut(Schema):
    code: str
    position: int
    statement_da: str
    statement_en: str
    rationale: str
    source: str | None  # the workshop principle it was taken from
    cells: list[CharterCellOut]
    revision: int  # send it back with a change: 409 if someone changed it since


class CharterPrincipleIn(Schema):
    statement_da: str = ""
    statement_en: str = ""
    rationale: str = ""
    reason: str = ""


class CharterPrincipleEditIn(Schema):
    """A field left out keeps its value. `revision`: the principle's revision the change
    was made from; when someone has changed it since, the change is refused (409)."""

    statement_da: str | None = None
    statement_en: str | None = None
    rationale: str | None = None
    reason: str = ""
    revision: int | None = None


class CharterCellIn(Schema):
    text: str = ""
    responsible: str = ""
    empty_on_purpose: bool = False
    reason: str = ""
    revision: int | None = None  # as for the wording: 409 when changed since


class CharterMoveIn(Schema):
    offset: Literal[-1, 1]


class CharterMergeIn(Schema):
    into: str  # the code of the principle that stays
    reason: str = ""


class CharterSignIn(Schema):
    role: str


class CharterVersionOut(Schema):
    number: int
    status: str
    adopted_on: str | None
    adopted_by: str | None


class CharterVersionDetailOut(CharterVersionOut):
    document: dict[str, Any]


class CharterBilingualOut(Schema):
    da: str
    en: str


class CharterStatementChangeOut(Schema):
    old: CharterBilingualOut | None
    new: CharterBilingualOut | None


class CharterRationaleChangeOut(Schema):
    old: str | None
    new: str | None


class CharterCellDocOut(Schema):
    text: str
    responsible: str
    empty_on_purpose: bool


class CharterCellChangeOut(Schema):
    level: str
    old: CharterCellDocOut | None
    new: CharterCellDocOut | None
    reasons: list[str]


class CharterChangeOut(Schema):
    principle: str
    kind: Literal["added", "changed", "removed"]
    wording: bool  # the statement or the rationale changed
    statement: CharterStatementChangeOut
    rationale: CharterRationaleChangeOut
    cells: list[CharterCellChangeOut]
    reasons: list[str]


class CharterShareOut(Schema):
    url: str


class CharterSignoffOut(Schema):
    roles: list[str]


class CharterSignoffIn(Schema):
    roles: list[str]


# --- Fetching ---------------------------------------------------------------------


def charter_for(
    user: User, org: str, code: str, *, roles: tuple[Role, ...] | None = None
) -> Charter:
    """Outsiders get the same 404 as for an unknown code; a missing role is a 403."""
    return get_charter_for_user(user, org, code, roles=roles)[0]


def _principle_in(charter: Charter, code: str) -> CharterPrinciple:
    principle = (
        charter.principles.select_related("source")
        .prefetch_related("cells")
        .filter(code=code)
        .first()
    )
    if principle is None:
        raise Http404
    principle.charter = charter
    return principle


def _version_in(charter: Charter, number: str) -> CharterVersion:
    # A path parameter, not an int: "abc" is an unknown version (404), not a 422.
    version = None
    if number.isdecimal() and len(number) < 6:
        version = charter.versions.select_related("adopted_by").filter(number=int(number)).first()
    if version is None:
        raise Http404
    return version


def _level(level: str) -> str:
    if level not in Level.values:
        raise Http404
    return level


# --- Representations --------------------------------------------------------------


def _summary_out(charter: Charter, version: CharterVersion) -> dict[str, Any]:
    return {
        "code": charter.code,
        "title": charter.title,
        "unit": charter.unit.code,
        "status": version.status,
        "version": version.number,
    }


def _expected_signers(charter: Charter, required: list[str]) -> dict[str, list[str]]:
    expected = access.expected_signers(charter)
    return {role: [m.user.display_name for m in expected.get(role, [])] for role in required}


def _charter_out(charter: Charter) -> dict[str, Any]:
    version = current_version(charter)
    required = required_roles(charter.organisation)
    return {
        **_summary_out(charter, version),
        "workshops": [w.code for w in charter.workshops.order_by("date", "code")],
        "required_signatures": required,
        "signatures": [
            {"role": s.role, "name": s.name, "signed_at": s.signed_at.isoformat()}
            for s in version.signatures.all()
        ],
        "missing_signatures": missing_signatures(charter, version),
        "expected_signers": _expected_signers(charter, required),
        "shared": bool(charter.share_hash),
        "document": document(charter, version),
    }


def _cell_out(level: str, cell: CharterCell | None) -> dict[str, Any]:
    if cell is None:  # a gap: not yet considered
        return {"level": level, "text": None, "responsible": None, "empty_on_purpose": None}
    return {
        "level": level,
        "text": cell.text,
        "responsible": cell.responsible,
        "empty_on_purpose": cell.empty_on_purpose,
    }


def _principle_out(principle: CharterPrinciple) -> dict[str, Any]:
    cells = {c.level: c for c in principle.cells.all()}
    return {
        "code": principle.code,
        "position": principle.position,
        "statement_da": principle.statement_da,
        "statement_en": principle.statement_en,
        "rationale": principle.rationale,
        "source": principle.source.code if principle.source else None,
        "revision": principle.revision,
        "cells": [_cell_out(level, cells[level]) for level in Level.values if level in cells],
    }


def fresh_principle_out(principle: CharterPrinciple) -> dict[str, Any]:
    """The principle as it is saved now (cells and revision read again), for the response
    to a change."""
    return _principle_out(_principle_in(principle.charter, principle.code))


def _version_out(version: CharterVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "status": version.status,
        "adopted_on": version.adopted_on.isoformat() if version.adopted_on else None,
        "adopted_by": version.adopted_by.display_name if version.adopted_by else None,
    }


def _change_out(row: dict[str, Any]) -> dict[str, Any]:
    old, new = row["old"], row["new"]
    return {
        "principle": (new or old)["code"],
        "kind": row["kind"],
        "wording": row.get("wording", row["kind"] != "changed"),
        "statement": {
            "old": old["statement"] if old else None,
            "new": new["statement"] if new else None,
        },
        "rationale": {
            "old": old["rationale"] if old else None,
            "new": new["rationale"] if new else None,
        },
        "cells": row["cells"],
        "reasons": row["reasons"],
    }


# --- Refusals because of the version's status ----------------------------------------

Handler = TypeVar("Handler", bound=Callable[..., Any])


def status_conflict(handler: Handler) -> Handler:
    """A change the version's status refuses (proposed or adopted, field `status`), or one
    made from an older revision of a principle (field `revision`), is a 409 with the
    action's message; ninja reads the signature through functools.wraps."""

    @functools.wraps(handler)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except ActionError as error:
            if error.field not in ("status", "revision"):
                raise
            return Status(409, {"detail": str(error.message), "field": error.field})

    return cast(Handler, run)


# --- The sign-off policy (before `{charter_code}`, which would match "signoff") ----------


@router.get(
    "/{org}/charters/signoff",
    response={200: CharterSignoffOut, **ERRORS},
    summary="The signatures a charter needs before it is adopted (admins)",
)
def get_signoff(request: AuthedHttpRequest, org: str) -> dict[str, Any]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    return {"roles": required_roles(organisation)}


@router.put(
    "/{org}/charters/signoff",
    response={200: CharterSignoffOut, **ERRORS},
    summary="Choose the signatures a charter needs (admins)",
    description="`roles`: some of `manager`, `union_rep`, `safety_rep`, `committee`.",
)
def set_signoff(request: AuthedHttpRequest, org: str, body: CharterSignoffIn) -> dict[str, Any]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    return {"roles": signature_actions.set_required_roles(request.user, organisation, body.roles)}


# --- Charters -----------------------------------------------------------------------


@router.get(
    "/{org}/charters",
    response={200: list[CharterSummaryOut], **ERRORS},
    summary="The organisation's charters, each with its current version",
)
def list_charters(request: AuthedHttpRequest, org: str) -> list[dict[str, Any]]:
    organisation = get_membership_for_user(request.user, org).organisation
    charters = list(Charter.objects.filter(organisation=organisation).select_related("unit"))
    current = current_versions(charters)
    return [_summary_out(charter, current[charter.pk]) for charter in charters]


def _workshops(organisation: Organisation, codes: list[str]) -> list[Workshop]:
    found = {w.code: w for w in Workshop.objects.filter(organisation=organisation, code__in=codes)}
    if set(codes) - set(found):
        raise ActionError(_("That workshop does not exist."), field="workshops")
    return [found[code] for code in dict.fromkeys(codes)]


@router.post(
    "/{org}/charters",
    response={201: CharterOut, **ERRORS},
    summary="Start a charter for a unit, as a draft, from the principles of workshops",
)
def create_charter(request: AuthedHttpRequest, org: str, body: CharterIn) -> Status[Any]:
    organisation = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES).organisation
    try:
        unit = get_unit_in(organisation, body.unit)
    except Http404:
        raise ActionError(_("That unit does not exist."), field="unit") from None
    charter = draft_actions.create_charter(
        request.user,
        organisation,
        unit=unit,
        title=body.title,
        workshops=_workshops(organisation, body.workshops),
    )
    return Status(201, _charter_out(charter))


@router.get(
    CHARTER,
    response={200: CharterOut, **ERRORS},
    summary="A charter: its current version, signatures and document",
)
def get_charter(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    return _charter_out(charter_for(request.user, org, charter_code))


@router.post(
    CHARTER + "/workshops",
    response={200: CharterOut, **CHANGES},
    summary="Take a workshop's principles (and their level cells) into the draft",
)
@status_conflict
def add_workshop(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CharterWorkshopIn
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    (workshop,) = _workshops(charter.organisation, [body.workshop])
    draft_actions.add_workshop(request.user, charter, workshop)
    return _charter_out(charter)


# --- The working copy's principles and cells ------------------------------------------


@router.post(
    CHARTER + "/principles",
    response={201: CharterPrincipleOut, **CHANGES},
    summary="Add a principle to the draft, with the reason",
)
@status_conflict
def add_principle(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CharterPrincipleIn
) -> Status[Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    principle = editing_actions.add_principle(request.user, charter, **body.dict())
    return Status(201, fresh_principle_out(principle))


@router.put(
    PRINCIPLE,
    response={200: CharterPrincipleOut, **CHANGES},
    summary="Reword a principle of the draft, with the reason (fields left out keep their value)",
)
@status_conflict
def update_principle(
    request: AuthedHttpRequest,
    org: str,
    charter_code: str,
    principle_code: str,
    body: CharterPrincipleEditIn,
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    principle = _principle_in(charter, principle_code)
    editing_actions.update_principle(
        request.user,
        principle,
        statement_da=_or(body.statement_da, principle.statement_da),
        statement_en=_or(body.statement_en, principle.statement_en),
        rationale=_or(body.rationale, principle.rationale),
        reason=body.reason,
        revision=body.revision,
    )
    return fresh_principle_out(principle)


def _or(given: str | None, current: str) -> str:
    return current if given is None else given


@router.delete(
    PRINCIPLE,
    response={204: None, **CHANGES},
    summary="Remove a principle from the draft (`?reason=` says why)",
)
@status_conflict
def remove_principle(
    request: AuthedHttpRequest, org: str, charter_code: str, principle_code: str, reason: str = ""
) -> Status[None]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    editing_actions.remove_principle(request.user, _principle_in(charter, principle_code), reason)
    return Status(204, None)


@router.put(
    PRINCIPLE + "/cells/{level}",
    response={200: CharterCellOut, **CHANGES},
    summary="What a principle means at one level, with the reason (all empty: a gap again)",
)
@status_conflict
def set_cell(
    request: AuthedHttpRequest,
    org: str,
    charter_code: str,
    principle_code: str,
    level: str,
    body: CharterCellIn,
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    principle = _principle_in(charter, principle_code)
    cell = editing_actions.set_cell(request.user, principle, _level(level), **body.dict())
    return _cell_out(level, cell)


@router.post(
    PRINCIPLE + "/merge",
    response={200: CharterPrincipleOut, **CHANGES},
    summary="Merge a principle into another of the draft; answers the one that stays",
    description=(
        "The principle `into` keeps its wording and cells, takes this one's cells for the "
        "levels it has not filled in, and its provenance: every workshop principle either "
        "came from, each with its workshop, themes and quotes (the document's `sources`). "
        "This one is removed. See docs/workshops.md."
    ),
)
@status_conflict
def merge_principles(
    request: AuthedHttpRequest,
    org: str,
    charter_code: str,
    principle_code: str,
    body: CharterMergeIn,
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    principle = _principle_in(charter, principle_code)
    into = charter.principles.filter(code=body.into).first()
    if into is None:
        raise ActionError(_("Choose another principle of this charter."), field="into")
    merged = editing_actions.merge_principles(request.user, principle, into, body.reason)
    return fresh_principle_out(merged)


@router.post(
    PRINCIPLE + "/move",
    response={200: list[CharterPrincipleOut], **CHANGES},
    summary="Move a principle one place up (-1) or down (1); answers the principles in order",
)
@status_conflict
def move_principle(
    request: AuthedHttpRequest,
    org: str,
    charter_code: str,
    principle_code: str,
    body: CharterMoveIn,
) -> list[dict[str, Any]]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    editing_actions.move_principle(
        request.user, _principle_in(charter, principle_code), body.offset
    )
    principles = charter.principles.select_related("source").prefetch_related("cells")
    return [_principle_out(p) for p in principles]


# --- Proposal, signatures, adoption, new drafts ---------------------------------------


@router.post(
    CHARTER + "/propose",
    response={200: CharterOut, **CHANGES},
    summary="Propose the draft for adoption: it can be signed, and no longer changed",
)
@status_conflict
def propose(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    adoption_actions.propose(request.user, charter)
    return _charter_out(charter)


@router.post(
    CHARTER + "/back-to-draft",
    response={200: CharterOut, **CHANGES},
    summary="Take a proposed version back to draft (its signatures are removed)",
)
@status_conflict
def back_to_draft(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    adoption_actions.back_to_draft(request.user, charter)
    return _charter_out(charter)


@router.post(
    CHARTER + "/sign",
    response={200: CharterOut, **CHANGES},
    summary="Sign the proposed version in a role you hold",
    description="`role`: `manager`, `union_rep` (TR), `safety_rep` (AMR) or `committee`.",
)
@status_conflict
def sign(
    request: AuthedHttpRequest, org: str, charter_code: str, body: CharterSignIn
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code)
    signature_actions.sign(request.user, charter, body.role)
    return _charter_out(charter)


@router.post(
    CHARTER + "/adopt",
    response={200: CharterOut, **CHANGES},
    summary="Adopt the proposed version once every required signature is in",
    description="Facilitators, admins, and managers of the charter's unit or a unit above "
    "it (docs/organisations.md). The version's document is frozen; "
    "the version adopted before it is superseded.",
)
@status_conflict
def adopt(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    charter, membership = get_charter_for_user(request.user, org, charter_code)
    if not access.may_adopt(membership, charter):
        raise PermissionDenied
    adoption_actions.adopt(request.user, charter)
    return _charter_out(charter)


@router.post(
    CHARTER + "/new-draft",
    response={200: CharterOut, **CHANGES},
    summary="Start the next version as a draft of the adopted one",
)
@status_conflict
def new_draft(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    adoption_actions.new_draft(request.user, charter)
    return _charter_out(charter)


# --- Versions -------------------------------------------------------------------------


@router.get(
    CHARTER + "/versions",
    response={200: list[CharterVersionOut], **ERRORS},
    summary="The charter's versions, newest first",
)
def list_versions(request: AuthedHttpRequest, org: str, charter_code: str) -> list[dict[str, Any]]:
    charter = charter_for(request.user, org, charter_code)
    versions = charter.versions.select_related("adopted_by").order_by("-number")
    return [_version_out(v) for v in versions]


@router.get(
    CHARTER + "/versions/{number}",
    response={200: CharterVersionDetailOut, **ERRORS},
    summary="One version with its document (frozen once adopted)",
)
def get_version(
    request: AuthedHttpRequest, org: str, charter_code: str, number: str
) -> dict[str, Any]:
    charter = charter_for(request.user, org, charter_code)
    version = _version_in(charter, number)
    return {**_version_out(version), "document": document(charter, version)}


@router.get(
    CHARTER + "/versions/{number}/changes",
    response={200: list[CharterChangeOut], **ERRORS},
    summary="What a version changed against the one before, with the reasons given",
)
def version_changes(
    request: AuthedHttpRequest, org: str, charter_code: str, number: str
) -> list[dict[str, Any]]:
    charter = charter_for(request.user, org, charter_code)
    version = _version_in(charter, number)
    _earlier, rows = changes(charter, version)
    return [_change_out(row) for row in rows]


# --- Export ---------------------------------------------------------------------------


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip()


@router.get(
    CHARTER + "/export",
    response=ERRORS,
    summary="Download a version of the charter as PDF, Word (DOCX), Markdown or JSON",
    description=(
        "`format`: pdf (default), docx, md or json; `language`: da or en (default: yours); "
        "`version`: a number (default: the current version). The JSON is the document "
        "(schema `vogter.charter/1`, docs/charters.md)."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The charter as a file (Content-Disposition names it)",
                "content": {
                    _media_type(media_type): {"schema": file_schema(media_type)}
                    for media_type in CHARTER_EXPORTS.media_types
                },
            }
        }
    },
)
def export_charter(
    request: AuthedHttpRequest,
    org: str,
    charter_code: str,
    format: Literal["pdf", "docx", "md", "json"] = "pdf",
    language: Literal["da", "en"] | None = None,
    version: int | None = None,
) -> HttpResponse:
    charter = charter_for(request.user, org, charter_code)
    the_version = (
        current_version(charter) if version is None else _version_in(charter, str(version))
    )
    language = language or ("en" if translation.get_language() == "en" else "da")
    return file_response(export_file(request.user, charter, the_version, format, language))


# --- The share link -------------------------------------------------------------------


@router.post(
    CHARTER + "/share",
    response={200: CharterShareOut, **ERRORS},
    summary="A new read-only link that works without logging in (shown once)",
    description="Any earlier link stops working. The page shows the latest adopted version "
    "(or the draft, marked as such, before the first adoption).",
)
def share(request: AuthedHttpRequest, org: str, charter_code: str) -> dict[str, str]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    token = sharing_actions.share(request.user, charter)
    return {"url": request.build_absolute_uri(reverse("charters:shared", args=[token]))}


@router.delete(
    CHARTER + "/share",
    response={204: None, **ERRORS},
    summary="Revoke the share link",
)
def revoke_share(request: AuthedHttpRequest, org: str, charter_code: str) -> Status[None]:
    charter = charter_for(request.user, org, charter_code, roles=FACILITATOR_ROLES)
    sharing_actions.revoke_share(request.user, charter)
    return Status(204, None)
