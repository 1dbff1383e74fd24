"""The rule "never show a figure about fewer than N people", decided per cell.

Pure functions: no database, no request. Every figure about people that leaves the server
is decided here (docs/disclosure.md):

- `minimum` is the N that applies: the largest of those given (the organisation's and a
  workshop's; for a reflection round its own alone, which starts from the organisation's
  default), never below `FLOOR`.
- `protect` withholds every count of 1 to N - 1 and, because the total is always known
  (it is on the page, or the room counts itself), enough other counts that the withheld
  ones never add up to 1 to N - 1 either (complementary suppression).
- `label_is_safe` tells whether a derived label (a verdict, a band, a flag) may be shown
  beside the counts: it may not, when everything shown together pins a withheld count to
  one value of 1 to N - 1.

"Pinned" is what an attacker who holds every figure shown can solve for exactly. A count
known only to lie in a range of two or more values is not pinned; the range is what a
label such as "at least one disagrees" is for.
"""

import math
from collections.abc import Callable, Hashable, Iterator, Mapping
from enum import StrEnum
from typing import TypeVar

from vogter.disclosure.surfaces import decided

FLOOR = 3
DEFAULT = 5
# Above this many ways to fill the withheld counts, a label is not checked but withheld:
# a page must not take seconds to decide a word.
MAX_COMBINATIONS = 200_000

K = TypeVar("K", bound=Hashable)


class Reason(StrEnum):
    """Why a figure is missing; the pages say it in words (vogter/disclosure/templates)."""

    FEW = "few"  # it is about fewer than N people
    COMPLEMENT = "complement"  # with the figures shown, it would give a smaller group away
    HISTORY = "history"  # against a figure shown earlier, it would single out a small group
    OPEN = "open"  # answers still come in: each change would show the newest one


def minimum(*sizes: int | None) -> int:
    """The minimum group size that applies: the largest of those given (an organisation's,
    a workshop's or a round's), never below FLOOR; DEFAULT when none is given."""
    decided()
    given = [s for s in sizes if s]
    return max(FLOOR, *given) if given else DEFAULT


def small(count: int, k: int) -> bool:
    """A count about a group of 1 to k - 1 people."""
    return 0 < count < k


def protect(cells: Mapping[K, int], k: int) -> dict[K, int | None]:
    """The counts that may be shown, None for those withheld.

    The total (the sum of the cells) is taken to be known. Below k, every cell is
    withheld. Otherwise every count of 1 to k - 1 is withheld, and then, while the withheld
    counts add up to 1 to k - 1 (the total minus the shown counts), the smallest shown
    non-zero count as well. Zeros stay shown: "nobody" is not a small group.
    """
    decided()
    total = sum(cells.values())
    if small(total, k):
        return dict.fromkeys(cells)
    hidden = {key for key, n in cells.items() if small(n, k)}
    while small(sum(cells[key] for key in hidden), k):
        rest = [key for key, n in cells.items() if key not in hidden and n > 0]
        hidden.add(min(rest, key=lambda key: cells[key]))
    return {key: (None if key in hidden else n) for key, n in cells.items()}


def possible_values(
    cells: Mapping[K, int],
    shown: Mapping[K, int | None],
    holds: Callable[[Mapping[K, int]], bool],
) -> dict[K, set[int]] | None:
    """Every value each withheld cell can take, given the total, the shown cells and a
    condition that the shown labels state. None when there are too many to try."""
    hidden = [key for key, n in shown.items() if n is None]
    remaining = sum(cells.values()) - sum(n for n in shown.values() if n is not None)
    if not hidden:
        return {}
    if math.comb(remaining + len(hidden) - 1, len(hidden) - 1) > MAX_COMBINATIONS:
        return None
    values: dict[K, set[int]] = {key: set() for key in hidden}
    known = {key: n for key, n in shown.items() if n is not None}
    for split in _compositions(remaining, len(hidden)):
        candidate = {**known, **dict(zip(hidden, split, strict=True))}
        if holds(candidate):
            for key, n in zip(hidden, split, strict=True):
                values[key].add(n)
    return values


def label_is_safe(
    cells: Mapping[K, int],
    shown: Mapping[K, int | None],
    holds: Callable[[Mapping[K, int]], bool],
    k: int,
) -> bool:
    """Whether a label that states `holds` may be shown beside `shown` (from `protect`):
    not when, with it, a withheld cell has only one possible value and that is 1 to k - 1."""
    decided()
    values = possible_values(cells, shown, holds)
    if values is None:
        return False
    return not any(len(vs) == 1 and small(next(iter(vs)), k) for vs in values.values())


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to write `total` as `parts` non-negative integers, in order."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)
