"""Adjusted Rand index of the suggested themes against hand labels (the development set).

Run `python -m vogter.themes.tests.quality [FILE.csv]` for a per-question report. The file
needs the columns id, question, text and theme (the human label).
"""

import csv
import json
import sys
from collections import Counter
from math import comb
from pathlib import Path

from vogter.themes.suggest import Answer, suggest_themes

DEV_SET = Path(__file__).parent / "data" / "dev_answers.csv"


def adjusted_rand_index(truth: list[str], found: list[str]) -> float:
    n = len(truth)
    pairs = Counter(zip(truth, found, strict=True))
    sum_cells = sum(comb(c, 2) for c in pairs.values())
    sum_rows = sum(comb(c, 2) for c in Counter(truth).values())
    sum_cols = sum(comb(c, 2) for c in Counter(found).values())
    expected = sum_rows * sum_cols / comb(n, 2) if n > 1 else 0.0
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (sum_cells - expected) / (maximum - expected)


def load(path: Path = DEV_SET) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def evaluate(rows: list[dict[str, str]], true_k: bool) -> dict[str, float]:
    """ARI per question, with k = the true number of themes or chosen automatically."""
    scores = {}
    for question in sorted({r["question"] for r in rows}):
        mine = [r for r in rows if r["question"] == question]
        k = len({r["theme"] for r in mine}) if true_k else None
        themes = suggest_themes([Answer(r["id"], question, r["text"]) for r in mine], k=k)
        where = {aid: t.label for t in themes for aid in t.answer_ids}
        scores[question] = adjusted_rand_index(
            [r["theme"] for r in mine], [where[r["id"]] for r in mine]
        )
    scores["mean"] = sum(scores.values()) / len(scores)
    return scores


if __name__ == "__main__":
    data = load(Path(sys.argv[1])) if len(sys.argv) > 1 else load()
    report = {
        "true_k": {q: round(s, 3) for q, s in evaluate(data, True).items()},
        "auto_k": {q: round(s, 3) for q, s in evaluate(data, False).items()},
    }
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
