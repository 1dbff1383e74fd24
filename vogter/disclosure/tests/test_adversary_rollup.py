"""The roll-up over time, against an attacker who collects every figure of every view and
subtracts (docs/disclosure.md, "What is tested").

Hypothesis draws an organisation: a unit tree, charters with closed rounds of a few check-ins
each, then a history of views and changes — reorganisations (a unit moves), a charter moving
to another unit, a new round closing, views with and without a `since` date. The attacker
knows the tree at every view, which rounds each figure adds up, and every round page. From
each view it takes every shown figure minus the shown figures below it and minus the rounds
shown on their own pages; then it sets every two figures (of any views) whose rounds nest
against each other. No such difference may be 1 to N - 1 answers about rounds that are not
shown on their own.
"""

import datetime
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vogter.charters.models import Charter, CharterVersion, Status
from vogter.disclosure.rules import small
from vogter.organisations.models import Organisation, Unit, UnitLevel
from vogter.reflection.models import AIMS, Checkin, Round
from vogter.reflection.results import results
from vogter.reflection.rollup import rollup

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
K = 5
MEASURES = ("checkins", *AIMS)


@dataclass(frozen=True)
class Figure:
    """A figure shown: in which view, of which unit, over which rounds, and its value."""

    view: int
    unit: int
    measure: str
    rounds: frozenset[int]
    n: int


def _scores() -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(1, 5))


checkin = st.tuples(_scores(), _scores(), _scores())
round_ = st.tuples(st.integers(2, 60), st.lists(checkin, max_size=9))  # (closed days ago, …)


@st.composite
def histories(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    size = draw(st.integers(3, 7))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    charters = draw(st.lists(st.tuples(st.integers(0, size - 1), round_), min_size=2, max_size=6))
    events = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("view"), st.sampled_from([None, 5, 15, 30])),
                st.tuples(st.just("move"), st.integers(1, size - 1), st.integers(0, size - 1)),
                st.tuples(st.just("charter"), st.integers(0, 5), st.integers(0, size - 1)),
                st.tuples(st.just("round"), st.integers(0, 5), st.lists(checkin, max_size=9)),
            ),
            min_size=2,
            max_size=6,
        )
    )
    return {"parents": parents, "charters": charters, "events": events}


class World:
    def __init__(self, parents: list[int | None], seed: int) -> None:
        self.organisation = Organisation.objects.create(name=f"Org {seed}")
        self.units: list[Unit] = []
        for index, parent in enumerate(parents):
            self.units.append(
                Unit.objects.create(
                    organisation=self.organisation,
                    name=f"U{index}",
                    level=UnitLevel.CORPORATE_GROUP if parent is None else UnitLevel.UNIT,
                    parent=None if parent is None else self.units[parent],
                )
            )
        self.charters: list[Charter] = []
        self.days_ago = 1  # a new round closes more recently than any before

    def charter(self, unit: int) -> Charter:
        charter = Charter.objects.create(
            organisation=self.organisation, unit=self.units[unit], title=f"C{len(self.charters)}"
        )
        CharterVersion.objects.create(
            charter=charter,
            number=1,
            status=Status.ADOPTED,
            document={"principles": []},
            adopted_on=TODAY - datetime.timedelta(days=400),
        )
        self.charters.append(charter)
        return charter

    def round(self, charter: Charter, days_ago: int, checkins: list[tuple]) -> None:  # type: ignore[type-arg]
        closes_on = TODAY - datetime.timedelta(days=days_ago)
        reflection = Round.objects.create(
            charter=charter,
            version_number=1,
            kind="event",
            event="other",
            opens_on=closes_on - datetime.timedelta(days=7),
            closes_on=closes_on,
        )
        Checkin.objects.bulk_create(
            Checkin(round=reflection, productivity=p, wellbeing=w, meaningfulness=m)
            for p, w, m in checkins
        )

    def descendants(self, unit: Unit) -> set[int]:
        found, frontier = {unit.pk}, [unit.pk]
        while frontier:
            below = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in below if pk not in found]
            found.update(frontier)
        return found


def _truth(organisation: Organisation, since: datetime.date | None) -> tuple[dict, dict, dict]:  # type: ignore[type-arg]
    """What the attacker knows of one moment: each unit's rounds (its own charters' and
    below), each round's answers per measure, and which rounds' pages show each measure."""
    parent = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
    latest: dict[int, Round] = {}
    for r in Round.objects.filter(charter__organisation=organisation).select_related("charter"):
        if r.closes_on >= TODAY or (since and r.closes_on < since):
            continue
        best = latest.get(r.charter_id)
        if best is None or (r.closes_on, r.pk) > (best.closes_on, best.pk):
            latest[r.charter_id] = r
    rounds_of: dict[int, set[int]] = {pk: set() for pk in parent}
    answers: dict[int, dict[str, int]] = {}
    public: dict[int, set[str]] = {}
    for r in latest.values():
        unit: int | None = r.charter.unit_id
        while unit is not None:
            rounds_of[unit].add(r.pk)
            unit = parent[unit]
        checkins = list(Checkin.objects.filter(round=r))
        answers[r.pk] = {"checkins": len(checkins)}
        for aim in AIMS:
            answers[r.pk][aim] = sum(1 for c in checkins if getattr(c, aim) is not None)
        page = results(r)  # the round page, as anyone who may read it sees it
        public[r.pk] = {"checkins"} if len(checkins) >= r.group_minimum else set()
        for aim in AIMS:
            if page["aims"] and page["aims"][aim].n is not None:
                public[r.pk].add(aim)
    return rounds_of, answers, public


def _view(world: World, number: int, since_days: int | None) -> Iterator[tuple[Figure, set[int]]]:
    """Every figure one view shows, with the units strictly below its unit."""
    since = TODAY - datetime.timedelta(days=since_days) if since_days else None
    rounds_of, _answers, _public = _truth(world.organisation, since)
    result = rollup(world.units[0], since=since)
    for row in result.rows:
        below = world.descendants(Unit.objects.get(pk=row.unit.pk)) - {row.unit.pk}
        values = {"checkins": row.checkins, **{aim: row.aims[aim].n for aim in AIMS}}
        for measure, n in values.items():
            if n is not None:
                yield (
                    Figure(number, row.unit.pk, measure, frozenset(rounds_of[row.unit.pk]), n),
                    below,
                )


def _leaks(
    figures: list[tuple[Figure, set[int]]],
    answers: dict[int, dict[str, int]],
    public: dict[int, set[str]],
) -> list[str]:
    found = []

    def private(rounds: frozenset[int], measure: str) -> frozenset[int]:
        return frozenset(r for r in rounds if measure not in public[r])

    def count(rounds: frozenset[int], measure: str) -> int:
        return sum(answers[r][measure] for r in rounds)

    # 1. A figure minus the shown figures below it (in its view) and the public rounds.
    derived: list[tuple[str, frozenset[int], Figure]] = []
    for figure, below in figures:
        shown_below = [
            f
            for f, _b in figures
            if f.view == figure.view and f.measure == figure.measure and f.unit in below
        ]
        rest = set(figure.rounds)
        for other in shown_below:
            rest -= other.rounds
        members = private(frozenset(rest), figure.measure)
        derived.append((figure.measure, members, figure))
        derived.append((figure.measure, private(figure.rounds, figure.measure), figure))
        if small(count(members, figure.measure), K):
            found.append(f"{figure} minus what is shown below it leaves {sorted(members)}")
    # 2. Any two of those, of any views, whose rounds nest.
    for (m1, r1, f1), (m2, r2, f2) in itertools.combinations(derived, 2):
        if m1 != m2 or r1 == r2 or not (r1 < r2 or r2 < r1):
            continue
        difference = (r2 - r1) if r1 < r2 else (r1 - r2)
        if small(count(difference, m1), K):
            found.append(f"{f1} against {f2} leaves {sorted(difference)}")
    return found


@settings(
    max_examples=int(os.environ.get("VOGTER_ADVERSARY_EXAMPLES", "40")),
    deadline=None,
    derandomize=not os.environ.get("VOGTER_ADVERSARY_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=histories())
def test_no_view_and_no_two_views_leave_a_small_group_to_subtract(
    history: dict,  # type: ignore[type-arg]
) -> None:
    world = World(history["parents"], seed=abs(hash(repr(history))))
    for unit, (days_ago, checkins) in history["charters"]:
        world.round(world.charter(unit), days_ago, checkins)
    figures: list[tuple[Figure, set[int]]] = []
    views = 0

    def view(since_days: int | None) -> None:
        nonlocal views
        figures.extend(_view(world, views, since_days))
        views += 1

    view(None)
    for event in history["events"]:
        kind = event[0]
        if kind == "view":
            view(event[1])
            continue
        if kind == "move":
            unit, target = world.units[event[1]], world.units[event[2]]
            if target.pk in world.descendants(unit):
                continue  # the tree forbids it
            Unit.objects.filter(pk=unit.pk).update(parent=target)
        elif kind == "charter":
            if event[1] >= len(world.charters):
                continue
            Charter.objects.filter(pk=world.charters[event[1]].pk).update(
                unit=world.units[event[2]]
            )
        elif kind == "round":
            if event[1] >= len(world.charters):
                continue
            world.round(world.charters[event[1]], world.days_ago, event[2])
            world.days_ago = max(world.days_ago - 1, 1)
        view(None)
    # Rounds never change once closed: what every page ever showed of them is known now.
    _rounds_of, answers, public = _truth(world.organisation, None)
    everything = set(Round.objects.filter(charter__organisation=world.organisation))
    for r in everything:
        if r.pk not in answers:  # an older round, no longer any charter's latest
            checkins = list(Checkin.objects.filter(round=r))
            answers[r.pk] = {"checkins": len(checkins)} | {
                aim: sum(1 for c in checkins if getattr(c, aim) is not None) for aim in AIMS
            }
            page = results(r)
            public[r.pk] = {"checkins"} if len(checkins) >= r.group_minimum else set()
            public[r.pk] |= {a for a in AIMS if page["aims"] and page["aims"][a].n is not None}
    assert _leaks(figures, answers, public) == [], history
