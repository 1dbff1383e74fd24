"""Count the suite's assertions, to show that making it faster kept every one.

    .venv/bin/python bench/count_assertions.py

Walks the syntax tree of every test module (test_*.py) and every conftest.py under
vogter/ and tests/, and prints how many `assert` statements and `pytest.raises(...)`
uses they hold (a call or a `with`, counted once each), with the number of test
functions beside them. A count, not a proof: an assertion inside a loop is one here,
however many times it runs; the number of tests passed says the rest.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _is_raises(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "raises"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
    )


def count(path: Path) -> tuple[int, int, int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    asserts = raises = tests = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            asserts += 1
        elif _is_raises(node):
            raises += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test_"
        ):
            tests += 1
    return asserts, raises, tests


def main() -> None:
    files = sorted(
        p
        for top in ("vogter", "tests")
        for p in (ROOT / top).rglob("*.py")
        if p.name.startswith("test_") or p.name == "conftest.py"
    )
    files.append(ROOT / "conftest.py")
    totals = [0, 0, 0]
    for path in files:
        for i, n in enumerate(count(path)):
            totals[i] += n
        if "-v" in sys.argv:
            sys.stdout.write(f"{path.relative_to(ROOT)}: {count(path)}\n")
    asserts, raises, tests = totals
    sys.stdout.write(
        f"{len(files)} files: {asserts} assert statements, {raises} pytest.raises, "
        f"{tests} test functions\n"
    )


if __name__ == "__main__":
    main()
