"""An attacker who holds every figure shown and solves for the withheld ones
(docs/disclosure.md, "What is tested"). Hypothesis draws the tables; the attacker tries every
way to fill the withheld counts that agrees with everything shown, and no withheld count may
come out as one value between 1 and N - 1.

The roll-up over time (trees, reorganisations, windows) is in test_adversary_rollup.py.
"""

import itertools
from collections.abc import Iterator, Mapping
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from vogter.disclosure.rules import protect
from vogter.disclosure.scores import SCORES, protect_scores
from vogter.principles.results import AGREE, BANDS, DISAGREE, PASS, PLAIN_BANDS, item_result
from vogter.reflection.results import REVISE_SHARE_FLAG, verdicts

# The same examples on every run: CI must not flake, and a failure must come back.
FIXED = settings(max_examples=300, deadline=None, derandomize=True)

sizes = st.integers(min_value=3, max_value=7)


def _fillings(total: int, keys: list[str], known: Mapping[str, int]) -> Iterator[dict[str, int]]:
    """Every way to give the unknown keys non-negative counts so that all add up to total."""
    unknown = [k for k in keys if k not in known]
    rest = total - sum(known.values())
    if rest < 0:
        return
    if not unknown:
        if rest == 0:
            yield dict(known)
        return
    for split in itertools.product(range(rest + 1), repeat=len(unknown) - 1):
        last = rest - sum(split)
        if last >= 0:
            yield {**known, **dict(zip(unknown, (*split, last), strict=True))}


def _pinned(candidates: list[dict[str, int]], hidden: list[str], k: int) -> list[tuple[str, int]]:
    """The withheld counts that every candidate gives the same small value."""
    found = []
    for key in hidden:
        values = {c[key] for c in candidates}
        if len(values) == 1 and 0 < next(iter(values)) < k:
            found.append((key, next(iter(values))))
    return found


# --- Counts with a known total -------------------------------------------------------------


@FIXED
@given(st.lists(st.integers(0, 14), min_size=2, max_size=5), sizes)
def test_no_withheld_count_follows_from_the_total_and_the_others(counts: list[int], k: int) -> None:
    cells = {f"c{i}": n for i, n in enumerate(counts)}
    shown = protect(cells, k)
    known = {key: n for key, n in shown.items() if n is not None}
    hidden = [key for key, n in shown.items() if n is None]
    candidates = list(_fillings(sum(counts), list(cells), known))
    assert cells in candidates
    assert _pinned(candidates, hidden, k) == []
    # Nor their sum, the total minus the shown counts (a total under N shows nothing).
    withheld = sum(cells[key] for key in hidden)
    assert sum(counts) < k or not 0 < withheld < k


# --- The agreement round -------------------------------------------------------------------


def _agreement_facts(result: dict[str, object], k: int):  # type: ignore[no-untyped-def]
    """The condition everything shown of one principle states about (agree, disagree, pass)."""
    counts = result["counts"]
    assert isinstance(counts, dict)
    band = result["band"]
    share, consensus = result["agree_share"], result["consensus"]
    holds = dict(BANDS + PLAIN_BANDS)

    def agrees(c: Mapping[str, int]) -> bool:
        if any(counts[key] is not None and c[key] != counts[key] for key in counts):
            return False
        if band is not None and not holds[band](c):  # type: ignore[index]
            return False
        positions = c[AGREE] + c[DISAGREE]
        if share is not None and (not positions or abs(c[AGREE] / positions - share) > 1e-9):
            return False
        return not (
            consensus is not None
            and positions
            and (Fraction(c[AGREE], positions) >= Fraction(4, 5)) != consensus
        )

    return agrees


@FIXED
@given(st.integers(0, 12), st.integers(0, 12), st.integers(0, 8), sizes)
def test_an_agreement_result_pins_no_small_count(
    agree: int, disagree: int, passed: int, k: int
) -> None:
    cells = {AGREE: agree, DISAGREE: disagree, PASS: passed}
    total = agree + disagree + passed
    if total < k:
        return  # nothing at all is shown below the minimum (round_results)
    result = item_result(cells, k)
    agrees = _agreement_facts(result, k)
    candidates = [c for c in _fillings(total, list(cells), {}) if agrees(c)]
    assert cells in candidates
    hidden = [key for key, n in result["counts"].items() if n is None]
    assert _pinned(candidates, hidden, k) == [], result


def test_six_ballots_five_agree_one_disagrees_gives_no_one_away() -> None:
    """Issue 13, reproduction 2: the room knows there are six ballots."""
    result = item_result({AGREE: 5, DISAGREE: 1, PASS: 0}, 5)
    assert result["counts"] == {AGREE: None, DISAGREE: None, PASS: 0}
    assert result["band"] == "most_agree"
    assert result["agree_share"] is None and result["consensus"] is None
    candidates = [
        c for c in _fillings(6, [AGREE, DISAGREE, PASS], {}) if _agreement_facts(result, 5)(c)
    ]
    assert sorted(c[DISAGREE] for c in candidates) == [1, 2]  # one or two: not who, not how many


# --- Reflection verdicts --------------------------------------------------------------------


@FIXED
@given(st.integers(0, 8), st.integers(0, 8), st.integers(0, 6), st.integers(0, 6), sizes)
def test_verdicts_and_the_flag_pin_no_small_count(
    keep: int, revise: int, retire: int, none: int, k: int
) -> None:
    chosen = ["keep"] * keep + ["revise"] * revise + ["retire"] * retire + [""] * none
    shown = verdicts(chosen, k)
    cells = {"keep": keep, "revise": revise, "retire": retire, "none": none}
    counts = shown["verdicts"] or {"keep": None, "revise": None, "retire": None}
    flag, share = shown["revise_flag"], shown["revise_share"]

    def agrees(c: Mapping[str, int]) -> bool:
        if any(n is not None and c[key] != n for key, n in counts.items()):
            return False
        positions = c["keep"] + c["revise"] + c["retire"]
        wants = c["revise"] + c["retire"]
        if share is not None and (not positions or abs(wants / positions - share) > 1e-9):
            return False
        if flag is not None:
            flagged = positions > 0 and wants / positions >= REVISE_SHARE_FLAG
            if flagged != flag:
                return False
        return True

    candidates = [c for c in _fillings(len(chosen), list(cells), {}) if agrees(c)]
    assert cells in candidates
    hidden = [key for key in cells if key == "none" or counts.get(key) is None]
    assert _pinned(candidates, hidden, k) == [], shown


# --- A 1-5 score ------------------------------------------------------------------------------


def _score_candidates(total: int, figure) -> list[dict[str, int]]:  # type: ignore[no-untyped-def]
    """Every (1..5, can't say) filling that agrees with what the figure shows."""
    keys = [str(s) for s in SCORES] + ["cant_say"]
    known: dict[str, int] = {}
    if figure.distribution:
        known |= {str(s): n for s, n in figure.distribution.items() if n is not None}
    if figure.cant_say is not None:
        known["cant_say"] = figure.cant_say
    out = []
    for c in _fillings(total, keys, known):
        n = total - c["cant_say"]
        if figure.n is not None and n != figure.n:
            continue
        if figure.mean is not None:
            if n == 0:
                continue
            score_sum = sum(s * c[str(s)] for s in SCORES)
            if round(Fraction(10 * score_sum, n)) != round(figure.mean * 10):
                continue
        if figure.bands is not None:
            low, middle, high = c["1"] + c["2"], c["3"], c["4"] + c["5"]
            bands = figure.bands
            if any(
                shown is not None and shown != actual
                for shown, actual in (
                    (bands["low"], low),
                    (bands["middle"], middle),
                    (bands["high"], high),
                )
            ):
                continue
        out.append(c)
    return out


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 4), min_size=5, max_size=5), st.integers(0, 3), sizes)
def test_a_score_figure_pins_no_small_count(counts: list[int], cant_say: int, k: int) -> None:
    figure = protect_scores(dict(zip(SCORES, counts, strict=True)), cant_say, k)
    total = sum(counts) + cant_say
    actual = {**{str(s): n for s, n in zip(SCORES, counts, strict=True)}, "cant_say": cant_say}
    candidates = _score_candidates(total, figure)
    assert actual in candidates, figure
    shown = {str(s) for s, n in (figure.distribution or {}).items() if n is not None}
    if figure.cant_say is not None:
        shown.add("cant_say")
    hidden = [key for key in actual if key not in shown]
    assert _pinned(candidates, hidden, k) == [], figure


def test_four_point_eight_over_five_is_not_shown_as_a_mean() -> None:
    """Four 5s and one 4: the mean would pin the lone 4. The bands say "all high"."""
    figure = protect_scores({5: 4, 4: 1}, 0, 5)
    assert figure.mean is None and figure.bands == {"low": 0, "middle": 0, "high": 5}
