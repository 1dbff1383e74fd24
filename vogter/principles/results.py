"""What an agreement round's results may show, for the facilitator's page, the phones and
the API alike (docs/disclosure.md, "Agreement rounds").

The point of the round is to surface disagreement so that it gets talked about, never to
tell who disagreed. In a room of six everyone knows the number of ballots, so a count of
one "disagree" beside five "agree" is a person. The counts go through `protect` (with the
number of ballots known), and in place of the exact small counts a band says what the
room needs to know: "most agree — at least one disagrees: talk about it". A band is
shown only where, with the counts shown and the number of ballots, it pins no withheld
count; otherwise a plainer one ("at least one disagrees"), or none.

A round opened with `open_count` shows exact counts however small: the facilitator
chooses that before the vote, and every phone says so before anyone votes.
"""

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from vogter.disclosure.rules import label_is_safe, protect
from vogter.principles.models import AgreementRound, AgreementVote, Choice

# At least this share of those who took a position agree: consensus.
CONSENSUS_SHARE = 0.8

AGREE, DISAGREE, PASS = Choice.AGREE.value, Choice.DISAGREE.value, Choice.PASS.value

Cells = Mapping[str, int]

# From the most telling band to the plainest, each with the condition it states.
BANDS: tuple[tuple[str, Callable[[Cells], bool]], ...] = (
    ("all_agree", lambda c: c[AGREE] > 0 and c[DISAGREE] == 0),
    ("most_agree", lambda c: c[AGREE] > c[DISAGREE] > 0),
    ("split", lambda c: 0 < c[AGREE] <= c[DISAGREE]),
    ("none_agree", lambda c: c[AGREE] == 0 and c[DISAGREE] > 0),
    ("no_positions", lambda c: c[AGREE] == 0 and c[DISAGREE] == 0),
)
PLAIN_BANDS: tuple[tuple[str, Callable[[Cells], bool]], ...] = (
    ("some_disagree", lambda c: c[DISAGREE] > 0),
    ("none_disagree", lambda c: c[DISAGREE] == 0),
)


def band(cells: Cells, shown: Mapping[str, int | None], k: int) -> str | None:
    """The most telling band that holds and pins no withheld count; None if none may be
    shown."""
    for bands in (BANDS, PLAIN_BANDS):
        for name, holds in bands:
            if holds(cells):
                if label_is_safe(cells, shown, holds, k):
                    return name
                break
    return None


def item_result(cells: Cells, k: int, *, open_count: bool = False) -> dict[str, Any]:
    """One principle's result from its counts of agree, disagree and pass."""
    shown: dict[str, int | None] = dict(cells) if open_count else protect(cells, k)
    positions = cells[AGREE] + cells[DISAGREE]
    both_shown = shown[AGREE] is not None and shown[DISAGREE] is not None
    # With the counts of agree and disagree shown, the share tells nothing more.
    share = cells[AGREE] / positions if both_shown and positions else None
    return {
        "counts": shown,
        "counts_withheld": any(n is None for n in shown.values()),
        "band": band(cells, shown, k),
        "agree_share": share,
        "consensus": share >= CONSENSUS_SHARE if share is not None else None,
    }


def round_results(agreement: AgreementRound) -> dict[str, Any]:
    """Per principle: the counts, the band, the share that agrees and whether there is
    consensus where they may be shown, and the comments in random order.

    Never per person. Nothing at all while fewer than the minimum group size have voted,
    unless the round was opened with exact counts.
    """
    workshop = agreement.workshop
    threshold = workshop.group_minimum
    ballots = agreement.ballots.count()
    result: dict[str, Any] = {
        "number": agreement.number,
        "open": agreement.open,
        "revealed": agreement.revealed,
        "open_count": agreement.open_count,
        "ballots": ballots,
        "min_group_size": threshold,
        "withheld": ballots < threshold and not agreement.open_count,
        "principles": [],
    }
    if result["withheld"] or not ballots:
        return result
    votes = list(AgreementVote.objects.filter(round=agreement).order_by("shuffle"))
    for item in agreement.items.select_related("principle"):
        mine = [v for v in votes if v.principle_id == item.principle_id]
        tally = Counter(v.choice for v in mine)
        cells = {choice: tally[choice] for choice in Choice.values}
        result["principles"].append(
            {
                "item": item,
                "code": item.principle.code,
                **item_result(cells, threshold, open_count=agreement.open_count),
                "comments": [v.comment for v in mine if v.comment],
            }
        )
    return result
