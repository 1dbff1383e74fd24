"""Groups pushed by an identity provider (SCIM Groups) are units: a new group becomes a
top-level unit (an admin places it in the tree afterwards; a re-push changes only its
name), or takes over the one unlinked unit that already has its name. Its members are the
members whose unit it is: a membership has one unit, so joining a group moves a person
there, and leaving it leaves them without a unit only if it was still theirs. A move
ends the person's manager, TR and AMR marks: those belong to the unit they were given in."""

from collections.abc import Iterable
from contextlib import suppress

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.directory.actions.people import Conflict
from vogter.directory.models import ProvisionedGroup, ProvisionedPerson
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.actions.checks import clean_name
from vogter.organisations.models import Membership, Organisation, Unit, UnitLevel

# What a new group becomes: most directory groups are a team or a workplace.
NEW_GROUP_LEVEL = UnitLevel.UNIT


def _check_name_free(organisation: Organisation, name: str, group: ProvisionedGroup | None) -> None:
    taken = ProvisionedGroup.objects.filter(organisation=organisation, unit__name__iexact=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise Conflict(
            _("A group named %(name)s has been provisioned already.") % {"name": name},
            field="displayName",
        )


def _memberships(organisation: Organisation, codes: Iterable[str]) -> list[Membership]:
    """The memberships of the provisioned people with these SCIM ids. A deactivated
    person has none and is passed over; an id that is no one's is refused."""
    codes = list(dict.fromkeys(codes))
    people = {
        p.code: p
        for p in ProvisionedPerson.objects.filter(organisation=organisation, code__in=codes)
    }
    unknown = [c for c in codes if c not in people]
    if unknown:
        raise ActionError(
            _("There is no user with the id %(id)s.") % {"id": unknown[0]}, field="members"
        )
    return list(
        Membership.objects.filter(
            organisation=organisation, user__in=[p.user_id for p in people.values()]
        ).select_related("unit", "organisation")
    )


def member_codes(group: ProvisionedGroup) -> list[str]:
    """The SCIM ids of the provisioned people whose unit this is."""
    return members_of([group])[group.unit_id]


def members_of(groups: list[ProvisionedGroup]) -> dict[int, list[str]]:
    """unit id -> the SCIM ids of its provisioned people, for a page of groups at once."""
    found: dict[int, list[str]] = {g.unit_id: [] for g in groups}
    if not groups:
        return found
    organisation_id = groups[0].organisation_id
    placed = Membership.objects.filter(organisation=organisation_id, unit__in=list(found))
    unit_of = dict(placed.values_list("user_id", "unit_id"))
    people = ProvisionedPerson.objects.filter(organisation=organisation_id, user__in=list(unit_of))
    for user_id, code in people.order_by("pk").values_list("user_id", "code"):
        found[unit_of[user_id]].append(code)
    return found


def _move(membership: Membership, unit: Unit | None) -> None:
    """Place the membership in `unit`, without the manager, TR and AMR marks it held where
    it was: those were given for that unit (a TR is elected there), not for the next one the
    directory puts them in. The `membership.change` audit entry names the marks cleared
    (change_membership records only what changed)."""
    membership_actions.change_membership(
        None,
        membership,
        unit=unit,
        is_manager=False,
        is_union_rep=False,
        is_safety_rep=False,
    )


def _set_members(group: ProvisionedGroup, codes: list[str]) -> int:
    """Move the people with these ids here and the other provisioned people out; how many
    memberships changed."""
    changed = 0
    wanted = _memberships(group.organisation, codes)
    wanted_ids = {m.pk for m in wanted}
    for membership in wanted:
        if membership.unit_id != group.unit_id:
            _move(membership, group.unit)
            changed += 1
    leaving = Membership.objects.filter(
        organisation=group.organisation,
        unit=group.unit,
        user__provisioned_as__organisation=group.organisation,
    ).exclude(pk__in=wanted_ids)
    # Only provisioned people leave: someone placed here by hand is no group member.
    for membership in leaving.select_related("organisation"):
        _move(membership, None)
        changed += 1
    return changed


@transaction.atomic
def create_group(
    organisation: Organisation,
    name: str,
    external_id: str,
    members: list[str],
    source: str,
) -> ProvisionedGroup:
    name = clean_name(name)
    _check_name_free(organisation, name, None)
    candidates = list(
        Unit.objects.filter(
            organisation=organisation, name__iexact=name, provisioned_as__isnull=True
        )[:2]
    )
    if len(candidates) == 1:
        unit = candidates[0]
    else:
        unit = unit_actions.create_unit(None, organisation, name, NEW_GROUP_LEVEL)
    group = ProvisionedGroup.objects.create(
        organisation=organisation, unit=unit, external_id=external_id[:200]
    )
    _set_members(group, members)
    record(
        None,
        organisation,
        "directory.group.create",
        group.code,
        via=source,
        unit=unit.code,
        new_unit=len(candidates) != 1,
    )
    return group


@transaction.atomic
def update_group(
    group: ProvisionedGroup,
    name: str,
    external_id: str,
    members: list[str] | None,
    source: str,
) -> ProvisionedGroup:
    """Make the group what a PUT (or a patched group) says; `members` None leaves them."""
    name = clean_name(name)
    changes: dict[str, object] = {}
    if name != group.unit.name:
        _check_name_free(group.organisation, name, group)
        unit_actions.update_unit(None, group.unit, name=name)
        changes["name"] = True
    if external_id and external_id != group.external_id:
        group.external_id = external_id[:200]
        changes["external_id"] = True
    if members is not None:
        moved = _set_members(group, members)
        if moved:
            changes["members"] = moved
    if changes:
        group.save()
        # A re-push that changes nothing writes nothing.
        record(
            None,
            group.organisation,
            "directory.group.update",
            group.code,
            via=source,
            fields=sorted(changes),
        )
    return group


@transaction.atomic
def delete_group(group: ProvisionedGroup, source: str) -> None:
    """Delete the unit, or only forget the link where the unit cannot go (it has parts,
    or a charter, which belongs to its unit for good)."""
    unit = group.unit
    record(None, group.organisation, "directory.group.delete", group.code, via=source)
    group.delete()
    # The unit stays, unlinked, where its charter or its parts still need it.
    with suppress(ActionError), transaction.atomic():
        unit_actions.delete_unit(None, unit)
