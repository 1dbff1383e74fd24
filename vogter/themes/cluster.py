"""Spherical k-means on unit-length rows, deterministically seeded, and the choice of k."""

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Labels = NDArray[np.intp]

_SEED = 20250
# Automatic k: each further theme costs this share of the best silhouette (see choose_k), and
# inputs of this many rows get at least three themes.
K_PENALTY = 0.08
MIN_ROWS_FOR_THREE = 20


def _normalise_rows(x: Matrix) -> Matrix:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _seed_centres(x: Matrix, k: int, rng: np.random.Generator) -> Matrix:
    """k-means++ seeding on cosine distance."""
    n = x.shape[0]
    first = int(rng.integers(n))
    chosen = [first]
    distance = 1.0 - x @ x[first]
    for _ in range(1, k):
        weights = np.clip(distance, 0.0, None) ** 2
        total = float(weights.sum())
        if total <= 1e-12:
            # Every row is already some centre's twin: take any row not chosen yet.
            rest = np.setdiff1d(np.arange(n), chosen)
            nxt = int(rest[0])
        else:
            nxt = int(rng.choice(n, p=weights / total))
        chosen.append(nxt)
        distance = np.minimum(distance, 1.0 - x @ x[nxt])
    return x[chosen].copy()


def _lloyd(x: Matrix, centres: Matrix, iterations: int = 40) -> tuple[Labels, float]:
    labels: Labels = np.zeros(x.shape[0], dtype=np.intp)
    for step in range(iterations):
        similarity = x @ centres.T
        new = np.argmax(similarity, axis=1).astype(np.intp)
        if step > 0 and np.array_equal(new, labels):
            break
        labels = new
        k = centres.shape[0]
        counts = np.bincount(labels, minlength=k)
        for empty in np.flatnonzero(counts == 0):
            # Revive an empty cluster with the row worst served by its centre.
            worst = int(np.argmin(similarity[np.arange(x.shape[0]), labels]))
            labels[worst] = empty
        onehot = np.zeros((x.shape[0], k))
        onehot[np.arange(x.shape[0]), labels] = 1.0
        centres = _normalise_rows(onehot.T @ x)
    score = float((x * centres[labels]).sum())
    return labels, score


def default_restarts(n: int) -> int:
    """Many k-means++ restarts for workshop-sized inputs (the best objective of many is far more
    stable than of a few), fewer as inputs grow."""
    if n <= 300:
        return 50
    if n <= 1000:
        return 20
    return 6


def spherical_kmeans(x: Matrix, k: int, restarts: int | None = None) -> Labels:
    """Cluster the rows of x (each of unit length, or zero) into k groups; the best of restarts."""
    n = x.shape[0]
    if k >= n:
        return np.arange(n, dtype=np.intp)
    if k <= 1:
        return np.zeros(n, dtype=np.intp)
    if restarts is None:
        restarts = default_restarts(n)
    rng = np.random.default_rng(_SEED)
    best_labels, best_score = _lloyd(x, _seed_centres(x, k, rng))
    for _ in range(restarts - 1):
        labels, score = _lloyd(x, _seed_centres(x, k, rng))
        if score > best_score + 1e-9:
            best_labels, best_score = labels, score
    return best_labels


def silhouette(x: Matrix, labels: Labels, sample: int = 800) -> float:
    """Mean silhouette on cosine distance, over a fixed sample of rows for large inputs."""
    n = x.shape[0]
    k = int(labels.max()) + 1
    if k < 2 or k >= n:
        return -1.0
    rows = np.arange(n)
    if n > sample:
        rows = np.random.default_rng(_SEED).choice(n, size=sample, replace=False)
    distance = 1.0 - x[rows] @ x.T
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = 1.0
    sizes = onehot.sum(axis=0)
    sums = distance @ onehot
    own = labels[rows]
    own_size = sizes[own] - 1
    a = np.divide(
        sums[np.arange(len(rows)), own], own_size, where=own_size > 0, out=np.zeros(len(rows))
    )
    mean_other = sums / np.maximum(sizes, 1)
    mean_other[np.arange(len(rows)), own] = np.inf
    b = mean_other.min(axis=1)
    s = np.where(own_size > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def choose_k(x: Matrix, k_max: int, sample: int = 600) -> tuple[int, Labels]:
    """The k in 2 (3 from MIN_ROWS_FOR_THREE rows)..k_max with the best silhouette less a
    penalty per theme, and its clustering.

    Large inputs choose k on a fixed sample of rows, then cluster all rows with that k.
    """
    n = x.shape[0]
    if n > sample:
        rows = np.sort(np.random.default_rng(_SEED).choice(n, size=sample, replace=False))
        k, _ = choose_k(x[rows], k_max, sample)
        return k, spherical_kmeans(x, k)
    scored: list[tuple[int, float]] = []
    k_min = 3 if n >= MIN_ROWS_FOR_THREE else 2
    for k in range(k_min, min(k_max, n - 1) + 1):
        labels = spherical_kmeans(x, k, restarts=max(4, default_restarts(n) // 3))
        scored.append((k, silhouette(x, labels)))
    if not scored:
        return 1, np.zeros(n, dtype=np.intp)
    # Silhouette alone creeps up with k on short answers (small, tight groups of near-twins):
    # each further theme must earn its keep, in proportion to how well separated the best
    # clustering is (the lexicon and the joined model rows differ in scale).
    top = max(s for _, s in scored)
    penalty = K_PENALTY * max(top, 0.0)
    k = max(scored, key=lambda ks: (ks[1] - penalty * ks[0], -ks[0]))[0]
    return k, spherical_kmeans(x, k)
