import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vogter.llm import assist
from vogter.principles.grouping import Proposal, propose
from vogter.themes.reading import InputError, read_answers_file
from vogter.themes.suggest import Answer
from vogter.workshops.kit import QUESTIONS

KIT = {q.key: q for q in QUESTIONS}


class Command(BaseCommand):
    help = (
        "Ask the language model (VOGTER_LLM_*) how each question's answers in a CSV file "
        "with the columns id, question and text group, falling back to Vogter's own "
        "suggestion; like `vogter themes` (see docs/themes.md and docs/llm.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A CSV file (UTF-8) with id, question, text.")
        parser.add_argument("--format", choices=("json", "text"), default="text", dest="fmt")
        parser.add_argument(
            "--k", type=int, default=None, help="Themes per question (chosen when left out)."
        )
        parser.add_argument("--language", choices=("da", "en"), default="da")

    def handle(
        self, *args: Any, file: Path, fmt: str, k: int | None, language: str, **options: Any
    ) -> None:
        if not assist.is_enabled():
            raise CommandError(
                "The language model is not configured: set VOGTER_LLM_BASE_URL and "
                "VOGTER_LLM_MODEL (docs/llm.md), or use `vogter themes`."
            )
        if k is not None and not 1 <= k <= 30:
            raise CommandError(f"--k must be between 1 and 30, not {k}.")
        try:
            answers = read_answers_file(file)
        except InputError as error:
            raise CommandError(str(error)) from error
        by_question: dict[str, list[Answer]] = defaultdict(list)
        for answer in answers:
            by_question[answer.question].append(answer)
        proposals = [
            propose(mine, _question_text(question, language), language, k=k)
            for question, mine in by_question.items()
        ]
        for proposal in proposals:
            if proposal.fallback:
                # On stderr, so the grouping on stdout stays machine-readable.
                self.stderr.write(f"{proposal.question}: {proposal.fallback} ({proposal.reason})")
        if fmt == "json":
            self.stdout.write(json.dumps({"questions": [_as_dict(p) for p in proposals]}, indent=1))
            return
        texts = {a.id: a.text for a in answers}
        for proposal in proposals:
            source = "model" if proposal.by_assistant else "vogter"
            for theme in proposal.themes:
                self.stdout.write(
                    f"{proposal.question}\t{theme.label}\t{len(theme.answer_ids)}\t{source}"
                )
                for answer_id in theme.answer_ids:
                    self.stdout.write(f"\t{answer_id}\t{_short(texts[answer_id])}")


def _question_text(key: str, language: str) -> str:
    kit = KIT.get(key)
    if kit is None:
        return key
    return kit.en if language == "en" else kit.da


def _as_dict(proposal: Proposal) -> dict[str, Any]:
    return {
        "question": proposal.question,
        "by_assistant": proposal.by_assistant,
        "fallback": proposal.fallback,
        "model": proposal.grouping.model if proposal.grouping else None,
        "replaced": proposal.grouping.replaced if proposal.grouping else {},
        "themes": [{"label": t.label, "answer_ids": list(t.answer_ids)} for t in proposal.themes],
    }


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
