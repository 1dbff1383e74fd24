"""What was shown before, so that a figure shown now cannot be set beside it to single out
a small group (docs/disclosure.md, "Memory").

A figure over several groups (the roll-up's, over reflection rounds) holds two kinds of
answers: those of groups whose own figure is shown anyway (subtracting them teaches
nothing), and the rest, its *members*. What the figure tells about its members is new.
Two figures whose members are nested (one set inside the other) tell, by difference,
about the members that only the larger one has: after a reorganisation moves a unit out
of a department, the department's figure before, minus its figure after, is that unit.
So a figure is withheld when, against any figure shown earlier whose members nest with
its own, the difference covers 1 to N - 1 answers.

The memory is per organisation and surface, and keeps one row per distinct set of
members (`Release`); members are the groups' codes, so it moves with an organisation's
data (vogter/data/portable.py).
"""

import hashlib
from collections import defaultdict
from collections.abc import Mapping

from vogter.disclosure.models import Release
from vogter.disclosure.rules import small

Members = frozenset[str]


def _digest(surface: str, measure: str, members: Members) -> str:
    key = "|".join((surface, measure, ",".join(sorted(members))))
    return hashlib.sha256(key.encode()).hexdigest()


class Memory:
    """The earlier releases of one surface of one organisation, read once; new releases
    are kept and written together by `save`."""

    def __init__(self, organisation_id: int, surface: str) -> None:
        self.organisation_id, self.surface = organisation_id, surface
        self._releases: list[tuple[str, Members, dict[str, int]]] = []
        self._by_member: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._seen: set[str] = set()
        self._new: list[Release] = []
        for measure, members, values, digest in Release.objects.filter(
            organisation_id=organisation_id, surface=surface
        ).values_list("measure", "members", "values", "digest"):
            self._add(measure, frozenset(members), values)
            self._seen.add(digest)

    def _add(self, measure: str, members: Members, values: Mapping[str, int]) -> None:
        index = len(self._releases)
        self._releases.append((measure, members, dict(values)))
        for member in members:
            self._by_member[(measure, member)].append(index)

    def conflicts(self, measure: str, members: Members, n: int, k: int) -> bool:
        """Whether a figure over `members` with `n` answers, beside any earlier one whose
        members nest with these, would tell about 1 to k - 1 answers."""
        if not members:
            return False
        nearby = {i for member in members for i in self._by_member.get((measure, member), ())}
        for index in nearby:
            _measure, earlier, values = self._releases[index]
            if (earlier < members or members < earlier) and small(abs(values["n"] - n), k):
                return True
        return False

    def remember(
        self,
        measure: str,
        members: Members,
        n: int,
        *,
        unit_id: int | None = None,
        period: str = "",
        audience: str = "",
    ) -> None:
        """Note that a figure over `members` with `n` answers is being shown."""
        if not members:
            return  # nothing in it that is not shown on its own anyway
        digest = _digest(self.surface, measure, members)
        if digest in self._seen:
            return
        self._seen.add(digest)
        self._add(measure, members, {"n": n})
        self._new.append(
            Release(
                organisation_id=self.organisation_id,
                surface=self.surface,
                measure=measure,
                members=sorted(members),
                digest=digest,
                values={"n": n},
                unit_id=unit_id,
                period=period,
                audience=audience,
            )
        )

    def save(self) -> None:
        if self._new:
            # Two pages shown at the same moment may both write a release: one row stays.
            Release.objects.bulk_create(self._new, ignore_conflicts=True)
            self._new = []
