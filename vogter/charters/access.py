"""Fetching charters: through the person's membership of the organisation, or by the
secret of a share link."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vogter.accounts.models import User
from vogter.charters.models import Charter, SignatureRole
from vogter.organisations import representation
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


# --- Who may: the charter's role predicates, for pages, the API and the actions alike ------


def may_change(membership: Membership) -> bool:
    """Facilitators and admins draft, propose and take back charters of any unit."""
    return membership.can_facilitate


def may_adopt(membership: Membership, charter: Charter) -> bool:
    """Facilitators and admins, and the managers of the charter's unit or a unit above it;
    the signatures it needs are what make it an agreement."""
    return membership.can_facilitate or representation.manages(membership, charter.unit)


def may_sign(
    membership: Membership,
    charter: Charter,
    role: str,
    expected: dict[str, list[Membership]] | None = None,
) -> bool:
    """The representation rule: as manager, TR or AMR, the person who holds that role for
    the charter's unit; for the cooperation committee, any of the unit's representatives
    or an organisation admin. `expected` saves reading expected_signers() again."""
    if membership.organisation_id != charter.organisation_id:
        return False
    if role == SignatureRole.COMMITTEE and membership.is_admin:
        return True
    if expected is None:
        expected = expected_signers(charter)
    return any(m.pk == membership.pk for m in expected.get(role, []))


def expected_signers(charter: Charter) -> dict[str, list[Membership]]:
    """Who is expected to sign, per signature role, by the representation rule. The
    committee is signed for by any of the unit's representatives (or an admin)."""
    found: dict[str, list[Membership]] = dict(representation.representatives(charter.unit))
    everyone = {m.pk: m for people in found.values() for m in people}
    found[SignatureRole.COMMITTEE] = sorted(
        everyone.values(), key=lambda m: m.user.display_name.lower()
    )
    return found


def check_may_change(actor: User | None, organisation_id: int) -> None:
    """The actions' own guard on drafting, proposing and sharing: a person who may not
    change charters is refused whoever called (commands act as the system, with no
    person). Pages and the API ask may_change first, for their 403."""
    if actor is None or not actor.is_authenticated:
        return
    membership = Membership.objects.filter(organisation_id=organisation_id, user=actor).first()
    if membership is None or not may_change(membership):
        raise PermissionDenied


# --- The share link -------------------------------------------------------------------

SHARE_PREFIX = "vch_"


def share_fingerprint(token: str) -> str:
    """What is stored of a share link's secret (Charter.share_hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


def charter_for_share_token(token: str) -> Charter | None:
    if not token.startswith(SHARE_PREFIX):
        return None
    return (
        Charter.objects.select_related("organisation", "unit")
        .filter(share_hash=share_fingerprint(token))
        .first()
    )
