"""Fetching workshops and sheets: facilitators through their organisation, participants
through the join code and their own secret token."""

import hashlib

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from vogter.accounts.models import User
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user
from vogter.organisations.models import Role
from vogter.workshops import limits
from vogter.workshops.models import Sheet, Workshop, WorkshopTemplate

SHEET_TOKEN_PREFIX = "vsh_"  # noqa: S105 - a public marker, not a secret


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def get_workshop_for_user(
    user: User, org_code: str, workshop_code: str, *, roles: tuple[Role, ...] = FACILITATOR_ROLES
) -> Workshop:
    organisation = get_membership_for_user(user, org_code, roles=roles).organisation
    try:
        return Workshop.objects.select_related("organisation", "unit").get(
            organisation=organisation, code=workshop_code
        )
    except Workshop.DoesNotExist:
        raise Http404 from None


def get_template_for_user(
    user: User, org_code: str, template_code: str, *, roles: tuple[Role, ...] = FACILITATOR_ROLES
) -> WorkshopTemplate:
    organisation = get_membership_for_user(user, org_code, roles=roles).organisation
    try:
        return WorkshopTemplate.objects.select_related("organisation").get(
            organisation=organisation, code=template_code
        )
    except WorkshopTemplate.DoesNotExist:
        raise Http404 from None


def get_workshop_by_join_code(join_code: str, request: HttpRequest | None = None) -> Workshop:
    """The join code is public: it is on the projector.

    With the `request`, a client that tries too many codes matching no workshop is
    refused (`Throttled`, 429) for a while, whatever code it asks for then
    (vogter/workshops/limits.py): codes are short enough to guess by the thousand.
    """
    if request is not None:
        limits.refuse_guessing(request)
    try:
        return Workshop.objects.select_related("organisation").get(
            join_code=join_code.strip().upper()
        )
    except Workshop.DoesNotExist:
        if request is not None:
            limits.count_guess(request)
        raise Http404 from None


def _sheet(sheets: QuerySet[Sheet], **unique: str | Workshop) -> Sheet | None:
    """The sheet with this unique token or code, if any. `get()`, not `first()`: that would
    order by id to pick one of at most one, a third of the lookup on every save."""
    try:
        return sheets.get(**unique)
    except Sheet.DoesNotExist:
        return None


def sheet_for_token(workshop: Workshop, token: str | None) -> Sheet | None:
    if not token:
        return None
    sheet = _sheet(Sheet.objects.all(), workshop=workshop, token_hash=fingerprint(token))
    if sheet is not None:
        sheet.workshop = workshop  # already read: a save need not read it again
    return sheet


def sheet_for_api_token(token: str) -> Sheet | None:
    if not token.startswith(SHEET_TOKEN_PREFIX):
        return None
    # With the organisation: the sheet says when its retention policy deletes the answers.
    return _sheet(
        Sheet.objects.select_related("workshop__organisation"), token_hash=fingerprint(token)
    )


def sheet_for_resume_code(workshop: Workshop, code: str) -> Sheet | None:
    normalised = code.replace("-", "").replace(" ", "").strip().upper()
    if not normalised:
        return None
    return _sheet(Sheet.objects.all(), workshop=workshop, resume_hash=fingerprint(normalised))


def cookie_name(workshop: Workshop) -> str:
    return f"vogter_sheet_{workshop.join_code}"


def sheet_for_request(request: HttpRequest, workshop: Workshop) -> Sheet | None:
    """The participant's own sheet, from the cookie their browser holds."""
    return sheet_for_token(workshop, request.COOKIES.get(cookie_name(workshop)))
