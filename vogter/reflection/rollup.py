"""The roll-up: a unit and every unit below it, their charters and rounds together, and
the three aims aggregated upward without giving away a small group (docs/reflection.md,
"Roll-up and small groups"; docs/disclosure.md).

What is aggregated: for each charter, its latest closed round (closing on or after
`since`, if given). A round still open is left out, so that nobody can watch a figure
move with each check-in. Only the latest round: the same people answer every round,
and adding rounds up would count them several times.

Suppression, per measure (the number of check-ins and each aim's answers), from the
bottom of the tree up:

1. A unit's figure (over the unit and the units below it) needs at least N answers, N
   being the organisation's minimum group size or the largest of the rounds' (never
   below 3).
2. A round whose own figure is shown on its round page is known anyway. A shown figure,
   minus the shown figures below it and minus those rounds, leaves the answers of its
   *members*: the other rounds, which nothing else shown accounts for. They must number
   none or at least N, and their mean must pin no count. If not, the figure is withheld
   too, and its members count towards the next figure above it.
3. Memory (vogter/disclosure/memory.py): a figure whose members nest with those of a
   figure shown earlier (before a reorganisation, for another `since`) is withheld when
   the difference is 1 to N - 1 answers.

Everything is decided over the whole organisation, whichever unit the roll-up is for,
so a figure is shown or withheld the same way on every page. A constant number of
queries, however many units there are: the tree is built in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vogter.charters.models import Charter, CharterVersion, Status
from vogter.disclosure.memory import Memory
from vogter.disclosure.rules import Reason, minimum, small
from vogter.disclosure.scores import mean_of, mean_pins, shows_mean_and_answers
from vogter.lib.exporting import ExportKind, Rendered
from vogter.lib.spreadsheets import ExcelCsv, neutralise
from vogter.organisations.models import LEVEL_RANK, Membership, Unit, UnitLevel
from vogter.reflection.models import AIMS, AgreedAction, Checkin, Round

CHECKINS = "checkins"
MEASURES = (CHECKINS, *AIMS)
SCORES = range(1, 6)
SURFACE = "rollup"


@dataclass(frozen=True)
class Aggregate:
    """An aim over a unit and the units below it; n and mean None where withheld, with
    the reason."""

    n: int | None
    mean: float | None
    reason: Reason | None = None

    @property
    def withheld(self) -> bool:
        return self.n is None


WITHHELD = Aggregate(None, None)


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
        return str(UnitLevel(self.level).label)


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
    checkins_reason: Reason | None = None

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

    @property
    def reasons(self) -> set[Reason]:
        """Why figures are missing on this page: the page explains each."""
        found = {row.checkins_reason for row in self.rows}
        found |= {a.reason for row in self.rows for a in row.aims.values()}
        return {r for r in found if r is not None}


class _Round(NamedTuple):
    id: int
    code: str
    charter_id: int
    opens_on: datetime.date
    closes_on: datetime.date
    min_group_size: int
    closed: bool

    def over(self, today: datetime.date) -> bool:
        return self.closed or self.closes_on < today


@dataclass
class _Answers:
    """One latest round's answers per measure, and which measures its round page shows."""

    code: str
    n: dict[str, int]
    values: dict[str, list[int]]  # per aim, how many gave 1..5
    public: dict[str, bool]


@dataclass(frozen=True, slots=True)
class _Group:
    codes: frozenset[str]
    n: int
    values: tuple[int, ...]  # per score 1..5, for an aim; () for the check-ins


NOBODY = _Group(frozenset(), 0, ())


def _join(groups: list[_Group]) -> _Group:
    if not groups:
        return NOBODY
    if len(groups) == 1:
        return groups[0]
    values = [sum(column) for column in zip(*(g.values for g in groups if g.values), strict=True)]
    return _Group(
        frozenset().union(*(g.codes for g in groups)), sum(g.n for g in groups), tuple(values)
    )


@dataclass
class _Node:
    unit: UnitInfo
    children: list["_Node"] = field(default_factory=list)
    rounds: list[_Answers] = field(default_factory=list)  # of the unit's own charters
    n: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    values: dict[str, list[int]] = field(
        default_factory=lambda: {aim: [0] * len(SCORES) for aim in AIMS}
    )
    reason: dict[str, Reason | None] = field(default_factory=dict)
    # Per measure, the rounds whose answers no figure shown at or below this unit accounts
    # for (while it is withheld): their codes, answers, and per aim how many gave 1..5.
    members: dict[str, _Group] = field(default_factory=dict)
    # Per measure, every round at or below this unit not shown on its own round page.
    private: dict[str, _Group] = field(default_factory=dict)


def _latest_closed(
    rounds: list[_Round], today: datetime.date, since: datetime.date | None
) -> dict[int, _Round]:
    latest: dict[int, _Round] = {}
    for r in rounds:
        if not r.over(today) or (since is not None and r.closes_on < since):
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


def _round_answers(r: _Round, row: dict[str, int]) -> _Answers:
    """A round's answers, and which of its figures its own round page shows (as
    vogter/reflection/results.results decides them)."""
    k = minimum(r.min_group_size)  # as Round.group_minimum: what its round page shows
    checkins = row[CHECKINS]
    n, values, public = {CHECKINS: checkins}, {}, {CHECKINS: checkins >= k}
    for aim in AIMS:
        given = [row[f"{aim}_{score}"] for score in SCORES]
        values[aim], n[aim] = given, sum(given)
        public[aim] = checkins >= k and shows_mean_and_answers(tuple(given), checkins - n[aim], k)
    return _Answers(r.code, n, values, public)


def _decide(node: _Node, k: int, memory: Memory, period: str, shown_to: str) -> None:
    """Post-order: the children first, then whether this unit's figures may be shown."""
    for child in node.children:
        _decide(child, k, memory, period, shown_to)
    for measure in MEASURES:
        own = [
            _Group(frozenset({a.code}), a.n[measure], tuple(a.values.get(measure, ())))
            for a in node.rounds
            if not a.public[measure]
        ]
        for answers in node.rounds:
            node.n[measure] += answers.n[measure]
            if measure in AIMS:
                node.values[measure] = _plus(node.values[measure], answers.values[measure])
        for child in node.children:
            node.n[measure] += child.n[measure]
            if measure in AIMS:
                node.values[measure] = _plus(node.values[measure], child.values[measure])
        members = _join(
            own + [c.members[measure] for c in node.children if c.reason[measure] is not None]
        )
        private = _join(own + [c.private[measure] for c in node.children])
        # Against what was shown before, both what the figure tells beyond the figures
        # below it (its members) and beyond the round pages alone (all its private rounds).
        sets = (members,) if private.codes == members.codes else (members, private)
        reason: Reason | None = None
        if node.n[measure] < k:
            reason = Reason.FEW
        elif small(members.n, k) or (measure in AIMS and members.n and _mean_pins(members, k)):
            reason = Reason.COMPLEMENT
        elif any(memory.conflicts(measure, g.codes, g.n, k) for g in sets):
            reason = Reason.HISTORY
        node.reason[measure] = reason
        node.members[measure] = members if reason is not None else NOBODY
        node.private[measure] = private
        if reason is None:
            for group in sets:
                memory.remember(
                    measure,
                    group.codes,
                    group.n,
                    unit_id=node.unit.pk,
                    period=period,
                    audience=shown_to,
                )


def _plus(a: list[int], b: list[int]) -> list[int]:
    return [x + y for x, y in zip(a, b, strict=True)]


def _mean_pins(members: _Group, k: int) -> bool:
    """Whether the members' mean, worked out by subtraction, would pin one of their counts."""
    counts = dict(zip(SCORES, members.values, strict=True))
    return mean_pins(counts, dict.fromkeys(counts), cant_say=0, n_known=True, k=k)


def _aggregate(node: _Node, aim: str) -> Aggregate:
    if node.reason[aim] is not None:
        return Aggregate(None, None, node.reason[aim])
    counts = dict(zip(SCORES, node.values[aim], strict=True))
    return Aggregate(n=node.n[aim], mean=mean_of(counts))


def audience(membership: Membership) -> str:
    """Who a roll-up is shown to, for the memory's record (not for deciding)."""
    return "manager" if membership.is_manager and membership.role == "member" else membership.role


def rollup(unit: Unit, *, since: datetime.date | None = None, shown_to: str = "") -> RollUp:
    """The roll-up of `unit` and every unit below it, in tree order with depths.

    What it shows is remembered (vogter/disclosure/memory.py), with `shown_to` (the
    viewer's role) and the period; the next roll-up is decided against it."""
    today = timezone.localdate()
    organisation = unit.organisation
    units = [
        UnitInfo(*values)
        for values in Unit.objects.filter(organisation_id=organisation.pk)
        .order_by()
        .values_list("pk", "code", "name", "level", "parent_id")
    ]
    charters = list(
        Charter.objects.filter(organisation_id=organisation.pk).values(
            "id", "code", "title", "unit_id"
        )
    )
    adopted: dict[int, tuple[int, datetime.date | None]] = {}
    for charter_id, number, adopted_on in CharterVersion.objects.filter(
        charter__organisation_id=organisation.pk, status=Status.ADOPTED
    ).values_list("charter_id", "number", "adopted_on"):
        if number > adopted.get(charter_id, (0, None))[0]:
            adopted[charter_id] = (number, adopted_on)
    rounds = [
        _Round(*values)
        for values in Round.objects.filter(charter__organisation_id=organisation.pk)
        .order_by()
        .values_list(*_Round._fields)
    ]
    open_actions = dict(
        AgreedAction.objects.filter(round__charter__organisation_id=organisation.pk, done=False)
        .order_by()
        .values("round__charter_id")
        .annotate(n=Count("pk"))
        .values_list("round__charter_id", "n")
    )
    latest = _latest_closed(rounds, today, since)
    answers = _answers([r.id for r in latest.values()])
    threshold = minimum(
        organisation.min_group_size,
        max((r.min_group_size for r in latest.values()), default=None),
    )

    nodes = {u.pk: _Node(u) for u in units}
    unit_of = {c["id"]: c["unit_id"] for c in charters}
    for charter_id, r in latest.items():
        row = answers.get(r.id)
        if row is not None:
            nodes[unit_of[charter_id]].rounds.append(_round_answers(r, row))

    roots: list[_Node] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(
            key=lambda n: (-LEVEL_RANK[UnitLevel(n.unit.level)], n.unit.name.lower())
        )
    memory = Memory(organisation.pk, SURFACE)
    period = since.isoformat() if since else ""
    for root in roots:
        _decide(root, threshold, memory, period, shown_to)
    memory.save()

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
        closed = [r.closes_on for r in mine if r.over(today)]
        open_ = [r.closes_on for r in mine if not r.over(today) and r.opens_on <= today]
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
                checkins=node.n[CHECKINS] if node.reason[CHECKINS] is None else None,
                aims={aim: _aggregate(node, aim) for aim in AIMS},
                checkins_reason=node.reason[CHECKINS],
            )
        )
        for child in node.children:
            visit(child, depth + 1)

    visit(nodes[unit.pk], 0)
    return result


# --- The CSV export ---------------------------------------------------------------------


def _decimal(value: float | None, language: str) -> str:
    if value is None:
        return ""
    # Danish Excel reads "3,6" as a number, and "3.6" as a date or text.
    return str(value).replace(".", ",") if language == "da" else str(value)


def to_csv(result: RollUp, language: str) -> bytes:
    """The roll-up as CSV for Danish Excel (vogter/lib/spreadsheets.py): a
    withheld figure is an empty cell, never a number."""
    labels = aim_labels()
    writer = ExcelCsv()
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
    return writer.content()


def aim_labels() -> dict[str, str]:
    return {
        "productivity": _("Productivity"),
        "wellbeing": _("Well-being"),
        "meaningfulness": _("Meaningfulness"),
    }


def filename(result: RollUp, language: str, extension: str) -> str:
    return f"reflection-{slugify(result.unit.name) or result.unit.code}.{extension}"


ROLLUP_EXPORTS: ExportKind[RollUp] = ExportKind("rollup")
ROLLUP_EXPORTS.register(Rendered("csv", "text/csv; charset=utf-8", to_csv, filename))
