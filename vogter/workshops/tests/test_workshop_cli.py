"""`vogter workshop list | import | export`: the same actions as the pages and the API."""

import getpass
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from conftest import World
from vogter.organisations.models import AuditEntry
from vogter.workshops.models import Sheet, Workshop
from vogter.workshops.tests.paperkit import (
    SAMPLE,
    SAMPLE_WORKSHOPS,
    announced_workshop,
    answer,
    close_reflection,
    read_csv,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[list[list[str]], str]:
    """Run `vogter ARGS` in English; return its tab-separated lines and its stderr."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=err)
    return [line.split("\t") for line in out.getvalue().splitlines()], err.getvalue()


def test_list_shows_code_join_code_date_phase_and_title(world: World, workshop: Workshop) -> None:
    rows, _err = run("workshop", "list", world.havneby.code)
    assert rows == [
        [workshop.code, workshop.join_code, "2026-11-27", "reflect", "AI i kommunikationen"]
    ]
    assert run("workshop", "list", world.fjordby.code)[0] == []


@pytest.mark.parametrize("name", list(SAMPLE_WORKSHOPS))
def test_import_takes_the_rows_of_one_workshop(world: World, workshop: Workshop, name: str) -> None:
    rows, _err = run(
        "workshop",
        "import",
        world.havneby.code,
        workshop.code,
        str(SAMPLE),
        "--workshop-value",
        name,
    )
    assert rows == [[str(SAMPLE_WORKSHOPS[name]), "imported"]]
    assert Sheet.objects.filter(workshop=workshop).count() == SAMPLE_WORKSHOPS[name]
    entry = AuditEntry.objects.get(action="workshop.import")
    # No account named (--as): the entry keeps the operating-system user (docs/audit.md).
    assert (entry.actor, entry.data) == (
        None,
        {"count": SAMPLE_WORKSHOPS[name], "command_line": getpass.getuser()},
    )


def test_import_asks_which_workshop_when_the_file_holds_several(
    world: World, workshop: Workshop
) -> None:
    with pytest.raises(CommandError, match="--workshop-value"):
        run("workshop", "import", world.havneby.code, workshop.code, str(SAMPLE))
    assert not Sheet.objects.exists()


def test_import_prints_row_errors_and_fails_when_nothing_is_imported(
    world: World, workshop: Workshop, tmp_path: Path
) -> None:
    paper = tmp_path / "papir.csv"
    paper.write_text("q1,q2\nTid,\n" + "x" * 5001 + ",Ro\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 row has errors"):
        call_command(
            "workshop",
            "import",
            world.havneby.code,
            workshop.code,
            str(paper),
            stderr=err,
            stdout=out,
        )
    assert "row 3: Question 1 is too long" in err.getvalue()
    assert not Sheet.objects.exists()
    rows, err_text = run(
        "workshop", "import", world.havneby.code, workshop.join_code, str(paper), "--only-valid"
    )
    assert rows == [["1", "imported"]]
    assert "row 3:" in err_text


def test_import_of_a_broken_file_fails_clearly(
    world: World, workshop: Workshop, tmp_path: Path
) -> None:
    broken = tmp_path / "svar.xlsx"
    broken.write_bytes(b"PK\x03\x04 no workbook here")
    with pytest.raises(CommandError, match="could not be read as an Excel workbook"):
        run("workshop", "import", world.havneby.code, workshop.code, str(broken))
    with pytest.raises(CommandError, match="Cannot read"):
        run("workshop", "import", world.havneby.code, workshop.code, str(tmp_path / "none.csv"))


def test_export_writes_csv_and_json_to_stdout(world: World, workshop: Workshop) -> None:
    answer(workshop, profession="Fotograf", q1="=1+1")
    close_reflection(workshop)
    out = StringIO()
    call_command(
        "workshop", "export", world.havneby.code, workshop.code, "--format", "csv", stdout=out
    )
    [row] = read_csv(out.getvalue().encode("utf-8"))
    assert (row["field"], row["text"]) == ("q1", "'=1+1")  # one answer, no profession by it
    out = StringIO()
    call_command(
        "workshop", "export", world.havneby.code, workshop.code, "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue())["answers"]["q1"] == [{"text": "=1+1", "hidden": False}]


def test_export_writes_xlsx_to_a_file(world: World, workshop: Workshop, tmp_path: Path) -> None:
    answer(workshop, q1="Tid")
    close_reflection(workshop)
    target = tmp_path / "svar.xlsx"
    rows, _err = run(
        "workshop",
        "export",
        world.havneby.code,
        workshop.code,
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert rows[0][0] == str(target)
    sheet = load_workbook(target).worksheets[0]
    assert sheet["A2"].value == "Tid"
    with pytest.raises(CommandError, match="-o FILE"):
        run("workshop", "export", world.havneby.code, workshop.code, "--format", "xlsx")


def test_export_is_refused_while_the_reflection_is_open(world: World, workshop: Workshop) -> None:
    answer(workshop, q1="Tid")
    with pytest.raises(CommandError, match="once the reflection has closed"):
        run("workshop", "export", world.havneby.code, workshop.code, "--format", "json")


def test_export_sheet_by_sheet_only_where_the_participants_were_told(
    world: World, workshop: Workshop
) -> None:
    answer(workshop, profession="Fotograf", q1="Tid")
    close_reflection(workshop)
    args = ("workshop", "export", world.havneby.code, workshop.code, "--format", "csv")
    with pytest.raises(CommandError, match="were not told"):
        run(*args, "--layout", "sheets")
    told = announced_workshop(world, title="Fortalt")
    answer(told, profession="Fotograf", q1="Tid")
    close_reflection(told)
    out = StringIO()
    call_command(
        "workshop",
        "export",
        world.havneby.code,
        told.code,
        "--format",
        "csv",
        "--layout",
        "sheets",
        stdout=out,
    )
    [row] = read_csv(out.getvalue().encode("utf-8"))
    assert (row["profession"], row["q1"]) == ("Fotograf", "Tid")


def test_a_workshop_of_another_organisation_is_not_found(world: World, workshop: Workshop) -> None:
    with pytest.raises(CommandError, match="No workshop"):
        run("workshop", "export", world.fjordby.code, workshop.code, "--format", "csv")
