"""Fetching reflection's objects, and who may manage them: the one place pages, the API
and the actions ask.

Any member reads a charter's rounds and results. Managing them (opening rounds,
schedules, revisits, actions) and the roll-up are for facilitators and admins, and for
the managers of the charter's unit or a unit above it (docs/organisations.md): a manager
somewhere is not this unit's manager. Outsiders and unknown codes get the same 404; a
missing role inside the organisation is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vogter.accounts.models import User
from vogter.charters.access import get_charter_for_user
from vogter.charters.models import Charter
from vogter.organisations import representation
from vogter.organisations.access import get_membership_for_user, get_unit_in
from vogter.organisations.models import Membership, Unit
from vogter.reflection.models import Round


def may_manage(membership: Membership, unit: Unit) -> bool:
    """Whether this person manages reflection on the charters of this unit (and sees its
    roll-up): facilitators and admins anywhere, managers on their own branch."""
    return membership.can_facilitate or representation.manages(membership, unit)


def get_charter_for_reflection(
    user: User, org_code: str, code: str, *, manage: bool = False
) -> tuple[Charter, Membership]:
    charter, membership = get_charter_for_user(user, org_code, code)
    if manage and not may_manage(membership, charter.unit):
        raise PermissionDenied
    return charter, membership


def get_round_for_user(
    user: User, org_code: str, code: str, *, manage: bool = False
) -> tuple[Round, Membership]:
    membership = get_membership_for_user(user, org_code)
    try:
        reflection = Round.objects.select_related("charter__organisation", "charter__unit").get(
            charter__organisation=membership.organisation, code=code
        )
    except Round.DoesNotExist:
        raise Http404 from None
    if manage and not may_manage(membership, reflection.charter.unit):
        raise PermissionDenied
    return reflection, membership


def get_unit_for_rollup(user: User, org_code: str, unit_code: str) -> tuple[Unit, Membership]:
    """A unit for its roll-up over the units below it (others in the organisation get a
    403; outsiders and unknown codes the same 404)."""
    membership = get_membership_for_user(user, org_code)
    unit = get_unit_in(membership.organisation, unit_code)
    if not may_manage(membership, unit):
        raise PermissionDenied
    unit.organisation = membership.organisation
    return unit, membership


def check_may_manage(actor: User | None, charter: Charter) -> None:
    """The actions' own guard: a person who may not manage this charter's reflection is
    refused whoever called (commands act as the system, with no person)."""
    if actor is None or not actor.is_authenticated:
        return
    membership = Membership.objects.filter(organisation_id=charter.organisation_id, user=actor)
    found = membership.first()
    if found is None or not may_manage(found, charter.unit):
        raise PermissionDenied
