"""Answers from a CSV file with the columns id, question and text (others are ignored)."""

import csv
import io
from pathlib import Path

from vogter.themes.suggest import Answer

REQUIRED = ("id", "question", "text")


class InputError(Exception):
    """The file cannot be read as answers; the message says why, for a person."""


def read_answers_file(path: Path) -> list[Answer]:
    """The answers in the CSV file at `path`; InputError names the file and says why not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror}.") from error
    try:
        return read_answers(data)
    except InputError as error:
        raise InputError(f"{path}: {error}") from error


def read_answers(data: bytes) -> list[Answer]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"The file is not UTF-8 (byte {error.start} cannot be decoded). "
            "Save it as CSV UTF-8 and try again."
        ) from error
    if not text.strip():
        raise InputError("The file is empty.")
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(
            f"The file has no column named {', '.join(missing)} "
            f"(it needs {', '.join(REQUIRED)}; found {', '.join(header) or 'none'})."
        )
    reader.fieldnames = header
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            answer_id = (row.get("id") or "").strip()
            question = (row.get("question") or "").strip()
            if not answer_id:
                raise InputError(f"Row {number} has no id.")
            if not question:
                raise InputError(f"Row {number} (id {answer_id}) has no question.")
            if answer_id in seen:
                raise InputError(
                    f"The id {answer_id!r} appears twice (rows {seen[answer_id]} and {number})."
                )
            seen[answer_id] = number
            answers.append(Answer(answer_id, question, row.get("text") or ""))
    except csv.Error as error:
        raise InputError(f"The file is not valid CSV: {error}.") from error
    if not answers:
        raise InputError("The file has a header but no answers.")
    return answers
