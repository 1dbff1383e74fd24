"""Who may read which entries of an organisation's audit log (docs/audit.md).

An organisation admin reads every entry. A TR or AMR reads the entries about the
charters, rounds and exports of the units they represent (vogter/organisations/
representation.py: their own unit, and those below it with no TR or AMR of their own).
Anyone else in the organisation gets 403; anyone outside it, 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from vogter.accounts.models import User
from vogter.organisations.access import get_membership_for_user
from vogter.organisations.models import AuditEntry, Membership, Organisation
from vogter.organisations.representation import represented_units

# What a unit's representatives may read: the families of actions about a unit's
# charters, rounds and exports. Entries carry a unit only for these; asking both is
# belt and braces, so that a unit added to another action later does not widen it.
REPRESENTATIVE_ACTIONS = (
    Q(action__startswith="charter.")
    | Q(action__startswith="reflection.")
    | Q(action__in=("commons.publish", "commons.unpublish", "commons.template.use"))
    | Q(action__endswith=".export")
)


@dataclass(frozen=True)
class AuditScope:
    organisation: Organisation
    # None: the whole organisation (an admin, the command line); otherwise the ids of the
    # units represented.
    units: frozenset[int] | None
    membership: Membership | None = None  # the reader's, on a page

    @property
    def is_whole_organisation(self) -> bool:
        return self.units is None

    def shows(self, action: str) -> bool:
        """Whether entries of this action can be in this scope (for the filter's list)."""
        return self.units is None or (
            (
                action.startswith(("charter.", "reflection."))
                or action in ("commons.publish", "commons.unpublish", "commons.template.use")
                or action.endswith(".export")
            )
            and action != "audit.export"
        )

    def entries(self) -> "QuerySet[AuditEntry]":
        found = AuditEntry.objects.filter(organisation=self.organisation)
        if self.units is not None:
            found = found.filter(REPRESENTATIVE_ACTIONS, unit_id__in=self.units)
        return found


def may_read_audit(membership: Membership) -> bool:
    """For the menu: whether the audit page would open for this person."""
    return membership.is_admin or bool(represented_units(membership))


def get_audit_scope(user: User, org_code: str) -> AuditScope:
    membership = get_membership_for_user(user, org_code)
    if membership.is_admin:
        return AuditScope(membership.organisation, None, membership)
    units = represented_units(membership)
    if not units:
        raise PermissionDenied
    return AuditScope(membership.organisation, frozenset(units), membership)


def whole_log(organisation: Organisation) -> AuditScope:
    """Every entry: for the command line, run by whoever operates the installation."""
    return AuditScope(organisation, None)
