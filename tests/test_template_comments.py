"""A Django `{# … #}` comment ends at the end of its line: one that runs onto the next line
is not a comment at all, and the page shows it to the room, code and all. A comment over
several lines is `{% comment %}…{% endcomment %}`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "vogter"


def test_no_template_comment_runs_over_a_line() -> None:
    broken = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert not broken, "a {# comment #} must close on its own line: " + ", ".join(broken)
