"""Workshops (tag `workshops`, for facilitators) and worksheets (tag `worksheets`, for
participants, who authenticate with the sheet token that joining returns)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from vogter.api.auth import user_for_token
from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user, get_unit_in
from vogter.organisations.retention import answers_deleted_on
from vogter.workshops import board, limits, removing, runner
from vogter.workshops.access import (
    SHEET_TOKEN_PREFIX,
    get_workshop_by_join_code,
    get_workshop_for_user,
    sheet_for_api_token,
)
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.kit import FIELDS
from vogter.workshops.models import Entry, Phase, Sheet, Workshop

router = Router(tags=["workshops"])
worksheets = Router(tags=["worksheets"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# A sheet's own operations: 410 when the facilitator has removed the sheet.
SHEET_ERRORS = {**ERRORS, 410: ErrorOut}


# --- Schemas ----------------------------------------------------------------------


class WorkshopOut(Schema):
    code: str
    join_code: str
    title: str
    date: datetime.date
    language: str
    unit: str | None
    anonymous: bool
    require_login: bool
    min_group_size: int  # the workshop's own
    # The one that applies: the workshop's, or the organisation's when larger.
    group_minimum: int
    participants_propose: bool
    per_sheet_export: bool
    phase: Phase
    answers_revealed: bool
    joined: int
    submitted: int


class WorkshopIn(Schema):
    title: str
    unit: str
    date: datetime.date
    language: str = "da"
    anonymous: bool = True
    require_login: bool = False
    min_group_size: int = 5
    participants_propose: bool = False
    per_sheet_export: bool = False


class WorkshopPatch(Schema):
    title: str | None = None
    unit: str | None = None
    date: datetime.date | None = None
    language: str | None = None
    anonymous: bool | None = None
    require_login: bool | None = None
    participants_propose: bool | None = None
    min_group_size: int | None = None
    per_sheet_export: bool | None = None


class PhaseIn(Schema):
    phase: Phase


class RevealIn(Schema):
    revealed: bool = True


class HideIn(Schema):
    hidden: bool = True


class CardOut(Schema):
    id: str
    field: str
    shuffle: int
    hidden: bool
    # Held back for the facilitator's check before the room sees it (no text meanwhile).
    held: bool
    text: str | None
    empty: bool


class BoardOut(Schema):
    phase: Phase
    # The phase's countdown (seconds; None for a phase without timings): docs/workshops.md.
    timer: dict[str, bool | int] | None = None
    editable: bool
    revealed: bool
    counts: dict[str, int]
    cards: list[CardOut]
    professions: dict[str, Any]
    use_cases: list[str]
    min_group_size: int


class BoardOverviewOut(Schema):
    revealed: bool
    professions: dict[str, Any]
    use_cases: list[str]


def workshop_out(workshop: Workshop, counts: dict[str, int] | None = None) -> WorkshopOut:
    counts = counts or board.counts(workshop)
    return WorkshopOut(
        code=workshop.code,
        join_code=workshop.join_code,
        title=workshop.title,
        date=workshop.date,
        language=workshop.language,
        unit=workshop.unit.code if workshop.unit else None,
        anonymous=workshop.anonymous,
        require_login=workshop.require_login,
        participants_propose=workshop.participants_propose,
        per_sheet_export=workshop.per_sheet_export,
        min_group_size=workshop.min_group_size,
        group_minimum=workshop.group_minimum,
        phase=Phase(workshop.phase),
        answers_revealed=workshop.answers_revealed,
        joined=counts["joined"],
        submitted=counts["submitted"],
    )


def unit_in(organisation: Any, code: str) -> Any:
    try:
        return get_unit_in(organisation, code)
    except Http404:
        raise ActionError("That unit does not exist.", field="unit") from None


# --- Facilitators -----------------------------------------------------------------


@router.get(
    "/{org}/workshops", response={200: list[WorkshopOut], **ERRORS}, summary="List workshops"
)
def list_workshops(request: AuthedHttpRequest, org: str) -> list[WorkshopOut]:
    organisation = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES).organisation
    workshops = (
        Workshop.objects.filter(organisation=organisation)
        .select_related("unit")
        .annotate(
            joined=Count("sheets"), submitted=Count("sheets", filter=Q(sheets__submitted=True))
        )
    )
    return [workshop_out(w, {"joined": w.joined, "submitted": w.submitted}) for w in workshops]


@router.post("/{org}/workshops", response={201: WorkshopOut, **ERRORS}, summary="Create a workshop")
def create_workshop(request: AuthedHttpRequest, org: str, body: WorkshopIn) -> Status[WorkshopOut]:
    organisation = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES).organisation
    data = body.dict()
    data["unit"] = unit_in(organisation, data["unit"])
    workshop = workshop_actions.create_workshop(request.user, organisation, **data)
    return Status(201, workshop_out(workshop))


@router.get(
    "/{org}/workshops/{workshop_code}",
    response={200: WorkshopOut, **ERRORS},
    summary="Get a workshop",
)
def get_workshop(request: AuthedHttpRequest, org: str, workshop_code: str) -> WorkshopOut:
    return workshop_out(get_workshop_for_user(request.user, org, workshop_code))


@router.patch(
    "/{org}/workshops/{workshop_code}",
    response={200: WorkshopOut, **ERRORS},
    summary="Change a workshop",
    description=(
        "`per_sheet_export` (answers may be exported sheet by sheet) can be switched on only "
        "while nobody has joined, since participants are told so before they write: 400 "
        "with `field` `per_sheet_export` afterwards. Once the answers have been exported, "
        "`min_group_size` no longer changes. See docs/workshop-exports.md."
    ),
)
def update_workshop(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: WorkshopPatch
) -> WorkshopOut:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    current = {
        "title": workshop.title,
        "unit": workshop.unit,
        "date": workshop.date,
        "language": workshop.language,
        "anonymous": workshop.anonymous,
        "require_login": workshop.require_login,
        "min_group_size": workshop.min_group_size,
        "participants_propose": workshop.participants_propose,
        "per_sheet_export": workshop.per_sheet_export,
    }
    changes = body.dict(exclude_unset=True, exclude_none=True)
    if "unit" in changes:
        changes["unit"] = unit_in(workshop.organisation, changes["unit"])
    if current["unit"] is None and "unit" not in changes:
        raise ActionError("Choose a unit.", field="unit")
    workshop_actions.update_workshop(request.user, workshop, **{**current, **changes})
    return workshop_out(workshop)


@router.post(
    "/{org}/workshops/{workshop_code}/phase",
    response={200: WorkshopOut, **ERRORS},
    summary="Move to the next or previous phase",
)
def set_phase(
    request: AuthedHttpRequest, org: str, workshop_code: str, body: PhaseIn
) -> WorkshopOut:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return workshop_out(workshop_actions.set_phase(request.user, workshop, body.phase))


@router.post(
    "/{org}/workshops/{workshop_code}/reveal",
    response={200: WorkshopOut, **ERRORS},
    summary="Reveal or hide the answers on the board",
)
def reveal(request: AuthedHttpRequest, org: str, workshop_code: str, body: RevealIn) -> WorkshopOut:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return workshop_out(workshop_actions.reveal_answers(request.user, workshop, body.revealed))


@router.get(
    "/{org}/workshops/{workshop_code}/board",
    response={200: BoardOut, **ERRORS},
    summary="The board: counts and cards, no authors",
    description=(
        "Cards show only what their authors finished, released in shuffled batches for the "
        "whole workshop (when several wait, else after a random wait); reading the board "
        "releases the batch that is due. See docs/workshops.md."
    ),
)
def get_board(request: AuthedHttpRequest, org: str, workshop_code: str) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    # Reading the board is how an API reader asks for the batch that is due.
    board_actions.release_due(workshop)
    return board.snapshot(workshop)


@router.get(
    "/{org}/workshops/{workshop_code}/board/overview",
    response={200: BoardOverviewOut, **ERRORS},
    summary="The board's overview alone: professions (counted) and use cases",
)
def get_board_overview(request: AuthedHttpRequest, org: str, workshop_code: str) -> dict[str, Any]:
    return board.overview(get_workshop_for_user(request.user, org, workshop_code))


@router.post(
    "/{org}/workshops/{workshop_code}/cards/{card}/hide",
    response={200: CardOut, **ERRORS},
    summary="Hide a card from the board (it stays in the data, marked hidden)",
)
def hide_card(
    request: AuthedHttpRequest, org: str, workshop_code: str, card: str, body: HideIn
) -> dict[str, Any]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    entry = _card(workshop, card)
    board_actions.hide_entry(request.user, entry, body.hidden)
    return board.card_event(entry, workshop.answers_revealed)


class RemovedOut(Schema):
    # Sheets removed (the empty ones), or the removed sheet's cards that left the board.
    removed: int


@router.post(
    "/{org}/workshops/{workshop_code}/sheets/remove-empty",
    response={200: RemovedOut, **ERRORS},
    summary="Remove the sheets with nothing written on them (audited by count)",
)
def remove_empty_sheets(request: AuthedHttpRequest, org: str, workshop_code: str) -> dict[str, int]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return {"removed": removing.remove_empty_sheets(request.user, workshop)}


@router.post(
    "/{org}/workshops/{workshop_code}/cards/{card}/remove-sheet",
    response={200: RemovedOut, **ERRORS},
    summary="Remove the whole sheet a card came from (an abusive one); says nothing of whose",
)
def remove_card_sheet(
    request: AuthedHttpRequest, org: str, workshop_code: str, card: str
) -> dict[str, int]:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    return {"removed": removing.remove_card_sheet(request.user, _card(workshop, card))}


def _card(workshop: Workshop, card: str) -> Entry:
    try:
        return Entry.objects.select_related("sheet__workshop__organisation").get(
            id=card, sheet__workshop=workshop
        )
    except (Entry.DoesNotExist, ValidationError):
        raise Http404 from None


# --- Participants -----------------------------------------------------------------


class SheetAuth(HttpBearer):
    """`Authorization: Bearer vsh_…`: the sheet token that joining returned.

    The lookup runs on a database thread (see vogter/workshops/runner.py), like the
    rest of the participants' work.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Sheet | None:
        if not token.startswith(SHEET_TOKEN_PREFIX):
            return None  # no sheet token: no need to ask the database
        sheet = runner.run(sheet_for_api_token, token)
        if sheet is None and runner.run(removing.was_removed, token):
            raise HttpError(410, str(removing.REMOVED_MESSAGE))
        return sheet


class JoinIn(Schema):
    join_code: str


class FieldOut(Schema):
    key: str
    label_da: str
    label_en: str
    max_length: int
    text: str
    seq: int


class SheetOut(Schema):
    workshop_title: str
    language: str
    phase: Phase
    editable: bool
    submitted: bool
    # Tell the participant before they write: answers may be exported sheet by sheet.
    per_sheet_export: bool
    # The day the answers are deleted under the organisation's retention policy, or null
    # while it keeps them (docs/retention.md): say it on the phone.
    answers_deleted_on: datetime.date | None
    fields: list[FieldOut]


class JoinOut(SheetOut):
    token: str
    resume_code: str


class SaveIn(Schema):
    text: str
    seq: int
    # The person finished this field (left it, paused, submitted): only a finished text
    # may go to the board. A final save of the stored seq and text only marks it finished.
    final: bool = False


class SaveOut(Schema):
    field: str
    seq: int
    saved: bool


class SubmitIn(Schema):
    submitted: bool = True


class ResumeCodeOut(Schema):
    resume_code: str


def _sheet_out(sheet: Sheet) -> dict[str, Any]:
    workshop = sheet.workshop
    stored = {e.field: e for e in sheet.entries.all()}
    return {
        "workshop_title": workshop.title,
        "language": workshop.language,
        "phase": workshop.phase,
        "editable": workshop.is_editable,
        "submitted": sheet.submitted,
        "per_sheet_export": workshop.per_sheet_export,
        "answers_deleted_on": answers_deleted_on(workshop.organisation, workshop.date),
        "fields": [
            {
                "key": f.key,
                "label_da": f.da,
                "label_en": f.en,
                "max_length": f.max_length,
                "text": stored[f.key].text if f.key in stored else "",
                "seq": stored[f.key].seq if f.key in stored else 0,
            }
            for f in FIELDS
        ],
    }


# A workshop's phones save every few seconds, a thousand at a time: the participants'
# database work runs on the process's own database threads (vogter/workshops/runner.py).


def _join(request: HttpRequest, join_code: str) -> dict[str, Any]:
    workshop = get_workshop_by_join_code(join_code, request)
    limits.count_join(request, workshop)
    # Only a personal API token says who joins: the browser's session cookie does not,
    # since this operation takes no CSRF token and another site could post to it.
    bearer = request.headers.get("authorization", "")
    user = user_for_token(request, bearer[7:]) if bearer.lower().startswith("bearer ") else None
    joined = sheet_actions.join(workshop, user)
    return {**_sheet_out(joined.sheet), "token": joined.token, "resume_code": joined.resume_code}


@worksheets.post(
    "/join",
    response={201: JoinOut, 429: ErrorOut, **ERRORS},
    auth=None,
    summary="Join a workshop with its code; returns the sheet token (shown once)",
)
def join(request: HttpRequest, body: JoinIn) -> Status[dict[str, Any]]:
    limits.refuse_blocked(request)
    return Status(201, runner.run(_join, request, body.join_code))


@worksheets.get(
    "/me", response={200: SheetOut, **SHEET_ERRORS}, auth=SheetAuth(), summary="Your sheet"
)
def my_sheet(request: HttpRequest) -> dict[str, Any]:
    return runner.run(_sheet_out, request.auth)  # type: ignore[attr-defined]


def _save(sheet: Sheet, field: str, text: str, seq: int, final: bool) -> Any:
    try:
        result = sheet_actions.autosave(sheet, field, text, seq, final=final)
    except ActionError as error:
        status = 409 if error.field == "phase" else 400
        return Status(status, {"detail": str(error.message), "field": error.field})
    return {"field": field, "seq": result.entry.seq, "saved": result.saved}


@worksheets.put(
    "/me/fields/{field}",
    response={200: SaveOut, 409: ErrorOut, **SHEET_ERRORS},
    auth=SheetAuth(),
    summary="Save one field (idempotent: a seq not newer than the stored one changes nothing)",
    description=(
        "Send `final: true` when the person has finished the field (left it, paused for a "
        "while, submitted). The board shows only finished texts, and those in shuffled "
        "batches for the whole workshop, so it never shows who is typing what; a save "
        "without it is kept but not shown, and takes back a finished text still waiting. "
        "Submitting the sheet finishes every field."
    ),
)
def save_field(request: HttpRequest, field: str, body: SaveIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_save, sheet, field, body.text, body.seq, body.final)


def _submit(sheet: Sheet, submitted: bool) -> Any:
    try:
        sheet_actions.submit_sheet(sheet, submitted)
    except ActionError as error:
        return Status(409, {"detail": str(error.message), "field": error.field})
    return _sheet_out(sheet)


@worksheets.post(
    "/me/submit",
    response={200: SheetOut, 409: ErrorOut, **SHEET_ERRORS},
    auth=SheetAuth(),
    summary="Submit your sheet",
)
def submit(request: HttpRequest, body: SubmitIn) -> Any:
    sheet: Sheet = request.auth  # type: ignore[attr-defined]
    return runner.run(_submit, sheet, body.submitted)


@worksheets.post(
    "/me/resume-code",
    response={200: ResumeCodeOut, **SHEET_ERRORS},
    auth=SheetAuth(),
    summary="A fresh short code to continue on another device",
)
def resume_code(request: HttpRequest) -> dict[str, str]:
    code = runner.run(sheet_actions.new_resume_code, request.auth)  # type: ignore[attr-defined]
    return {"resume_code": code}
