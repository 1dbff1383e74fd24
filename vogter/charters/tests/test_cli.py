"""`vogter charter list | export`: the same actions and exporters as the pages and the API."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.models import Charter
from vogter.workshops.kit import preamble

pytestmark = pytest.mark.django_db

STATEMENT_DA = "tjekker vi fakta, før vi deler et resultat"
STATEMENT_EN = "check the facts before we share a result"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def charter(world: World) -> Charter:
    """A draft charter for Havneby's communications unit with one principle."""
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Principsæt for AI"
    )
    editing_actions.add_principle(
        world.fiona, charter, statement_da=STATEMENT_DA, statement_en=STATEMENT_EN
    )
    return charter


def test_list_prints_one_line_per_charter(world: World, charter: Charter) -> None:
    line = [charter.code, world.havneby.code, "Kommunikation", "draft", "1", "Principsæt for AI"]
    assert [row.split("\t") for row in run("charter", "list").splitlines()] == [line]
    assert run("charter", "list", world.havneby.code).splitlines() == ["\t".join(line)]
    assert run("charter", "list", world.fjordby.code) == ""
    with pytest.raises(CommandError, match="No organisation"):
        run("charter", "list", "zzzzzzzzzzzz")


def test_export_md_to_stdout_has_the_preamble_with_the_organisations_name(
    world: World, charter: Charter
) -> None:
    md = run("charter", "export", charter.code, "--format", "md")
    for paragraph in preamble("da", "Havneby Kommune"):  # Havneby's language is Danish
        assert paragraph in md
    assert STATEMENT_DA in md
    english = run("charter", "export", charter.code, "--format", "md", "--language", "en")
    assert preamble("en", "Havneby Kommune")[1] in english
    assert STATEMENT_EN in english


def test_export_json_is_the_document(charter: Charter) -> None:
    doc = json.loads(run("charter", "export", charter.code, "--format", "json"))
    assert doc["schema"] == "vogter.charter/1"
    assert doc["code"] == charter.code
    assert [p["statement"]["da"] for p in doc["principles"]] == [STATEMENT_DA]


def test_binary_formats_need_an_output_file(charter: Charter, tmp_path: Path) -> None:
    for fmt in ("pdf", "docx"):
        with pytest.raises(CommandError, match="binary file: give -o FILE"):
            run("charter", "export", charter.code, "--format", fmt)
    target = tmp_path / "charter.pdf"
    out = run("charter", "export", charter.code, "--format", "pdf", "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert out.split("\t") == [str(target), f"{target.stat().st_size}\n"]


def test_export_picks_a_version(world: World, charter: Charter) -> None:
    with pytest.raises(CommandError, match="has no version 2"):
        run("charter", "export", charter.code, "--format", "md", "--version", "2")
    assert STATEMENT_DA in run(
        "charter", "export", charter.code, "--format", "md", "--version", "1"
    )


def test_an_unknown_charter_is_a_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match="No charter with the code 'zzzzzzzzzzzz'"):
        run("charter", "export", "zzzzzzzzzzzz", "--format", "md")
