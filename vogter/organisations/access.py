"""The only way views, the API and commands fetch an organisation's objects.

Every helper answers "missing" and "not yours" with the same 404, so nobody can
probe for other organisations' codes. Within one's own organisation, lacking the
required role is a plain 403.
"""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from vogter.accounts.models import User
from vogter.organisations.models import Invitation, Membership, Organisation, Role, Unit

ADMIN_ROLES = (Role.ADMIN,)
FACILITATOR_ROLES = (Role.ADMIN, Role.FACILITATOR)


def memberships_for_user(user: User) -> "QuerySet[Membership]":
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation", "unit")


def get_membership_for_user(
    user: User, org_code: str, *, roles: tuple[Role, ...] | None = None
) -> Membership:
    """The user's own membership in the organisation with this code."""
    if not user.is_authenticated:
        raise Http404
    try:
        membership = Membership.objects.select_related("organisation").get(
            user=user, organisation__code=org_code
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    if roles is not None and membership.role not in roles:
        raise PermissionDenied
    return membership


def get_organisation_for_user(
    user: User, org_code: str, *, roles: tuple[Role, ...] | None = None
) -> Organisation:
    return get_membership_for_user(user, org_code, roles=roles).organisation


def get_unit_for_user(
    user: User, org_code: str, unit_code: str, *, roles: tuple[Role, ...] | None = None
) -> Unit:
    organisation = get_organisation_for_user(user, org_code, roles=roles)
    try:
        return Unit.objects.select_related("parent").get(organisation=organisation, code=unit_code)
    except Unit.DoesNotExist:
        raise Http404 from None


def get_member_for_admin(user: User, org_code: str, membership_code: str) -> Membership:
    """Another person's membership, for an organisation admin to manage."""
    organisation = get_organisation_for_user(user, org_code, roles=ADMIN_ROLES)
    try:
        return Membership.objects.select_related("user", "unit", "organisation").get(
            organisation=organisation, code=membership_code
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def get_invitation_for_admin(user: User, org_code: str, invitation_code: str) -> Invitation:
    organisation = get_organisation_for_user(user, org_code, roles=ADMIN_ROLES)
    try:
        return Invitation.objects.get(organisation=organisation, code=invitation_code)
    except Invitation.DoesNotExist:
        raise Http404 from None


def get_invitation_by_token(token: str) -> Invitation:
    """An invitation link is its own credential: whoever holds it may look."""
    try:
        return Invitation.objects.select_related("organisation", "unit").get(token=token)
    except Invitation.DoesNotExist:
        raise Http404 from None


def invited_email_for_link(path: str) -> str:
    """The address an open invitation was sent to, when `path` is its link ("" otherwise).

    Sign-up through such a link makes the account with that address: the link, sent
    there, is what shows that whoever follows it may use it.
    """
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    if match.view_name != "organisations:accept_invitation":
        return ""
    invitation = Invitation.objects.filter(token=match.kwargs["token"]).first()
    return invitation.email if invitation is not None and invitation.is_open else ""


def get_unit_in(organisation: Organisation, unit_code: str) -> Unit:
    """A unit of an organisation already fetched through the helpers above (or the CLI)."""
    try:
        return Unit.objects.select_related("parent").get(organisation=organisation, code=unit_code)
    except Unit.DoesNotExist:
        raise Http404 from None
