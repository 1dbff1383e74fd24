"""Which professions took part in a workshop, as the board, the exports and the AI-literacy
record may show them (docs/workshop-exports.md, "Professions").

A profession given by fewer than the workshop's minimum group size is never named: it is
folded into "other professions". The counts are decided by `protect`
(vogter/disclosure/rules.py), which also withholds enough of the others that the total,
which the room knows, gives no small group away. Naming a profession says that at least
N people gave it, and listing "other professions" says that at least one did: those are
labels, so they may only be shown where `label_is_safe` says they pin no withheld count.
The candidates are tried from the most telling to the least:

1. the named professions and "other professions", with the counts `protect` keeps;
2. the same without "other professions" (its count was withheld anyway);
3. the names and "other professions" without any count;
4. the names alone, which is always safe: each named count can be anything from N up.

The order never follows a withheld count: shown counts first, largest first, then the
professions whose count is withheld, alphabetically.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from vogter.disclosure.rules import label_is_safe, protect
from vogter.workshops.models import Entry, Workshop

# The cell of every profession given by fewer than N people; no profession is called this,
# since a profession's key is its text with the spaces collapsed.
OTHERS = "  others  "


@dataclass(frozen=True)
class Profession:
    name: str
    count: int | None  # None: withheld


@dataclass(frozen=True)
class Professions:
    named: list[Profession]
    others: bool  # whether "other professions" is listed
    others_count: int | None  # None: withheld (or not listed)

    def as_dict(self) -> dict[str, Any]:
        """For the board and the API: `others` is null when "other professions" is not
        listed, and its `count` null when withheld."""
        return {
            "named": [{"name": p.name, "count": p.count} for p in self.named],
            "others": {"count": self.others_count} if self.others else None,
        }


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def tally(texts: Iterable[str]) -> tuple[Counter[str], dict[str, str]]:
    """How many gave each profession (case and spaces do not count), and the spelling to
    show for each: the most common, the first in sort order among equals, so the same
    answers always read the same."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        written = " ".join(text.split())
        if not written:
            continue
        counts[_key(written)] += 1
        spellings.setdefault(_key(written), Counter())[written] += 1
    shown = {
        key: min(variants, key=lambda s: (-variants[s], s)) for key, variants in spellings.items()
    }
    return counts, shown


def disclose(counts: Mapping[str, int], spellings: Mapping[str, str], k: int) -> Professions:
    """What may be shown of professions given by `counts` people each, with N = k."""
    big = {key: n for key, n in counts.items() if n >= k}
    rest = sum(n for n in counts.values() if n < k)
    cells: dict[str, int] = dict(big)
    if rest:
        cells[OTHERS] = rest
    shown = protect(cells, k)
    no_counts: dict[str, int | None] = dict.fromkeys(cells)

    def holds(others_listed: bool) -> Callable[[Mapping[str, int]], bool]:
        def check(candidate: Mapping[str, int]) -> bool:
            named_ok = all(candidate[key] >= k for key in big)
            return named_ok and (not others_listed or candidate.get(OTHERS, 0) >= 1)

        return check

    others = bool(rest)
    candidates = [(shown, others), (shown, False), (no_counts, others), (no_counts, False)]
    for figures, listed in candidates[:-1]:
        if label_is_safe(cells, figures, holds(listed), k):
            break
    else:
        figures, listed = candidates[-1]
    named = [Profession(spellings[key], figures[key]) for key in big]
    named.sort(key=lambda p: (p.count is None, -(p.count or 0), p.name.casefold(), p.name))
    return Professions(named, listed, figures.get(OTHERS) if listed else None)


def of_workshop(workshop: Workshop, *, released: bool = False) -> Professions:
    """The professions written on the workshop's sheets, under its minimum group size.

    `released`: as their authors last finished them (`Entry.released_text`), for the live
    board, which must not follow a profession while it is being typed; otherwise as they
    stand (the same once the reflection has closed).
    """
    column = "released_text" if released else "text"
    texts = Entry.objects.filter(sheet__workshop=workshop, field="profession").values_list(
        column, flat=True
    )
    counts, spellings = tally(texts)
    return disclose(counts, spellings, workshop.group_minimum)
