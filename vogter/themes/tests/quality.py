"""Adjusted Rand index of the suggested themes against hand labels.

    python -m vogter.themes.tests.quality [FILE.csv ...] [--paths lexicon,default] [--json]
        [--lexicon OLD_LEXICON.py]

Any CSV with the columns id, question, text and theme (the human label) will do; without a file,
the three development sets in tests/data. For each file and path it prints, per question, the
number of answers, the true number of themes, the ARI with k = the true k, the k chosen
automatically and the ARI with it, then the means and how often the chosen k is within one of the
truth. Paths: "lexicon" is the lexicon alone (VOGTER_THEMES_MODEL=off), "default" what a default
install runs (the sentence model as well, when it is available).

--lexicon replaces vogter/themes/lexicon.py with another version of it, such as one from before a
set was read (`git show 4bf0740:vogter/themes/lexicon.py > /tmp/lexicon.py`): how the method does
on words its lexicon was not written for.
"""

import argparse
import csv
import importlib.util
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path

DATA = Path(__file__).parent / "data"
DEV_SET = DATA / "dev_answers.csv"
DEV_SETS = (DEV_SET, DATA / "dev2_answers.csv", DATA / "dev3_answers.csv")
PATHS = ("lexicon", "default")


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


@dataclass(frozen=True)
class Score:
    question: str
    n: int
    true_k: int
    ari_true_k: float
    auto_k: int
    ari_auto_k: float


def _grouping(rows: list[dict[str, str]], question: str, k: int | None) -> tuple[list[str], int]:
    # Imported here, so that --lexicon can put another lexicon in place first.
    from vogter.themes.suggest import Answer, suggest_themes

    themes = suggest_themes([Answer(r["id"], question, r["text"]) for r in rows], k=k)
    where = {aid: t.label for t in themes for aid in t.answer_ids}
    return [where[r["id"]] for r in rows], len(themes)


def score_questions(rows: list[dict[str, str]]) -> list[Score]:
    """Per question (one call each, as a facilitator would ask): ARI with true and automatic k."""
    scores = []
    for question in sorted({r["question"] for r in rows}):
        mine = [r for r in rows if r["question"] == question]
        truth = [r["theme"] for r in mine]
        true_k = len(set(truth))
        fixed, _ = _grouping(mine, question, true_k)
        auto, auto_k = _grouping(mine, question, None)
        scores.append(
            Score(
                question,
                len(mine),
                true_k,
                adjusted_rand_index(truth, fixed),
                auto_k,
                adjusted_rand_index(truth, auto),
            )
        )
    return scores


def evaluate(rows: list[dict[str, str]], true_k: bool) -> dict[str, float]:
    """ARI per question, with k = the true number of themes or chosen automatically."""
    result: dict[str, float] = {
        s.question: (s.ari_true_k if true_k else s.ari_auto_k) for s in score_questions(rows)
    }
    result["mean"] = sum(result.values()) / len(result)
    return result


def summary(scores: list[Score]) -> dict[str, float]:
    n = len(scores)
    return {
        "ari_true_k": sum(s.ari_true_k for s in scores) / n,
        "ari_auto_k": sum(s.ari_auto_k for s in scores) / n,
        "k_within_1": sum(abs(s.auto_k - s.true_k) <= 1 for s in scores) / n,
        "k_exact": sum(s.auto_k == s.true_k for s in scores) / n,
    }


def run_path(path: str, rows: list[dict[str, str]]) -> list[Score]:
    before = os.environ.get("VOGTER_THEMES_MODEL")
    if path == "lexicon":
        os.environ["VOGTER_THEMES_MODEL"] = "off"
    try:
        return score_questions(rows)
    finally:
        if before is None:
            os.environ.pop("VOGTER_THEMES_MODEL", None)
        else:
            os.environ["VOGTER_THEMES_MODEL"] = before


def _table(name: str, path: str, scores: list[Score]) -> str:
    lines = [f"{name} [{path}]", "  question     n  true k  ARI@true  auto k  ARI@auto"]
    for s in scores:
        lines.append(
            f"  {s.question:<10} {s.n:>3} {s.true_k:>7} {s.ari_true_k:>9.3f} "
            f"{s.auto_k:>7} {s.ari_auto_k:>9.3f}"
        )
    m = summary(scores)
    lines.append(
        f"  {'mean':<10} {'':>3} {'':>7} {m['ari_true_k']:>9.3f} {'':>7} {m['ari_auto_k']:>9.3f}"
        f"   auto k within 1 of the truth: {m['k_within_1']:.0%}, exact: {m['k_exact']:.0%}"
    )
    return "\n".join(lines)


def _use_lexicon(path: Path) -> None:
    if "vogter.themes.text" in sys.modules:
        raise SystemExit("--lexicon must come before the themes are imported")
    spec = importlib.util.spec_from_file_location("vogter.themes.lexicon", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules["vogter.themes.lexicon"] = module
    spec.loader.exec_module(module)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    parser.add_argument("--lexicon", type=Path, help="another version of vogter/themes/lexicon.py")
    args = parser.parse_args(argv)
    if args.lexicon:
        _use_lexicon(args.lexicon)
    files = args.files or list(DEV_SETS)
    paths = [p for p in args.paths.split(",") if p]
    report: dict[str, dict[str, object]] = {}
    for file in files:
        rows = load(file)
        for path in paths:
            scores = run_path(path, rows)
            report.setdefault(str(file), {})[path] = {
                **{k: round(v, 3) for k, v in summary(scores).items()},
                "questions": [
                    {
                        "question": s.question,
                        "n": s.n,
                        "true_k": s.true_k,
                        "ari_true_k": round(s.ari_true_k, 3),
                        "auto_k": s.auto_k,
                        "ari_auto_k": round(s.ari_auto_k, 3),
                    }
                    for s in scores
                ],
            }
            if not args.json:
                sys.stdout.write(_table(file.name, path, scores) + "\n\n")
                sys.stdout.flush()
    if args.json:
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
