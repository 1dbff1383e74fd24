import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vogter.themes.reading import InputError, read_answers_file
from vogter.themes.suggest import SuggestedTheme, suggest_themes


def _positive(value: str | int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError(f"--k must be a whole number of at least 1, not {value!r}.")
    return number


class Command(BaseCommand):
    help = (
        "Suggest themes for each question's answers in a CSV file with the columns "
        "id, question and text (see docs/themes.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A CSV file (UTF-8) with id, question, text.")
        parser.add_argument("--format", choices=("json", "text"), default="text", dest="fmt")
        parser.add_argument(
            "--k", type=str, default=None, help="Themes per question (chosen when left out)."
        )
        parser.add_argument("--language", choices=("da", "en"), default="da")

    def handle(
        self, *args: Any, file: Path, fmt: str, k: str | int | None, language: str, **options: Any
    ) -> None:
        number = None if k is None else _positive(k)
        try:
            answers = read_answers_file(file)
        except InputError as error:
            raise CommandError(str(error)) from error
        themes = suggest_themes(answers, k=number, language=language)
        if fmt == "json":
            self.stdout.write(json.dumps({"themes": [_as_dict(t) for t in themes]}, indent=1))
            return
        texts = {a.id: a.text for a in answers}
        for theme in themes:
            self.stdout.write(f"{theme.question}\t{theme.label}\t{len(theme.answer_ids)}")
            for quote in theme.quote_ids:
                self.stdout.write(f"\t“{_short(texts[quote])}”")


def _as_dict(theme: SuggestedTheme) -> dict[str, Any]:
    return {
        "question": theme.question,
        "label": theme.label,
        "answer_ids": list(theme.answer_ids),
        "quote_ids": list(theme.quote_ids),
    }


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
