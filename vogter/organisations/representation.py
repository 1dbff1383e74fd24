"""Who represents a unit: the one rule for who signs for it and who manages it.

For each representative role (manager, TR, AMR) a unit is represented by the members
placed in the unit itself who hold that role; where nobody in the unit holds it, by
those of the nearest unit above that has someone who does. Managers act on their own
unit and on every unit below it. docs/organisations.md states the rule for people.
"""

from collections import defaultdict

from django.db.models import Q

from vogter.organisations.models import Membership, Unit

MANAGER = "manager"
UNION_REP = "union_rep"
SAFETY_REP = "safety_rep"
# The membership flag behind each representative role, in the order pages list them.
FLAGS = {MANAGER: "is_manager", UNION_REP: "is_union_rep", SAFETY_REP: "is_safety_rep"}


def chain(unit: Unit) -> list[int]:
    """The unit's id, then the id of each unit above it, nearest first (one query)."""
    parents = dict(
        Unit.objects.filter(organisation_id=unit.organisation_id).values_list("pk", "parent_id")
    )
    found: list[int] = []
    current: int | None = unit.pk
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def representatives(unit: Unit) -> dict[str, list[Membership]]:
    """For each representative role, the people who hold it for this unit, by name
    (an empty list where neither the unit nor any unit above it has one)."""
    units = chain(unit)
    holders = (
        Membership.objects.filter(unit_id__in=units)
        .filter(Q(is_manager=True) | Q(is_union_rep=True) | Q(is_safety_rep=True))
        .select_related("user", "unit")
    )
    by_unit: dict[int, list[Membership]] = defaultdict(list)
    for membership in holders:
        if membership.unit_id is not None:
            by_unit[membership.unit_id].append(membership)
    found: dict[str, list[Membership]] = {}
    for role, flag in FLAGS.items():
        found[role] = []
        for unit_id in units:
            people = [m for m in by_unit[unit_id] if getattr(m, flag)]
            if people:
                found[role] = sorted(people, key=lambda m: m.user.display_name.lower())
                break
    return found


def manages(membership: Membership, unit: Unit) -> bool:
    """Whether this person is a manager of the unit or of a unit above it.

    A manager placed in no unit manages none: "a manager somewhere" is not "this unit's
    manager"."""
    return (
        membership.is_manager
        and membership.unit_id is not None
        and membership.organisation_id == unit.organisation_id
        and membership.unit_id in chain(unit)
    )


def represented_units(membership: Membership) -> set[int]:
    """The ids of the units this person is TR or AMR for, by the rule above: their own
    unit, and each unit below it that reaches them before anyone nearer holds the same
    role. Empty for someone who is neither, or is placed in no unit. A query per role."""
    if membership.unit_id is None:
        return set()
    flags = [flag for role, flag in FLAGS.items() if role != MANAGER and getattr(membership, flag)]
    if not flags:
        return set()
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Unit.objects.filter(
        organisation_id=membership.organisation_id
    ).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    for flag in flags:
        # The units below with a holder of their own take the role over from there down.
        held = set(
            Membership.objects.filter(organisation_id=membership.organisation_id, **{flag: True})
            .filter(unit_id__isnull=False)
            .values_list("unit_id", flat=True)
        )
        reached: set[int] = set()
        waiting = [membership.unit_id]
        while waiting:
            unit_id = waiting.pop()
            if unit_id not in reached:
                reached.add(unit_id)
                waiting.extend(child for child in children[unit_id] if child not in held)
        found |= reached
    return found
