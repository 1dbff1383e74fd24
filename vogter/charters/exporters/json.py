"""The charter document itself as JSON (schema `vogter.charter/1`), and reading it back.

UTF-8 with the letters as they are (æ, ø, å, not \\u escapes), indented, keys sorted,
so two versions diff line by line. `parse` is the way back in: it checks the schema
version and the keys every charter must have, and raises ValueError saying what is
wrong, never a KeyError deep inside a renderer.
"""

import json
from typing import Any, cast

from vogter.charters.document import LANGUAGES, SCHEMA, CharterDoc

CONTENT_TYPE = "application/json"
EXTENSION = "json"

REQUIRED = tuple(sorted(CharterDoc.__required_keys__))
PRINCIPLE_REQUIRED = ("code", "position", "statement", "rationale", "cells", "sources")
LEVEL_REQUIRED = ("key", "da", "en")
SIGNATURE_REQUIRED = ("role", "role_label", "name", "signed_at")


def render(doc: CharterDoc, language: str = "da") -> bytes:
    """The whole document, both languages: `language` only names the file."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def _missing(obj: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in obj]
    if missing:
        raise ValueError(f"{where} is missing {', '.join(sorted(missing))}.")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object.")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where} must be a list.")
    return value


def parse(data: bytes) -> CharterDoc:
    """A charter document from its JSON; ValueError if it is not one this version reads."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"Not a charter document: the JSON does not parse ({error}).") from error
    doc = _object(raw, "The charter document")
    schema = doc.get("schema")
    if schema != SCHEMA:
        raise ValueError(f"Unsupported charter schema {schema!r}; this version reads {SCHEMA!r}.")
    _missing(doc, REQUIRED, "The charter document")
    for key in ("unit_level", "title", "table_title", "first_column", "preamble"):
        _missing(_object(doc[key], key), LANGUAGES, key)
    keys = []
    for i, level in enumerate(_list(doc["levels"], "levels"), start=1):
        _missing(_object(level, f"levels[{i}]"), LEVEL_REQUIRED, f"levels[{i}]")
        keys.append(level["key"])
    for i, principle in enumerate(_list(doc["principles"], "principles"), start=1):
        where = f"principles[{i}]"
        _missing(_object(principle, where), PRINCIPLE_REQUIRED, where)
        _missing(
            _object(principle["statement"], f"{where}.statement"), LANGUAGES, f"{where}.statement"
        )
        cells = _object(principle["cells"], f"{where}.cells")
        _missing(cells, tuple(keys), f"{where}.cells")
    for i, signature in enumerate(_list(doc["signatures"], "signatures"), start=1):
        _missing(_object(signature, f"signatures[{i}]"), SIGNATURE_REQUIRED, f"signatures[{i}]")
    _list(doc["required_signatures"], "required_signatures")
    return cast(CharterDoc, doc)
