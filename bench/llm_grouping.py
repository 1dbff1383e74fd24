"""Scores the language model's grouping (vogter/principles/grouping.py) against hand labels.

    .venv/bin/python bench/llm_grouping.py FILE.csv --base-url http://127.0.0.1:8080/v1 \
        [--model NAME] [--k true|auto] [--language da|en] [--timeout 600] [--out FILE.json]

FILE.csv has the columns id, question, text and theme (the human label), like
vogter/themes/tests/data/dev_answers.csv. Each question's answers go through exactly the
path the theme wall uses: scrubbed, numbered, one request; an unusable reply falls back to
Vogter's own suggestion. The key, if the server needs one, is read from VOGTER_LLM_API_KEY.

Printed per question: the adjusted Rand index (ARI) of what the facilitator would be shown,
whether that was the model's grouping or the fallback (and why), the model's number of
groups against the true one, the built-in suggestion's ARI with the same k for comparison,
and the seconds the request took. The last line is one JSON object with all of it.

When the model's reply was refused, `raw_ari` is a diagnostic only (the product never
shows it): the reply read leniently, answers it left out or repeated each counted as a
group of their own (after their first placement), numbers it invented ignored.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vogter.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from vogter.llm import assist  # noqa: E402
from vogter.llm.client import Answer as Reply  # noqa: E402
from vogter.llm.client import Endpoint  # noqa: E402
from vogter.principles.grouping import propose  # noqa: E402
from vogter.themes.suggest import Answer, suggest_themes  # noqa: E402
from vogter.themes.tests.quality import adjusted_rand_index, load  # noqa: E402
from vogter.workshops.kit import QUESTIONS  # noqa: E402

KIT = {q.key: q for q in QUESTIONS}


def _question_text(key: str, language: str) -> str:
    kit = KIT.get(key)
    if kit is None:
        return key
    return kit.da if language == "da" else kit.en


# The last reply's text, for the diagnostic: the product path is used unchanged, and only
# what came back is kept on the side.
_last: list[str] = []
_complete = assist.complete


def _recording_complete(payload: dict[str, object], endpoint: Endpoint | None = None) -> Reply:
    answer = _complete(payload, endpoint)
    _last.append(answer.content)
    return answer


assist.complete = _recording_complete  # type: ignore[assignment]


def _lenient(content: str, count: int) -> list[str] | None:
    """Group numbers per answer from a reply the product refused; None if unreadable."""
    start = content.find("{")
    try:
        data, _ = json.JSONDecoder().raw_decode(content, start) if start >= 0 else (None, 0)
        groups = data["groups"] if isinstance(data, dict) else data
    except (json.JSONDecodeError, KeyError, TypeError):
        return None
    found: dict[int, str] = {}
    if not isinstance(groups, list):
        return None
    for n, group in enumerate(groups):
        numbers = group.get("answers", []) if isinstance(group, dict) else []
        for value in numbers if isinstance(numbers, list) else []:
            if isinstance(value, str) and value.strip().isdecimal():
                value = int(value)
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= count:
                found.setdefault(value - 1, f"g{n}")
    return [found.get(i, f"alone{i}") for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--base-url", required=True, help="the API root, e.g. http://…/v1")
    parser.add_argument("--model", default="local")
    parser.add_argument("--k", choices=("true", "auto"), default="auto")
    parser.add_argument("--language", choices=("da", "en"), default="da")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    endpoint = Endpoint(
        base_url=args.base_url.rstrip("/"),
        model=args.model,
        api_key=os.environ.get("VOGTER_LLM_API_KEY", ""),
        timeout=args.timeout,
    )
    rows = load(args.file)
    report: dict[str, dict[str, object]] = {}
    for question in sorted({r["question"] for r in rows}):
        mine = [r for r in rows if r["question"] == question]
        answers = [Answer(r["id"], question, r["text"]) for r in mine]
        truth = [r["theme"] for r in mine]
        true_k = len(set(truth))
        k = true_k if args.k == "true" else None
        _last.clear()
        started = time.monotonic()
        proposal = propose(
            answers, _question_text(question, args.language), args.language, k, endpoint
        )
        seconds = time.monotonic() - started
        where = {aid: n for n, theme in enumerate(proposal.themes) for aid in theme.answer_ids}
        built_in = suggest_themes(answers, k=k, language=args.language)
        where_built_in = {aid: n for n, t in enumerate(built_in) for aid in t.answer_ids}
        raw = _lenient(_last[-1], len(answers)) if _last and not proposal.by_assistant else None
        report[question] = {
            "answers": len(mine),
            "ari": round(adjusted_rand_index(truth, [str(where[a.id]) for a in answers]), 3),
            "by_model": proposal.by_assistant,
            "fallback_reason": proposal.reason,
            "k_found": len(proposal.themes),
            "k_true": true_k,
            "built_in_ari": round(
                adjusted_rand_index(truth, [str(where_built_in[a.id]) for a in answers]), 3
            ),
            "seconds": round(seconds, 1),
            "raw_ari": round(adjusted_rand_index(truth, raw), 3) if raw else None,
            # The start of the model's reply, to see how it went wrong. It may quote the
            # answers: keep the output of a blind set as private as the set itself.
            "reply_start": " ".join(_last[-1].split())[:160] if _last else None,
        }
        line = report[question]
        source = "model" if line["by_model"] else f"FALLBACK ({line['fallback_reason']})"
        sys.stdout.write(
            f"{question}\tARI {line['ari']:.3f}\t{source}\tk {line['k_found']}/{true_k}"
            f"\tbuilt-in {line['built_in_ari']:.3f}\t{line['seconds']} s"
            f"\traw {line['raw_ari']}\n"
        )
        sys.stdout.flush()
    scores = [float(str(line["ari"])) for line in report.values()]
    summary = {
        "file": str(args.file),
        "model": args.model,
        "k": args.k,
        "mean_ari": round(sum(scores) / len(scores), 3) if scores else None,
        "mean_built_in_ari": round(
            sum(float(str(line["built_in_ari"])) for line in report.values()) / len(report), 3
        )
        if report
        else None,
        "by_model": sum(bool(line["by_model"]) for line in report.values()),
        "questions": report,
    }
    text = json.dumps(summary, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
