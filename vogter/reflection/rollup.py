"""The roll-up: a unit and every unit below it, their charters and rounds together, and
the three aims aggregated upward without giving away a small group (docs/reflection.md,
"Roll-up and small groups").

What is aggregated: for each charter, its latest closed round (closing on or after
`since`, if given). A round still open is left out, so that nobody can watch a figure
move with each check-in. Only the latest round: the same people answer every round,
and adding rounds up would count them several times.

Suppression, per measure (the number of check-ins and each aim's answers):

1. A unit's figure (over the unit and the units below it) needs at least N answers,
   N being the largest minimum group size of the rounds aggregated (5 if none).
2. A round's own figure with at least its minimum group size is on its round page
   already. So a shown figure, minus the shown figures of the units below it and minus
   those rounds, leaves the answers of the small rounds that nothing else accounts for:
   those must number none or at least N. If not, the figure is withheld too, and its
   small rounds count towards the next shown figure above it.

Everything is decided over the whole organisation, whichever unit the roll-up is for,
so a figure is shown or withheld the same way on every page. Six queries, however many
units there are: the tree is built in Python.
"""

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vogter.accounts.models import User
from vogter.charters.models import Charter, CharterVersion, Status
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user, get_unit_in
from vogter.organisations.models import LEVEL_RANK, Level, Membership, Unit
from vogter.reflection.models import AIMS, Action, Checkin, Round
from vogter.workshops.exporters.csv import DELIMITER, neutralise

DEFAULT_MIN_GROUP_SIZE = 5
CHECKINS = "checkins"
MEASURES = (CHECKINS, *AIMS)
SCORES = range(1, 6)


@dataclass(frozen=True)
class Aggregate:
    """An aim over a unit and the units below it; every field None where withheld."""

    n: int | None
    mean: float | None
    distribution: dict[int, int] | None

    @property
    def withheld(self) -> bool:
        return self.n is None


WITHHELD = Aggregate(None, None, None)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What the roll-up shows of a unit (a model instance per unit costs more than the
    whole aggregation at a thousand units)."""

    pk: int
    code: str
    name: str
    level: str
    parent_id: int | None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


@dataclass(frozen=True)
class CharterStatus:
    code: str
    title: str
    adopted_version: int | None  # None: not adopted (yet)
    adopted_on: datetime.date | None


@dataclass
class UnitRow:
    unit: UnitInfo
    depth: int
    charters: list[CharterStatus]
    rounds: int  # the rounds of the unit's own charters that have opened (in the period)
    last_closed_on: datetime.date | None  # when the unit last reflected
    open_until: datetime.date | None  # a round of the unit's is open until then
    open_actions: int
    checkins: int | None  # over the unit and below it; None where withheld
    aims: dict[str, Aggregate]

    @property
    def withheld(self) -> bool:
        return self.checkins is None and all(a.withheld for a in self.aims.values())


@dataclass
class RollUp:
    unit: Unit
    since: datetime.date | None
    min_group_size: int
    rows: list[UnitRow] = field(default_factory=list)  # tree order; rows[0] is the unit

    @property
    def total(self) -> UnitRow:
        """The whole: the unit and everything below it."""
        return self.rows[0]


@dataclass
class _Counts:
    """One measure's answers: all of them, and those of rounds too small to be shown on
    their own round page."""

    total: int = 0
    small: int = 0


@dataclass
class _Node:
    unit: UnitInfo
    children: list["_Node"] = field(default_factory=list)
    counts: dict[str, _Counts] = field(default_factory=lambda: {m: _Counts() for m in MEASURES})
    values: dict[str, list[int]] = field(
        default_factory=lambda: {aim: [0] * len(SCORES) for aim in AIMS}
    )
    shown: dict[str, bool] = field(default_factory=dict)
    # The small rounds' answers that no shown figure below accounts for.
    uncovered: dict[str, int] = field(default_factory=dict)


class _Round(NamedTuple):
    id: int
    charter_id: int
    opens_on: datetime.date
    closes_on: datetime.date
    min_group_size: int


def _latest_closed(
    rounds: list[_Round], today: datetime.date, since: datetime.date | None
) -> dict[int, _Round]:
    latest: dict[int, _Round] = {}
    for r in rounds:
        if r.closes_on >= today or (since is not None and r.closes_on < since):
            continue
        best = latest.get(r.charter_id)
        if best is None or (r.closes_on, r.id) > (best.closes_on, best.id):
            latest[r.charter_id] = r
    return latest


def _answers(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per round: its check-ins and, per aim, how many gave each score — one GROUP BY."""
    counts = {CHECKINS: Count("pk")}
    for aim in AIMS:
        for score in SCORES:
            counts[f"{aim}_{score}"] = Count("pk", filter=Q(**{aim: score}))
    rows = (
        Checkin.objects.filter(round_id__in=round_ids)
        .order_by()
        .values("round_id")
        .annotate(**counts)
    )
    return {row.pop("round_id"): row for row in rows}


def _decide(node: _Node, threshold: int) -> None:
    """Post-order: the children first, then whether this unit's figures may be shown."""
    for child in node.children:
        _decide(child, threshold)
    for measure in MEASURES:
        uncovered = node.counts[measure].small
        for child in node.children:
            # A shown child accounts for its answers; a withheld one passes up the small
            # rounds' answers that nothing shown accounts for.
            node.counts[measure].total += child.counts[measure].total
            if not child.shown[measure]:
                uncovered += child.uncovered[measure]
        if measure in AIMS:
            for child in node.children:
                node.values[measure] = [
                    a + b for a, b in zip(node.values[measure], child.values[measure], strict=True)
                ]
        node.uncovered[measure] = uncovered
        node.shown[measure] = node.counts[measure].total >= threshold and (
            uncovered == 0 or uncovered >= threshold
        )


def _aggregate(node: _Node, aim: str) -> Aggregate:
    if not node.shown[aim]:
        return WITHHELD
    given = node.values[aim]
    n = sum(given)
    mean = sum(score * count for score, count in zip(SCORES, given, strict=True)) / n
    return Aggregate(n=n, mean=round(mean, 2), distribution=dict(zip(SCORES, given, strict=True)))


def rollup(unit: Unit, *, since: datetime.date | None = None) -> RollUp:
    """The roll-up of `unit` and every unit below it, in tree order with depths."""
    today = timezone.localdate()
    organisation_id = unit.organisation_id
    units = [
        UnitInfo(*values)
        for values in Unit.objects.filter(organisation_id=organisation_id)
        .order_by()
        .values_list("pk", "code", "name", "level", "parent_id")
    ]
    charters = list(
        Charter.objects.filter(organisation_id=organisation_id).values(
            "id", "code", "title", "unit_id"
        )
    )
    adopted: dict[int, tuple[int, datetime.date | None]] = {}
    for charter_id, number, adopted_on in CharterVersion.objects.filter(
        charter__organisation_id=organisation_id, status=Status.ADOPTED
    ).values_list("charter_id", "number", "adopted_on"):
        if number > adopted.get(charter_id, (0, None))[0]:
            adopted[charter_id] = (number, adopted_on)
    rounds = [
        _Round(*values)
        for values in Round.objects.filter(charter__organisation_id=organisation_id)
        .order_by()
        .values_list(*_Round._fields)
    ]
    open_actions = dict(
        Action.objects.filter(round__charter__organisation_id=organisation_id, done=False)
        .order_by()
        .values("round__charter_id")
        .annotate(n=Count("pk"))
        .values_list("round__charter_id", "n")
    )
    latest = _latest_closed(rounds, today, since)
    answers = _answers([r.id for r in latest.values()])
    threshold = max((r.min_group_size for r in latest.values()), default=DEFAULT_MIN_GROUP_SIZE)

    nodes = {u.pk: _Node(u) for u in units}
    unit_of = {c["id"]: c["unit_id"] for c in charters}
    for charter_id, r in latest.items():
        row = answers.get(r.id)
        if row is None:
            continue
        node = nodes[unit_of[charter_id]]
        # As the round page decides (actions.figure): shown from the round's own minimum.
        small = row[CHECKINS] < r.min_group_size
        node.counts[CHECKINS].total += row[CHECKINS]
        node.counts[CHECKINS].small += row[CHECKINS] if small else 0
        for aim in AIMS:
            given = [row[f"{aim}_{score}"] for score in SCORES]
            n = sum(given)
            node.counts[aim].total += n
            node.counts[aim].small += n if n < r.min_group_size else 0
            node.values[aim] = [a + b for a, b in zip(node.values[aim], given, strict=True)]

    roots: list[_Node] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (-LEVEL_RANK[Level(n.unit.level)], n.unit.name.lower()))
    for root in roots:
        _decide(root, threshold)

    charters_of: dict[int, list[CharterStatus]] = defaultdict(list)
    for c in sorted(charters, key=lambda c: c["title"].lower()):
        status = adopted.get(c["id"])
        charters_of[c["unit_id"]].append(
            CharterStatus(c["code"], c["title"], *(status if status else (None, None)))
        )
    rounds_of: dict[int, list[_Round]] = defaultdict(list)
    for r in rounds:
        rounds_of[unit_of[r.charter_id]].append(r)
    actions_of: dict[int, int] = defaultdict(int)
    for charter_id, n in open_actions.items():
        actions_of[unit_of[charter_id]] += n

    result = RollUp(unit=unit, since=since, min_group_size=threshold)

    def visit(node: _Node, depth: int) -> None:
        mine = rounds_of.get(node.unit.pk, [])
        closed = [r.closes_on for r in mine if r.closes_on < today]
        open_ = [r.closes_on for r in mine if r.opens_on <= today <= r.closes_on]
        result.rows.append(
            UnitRow(
                unit=node.unit,
                depth=depth,
                charters=charters_of.get(node.unit.pk, []),
                rounds=sum(
                    1
                    for r in mine
                    if r.opens_on <= today and (since is None or r.closes_on >= since)
                ),
                last_closed_on=max(closed, default=None),
                open_until=max(open_, default=None),
                open_actions=actions_of.get(node.unit.pk, 0),
                checkins=node.counts[CHECKINS].total if node.shown[CHECKINS] else None,
                aims={aim: _aggregate(node, aim) for aim in AIMS},
            )
        )
        for child in node.children:
            visit(child, depth + 1)

    visit(nodes[unit.pk], 0)
    return result


# --- Access and the CSV export ----------------------------------------------------------


def get_unit_for_rollup(user: User, org_code: str, unit_code: str) -> tuple[Unit, Membership]:
    """A unit for its roll-up: for facilitators, admins and managers of the organisation
    (others in it get a 403; outsiders and unknown codes the same 404)."""
    membership = get_membership_for_user(user, org_code)
    if not (membership.role in FACILITATOR_ROLES or membership.is_manager):
        raise PermissionDenied
    unit = get_unit_in(membership.organisation, unit_code)
    unit.organisation = membership.organisation
    return unit, membership


def _decimal(value: float | None, language: str) -> str:
    if value is None:
        return ""
    # Danish Excel reads "3,6" as a number, and "3.6" as a date or text.
    return str(value).replace(".", ",") if language == "da" else str(value)


def to_csv(result: RollUp, language: str) -> tuple[str, str, bytes]:
    """The roll-up as CSV for Danish Excel (as vogter/workshops/exporters/csv.py): a
    withheld figure is an empty cell, never a number."""
    labels = aim_labels()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(
        [
            _("Unit"),
            _("Level"),
            _("Depth"),
            _("Part of"),
            _("Charters"),
            _("Adopted"),
            _("Rounds"),
            _("Last reflected"),
            _("Open until"),
            _("Open actions"),
            _("Check-ins"),
            *(
                header
                for aim in AIMS
                for header in (
                    _("%(aim)s, average") % {"aim": labels[aim]},
                    _("%(aim)s, answers") % {"aim": labels[aim]},
                )
            ),
        ]
    )
    parents = {row.unit.pk: row.unit.name for row in result.rows}
    for row in result.rows:
        adopted = [c for c in row.charters if c.adopted_version is not None]
        writer.writerow(
            [
                neutralise(row.unit.name),
                row.unit.level_label,
                row.depth,
                neutralise(parents.get(row.unit.parent_id or 0, "")),
                neutralise(", ".join(c.title for c in row.charters)),
                ", ".join(f"v{c.adopted_version} {c.adopted_on or ''}".strip() for c in adopted),
                row.rounds,
                row.last_closed_on.isoformat() if row.last_closed_on else "",
                row.open_until.isoformat() if row.open_until else "",
                row.open_actions,
                "" if row.checkins is None else row.checkins,
                *(
                    cell
                    for aim in AIMS
                    for cell in (
                        _decimal(row.aims[aim].mean, language),
                        "" if row.aims[aim].n is None else row.aims[aim].n,
                    )
                ),
            ]
        )
    name = f"reflection-{slugify(result.unit.name) or result.unit.code}.csv"
    return name, "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8-sig")


def aim_labels() -> dict[str, str]:
    return {
        "productivity": _("Productivity"),
        "wellbeing": _("Well-being"),
        "meaningfulness": _("Meaningfulness"),
    }
