"""A count is followed by a word that agrees with it: "1 princip", "2 principper", never
"1 principper". A number printed in a template straight before a translated plural noun
(`{{ n }} {% translate "principles" %}`) is wrong for one, in both languages; the template
says `{% blocktranslate count n=… %}…{% plural %}…{% endblocktranslate %}` instead, and
Python says `ngettext(…)`. Run by `make lint` and by the suite."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vogter"

# A variable, perhaps closed in <strong>, then a translated word ending in s.
COUNT_THEN_PLURAL = re.compile(
    r"\}\}\s*(?:</strong>\s*)?\{%\s*translate\s+\"[a-z][a-z -]*s\"\s*%\}"
)


def counts_before_plurals(source: str) -> list[str]:
    """Each line of a template that prints a count before a fixed plural word."""
    return [
        f"{source.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for match in COUNT_THEN_PLURAL.finditer(source)
    ]


def test_the_rule_finds_a_count_before_a_fixed_plural() -> None:
    assert counts_before_plurals('{{ n }} {% translate "principles" %}')
    assert counts_before_plurals('<strong>{{ n }}</strong> {% translate "check-ins" %}')
    assert not counts_before_plurals(
        "{% blocktranslate count n=n %}{{ n }} principle{% plural %}{{ n }} principles"
        "{% endblocktranslate %}"
    )


def test_no_template_prints_a_count_before_a_fixed_plural() -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        if (hits := counts_before_plurals(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"use blocktranslate count: {found}"
