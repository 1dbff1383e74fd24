"""`vogter directory import`: units and people from a spreadsheet, all or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from conftest import World
from vogter.accounts.models import User
from vogter.organisations.models import AuditEntry, Membership, Unit

pytestmark = pytest.mark.django_db

SHEET = (
    "unit;level;email;name;role;manager;TR;AMR\r\n"
    "Havneby Kommune/Sundhed;department;;;;;;\r\n"
    "Havneby Kommune/Sundhed/Hjemmeplejen;;anna@havneby.example;Anna Andersen;;ja;nej;\r\n"
    "Havneby Kommune/Sundhed/Hjemmeplejen;;bo@havneby.example;Bo Berg;facilitator;;;x\r\n"
    "Havneby Kommune/Kultur;;mads@havneby.example;;;;;\r\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "people.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return str(path)


def test_import_makes_units_and_members_and_changes_existing_ones(
    world: World, tmp_path: Path
) -> None:
    out, _err = run("import", world.havneby.code, write(tmp_path, SHEET))

    sundhed = Unit.objects.get(organisation=world.havneby, name="Sundhed")
    assert sundhed.parent == world.corporate
    assert sundhed.level == "department"
    care = Unit.objects.get(organisation=world.havneby, name="Hjemmeplejen")
    assert care.parent == sundhed
    assert care.level == "unit"  # below a department, as the preview said
    anna = Membership.objects.get(organisation=world.havneby, user__email="anna@havneby.example")
    assert (anna.unit, anna.role, anna.is_manager) == (care, "member", True)
    assert anna.user.name == "Anna Andersen"
    bo = Membership.objects.get(organisation=world.havneby, user__email="bo@havneby.example")
    assert (bo.role, bo.is_safety_rep) == ("facilitator", True)
    mads = world.membership(world.mads)
    assert mads.unit == world.department  # moved; his TR role left alone (no column value)
    assert mads.is_union_rep
    assert "New unit Hjemmeplejen" in out or "Ny enhed Hjemmeplejen" in out
    assert AuditEntry.objects.filter(action="directory.import").count() == 1


def test_a_dry_run_shows_the_plan_and_saves_nothing(world: World, tmp_path: Path) -> None:
    out, _err = run("import", world.havneby.code, write(tmp_path, SHEET), "--dry-run")

    assert "anna@havneby.example" in out
    assert not Unit.objects.filter(name="Sundhed").exists()
    assert not User.objects.filter(email="anna@havneby.example").exists()


def test_importing_the_same_file_again_changes_nothing(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, SHEET)
    run("import", world.havneby.code, path)
    units, people = Unit.objects.count(), Membership.objects.count()

    out, _err = run("import", world.havneby.code, path, "--dry-run")

    assert [line.split("\t")[1] for line in out.splitlines()] == ["unchanged"] * 4
    run("import", world.havneby.code, path)
    assert (Unit.objects.count(), Membership.objects.count()) == (units, people)


def test_one_bad_row_refuses_the_whole_file_with_its_reasons(world: World, tmp_path: Path) -> None:
    bad = SHEET + "Havneby Kommune/Sundhed;;not-an-address;;;;;\r\n"
    bad += "Havneby Kommune/Sundhed/Hjemmeplejen/Team;corporate group;;;;;;\r\n"

    with pytest.raises(CommandError, match="2"):
        run("import", world.havneby.code, write(tmp_path, bad))

    assert not Unit.objects.filter(name="Sundhed").exists()
    assert not User.objects.filter(email="anna@havneby.example").exists()
    out, _err = run("import", world.havneby.code, write(tmp_path, bad), "--dry-run")
    refused = [line for line in out.splitlines() if "\trefused\t" in line]
    assert len(refused) == 2
    assert "not-an-address" in refused[0]
    assert "Team" in refused[1]


def test_demoting_the_last_admin_rolls_everything_back(world: World, tmp_path: Path) -> None:
    text = (
        "unit;email;role\r\n"
        "Havneby Kommune/Ny;x@havneby.example;\r\n"
        ";alice@havneby.example;member\r\n"
    )

    with pytest.raises(CommandError, match=r"(Row|Række) 3"):
        run("import", world.havneby.code, write(tmp_path, text))

    assert not Unit.objects.filter(name="Ny").exists()
    assert world.membership(world.alice).is_admin


def test_an_xlsx_file_with_danish_headers_is_read(world: World, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Enhed", "Niveau", "E-mail", "Navn", "Rolle", "Leder"])
    sheet.append(
        ["Havneby Kommune/Kultur/Bibliotek", "Gruppe", "liv@havneby.example", "Liv", "Medlem", "Ja"]
    )
    path = tmp_path / "org.xlsx"
    book.save(path)

    run("import", world.havneby.code, str(path))

    liv = Membership.objects.get(user__email="liv@havneby.example")
    assert liv.unit is not None
    assert (liv.unit.name, liv.unit.level, liv.unit.parent) == (
        "Bibliotek",
        "group",
        world.department,
    )
    assert liv.is_manager


def test_a_file_that_is_not_a_table_gets_a_clear_message(world: World, tmp_path: Path) -> None:
    path = tmp_path / "org.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("directory", "import", world.havneby.code, str(path), stderr=err)

    assert "Excel" in err.getvalue()
    assert Unit.objects.filter(organisation=world.havneby).count() == 4


def test_scim_tokens_are_made_listed_and_revoked_from_the_command_line(world: World) -> None:
    raw, _err = run("token", world.havneby.code, "Entra ID")
    listed, _err = run("tokens", world.havneby.code)
    code = listed.split("\t")[0]
    run("revoke", world.havneby.code, code)

    assert raw.strip().startswith("vgs_")
    assert "Entra ID" in listed and "active" in listed
    assert "revoked" in run("tokens", world.havneby.code)[0]
