"""A learned view of the sentence vectors: the few directions in which answers to one theme
differ least and the themes of a question differ most.

e5-small's raw similarity mostly sees how an answer is written (its length, language, tone)
before what it says. Fitted on hand-labelled workshops (linear discriminant analysis: each
theme of each question of each set is a class), a 384 x 24 matrix keeps what told their themes
apart and drops what varied inside a theme. Beside it, one such matrix per question of the kit,
fitted on that question's answers alone, sees what separates the themes of that question (the
themes of "what value is added?" differ in other ways than those of "which values to keep?"):
the two views are joined, half each. It is all fitted once, offline, by
`python -m vogter.themes.tests.fit_projection`, and shipped as `projection.npz` beside this
file with the model it belongs to and a digest of each set it was fitted on (docs/themes.md).
With another model, or without the file, the vectors are used as they are.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

PROJECTION_FILE = Path(__file__).with_name("projection.npz")
DIMENSIONS = 24
# Share of the within-theme scatter replaced by its mean variance: a few thousand answers do
# not estimate 384 x 384 covariances well (docs/themes.md: 16-64 dimensions and 0.1-0.7 tried).
SHRINK = 0.3
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Projection:
    matrix: Matrix | None  # None: the vectors as they are
    model_id: str  # the model whose vectors it was fitted on (embed.model_id())
    sets: tuple[str, ...] = ()  # "path sha256" of each set it was fitted on
    dims: int = 0
    shrink: float = 0.0
    # Question key ("q1") -> that question's own matrix; other questions use `matrix` alone.
    by_question: tuple[tuple[str, Matrix], ...] = ()

    def for_question(self, question: str | None) -> Matrix | None:
        """The matrix for answers to `question`: the shared one joined with the question's own
        (each scaled to the same size, half each), or the shared one alone."""
        own = dict(self.by_question).get(question or "")
        if self.matrix is None or own is None:
            return self.matrix
        return np.hstack(
            [
                self.matrix / np.linalg.norm(self.matrix) * np.sqrt(0.5),
                own / np.linalg.norm(own) * np.sqrt(0.5),
            ]
        )


# A projection in place of the shipped one, in this context only: the leave-one-set-out
# evaluation and tests (`using`); a server thread suggesting meanwhile is not affected.
_instead: ContextVar[Projection | None] = ContextVar("themes_projection", default=None)


def fit(
    groups: Iterable[tuple[Matrix, Sequence[str]]],
    dims: int = DIMENSIONS,
    shrink: float = SHRINK,
) -> Matrix:
    """The projection (d x dims) that best separates the labelled classes of the rows.

    `groups` holds one (rows, labels) pair per question of a labelled set; labels are local to
    their group, so "time" in one workshop is not the same class as "time" in another."""
    rows: list[Matrix] = []
    classes: list[str] = []
    for number, (x, labels) in enumerate(groups):
        if len(labels) != x.shape[0]:
            raise ValueError("one label per row")
        rows.append(np.asarray(x, dtype=np.float64))
        classes.extend(f"{number}/{label}" for label in labels)
    x = np.vstack(rows)
    y = np.asarray(classes)
    d = x.shape[1]
    if not 0 < dims <= d:
        raise ValueError("dims must be between 1 and the vectors' dimensions")
    mean = x.mean(axis=0)
    within = np.zeros((d, d))
    between = np.zeros((d, d))
    for label in sorted(set(classes)):
        members = x[y == label]
        centre = members.mean(axis=0)
        spread = members - centre
        within += spread.T @ spread
        between += members.shape[0] * np.outer(centre - mean, centre - mean)
    within /= x.shape[0]
    between /= x.shape[0]
    within = (1 - shrink) * within + shrink * np.trace(within) / d * np.eye(d)
    # Whiten the within-theme scatter, then keep the directions of most between-theme scatter.
    values, vectors = np.linalg.eigh(within)
    whiten = vectors / np.sqrt(np.clip(values, 1e-12, None))
    _, directions = np.linalg.eigh(whiten.T @ between @ whiten)
    projection: Matrix = whiten @ directions[:, ::-1][:, :dims]
    return projection


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(projection: Projection, path: Path) -> None:
    if projection.matrix is None:
        raise ValueError("nothing to save")
    arrays: dict[str, Any] = {
        "projection": projection.matrix.astype(np.float32),
        "model": np.array(projection.model_id),
        "sets": np.array(sorted(projection.sets)),
        "dims": np.array(projection.dims),
        "shrink": np.array(projection.shrink),
        "questions": np.array([question for question, _ in projection.by_question]),
    }
    for question, matrix in projection.by_question:
        arrays[f"question_{question}"] = matrix.astype(np.float32)
    np.savez(path, **arrays)
    shipped.cache_clear()


@cache
def shipped() -> Projection:
    """The projection in PROJECTION_FILE (with no matrix when there is none to read)."""
    try:
        with np.load(PROJECTION_FILE) as data:
            questions = [str(q) for q in data["questions"]]
            return Projection(
                matrix=data["projection"].astype(np.float64),
                model_id=str(data["model"]),
                sets=tuple(str(s) for s in data["sets"]),
                dims=int(data["dims"]),
                shrink=float(data["shrink"]),
                by_question=tuple((q, data[f"question_{q}"].astype(np.float64)) for q in questions),
            )
    except (OSError, KeyError, ValueError):
        logger.warning(
            "themes: no usable projection in %s; the vectors are used as they are",
            PROJECTION_FILE,
        )
        return Projection(None, "")


@cache
def _warn_other_model(fitted_for: str, model_id: str) -> None:
    logger.warning(
        "themes: the projection was fitted for %r, not %r: refit it "
        "(python -m vogter.themes.tests.fit_projection); the vectors are used as they are",
        fitted_for,
        model_id,
    )


def _current() -> Projection:
    return _instead.get() or shipped()


def applies(model_id: str) -> bool:
    """Whether vectors of this model are seen through a projection (`project` changes them)."""
    current = _current()
    if current.matrix is not None and current.model_id != model_id:
        _warn_other_model(current.model_id, model_id)
    return current.matrix is not None and current.model_id == model_id


def project(vecs: Matrix, model_id: str, question: str | None = None) -> Matrix:
    """Rows of `vecs` (vectors of the model `model_id`, answers to `question`) in the learned
    view, unit length; as they are where no projection was fitted for that model."""
    matrix = _current().for_question(question)
    if matrix is None or not applies(model_id) or vecs.shape[0] == 0:
        return vecs
    out = vecs @ matrix
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 1e-12)


@contextmanager
def using(projection: Projection) -> Iterator[None]:
    """Suggest with this projection (its matrix None: none at all) instead of the shipped one,
    in this context (thread or task) only."""
    token = _instead.set(projection)
    try:
        yield
    finally:
        _instead.reset(token)
