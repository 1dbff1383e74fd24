"""Fit the learned projection of the sentence vectors (vogter/themes/metric.py) on the labelled
sets, or measure what it does on sets it was not fitted on.

    python -m vogter.themes.tests.fit_projection          # refit, write projection.npz
    python -m vogter.themes.tests.fit_projection --check  # fitted on the sets as they are?
    python -m vogter.themes.tests.fit_projection --leave-one-out SET ...

--leave-one-out fits once per named set on all the other training sets and scores that set
with the fit it never saw (mean ARI, as vogter.themes.tests.quality), beside the same without
any projection: the honest figure for the training sets themselves. Embedding every training
set costs a few minutes on a small machine the first time (VOGTER_THEMES_CACHE keeps them).
"""

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from vogter.themes import metric

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[3]
# Every hand-labelled set in the repository except the held-out sets written blind for issue 21
# (heldout/hb*, hc*, hd*), which score the method and must never shape it.
TRAINING_SETS = (
    DATA / "dev_answers.csv",
    DATA / "dev2_answers.csv",
    DATA / "dev3_answers.csv",
    ROOT / "bench" / "data" / "themes_heldout.csv",
    ROOT / "bench" / "data" / "themes_heldout2.csv",
    DATA / "heldout" / "dv4-police.csv",
    DATA / "heldout" / "ho1-hospital.csv",
    DATA / "heldout" / "ho2-it.csv",
    DATA / "heldout" / "ho3-school.csv",
    DATA / "heldout" / "ho4-union.csv",
    *sorted((DATA / "train").glob("*.csv")),
)


def name(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def groups(path: Path) -> Iterator[tuple[str, np.ndarray, list[str]]]:
    """(question, centred vectors, themes) per question of one labelled set."""
    from vogter.themes import embed
    from vogter.themes.tests.quality import load
    from vogter.themes.text import features

    rows = load(path)
    for question in sorted({r["question"] for r in rows}):
        mine = [r for r in rows if r["question"] == question]
        texts = [r["text"] for r in mine]
        languages = [features(t).language_group for t in texts]
        yield question, embed.centred(embed.vectors(texts), languages), [r["theme"] for r in mine]


def fit_on(paths: list[Path]) -> "metric.Projection":
    """The shared matrix, fitted on every question of every set, and one per question (the
    kit's q1-q5, as the sets name them), fitted on that question's answers alone."""
    from vogter.themes import embed, metric

    found = [g for path in paths for g in groups(path)]
    return metric.Projection(
        matrix=metric.fit((x, labels) for _, x, labels in found),
        model_id=embed.model_id(),
        sets=tuple(f"{name(p)} {metric.digest(p)}" for p in paths),
        dims=metric.DIMENSIONS,
        shrink=metric.SHRINK,
        by_question=tuple(
            (key, metric.fit((x, labels) for question, x, labels in found if question == key))
            for key in sorted({question for question, _, _ in found})
        ),
    )


def stale() -> list[str]:
    """Training sets added, changed or removed since projection.npz was fitted."""
    from vogter.themes import metric

    now = {f"{name(p)} {metric.digest(p)}" for p in TRAINING_SETS}
    shipped = set(metric.shipped().sets)
    return sorted(now ^ shipped)


def leave_one_out(held: list[Path]) -> None:
    from vogter.themes import embed, metric
    from vogter.themes.tests.quality import load, score_questions, summary

    if not embed.available():
        raise SystemExit("the sentence model is not installed")
    for path in held:
        others = [p for p in TRAINING_SETS if p.resolve() != path.resolve()]
        projection = fit_on(others)
        rows = load(path)
        with metric.using(metric.Projection(None, embed.model_id())):
            without = summary(score_questions(rows))
        with metric.using(projection):
            unseen = summary(score_questions(rows))
        sys.stdout.write(
            f"{path.name:28} without {without['ari_true_k']:.3f} / {without['ari_auto_k']:.3f}"
            f"   fitted on the others {unseen['ari_true_k']:.3f} / {unseen['ari_auto_k']:.3f}"
            f"   auto k within 1: {without['k_within_1']:.0%} -> {unseen['k_within_1']:.0%}\n"
        )
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--leave-one-out", nargs="+", type=Path, metavar="SET")
    args = parser.parse_args(argv)
    from vogter.themes import embed, metric

    if args.check:
        changed = stale()
        for line in changed:
            sys.stdout.write(f"differs: {line}\n")
        return 1 if changed else 0
    if args.leave_one_out:
        leave_one_out(args.leave_one_out)
        return 0
    if not embed.available():
        raise SystemExit("the sentence model is not installed")
    projection = fit_on(list(TRAINING_SETS))
    metric.save(projection, metric.PROJECTION_FILE)
    sys.stdout.write(
        f"{metric.PROJECTION_FILE}: 384 x {projection.dims}, and one for each of "
        f"{', '.join(q for q, _ in projection.by_question)}; {len(TRAINING_SETS)} sets\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
