"""Who may act is decided in one place: a representative role (manager, TR, AMR) is only
ever tested by the representation rule (vogter/organisations/representation.py), and the
apps ask it through their access.py. Reading a flag to show or copy it is fine; deciding
with it anywhere else is how "a manager somewhere" became "this unit's manager" before
(issue 15)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vogter"
FLAGS = {"is_manager", "is_union_rep", "is_safety_rep"}
# Where a flag may decide something: the rule itself, and the model's own labels.
RULE = {"organisations/representation.py", "organisations/models.py"}
# Deciding, but not who may act: (module, why).
NOT_PERMISSIONS = {
    # The audience a roll-up figure is remembered for (docs/disclosure.md), not a permission.
    "reflection/rollup.py": "audience",
}


def _decisions(tree: ast.AST) -> list[int]:
    """Lines where a representative flag is part of a condition or a boolean result."""
    found = []
    for node in ast.walk(tree):
        tests: list[ast.AST] = []
        if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
            tests.append(node.test)
        elif isinstance(node, ast.BoolOp | ast.UnaryOp):
            tests.append(node)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Attribute):
            tests.append(node.value)  # `return membership.is_manager`
        for test in tests:
            for inner in ast.walk(test):
                if isinstance(inner, ast.Attribute) and inner.attr in FLAGS:
                    found.append(inner.lineno)
    return sorted(set(found))


def test_representative_roles_decide_only_through_the_representation_rule() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in RULE:
            continue
        lines = _decisions(ast.parse(path.read_text(), filename=relative))
        if lines and relative not in NOT_PERMISSIONS:
            offenders.append(f"{relative}:{','.join(map(str, lines))}")
    assert not offenders, (
        "decide with vogter/organisations/representation.py (through the app's access.py), "
        f"not with the flags themselves: {offenders}"
    )


def test_the_check_finds_a_copied_predicate() -> None:
    copied = "def _may_adopt(m):\n    return m.role in ROLES or m.is_manager\n"
    assert _decisions(ast.parse(copied)) == [2]
    alone = "def _may(m):\n    return m.is_union_rep\n"
    assert _decisions(ast.parse(alone)) == [2]
    shown = "def out(m):\n    return {'manager': m.is_manager}\n"
    assert _decisions(ast.parse(shown)) == []
