"""A learned view of the sentence vectors: the few directions in which answers to one theme
differ least and the themes of a question differ most.

e5-small's raw similarity mostly sees how an answer is written (its length, language, tone)
before what it says. Fitted on hand-labelled workshops (linear discriminant analysis: each
theme of each question of each set is a class), a 384 x 24 matrix keeps what told their themes
apart and drops what varied inside a theme. It is fitted once, offline, by
`python -m vogter.themes.tests.fit_projection`, and shipped as `projection.npz` beside this
file with the model it belongs to and a digest of each set it was fitted on (docs/themes.md).
With another model, or without the file, the vectors are used as they are.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

PROJECTION_FILE = Path(__file__).with_name("projection.npz")
DIMENSIONS = 24
# Share of the within-theme scatter replaced by its mean variance: a few thousand answers do
# not estimate 384 x 384 covariances well (docs/themes.md: 16-48 dimensions and 0.1-0.7 tried).
SHRINK = 0.3
logger = logging.getLogger(__name__)
# A projection in place of the shipped one, for the leave-one-set-out evaluation (`using`).
_instead: tuple[Matrix | None, str] | None = None


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


def save(projection: Matrix, model_id: str, sets: dict[str, str], path: Path) -> None:
    np.savez(
        path,
        projection=projection.astype(np.float32),
        model=np.array(model_id),
        sets=np.array(sorted(f"{name} {sha}" for name, sha in sets.items())),
    )


@cache
def _stored(path: Path = PROJECTION_FILE) -> tuple[Matrix, str, tuple[str, ...]] | None:
    try:
        with np.load(path) as data:
            return (
                data["projection"].astype(np.float64),
                str(data["model"]),
                tuple(str(s) for s in data["sets"]),
            )
    except (OSError, KeyError, ValueError):
        logger.warning("themes: no usable projection in %s; the vectors are used as they are", path)
        return None


@cache
def _warn_other_model(fitted_for: str, model_id: str) -> None:
    logger.warning(
        "themes: the projection was fitted for %r, not %r: refit it "
        "(python -m vogter.themes.tests.fit_projection); the vectors are used as they are",
        fitted_for,
        model_id,
    )


def fitted_on() -> tuple[str, ...]:
    """The sets the shipped projection was fitted on, each as "path sha256"."""
    stored = _stored()
    return stored[2] if stored else ()


def fitted_for() -> str:
    """The model (embed.model_id()) the shipped projection was fitted for."""
    stored = _stored()
    return stored[1] if stored else ""


def project(vecs: Matrix, model_id: str) -> Matrix:
    """Rows of `vecs` (vectors of the model `model_id`) in the learned view, unit length; as
    they are where no projection was fitted for that model."""
    stored = _stored()
    projection, fitted_for = _instead or (stored[:2] if stored else (None, ""))
    if projection is not None and fitted_for != model_id:
        _warn_other_model(fitted_for, model_id)
    if projection is None or fitted_for != model_id or vecs.shape[0] == 0:
        return vecs
    out = vecs @ projection
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 1e-12)


@contextmanager
def using(projection: Matrix | None, model_id: str) -> Iterator[None]:
    """Suggest with this projection (None: none at all) instead of the shipped one."""
    global _instead
    before = _instead
    _instead = (projection, model_id)
    try:
        yield
    finally:
        _instead = before
