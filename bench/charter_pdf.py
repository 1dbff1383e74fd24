"""How long a charter PDF takes to render.

Renders the sample charter (12 principles, every level cell filled, one long cell set
as a block) once cold (fonts registered, modules warm up), then N times warm, in
each language. Django settings only (for the translations), no database: the exporter is a
pure function of the document.

    .venv/bin/python bench/charter_pdf.py [--rounds N]

The last line printed is one JSON object: {"cold_ms": …, "warm": {"p50_ms": …, "p95_ms": …}, …}.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
os.environ.setdefault("DEBUG", "true")  # settings only: the exporter touches no database
_imported = time.perf_counter()
import django  # noqa: E402

django.setup()

from vogter.charters.exporters import pdf  # noqa: E402
from vogter.charters.tests.sample import sample_document  # noqa: E402

IMPORT_MS = (time.perf_counter() - _imported) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--principles", type=int, default=12)
    args = parser.parse_args()
    doc = sample_document(args.principles)

    started = time.perf_counter()
    data = pdf.render(doc, "da")
    cold = (time.perf_counter() - started) * 1000

    warm: list[float] = []
    for i in range(args.rounds):
        language = ("da", "en")[i % 2]
        started = time.perf_counter()
        pdf.render(doc, language)
        warm.append((time.perf_counter() - started) * 1000)

    result = {
        "principles": args.principles,
        "rounds": args.rounds,
        "bytes": len(data),
        "import_ms": round(IMPORT_MS, 1),
        "cold_ms": round(cold, 1),
        "warm": {
            "p50_ms": round(statistics.median(warm), 1),
            "p95_ms": round(percentile(warm, 0.95), 1),
            "max_ms": round(max(warm), 1),
        },
        "cpus": os.cpu_count(),
    }
    print(f"import (Django, Typst, exporters): {IMPORT_MS:.1f} ms")
    print(f"cold render: {cold:.1f} ms ({len(data):,} bytes)")
    print(
        f"warm, {args.rounds} renders: p50 {result['warm']['p50_ms']} ms, p95 {result['warm']['p95_ms']} ms"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
