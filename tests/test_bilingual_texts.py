"""A fixed text is written once, in English, and translated by the catalogue: an export or
e-mail in a chosen language looks it up under `translation.override(language)`. Texts kept
by hand in both languages (`{"da": "Ja", "en": "Yes"}`, `"Ja" if language == "da" else
"Yes"`) drift from the pages' words and escape the catalogue's checks (issue 16). Only the
workshop kit's texts are kept that way on purpose: they are reproduced verbatim in both
languages and must not pass through a translator (docs/workshops.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vogter"
LANGUAGES = {"da", "en"}
# Where a text may be kept in both languages: module, or module:top-level name → why.
ALLOWED = {
    "workshops/kit.py": "the kit's texts, verbatim in both languages by design",
    "charters/exporters/common.py:LANGUAGE_TAGS": "BCP 47 tags, not text",
    # How each language writes a date, a time and a percentage: format codes, not text.
    "lib/formats.py:_DATE": "date format codes per language",
    "lib/formats.py:_CLOCK": "time format codes per language",
    "lib/formats.py:_JOIN": "the separator between date and time per language",
    "lib/formats.py:percent": "the percent sign's spacing per language",
    # The instructions sent to a language model, never shown to people: translating them
    # would change what the model is asked.
    "llm/assist.py:PRINCIPLE_STEMS": "the kit's sentence start, in the prompt",
    "llm/assist.py:_LANGUAGE_NAMES": "language names inside the English prompt",
    "llm/assist.py:suggest_principles": "the example completion inside the prompt",
}


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _texts(node: ast.AST) -> bool:
    """A text, or a tuple or dict of texts (month names, placeholders by kind)."""
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_is_text(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_is_text(v) for v in node.values)
    return _is_text(node)


def _asks_language(test: ast.AST) -> bool:
    if not isinstance(test, ast.Compare):
        return False
    return any(
        isinstance(side, ast.Constant) and side.value in LANGUAGES
        for side in (test.left, *test.comparators)
    )


def _is_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANGUAGES


def _hand_kept(tree: ast.AST) -> list[int]:
    """Lines where a fixed text is chosen by language rather than by the catalogue."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            by_language = {
                key.value: value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in LANGUAGES
            }
            if set(by_language) == LANGUAGES and all(map(_texts, by_language.values())):
                found.append(node.lineno)
        elif isinstance(node, ast.IfExp) and _asks_language(node.test):
            texts = _is_text(node.body) and _is_text(node.orelse)
            codes = _is_code(node.body) and _is_code(node.orelse)  # "en" if … else "da"
            if texts and not codes:
                found.append(node.lineno)
        elif isinstance(node, ast.If) and _asks_language(node.test):
            first = node.body[0]
            value = first.value if isinstance(first, ast.Return) else None
            if value is not None and _is_text(value) and not _is_code(value):
                found.append(node.lineno)
    return sorted(set(found))


def _name(statement: ast.stmt) -> str:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return statement.name
    targets = statement.targets if isinstance(statement, ast.Assign) else []
    if isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    return ",".join(t.id for t in targets if isinstance(t, ast.Name))


def test_fixed_texts_go_through_the_catalogue() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in ALLOWED:
            continue
        for statement in ast.parse(path.read_text(), filename=relative).body:
            where = f"{relative}:{_name(statement)}"
            if where in ALLOWED:
                continue
            offenders += [f"{relative}:{line}" for line in _hand_kept(statement)]
    assert not offenders, (
        "write the English text once, mark it for gettext, add the Danish to django.po and "
        f"pick the language with translation.override(language): {offenders}"
    )


def test_the_check_finds_a_hand_kept_text() -> None:
    labels = 'LABELS = {"yes": {"da": "Ja", "en": "Yes"}}\n'
    assert _hand_kept(ast.parse(labels)) == [1]
    months = 'M = {\n "da": ("januar", "februar"),\n "en": ("January", "February"),\n}\n'
    assert _hand_kept(ast.parse(months)) == [1]
    chosen = 'def quoted(t, language):\n    return f"„{t}“" if language == "da" else f"“{t}”"\n'
    assert _hand_kept(ast.parse(chosen)) == [2]
    branch = 'def kl(language):\n    if language == "da":\n        return "kl."\n    return ","\n'
    assert _hand_kept(ast.parse(branch)) == [2]


def test_the_check_leaves_data_and_language_codes_alone() -> None:
    data = 'doc = {"statement": {"da": p.statement_da, "en": p.statement_en}}\n'
    assert _hand_kept(ast.parse(data)) == []
    code = 'other = "en" if language == "da" else "da"\n'
    assert _hand_kept(ast.parse(code)) == []
    empty = 'def f(language):\n    if language == "en":\n        return "en"\n'
    assert _hand_kept(ast.parse(empty)) == []
