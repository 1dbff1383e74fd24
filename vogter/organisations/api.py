"""Organisations, units, memberships and invitations over REST (tag `organisations`).

Thin: each handler fetches through `access` and changes through `actions`.
"""

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination, paginate

from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import (
    ADMIN_ROLES,
    get_invitation_for_admin,
    get_member_for_admin,
    get_membership_for_user,
    get_unit_for_user,
    get_unit_in,
    memberships_for_user,
)
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.invitations import invitation_url
from vogter.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    Unit,
    UnitLevel,
)

router = Router(tags=["organisations"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class OrganisationOut(Schema):
    code: str
    name: str
    default_language: str
    workshops_require_login: bool
    # No figure about people is shown over fewer (docs/disclosure.md).
    min_group_size: int
    # Retention (docs/retention.md): months, or null to keep for ever.
    answers_kept_months: int | None
    audit_kept_months: int | None
    my_role: Role


class OrganisationIn(Schema):
    name: str
    default_language: str = "da"


class OrganisationPatch(Schema):
    name: str | None = None
    default_language: str | None = None
    workshops_require_login: bool | None = None
    min_group_size: int | None = Field(default=None, ge=3, le=100)
    # Given (a number, or null to keep for ever) or left out (unchanged).
    answers_kept_months: int | None = Field(default=None, ge=1, le=120)
    audit_kept_months: int | None = Field(default=None, ge=1, le=120)


class UnitOut(Schema):
    code: str
    name: str
    level: UnitLevel
    parent: str | None


class UnitIn(Schema):
    name: str
    level: UnitLevel
    parent: str | None = None


class UnitPatch(Schema):
    name: str | None = None
    level: UnitLevel | None = None
    parent: str | None = None


class MembershipOut(Schema):
    code: str
    email: str
    name: str
    role: Role
    unit: str | None
    is_manager: bool
    is_union_rep: bool
    is_safety_rep: bool

    # Resolvers let a paginated queryset of memberships be returned as it is.
    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.user.name

    @staticmethod
    def resolve_unit(obj: Membership) -> str | None:
        return obj.unit.code if obj.unit else None


class MembershipPatch(Schema):
    role: Role | None = None
    unit: str | None = None
    is_manager: bool | None = None
    is_union_rep: bool | None = None
    is_safety_rep: bool | None = None


class InvitationIn(Schema):
    email: str = Field("", description="Only an account with this address may accept.")
    role: Role = Role.MEMBER
    unit: str | None = None
    is_manager: bool = False
    is_union_rep: bool = False
    is_safety_rep: bool = False
    max_uses: int = Field(
        1,
        description=(
            "How many people may join through the link, 1 to 500. Above 1 (a team link) "
            "only without an e-mail address, never as admin or with a representative role."
        ),
    )
    valid_days: int = Field(invitation_actions.DEFAULT_VALID_DAYS, description="1 to 90.")


class PendingOut(Schema):
    """An account with another address than the invited one that asked to join."""

    email: str
    name: str
    asked_at: datetime


class InvitationOut(Schema):
    code: str
    email: str
    role: Role
    unit: str | None
    is_manager: bool
    is_union_rep: bool
    is_safety_rep: bool
    max_uses: int
    uses: int
    expires_at: datetime
    url: str
    pending: PendingOut | None


def _org_out(organisation: Organisation, role: str) -> OrganisationOut:
    return OrganisationOut(
        code=organisation.code,
        name=organisation.name,
        default_language=organisation.default_language,
        workshops_require_login=organisation.workshops_require_login,
        min_group_size=organisation.min_group_size,
        answers_kept_months=organisation.answers_kept_months,
        audit_kept_months=organisation.audit_kept_months,
        my_role=Role(role),
    )


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        level=UnitLevel(unit.level),
        parent=unit.parent.code if unit.parent else None,
    )


def _membership_out(m: Membership) -> MembershipOut:
    return MembershipOut.from_orm(m)


def _invitation_out(request: HttpRequest, inv: Invitation) -> InvitationOut:
    asking = inv.pending_user
    return InvitationOut(
        code=inv.code,
        email=inv.email,
        role=Role(inv.role),
        unit=inv.unit.code if inv.unit else None,
        is_manager=inv.is_manager,
        is_union_rep=inv.is_union_rep,
        is_safety_rep=inv.is_safety_rep,
        max_uses=inv.max_uses,
        uses=inv.uses,
        expires_at=inv.expires_at,
        url=invitation_url(inv, request.build_absolute_uri("/")),
        pending=(
            PendingOut(email=asking.email, name=asking.name, asked_at=inv.pending_at)
            if asking is not None and inv.pending_at is not None
            else None
        ),
    )


def _unit_by_code(organisation: Organisation, code: str | None, field: str) -> Unit | None:
    if code is None:
        return None
    try:
        return get_unit_in(organisation, code)
    except Http404:
        raise ActionError(_("That unit does not exist."), field=field) from None


# --- Organisations ----------------------------------------------------------------


@router.get("", response=list[OrganisationOut], summary="List the organisations you belong to")
def list_organisations(request: AuthedHttpRequest) -> list[OrganisationOut]:
    return [_org_out(m.organisation, m.role) for m in memberships_for_user(request.user)]


@router.post(
    "",
    response={201: OrganisationOut, 400: ErrorOut},
    summary="Create an organisation (you become its admin)",
)
def create_organisation(
    request: AuthedHttpRequest, body: OrganisationIn
) -> Status[OrganisationOut]:
    organisation = organisation_actions.create_organisation(
        request.user, body.name, body.default_language
    )
    return Status(201, _org_out(organisation, Role.ADMIN))


@router.get("/{org}", response={200: OrganisationOut, **ERRORS}, summary="Get an organisation")
def get_organisation(request: AuthedHttpRequest, org: str) -> OrganisationOut:
    m = get_membership_for_user(request.user, org)
    return _org_out(m.organisation, m.role)


@router.patch(
    "/{org}",
    response={200: OrganisationOut, **ERRORS},
    summary="Rename or change its language, its policies and how long data is kept",
)
def update_organisation(
    request: AuthedHttpRequest, org: str, body: OrganisationPatch
) -> OrganisationOut:
    m = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation_actions.update_organisation(
        request.user,
        m.organisation,
        name=body.name,
        default_language=body.default_language,
        workshops_require_login=body.workshops_require_login,
        min_group_size=body.min_group_size,
    )
    given = body.model_fields_set & {"answers_kept_months", "audit_kept_months"}
    if given:
        organisation = m.organisation
        organisation_actions.set_retention(
            request.user,
            organisation,
            answers_kept_months=(
                body.answers_kept_months
                if "answers_kept_months" in given
                else organisation.answers_kept_months
            ),
            audit_kept_months=(
                body.audit_kept_months
                if "audit_kept_months" in given
                else organisation.audit_kept_months
            ),
        )
    return _org_out(m.organisation, m.role)


# --- Units ------------------------------------------------------------------------


@router.get("/{org}/units", response={200: list[UnitOut], **ERRORS}, summary="List units")
def list_units(request: AuthedHttpRequest, org: str) -> list[UnitOut]:
    organisation = get_membership_for_user(request.user, org).organisation
    units = Unit.objects.filter(organisation=organisation).select_related("parent")
    return [_unit_out(u) for u in units]


@router.post("/{org}/units", response={201: UnitOut, **ERRORS}, summary="Add a unit")
def create_unit(request: AuthedHttpRequest, org: str, body: UnitIn) -> Status[UnitOut]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    parent = _unit_by_code(organisation, body.parent, "parent")
    unit = unit_actions.create_unit(request.user, organisation, body.name, body.level, parent)
    return Status(201, _unit_out(unit))


@router.get("/{org}/units/{unit_code}", response={200: UnitOut, **ERRORS}, summary="Get a unit")
def get_unit(request: AuthedHttpRequest, org: str, unit_code: str) -> UnitOut:
    return _unit_out(get_unit_for_user(request.user, org, unit_code))


@router.patch(
    "/{org}/units/{unit_code}",
    response={200: UnitOut, **ERRORS},
    summary="Rename a unit, change its level or move it",
)
def update_unit(request: AuthedHttpRequest, org: str, unit_code: str, body: UnitPatch) -> UnitOut:
    unit = get_unit_for_user(request.user, org, unit_code, roles=ADMIN_ROLES)
    changes = body.dict(exclude_unset=True)
    kwargs: dict[str, object] = {"name": changes.get("name"), "level": changes.get("level")}
    if "parent" in changes:
        kwargs["parent"] = _unit_by_code(unit.organisation, changes["parent"], "parent")
    return _unit_out(unit_actions.update_unit(request.user, unit, **kwargs))  # type: ignore[arg-type]


@router.delete(
    "/{org}/units/{unit_code}",
    response={204: None, **ERRORS},
    summary="Delete a unit without parts",
)
def delete_unit(request: AuthedHttpRequest, org: str, unit_code: str) -> Status[None]:
    unit_actions.delete_unit(
        request.user, get_unit_for_user(request.user, org, unit_code, roles=ADMIN_ROLES)
    )
    return Status(204, None)


# --- Memberships ------------------------------------------------------------------


# Past what a database integer holds, LIMIT and OFFSET fail in the database (a 500);
# bounded here, such a request is a 422 like any other parameter out of range.
SQL_INT_MAX = 2**31 - 1


class MembershipPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=SQL_INT_MAX)
        offset: int = Field(0, ge=0, le=SQL_INT_MAX)


@router.get(
    "/{org}/memberships",
    response={200: list[MembershipOut], **ERRORS},
    summary="List the people in an organisation (admins only), a page at a time",
)
@paginate(MembershipPagination)
def list_memberships(request: AuthedHttpRequest, org: str, q: str = "") -> Any:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("user__email", "pk")
    )
    if q:
        members = members.filter(
            Q(user__email__icontains=q) | Q(user__name__icontains=q) | Q(unit__name__icontains=q)
        )
    return members


@router.patch(
    "/{org}/memberships/{member}",
    response={200: MembershipOut, **ERRORS},
    summary="Change a person's role, unit or representative roles",
)
def update_membership(
    request: AuthedHttpRequest, org: str, member: str, body: MembershipPatch
) -> MembershipOut:
    target = get_member_for_admin(request.user, org, member)
    changes = body.dict(exclude_unset=True)
    if "unit" in changes:
        changes["unit"] = _unit_by_code(target.organisation, changes["unit"], "unit")
    return _membership_out(membership_actions.change_membership(request.user, target, **changes))


@router.delete(
    "/{org}/memberships/{member}",
    response={204: None, **ERRORS},
    summary="Remove a person from the organisation",
)
def remove_membership(request: AuthedHttpRequest, org: str, member: str) -> Status[None]:
    membership_actions.remove_membership(
        request.user, get_member_for_admin(request.user, org, member)
    )
    return Status(204, None)


# --- Invitations ------------------------------------------------------------------


@router.get(
    "/{org}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    summary="List open invitations",
)
def list_invitations(request: AuthedHttpRequest, org: str) -> list[InvitationOut]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    invitations = (
        Invitation.objects.open()
        .filter(organisation=organisation)
        .select_related("unit", "pending_user")
    )
    return [_invitation_out(request, inv) for inv in invitations]


@router.post(
    "/{org}/invitations",
    response={201: InvitationOut, **ERRORS},
    summary="Invite a person by e-mail, or by a link for one person or a team",
)
def create_invitation(
    request: AuthedHttpRequest, org: str, body: InvitationIn
) -> Status[InvitationOut]:
    organisation = get_membership_for_user(request.user, org, roles=ADMIN_ROLES).organisation
    invitation = invitation_actions.invite(
        request.user,
        organisation,
        role=body.role,
        email=body.email,
        unit=_unit_by_code(organisation, body.unit, "unit"),
        is_manager=body.is_manager,
        is_union_rep=body.is_union_rep,
        is_safety_rep=body.is_safety_rep,
        max_uses=body.max_uses,
        valid_days=body.valid_days,
        site_url=request.build_absolute_uri("/"),
    )
    return Status(201, _invitation_out(request, invitation))


class InvitationConfirmIn(Schema):
    # The asking account's address, as the admin saw it in `pending`: a newer request by
    # someone else is refused rather than let in.
    email: str


@router.post(
    "/{org}/invitations/{invitation}/confirm",
    response={200: MembershipOut, **ERRORS},
    summary="Let in the account that asked to join with another address than the invited one",
    description="`email`: the asking account's address, from the invitation's `pending`.",
)
def confirm_invitation(
    request: AuthedHttpRequest, org: str, invitation: str, body: InvitationConfirmIn
) -> MembershipOut:
    inv = get_invitation_for_admin(request.user, org, invitation)
    return _membership_out(joining_actions.confirm_invitation(request.user, inv, body.email))


@router.delete(
    "/{org}/invitations/{invitation}",
    response={204: None, **ERRORS},
    summary="Withdraw an invitation",
)
def revoke_invitation(request: AuthedHttpRequest, org: str, invitation: str) -> Status[None]:
    invitation_actions.revoke_invitation(
        request.user, get_invitation_for_admin(request.user, org, invitation)
    )
    return Status(204, None)
