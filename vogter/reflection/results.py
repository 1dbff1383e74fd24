"""A round's results and a charter's trends: nothing while a round is open or below its
minimum group size, and every figure as vogter/disclosure lets it through
(docs/disclosure.md)."""

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from vogter.charters.models import Charter
from vogter.disclosure.rules import Reason, label_is_safe, protect
from vogter.disclosure.scores import ScoreFigure, protect_scores
from vogter.reflection.models import AIMS, Checkin, Link, PrincipleAnswer, Round, Verdict, over
from vogter.reflection.rounds import is_over, principles_of

# A principle is flagged when this share of those who gave a verdict want it revised or retired.
REVISE_SHARE_FLAG = 0.4
NO_VERDICT = "none"


def figure(scores: list[int | None], threshold: int) -> ScoreFigure:
    """A 1-5 score over everyone who checked in ("can't say" is None) as it may be shown."""
    given = Counter(s for s in scores if s is not None)
    return protect_scores(given, len(scores) - given.total(), threshold)


def verdicts(chosen: list[str], threshold: int) -> dict[str, Any]:
    """Keep, revise and retire over everyone who checked in, each count as `protect` lets it
    through; the share that want a change only where all three are shown; and whether the
    principle is flagged, only where saying so or not pins no withheld count."""
    tally = Counter(chosen)
    cells = {v: tally[v] for v in Verdict.values}
    cells[NO_VERDICT] = len(chosen) - sum(cells.values())
    shown = protect(cells, threshold)
    given = cells["keep"] + cells["revise"] + cells["retire"]

    def flagged(c: Mapping[str, int]) -> bool:
        positions = c["keep"] + c["revise"] + c["retire"]
        return positions > 0 and (c["revise"] + c["retire"]) / positions >= REVISE_SHARE_FLAG

    flag = flagged(cells)
    all_shown = all(shown[v] is not None for v in Verdict.values)
    return {
        "verdicts": {v: shown[v] for v in Verdict.values}
        if any(shown[v] is not None for v in Verdict.values)
        else None,
        "revise_share": (cells["revise"] + cells["retire"]) / given
        if all_shown and given >= threshold
        else None,
        "revise_flag": flag
        if given >= threshold
        and label_is_safe(cells, shown, lambda c: flagged(c) == flag, threshold)
        else None,
    }


def results(reflection: Round) -> dict[str, Any]:
    """Averages and distributions per principle and aim, verdicts, the free texts —
    nothing at all while the round is open or below its minimum group size, and every
    figure as vogter/disclosure lets it through (docs/disclosure.md)."""
    threshold = reflection.group_minimum
    checkins = list(Checkin.objects.filter(round=reflection).order_by("shuffle"))
    still_open = not is_over(reflection)
    out: dict[str, Any] = {
        "checkins": len(checkins),
        # Through slips without a name: said beside the count, because whoever printed them
        # could have filled them in to make up the minimum group size (docs/reflection.md).
        "unnamed": Link.objects.filter(
            round=reflection, used=True, membership=None, contact=None
        ).count(),
        "min_group_size": threshold,
        # While check-ins still come in, every change to a figure would give the newest
        # answer away: results are shown once the round has closed.
        "open": still_open,
        "withheld": still_open or len(checkins) < threshold,
        "reason": Reason.OPEN if still_open else Reason.FEW if len(checkins) < threshold else None,
        "principles": [],
        "aims": {},
        "changed": [],
    }
    if out["withheld"]:
        return out
    answers: dict[str, list[PrincipleAnswer]] = {}
    for answer in PrincipleAnswer.objects.filter(round=reflection):
        answers.setdefault(answer.principle_code, []).append(answer)
    for principle in principles_of(reflection):
        mine = answers.get(principle["code"], [])
        # Everyone who checked in counts: one who left a principle out could not say.
        missing: list[int | None] = [None] * (len(checkins) - len(mine))
        out["principles"].append(
            {
                "code": principle["code"],
                "principle": principle,
                "score": figure([a.score for a in mine] + missing, threshold),
                **verdicts(
                    [a.verdict for a in mine] + [""] * (len(checkins) - len(mine)), threshold
                ),
            }
        )
    out["aims"] = {aim: figure([getattr(c, aim) for c in checkins], threshold) for aim in AIMS}
    out["changed"] = [c.changed for c in checkins if c.changed]
    return out


def trends(charter: Charter) -> dict[str, Any]:
    """Per principle and aim, the mean of each round that has closed (None where it was
    withheld), and the flags: a score falling over two rounds, or many asking to revise
    or retire in the latest round."""
    today = timezone.localdate()
    rounds = list(Round.objects.filter(over(today), charter=charter).order_by("closes_on", "id"))
    per_round = [(r, results(r)) for r in rounds]
    principle_series: dict[str, list[float | None]] = {}
    labels: dict[str, dict[str, Any]] = {}
    for _round, result in per_round:
        seen = {p["code"]: p for p in result["principles"]}
        for code in seen:
            labels[code] = seen[code]["principle"]
        for code in seen:  # in the charter's order, as the rounds list them
            principle_series.setdefault(code, [None] * len(per_round))
    for index, (_round, result) in enumerate(per_round):
        for row in result["principles"]:
            principle_series.setdefault(row["code"], [None] * len(per_round))[index] = row[
                "score"
            ].mean
    aim_series = {
        aim: [result["aims"][aim].mean if result["aims"] else None for _r, result in per_round]
        for aim in AIMS
    }
    flags = []
    for code, series in principle_series.items():
        known = [v for v in series[-3:] if v is not None]
        if len(series) >= 3 and len(known) == 3 and known[0] > known[1] > known[2]:
            flags.append({"code": code, "reason": "falling", "principle": labels.get(code)})
    if per_round:
        for row in per_round[-1][1]["principles"]:
            if row["revise_flag"]:
                flags.append(
                    {"code": row["code"], "reason": "revise", "principle": row["principle"]}
                )
    return {
        "rounds": rounds,
        "principles": [
            {"code": code, "principle": labels.get(code), "means": series}
            for code, series in principle_series.items()
        ],
        "aims": aim_series,
        "flags": flags,
    }
