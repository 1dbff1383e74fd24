"""The organisation overview: per unit of the tree its charters' status, last adoption,
last reflection round, open actions and open proposals; and which principles recur across
its units' adopted charters. A fixed number of queries, whatever the size of the tree."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count

from vogter.charters.models import (
    Charter,
    CharterVersion,
    ProposalStatus,
    Status,
    UpwardProposal,
)
from vogter.charters.versions import latest_adopted_of
from vogter.organisations.models import Organisation, Unit
from vogter.organisations.tree import flatten, unit_tree
from vogter.reflection.models import AgreedAction, Round


@dataclass
class CharterState:
    charter: Charter
    status: str  # of the current version
    status_label: str
    version: int
    last_adopted: datetime.date | None
    last_round: Round | None
    open_actions: int


@dataclass
class UnitRow:
    unit: Unit
    depth: int
    charters: list[CharterState]
    open_proposals: int


def unit_rows(organisation: Organisation) -> list[UnitRow]:
    nodes = flatten(unit_tree(organisation, with_counts=False))
    charters = list(Charter.objects.filter(organisation=organisation).order_by("title"))
    current: dict[int, CharterVersion] = {}
    adopted: dict[int, datetime.date] = {}
    for version in CharterVersion.objects.filter(charter__organisation=organisation).only(
        "charter_id", "number", "status", "adopted_on"
    ):
        if version.charter_id not in current or version.number > current[version.charter_id].number:
            current[version.charter_id] = version
        if version.adopted_on and (
            version.charter_id not in adopted or version.adopted_on > adopted[version.charter_id]
        ):
            adopted[version.charter_id] = version.adopted_on
    last_round: dict[int, Round] = {}
    today = datetime.date.today()
    for each in Round.objects.filter(charter__organisation=organisation, opens_on__lte=today).only(
        "charter_id", "code", "opens_on", "closes_on", "kind", "closed"
    ):
        known = last_round.get(each.charter_id)
        if known is None or (each.opens_on, each.pk) > (known.opens_on, known.pk):
            last_round[each.charter_id] = each
    actions = dict(
        AgreedAction.objects.filter(round__charter__organisation=organisation, done=False)
        .values_list("round__charter_id")
        .annotate(n=Count("id"))
        .values_list("round__charter_id", "n")
    )
    proposals = dict(
        UpwardProposal.objects.filter(organisation=organisation, status=ProposalStatus.OPEN)
        .values_list("to_unit_id")
        .annotate(n=Count("id"))
        .values_list("to_unit_id", "n")
    )
    by_unit: dict[int, list[CharterState]] = {}
    for charter in charters:
        if charter.pk not in current:
            continue
        version = current[charter.pk]
        by_unit.setdefault(charter.unit_id, []).append(
            CharterState(
                charter=charter,
                status=version.status,
                status_label=str(Status(version.status).label),
                version=version.number,
                last_adopted=adopted.get(charter.pk),
                last_round=last_round.get(charter.pk),
                open_actions=actions.get(charter.pk, 0),
            )
        )
    return [
        UnitRow(
            unit=node.unit,
            depth=node.depth,
            charters=by_unit.get(node.unit.pk, []),
            open_proposals=proposals.get(node.unit.pk, 0),
        )
        for node in nodes
    ]


@dataclass
class Recurring:
    sentence: str
    units: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    """The same principle, however it is capitalised, spaced or punctuated."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def recurring_principles(organisation: Organisation, language: str) -> list[Recurring]:
    """Principles in the latest adopted version of the charters of two or more units,
    most widespread first. Wording is compared in either language."""
    charters = Charter.objects.filter(organisation=organisation).select_related("unit")
    by_pk = {c.pk: c for c in charters}
    latest = latest_adopted_of(by_pk.values())
    for version in latest.values():
        version.charter = by_pk[version.charter_id]
    found: dict[str, Recurring] = {}
    for version in latest.values():
        unit = version.charter.unit.name
        for principle in version.document.get("principles", []):
            statement = principle["statement"]
            keys = {_key(s) for s in (statement["da"], statement["en"]) if s}
            key = next((k for k in sorted(keys) if k in found), min(keys) if keys else "")
            if not key:
                continue
            shown = statement.get(language) or statement["da"] or statement["en"]
            entry = found.setdefault(key, Recurring(shown))
            for other in keys - {key}:
                found.setdefault(other, entry)
            if unit not in entry.units:
                entry.units.append(unit)
    unique = {id(r): r for r in found.values()}.values()
    return sorted(
        (r for r in unique if len(r.units) >= 2), key=lambda r: (-len(r.units), r.sentence)
    )


def root_units(organisation: Organisation) -> list[object]:
    return list(organisation.units.filter(parent__isnull=True).order_by("name"))
