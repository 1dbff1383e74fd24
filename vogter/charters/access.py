"""Fetching charters: through the person's membership of the organisation."""

from django.http import Http404

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.organisations.access import get_membership_for_user
from vogter.organisations.models import Membership, Organisation, Role


def get_charter_in(organisation: Organisation, code: str) -> Charter:
    charter = (
        Charter.objects.select_related("organisation", "unit")
        .filter(organisation=organisation, code=code)
        .first()
    )
    if charter is None:
        raise Http404
    return charter


def get_charter_for_user(
    user: User, org_code: str, code: str, *, roles: tuple[Role, ...] | None = None
) -> tuple[Charter, Membership]:
    """Any member reads the organisation's charters (they are signed and shared anyway);
    `roles` narrows it. Outsiders get the same 404 as for an unknown code."""
    membership = get_membership_for_user(user, org_code, roles=roles)
    return get_charter_in(membership.organisation, code), membership
