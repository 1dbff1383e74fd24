"""A 1-5 score over a group (a principle or an aim in a reflection round, an aim in the
roll-up): which of its mean, its number of answers and its distribution may be shown.

The candidates are tried from the most telling to the least, and the first whose figures
pin no count of 1 to N - 1 is shown (docs/disclosure.md, "Scores"):

1. everything: the mean, the answers, every score's count and "can't say";
2. the mean and the answers, with the scores' counts that `protect` lets through;
3. the mean and the answers alone;
4. the mean alone (the answers would tell how many could not say);
5. the counts of low (1-2), middle (3) and high (4-5) scores, protected;
6. nothing but the number of check-ins.

A mean is a sum: with the number of answers and some counts it can pin a withheld count
("4.8 over 5 answers" is four 5s and one 4). `mean_pins` finds out, exactly, which values
each withheld count can still take. The mean is shown to one decimal, so an attacker knows
the sum only to within a range, and the check uses that range.
"""

import dataclasses
import functools
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from vogter.disclosure.rules import Reason, protect, small
from vogter.disclosure.surfaces import decided

SCORES = (1, 2, 3, 4, 5)
BANDS = {"low": (1, 2), "middle": (3,), "high": (4, 5)}
CANT_SAY = "cant_say"
# The mean alone is checked over every possible number of answers: not beyond this.
MEAN_ALONE_MAX = 200
# Beyond this many answers to solve for, only a mean at the edge of the scale (under 1.1
# or over 4.9) is taken to pin a count: a page must not spend seconds on one mean.
MAX_ITEMS = 5000


@dataclass(frozen=True)
class ScoreFigure:
    """What may be shown of one score. `total` (the check-ins) is always known."""

    total: int
    n: int | None  # the scores given ("can't say" left out)
    mean: float | None  # to one decimal
    distribution: dict[int, int | None] | None  # per score; None: not shown at all
    cant_say: int | None
    bands: dict[str, int | None] | None  # low, middle, high, when the scores are not shown
    reason: Reason | None  # why something is missing; None when everything is shown

    @property
    def withheld(self) -> bool:
        return self.mean is None


def mean_of(counts: Mapping[int, int]) -> float | None:
    n = sum(counts.values())
    if n == 0:
        return None
    return round(_tenths(sum(s * c for s, c in counts.items()), n) / 10, 1)


def protect_scores(counts: Mapping[int, int], cant_say: int, k: int) -> ScoreFigure:
    """The figure of one score as it may be shown, given how many gave each score (1-5),
    how many could not say, and the minimum group size k."""
    decided()
    figure = _protect_scores(tuple(counts.get(s, 0) for s in SCORES), cant_say, k)
    # Fresh dicts: the cached figure is shared.
    return dataclasses.replace(
        figure,
        distribution=None if figure.distribution is None else dict(figure.distribution),
        bands=None if figure.bands is None else dict(figure.bands),
    )


def shows_mean_and_answers(given: tuple[int, ...], cant_say: int, k: int) -> bool:
    """Whether `protect_scores` shows the mean and the number of answers of a score with
    these counts of 1-5 (the roll-up asks this of a thousand rounds at a time)."""
    decided()
    figure = _protect_scores(given, cant_say, k)
    return figure.n is not None and figure.mean is not None


# The same small distributions come again and again (a roll-up decides a thousand rounds).
@functools.lru_cache(maxsize=8192)
def _protect_scores(given: tuple[int, ...], cant_say: int, k: int) -> ScoreFigure:
    counts = dict(zip(SCORES, given, strict=True))
    n = sum(counts.values())
    total = n + cant_say
    cells: dict[int | str, int] = {s: counts[s] for s in SCORES}
    cells[CANT_SAY] = cant_say
    if small(total, k) or n < k:
        return ScoreFigure(total, None, None, None, None, None, Reason.FEW if total else None)
    mean = mean_of(counts)
    if not any(small(c, k) for c in cells.values()):
        return ScoreFigure(total, n, mean, dict(counts), cant_say, None, None)
    nothing: dict[int, int | None] = dict.fromkeys(counts)
    protected = protect(cells, k)
    tries: list[tuple[dict[int, int | None], int | None]] = [
        ({s: protected[s] for s in SCORES}, protected[CANT_SAY]),
        (nothing, None if small(cant_say, k) else cant_say),
        (nothing, None),
    ]
    for shown, shown_cant_say in tries:
        n_known = shown_cant_say is not None
        if not n_known and total > MEAN_ALONE_MAX:
            continue
        if not mean_pins(counts, shown, cant_say=cant_say, n_known=n_known, k=k):
            distribution = shown if any(c is not None for c in shown.values()) else None
            return ScoreFigure(
                total,
                n if n_known else None,
                mean,
                distribution,
                shown_cant_say,
                None,
                Reason.COMPLEMENT,
            )
    bands = {band: sum(counts[s] for s in scores) for band, scores in BANDS.items()}
    banded = protect({**bands, CANT_SAY: cant_say}, k)
    if any(banded[band] is not None for band in BANDS):
        shown_bands = {band: banded[band] for band in BANDS}
        return ScoreFigure(
            total, None, None, None, banded[CANT_SAY], shown_bands, Reason.COMPLEMENT
        )
    return ScoreFigure(total, None, None, None, None, None, Reason.COMPLEMENT)


def mean_pins(
    counts: Mapping[int, int],
    shown: Mapping[int, int | None],
    *,
    cant_say: int,
    n_known: bool,
    k: int,
) -> bool:
    """Whether the mean (to one decimal), shown beside the counts in `shown` and the total,
    pins a withheld count (a score's, or "can't say" when the number of answers is not
    shown) to one value of 1 to k - 1.

    A count can only be pinned to the value it has, so only the withheld counts that are
    small are looked at, and each is cleared by a single other value that fits everything
    shown (nearest first: that is almost always the first one tried)."""
    return _mean_pins(
        tuple(counts.get(s, 0) for s in SCORES),
        tuple(shown.get(s) for s in SCORES),
        cant_say,
        n_known,
        k,
    )


@functools.lru_cache(maxsize=8192)
def _mean_pins(
    given: tuple[int, ...], seen: tuple[int | None, ...], cant_say: int, n_known: bool, k: int
) -> bool:
    counts = dict(zip(SCORES, given, strict=True))
    shown = dict(zip(SCORES, seen, strict=True))
    n = sum(counts.values())
    total = n + cant_say
    tenths = _tenths(sum(s * c for s, c in counts.items()), n)
    known = {s: c for s, c in shown.items() if c is not None}
    unknown = tuple(s for s in SCORES if shown.get(s) is None)
    if total - sum(known.values()) > MAX_ITEMS:
        # Too many to solve for. Over so many, the mean's rounding admits hundreds of sums,
        # and any count can move by one with another answer moving the other way; only a
        # mean at the very edge of the scale can still pin a count.
        return not 11 <= tenths <= 49
    shown_count = sum(known.values())
    # Every number of answers the attacker cannot rule out, the true one first.
    candidates = (
        [n] if n_known else sorted(range(max(1, shown_count), total + 1), key=lambda a: abs(a - n))
    )
    for score in unknown:
        if small(counts[score], k) and not any(
            _fits(answers, tenths, known, unknown, score, value)
            for answers in candidates
            for value in _nearest(counts[score], answers - shown_count)
        ):
            return True
    if not n_known and small(cant_say, k):
        return not any(
            _fits(answers, tenths, known, unknown) for answers in candidates if answers != n
        )
    return False


def _nearest(value: int, most: int) -> Iterator[int]:
    """The other values from 0 to `most`, nearest to `value` first."""
    for step in range(1, max(value, most - value) + 1):
        for other in (value - step, value + step):
            if 0 <= other <= most:
                yield other


def _tenths(score_sum: int, n: int) -> int:
    """The mean in tenths, rounded as `round` does (half to even)."""
    whole, rest = divmod(10 * score_sum, n)
    if 2 * rest > n or (2 * rest == n and whole % 2):
        whole += 1
    return whole


@functools.lru_cache(maxsize=4096)
def _sums_with_mean(answers: int, tenths: int) -> range:
    """Every score sum over `answers` answers whose mean shows as `tenths` / 10."""
    low = max((2 * tenths - 1) * answers // 20, 0)
    high = -(-(2 * tenths + 1) * answers // 20)
    while low <= high and _tenths(low, answers) != tenths:
        low += 1
    while high >= low and _tenths(high, answers) != tenths:
        high -= 1
    return range(low, high + 1)


def _fits(
    answers: int,
    tenths: int,
    known: Mapping[int, int],
    unknown: tuple[int, ...],
    score: int | None = None,
    value: int = 0,
) -> bool:
    """Whether some filling of the unknown counts, with `answers` answers in all (and the
    count of `score` set to `value`), agrees with the known counts and the mean."""
    fixed = dict(known)
    if score is not None:
        fixed[score] = value
    rest = answers - sum(fixed.values())
    sums = _sums_with_mean(answers, tenths)
    if rest < 0 or not sums:
        return False
    fixed_sum = sum(s * c for s, c in fixed.items())
    low, high = sums.start - fixed_sum, sums.stop - 1 - fixed_sum
    others = tuple(s for s in unknown if s != score)
    if not others:
        return rest == 0 and low <= 0 <= high
    return _reaches(others, rest, low, high)


def _reaches(scores: tuple[int, ...], items: int, low: int, high: int) -> bool:
    """Whether `items` answers, each one of `scores`, can add up to a sum in [low, high]."""
    if high < 0 or low > items * max(scores) or high < items * min(scores):
        return False
    mask = _sums(scores, items)
    low = max(low, 0)
    return (mask >> low) & ((1 << (high - low + 1)) - 1) != 0


def _sums(scores: tuple[int, ...], items: int) -> int:
    """The sums that `items` answers from `scores` can make, as the bits of an integer."""
    table = _TABLES.setdefault(scores, [1])
    while len(table) <= items:
        last = table[-1]
        table.append(functools.reduce(operator.or_, (last << s for s in scores)))
    return table[items]


# Per set of scores, the sums that 0, 1, 2, ... answers can make (at most MAX_ITEMS).
_TABLES: dict[tuple[int, ...], list[int]] = {}
