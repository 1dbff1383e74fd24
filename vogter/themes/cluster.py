"""Clustering unit-length rows: spectral clustering on a graph of nearest neighbours (the themes),
spherical k-means (deterministically seeded; in the spectral embedding and to split a theme), and
the choice of k."""

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Labels = NDArray[np.intp]

_SEED = 20250
# Automatic k: each further theme costs this share of the best silhouette (see choose_k), and
# inputs of this many rows get at least three themes.
K_PENALTY = 0.08
MIN_ROWS_FOR_THREE = 20
# Spectral clustering: each row is joined to its ~1.3·√n nearest rows (10 for 60 answers), and
# inputs above this many rows are clustered on a fixed sample, the rest joining the nearest theme.
NEIGHBOURS_PER_ROOT = 1.3
MIN_NEIGHBOURS = 5
SPECTRAL_SAMPLE = 600


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


def neighbours(n: int) -> int:
    return max(1, min(n - 1, max(MIN_NEIGHBOURS, round(NEIGHBOURS_PER_ROOT * float(np.sqrt(n))))))


class Spectral:
    """The spectral embedding of rows: the leading eigenvectors of the normalised affinity of a
    symmetric graph of nearest neighbours (cosine), computed once for every k.

    Short answers make groups that are not round: a theme is a chain of answers that each
    resemble a few others more than they resemble its centre. k-means cuts such chains; the
    graph follows them (docs/themes.md: +0.04 ARI on the blind sets, and the same themes from
    one seed to the next where k-means varied by ±0.03).
    """

    def __init__(self, x: Matrix) -> None:
        n = x.shape[0]
        similarity = x @ x.T
        np.fill_diagonal(similarity, -np.inf)
        m = neighbours(n)
        # Ties broken by row order, which the caller makes canonical.
        nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :m]
        rows = np.repeat(np.arange(n), m)
        cols = nearest.ravel()
        affinity = np.zeros((n, n))
        affinity[rows, cols] = np.clip(similarity[rows, cols], 0.0, None)
        affinity = np.maximum(affinity, affinity.T)
        degree = affinity.sum(axis=1)
        scale = 1.0 / np.sqrt(np.where(degree > 0, degree, 1.0))
        _, vectors = np.linalg.eigh(scale[:, None] * affinity * scale[None, :])
        self.vectors = vectors[:, ::-1]

    def labels(self, k: int, restarts: int | None = None) -> Labels:
        return spherical_kmeans(_normalise_rows(self.vectors[:, :k]), k, restarts)


def spectral_clusters(x: Matrix, k: int) -> Labels:
    """k themes by spectral clustering; above SPECTRAL_SAMPLE rows on a fixed sample, then every
    row joins the nearest theme centre."""
    n = x.shape[0]
    if k >= n:
        return np.arange(n, dtype=np.intp)
    if k <= 1:
        return np.zeros(n, dtype=np.intp)
    if n <= SPECTRAL_SAMPLE:
        return Spectral(x).labels(k)
    rows = _sample(n, SPECTRAL_SAMPLE)
    return _extend(x, rows, Spectral(x[rows]).labels(k), k)


def _sample(n: int, size: int) -> NDArray[np.intp]:
    return np.sort(np.random.default_rng(_SEED).choice(n, size=size, replace=False))


def _extend(x: Matrix, rows: NDArray[np.intp], found: Labels, k: int) -> Labels:
    onehot = np.zeros((rows.size, k))
    onehot[np.arange(rows.size), found] = 1.0
    centres = _normalise_rows(onehot.T @ x[rows])
    labels: Labels = np.argmax(x @ centres.T, axis=1).astype(np.intp)
    labels[rows] = found
    return labels


def choose_k(
    x: Matrix,
    k_max: int,
    sample: int = SPECTRAL_SAMPLE,
    spectral: bool = True,
    penalty: float = K_PENALTY,
) -> tuple[int, Labels]:
    """The k in 2 (3 from MIN_ROWS_FOR_THREE rows)..k_max with the best silhouette less a
    penalty per theme, and its clustering (spectral, or spherical k-means).

    Large inputs choose k on a fixed sample of rows; with spectral clustering the sample is
    clustered and the others join the nearest theme, with k-means all rows are clustered anew.
    """
    n = x.shape[0]
    if n > sample:
        rows = _sample(n, sample)
        k, found = choose_k(x[rows], k_max, sample, spectral, penalty)
        return k, _extend(x, rows, found, k) if spectral else spherical_kmeans(x, k)
    k_min = 3 if n >= MIN_ROWS_FOR_THREE else 2
    candidates = range(k_min, min(k_max, n - 1) + 1)
    if not candidates:
        return 1, np.zeros(n, dtype=np.intp)
    graph = Spectral(x) if spectral else None
    scored: list[tuple[int, float, Labels]] = []
    for k in candidates:
        if graph is not None:
            labels = graph.labels(k)
        else:
            labels = spherical_kmeans(x, k, restarts=max(4, default_restarts(n) // 3))
        scored.append((k, silhouette(x, labels), labels))
    # Silhouette alone creeps up with k on short answers (small, tight groups of near-twins):
    # each further theme must earn its keep, in proportion to how well separated the best
    # clustering is (the lexicon and the joined model rows differ in scale).
    top = max(s for _, s, _ in scored)
    cost = penalty * max(top, 0.0)
    k, _, labels = max(scored, key=lambda ks: (ks[1] - cost * ks[0], -ks[0]))
    # k-means chose with a third of the restarts: the chosen k again with all of them.
    return k, labels if graph is not None else spherical_kmeans(x, k)
