"""A name that starts with "_" is its app's own business: no module imports one from another
app, or reaches one through another app's module (`cascade._draft`). What two apps share is
made public where it belongs, or moved down to the floor both stand on (docs/architecture.md).
Run by `make lint` and by the suite. Within one app, private helpers may be shared freely."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vogter"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _app(module: str) -> str:
    """`vogter.charters.exporters.pdf` -> `charters`; a top-level module is its own app."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "vogter" else module


def crossings(source: str, module: str) -> list[str]:
    """Each private name this module takes from another app, as `line: what`."""
    here = _app(module)
    found = []
    modules: dict[str, str] = {}  # local name -> the other app's module it stands for
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _app(node.module) == here or not node.module.startswith("vogter"):
                continue
            for alias in node.names:
                if _private(alias.name) or any(map(_private, node.module.split("."))):
                    found.append(f"{node.lineno}: {node.module}.{alias.name}")
                modules[alias.asname or alias.name] = node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                if name.startswith("vogter") and _app(name) != here:
                    if any(map(_private, name.split("."))):
                        found.append(f"{node.lineno}: {name}")
                    modules[alias.asname or name] = name
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_takes_a_private_name_from_another_app() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        offenders += [f"{relative}:{c}" for c in crossings(path.read_text(), module)]
    assert not offenders, "make it public where it belongs, or move it down: " + ", ".join(
        offenders
    )


def test_the_check_finds_each_way_of_reaching_in() -> None:
    module = "vogter.commons.api"
    assert crossings("from vogter.charters.api import _fresh, router\n", module) == [
        "1: vogter.charters.api._fresh"
    ]
    assert crossings("from vogter.charters import cascade\ncascade._draft(1)\n", module) == [
        "2: cascade._draft"
    ]
    assert crossings("from vogter.organisations.management.commands import _lookup\n", module)
    assert crossings("import vogter.charters._secret\n", module)
    # Within one app, and public names across apps, are fine.
    assert not crossings("from vogter.commons.actions import _draft\n", module)
    assert not crossings("from vogter.charters.cascade import draft_for\n", module)
