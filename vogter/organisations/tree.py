"""Reading an organisation's unit tree in one query."""

from dataclasses import dataclass, field

from django.db.models import Count

from vogter.organisations.models import Organisation, Unit


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    member_count: int
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(organisation: Organisation, *, with_counts: bool = True) -> list[UnitNode]:
    """The organisation's units as a forest, largest level first, then by name.

    Counting members reads every membership; select boxes pass with_counts=False.
    """
    units = Unit.objects.filter(organisation=organisation).order_by("name")
    if with_counts:
        units = units.annotate(member_count=Count("memberships"))
    nodes = {
        u.pk: UnitNode(unit=u, depth=0, member_count=getattr(u, "member_count", 0)) for u in units
    }
    roots: list[UnitNode] = []
    for node in nodes.values():
        unit = node.unit
        if unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(node)
        else:
            roots.append(node)
    roots.sort(key=lambda n: (-n.unit.rank, n.unit.name.lower()))
    _set_depths(roots, 0)
    return roots


def _set_depths(nodes: list[UnitNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depths(node.children, depth + 1)


def flatten(nodes: list[UnitNode]) -> list[UnitNode]:
    """Depth-first order, for indented lists and select boxes."""
    out: list[UnitNode] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out
