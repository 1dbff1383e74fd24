"""Principles across the unit tree (docs/charters.md, "Cascade"): a unit's charter beside
the adopted charters of the units above it; adopting a parent's principle (keeping the
link); proposing one of its own to the unit above, which can take it into its next version.

A parent's principle is read from its latest adopted version, never from a draft: a unit
adopts what was agreed above it. Adopting copies the statement and the parent's own level
cells (its level and the levels above it); the levels below are left to the unit to say
what the principle means locally.

Changes are made in actions/cascade.py; this module reads.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from vogter.charters.document import PrincipleDoc
from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    CharterVersion,
    ProposalStatus,
    UpwardProposal,
)
from vogter.charters.versions import latest_adopted_of
from vogter.organisations.models import Unit


def ancestors(unit: Unit) -> list[Unit]:
    """The units above `unit`, nearest first."""
    found: list[Unit] = []
    seen = {unit.pk}
    current = unit
    while current.parent_id is not None and current.parent_id not in seen:
        current = Unit.objects.get(pk=current.parent_id)
        seen.add(current.pk)
        found.append(current)
    return found


@dataclass
class Above:
    """An adopted charter of a unit above; which of its principles this charter has
    already adopted, and which came from this charter's own proposals."""

    unit: Unit
    charter: Charter
    version: CharterVersion
    principles: list[PrincipleDoc]
    adopted: set[str] = field(default_factory=set)
    from_us: set[str] = field(default_factory=set)


@dataclass
class Cascade:
    charter: Charter
    above: list[Above]
    incoming: list[UpwardProposal]  # proposals to this charter's unit, open ones first
    outgoing: list[UpwardProposal]  # proposals made from this charter
    # For each principle adopted from above (by its code here): "changed" when the unit
    # above has reworded it in a later adopted version, "removed" when that version no
    # longer has it; absent when it is as adopted.
    changed_above: dict[str, str] = field(default_factory=dict)


def cascade(charter: Charter) -> Cascade:
    units = ancestors(charter.unit)
    charters = list(Charter.objects.filter(unit__in=units).select_related("unit").order_by("title"))
    latest = latest_adopted_of(charters)
    taken: dict[int, set[str]] = {}
    inherited = list(
        charter.principles.filter(inherited_charter__isnull=False).values_list(
            "code",
            "inherited_charter_id",
            "inherited_code",
            "inherited_version",
            "statement_da",
            "statement_en",
        )
    )
    for _code, parent_id, parent_code, *_rest in inherited:
        taken.setdefault(parent_id, set()).add(parent_code)
    from_us: dict[int, set[str]] = {}
    for parent_id, code in CharterPrinciple.objects.filter(
        charter__in=charters, proposal__from_charter=charter
    ).values_list("charter_id", "code"):
        from_us.setdefault(parent_id, set()).add(code)
    rank = {unit.pk: i for i, unit in enumerate(units)}
    above = [
        Above(
            unit=c.unit,
            charter=c,
            version=latest[c.pk],
            principles=latest[c.pk].document.get("principles", []),
            adopted=taken.get(c.pk, set()),
            from_us=from_us.get(c.pk, set()),
        )
        for c in charters
        if c.pk in latest
    ]
    above.sort(key=lambda a: (rank[a.unit.pk], a.charter.title))
    incoming = sorted(
        UpwardProposal.objects.filter(to_unit=charter.unit).select_related(
            "from_charter__unit", "to_unit", "taken_into"
        ),
        key=lambda p: (p.status != ProposalStatus.OPEN, -p.proposed_at.timestamp()),
    )
    outgoing = list(UpwardProposal.objects.filter(from_charter=charter).select_related("to_unit"))
    return Cascade(
        charter=charter,
        above=above,
        incoming=incoming,
        outgoing=outgoing,
        changed_above=_changed_above(inherited, latest),
    )


def _changed_above(
    inherited: list[tuple[Any, ...]], latest: dict[int, CharterVersion]
) -> dict[str, str]:
    """For the principles adopted from above (code, parent, parent's code, version, …):
    "removed" or "changed" where the parent's latest adopted version differs."""
    changed: dict[str, str] = {}
    for code, parent_id, parent_code, version, *_statements in inherited:
        if parent_id not in latest or latest[parent_id].number == version:
            continue
        now = next(
            (
                p
                for p in latest[parent_id].document.get("principles", [])
                if p["code"] == parent_code
            ),
            None,
        )
        if now is None:
            changed[code] = "removed"
        elif _was(parent_id, parent_code, version) != now["statement"]:
            changed[code] = "changed"
    return changed


def _was(parent_id: int, code: str, number: int | None) -> object:
    """A principle's statement in the version of a charter it was adopted from."""
    if number is None:
        return None
    version = CharterVersion.objects.filter(charter_id=parent_id, number=number).first()
    if version is None:
        return None
    return next(
        (p["statement"] for p in version.document.get("principles", []) if p["code"] == code),
        None,
    )


def incoming_proposal(charter: Charter, code: str) -> UpwardProposal:
    """A proposal made to the charter's unit (for the page and the API alike)."""
    found = (
        UpwardProposal.objects.select_related("from_charter__unit", "to_unit", "taken_into")
        .filter(organisation=charter.organisation, to_unit=charter.unit, code=code)
        .first()
    )
    if found is None:
        raise Http404
    return found


def provenance(principle: CharterPrinciple) -> str:
    """Where a charter principle came from in the unit tree, in words ("" if from here)."""
    if principle.inherited_charter_id is not None and principle.inherited_charter is not None:
        return str(
            _("Adopted from %(unit)s (version %(version)s)")
            % {
                "unit": principle.inherited_charter.unit.name,
                "version": principle.inherited_version,
            }
        )
    if principle.proposal_id is not None and principle.proposal is not None:
        return str(_("Proposed by %(unit)s") % {"unit": principle.proposal.from_charter.unit.name})
    if principle.template_code:
        return str(_("Started from a template of the national commons"))
    return ""
