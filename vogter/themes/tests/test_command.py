import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vogter.themes.tests.quality import DEV_SET

CSV_HEADER = "id,question,text,profession\n"


def _run(*args, **options):
    out = StringIO()
    call_command("themes", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def _write(tmp_path: Path, content: str | bytes, name: str = "answers.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_json_puts_every_id_in_exactly_one_theme_of_its_question():
    result = json.loads(_run(DEV_SET, "--format", "json"))
    ids = [aid for theme in result["themes"] for aid in theme["answer_ids"]]
    assert len(ids) == len(set(ids))
    with DEV_SET.open(encoding="utf-8") as f:
        expected = {line.split(",", 1)[0] for line in f.read().splitlines()[1:]}
    assert set(ids) == expected
    for theme in result["themes"]:
        assert {aid.split("-")[0] for aid in theme["answer_ids"]} == {theme["question"]}
        assert theme["label"]


def test_k_fixes_the_number_of_themes_per_question():
    result = json.loads(_run(DEV_SET, "--format", "json", "--k", "4"))
    per_question: dict[str, int] = {}
    for theme in result["themes"]:
        per_question[theme["question"]] = per_question.get(theme["question"], 0) + 1
    assert per_question == {f"q{i}": 4 for i in range(1, 6)}


def test_bom_and_extra_columns_are_accepted_and_english_labels_given(tmp_path):
    content = "\ufeff" + CSV_HEADER + "a,q1,Saves me time,nurse\nb,q1,Jeg sparer tid,lærer\n"
    result = json.loads(_run(_write(tmp_path, content), "--format", "json", "--language", "en"))
    assert result["themes"][0]["answer_ids"] == ["a", "b"]
    assert result["themes"][0]["label"] == "Time"


def test_text_format_shows_labels_sizes_and_quotes():
    out = _run(DEV_SET, "--format", "text", "--k", "3")
    assert "q1\t" in out
    assert "“" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("id,question\n1,q1\n", "no column named text"),
        ("id,question,text\n1,q1,a\n1,q2,b\n", "appears twice"),
        (b"id,question,text\n" + "1,q1,sk\u00e6g\n".encode("latin-1"), "not UTF-8"),
        ("id,question,text\n", "no answers"),
    ],
)
def test_bad_input_gives_a_clear_error(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        _run(_write(tmp_path, content), "--format", "json")


def test_a_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _run(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("k", ["0", "-2", "many"])
def test_k_below_one_gives_a_clear_error(k):
    with pytest.raises(CommandError, match="at least 1"):
        _run(DEV_SET, "--k", k)
