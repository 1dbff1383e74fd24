"""Exports of a workshop's answers as CSV, XLSX and JSON, through the pages and the API."""

import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import World
from vogter.accounts.models import User
from vogter.organisations.models import AuditEntry
from vogter.workshops import actions
from vogter.workshops.models import Entry, Sheet, Workshop
from vogter.workshops.tests.paperkit import (
    EDGE_CASES,
    FORMULAS,
    answer,
    answer_edge_cases,
    api,
    page,
    read_csv,
)

pytestmark = pytest.mark.django_db

ANSWER_COLUMNS = ["profession", "use_case", "q1", "q2", "q3", "q4", "q5"]


def test_csv_opens_in_danish_excel(fiona_client: Client, workshop: Workshop) -> None:
    answer(workshop, profession="Fotograf", q1="Alt-tekster bliver lavet; det gjorde de ikke før")
    response = fiona_client.get(page(workshop, "export/csv/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="ai-i-kommunikationen-2026-11-27.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    header, first, *_rest = body.decode("utf-8-sig").split("\r\n")
    assert header == ";".join(["workshop", "participant", *ANSWER_COLUMNS, "hidden"])
    # The `;` inside the answer is quoted, as RFC 4180 asks.
    assert '"Alt-tekster bliver lavet; det gjorde de ikke før"' in first


def test_csv_keeps_the_edge_cases_exactly(fiona_client: Client, workshop: Workshop) -> None:
    answer_edge_cases(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    mine = next(r for r in rows if r["profession"] == "Webredaktør")
    assert [mine[f"q{i}"] for i in range(1, 6)] == list(EDGE_CASES.values())
    assert mine["workshop"] == "AI i kommunikationen"


def test_csv_neutralises_formulas(fiona_client: Client, workshop: Workshop) -> None:
    answer_edge_cases(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    cells = [v for r in rows for v in r.values()]
    for formula in FORMULAS:
        assert "'" + formula in cells
        assert formula not in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_is_a_real_sheet_with_text_not_formulas(
    fiona_client: Client, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    response = fiona_client.get(page(workshop, "export/xlsx/"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == ["workshop", "participant", *ANSWER_COLUMNS, "hidden"]
    assert sheet[1][0].font.b
    assert sheet.column_dimensions["E"].width >= 40  # q1: room to read
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    values = [c.value for c in cells]
    for formula in FORMULAS:
        assert formula in values  # kept verbatim, as text
    for cell in cells:
        assert cell.data_type in ("s", "inlineStr", "n"), (cell.coordinate, cell.data_type)
        assert cell.alignment.wrap_text
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix, cell.coordinate
    mine = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "Webredaktør")
    assert list(mine[4:9]) == list(EDGE_CASES.values())
    # The second sheet names the workshop and the questions, in the workshop's language.
    about = {r[0]: r[1] for r in book.worksheets[1].iter_rows(values_only=True)}
    assert about["q1"] == "Hvilken værdi tilføres?"


def test_json_has_a_schema_version_and_the_workshop(
    fiona_client: Client, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    response = fiona_client.get(page(workshop, "export/json/"))
    assert response["Content-Type"] == "application/json"
    doc = json.loads(response.content)
    assert doc["schema_version"] == 1
    assert doc["workshop"] == {
        "code": workshop.code,
        "title": "AI i kommunikationen",
        "date": "2026-11-27",
        "language": "da",
        "organisation": "Havneby Kommune",
        "unit": "Kommunikation",
        "phase": "reflect",
        "anonymous": True,
        "min_group_size": 5,
    }
    assert [f["key"] for f in doc["fields"]] == ANSWER_COLUMNS
    assert sorted(s["participant"] for s in doc["sheets"]) == [1, 2, 3]
    mine = next(s for s in doc["sheets"] if s["answers"]["profession"] == "Webredaktør")
    assert [mine["answers"][f"q{i}"] for i in range(1, 6)] == list(EDGE_CASES.values())
    assert set(mine) == {"participant", "submitted", "answers", "hidden"}


def test_sheets_without_any_answer_are_left_out(fiona_client: Client, workshop: Workshop) -> None:
    actions.join(workshop)  # joined, wrote nothing
    answer(workshop, q2="Sparringspartner")
    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert [s["participant"] for s in doc["sheets"]] == [1]


def test_participant_is_a_running_number_never_the_sheet_id(
    fiona_client: Client, workshop: Workshop
) -> None:
    for i in range(6):
        answer(workshop, q1=f"Svar {i}")
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    assert sorted(int(r["participant"]) for r in rows) == [1, 2, 3, 4, 5, 6]


def test_a_hidden_card_is_flagged(world: World, fiona_client: Client, workshop: Workshop) -> None:
    answer(workshop, q1="Upassende", q2="Fint")
    actions.hide_entry(world.fiona, Entry.objects.get(text="Upassende"))
    [row] = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    assert (row["q1"], row["hidden"]) == ("Upassende", "q1")
    [sheet] = fiona_client.get(page(workshop, "export/json/")).json()["sheets"]
    assert sheet["hidden"] == ["q1"]


def _identities(workshop: Workshop) -> list[str]:
    """Everything that could tie an exported row to a person or to a stored row."""
    sheets = Sheet.objects.filter(workshop=workshop)
    found = [str(s.id) for s in sheets] + [s.token_hash for s in sheets]
    found += [s.resume_hash for s in sheets]
    found += [str(e.id) for e in Entry.objects.filter(sheet__workshop=workshop)]
    found += [str(e.id.hex) for e in Entry.objects.filter(sheet__workshop=workshop)]
    found += list(User.objects.values_list("email", flat=True))
    return found


def test_anonymous_exports_contain_no_identity(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    # Mads is logged in when he joins, but the workshop is anonymous: nothing links to him.
    joined = actions.join(workshop, user=world.mads)
    actions.save_entry(joined.sheet, "q1", "Mere tid til borgerne", 1)
    answer(workshop, q1="Noget andet")
    secrets_ = [*_identities(workshop), joined.token, joined.resume_code]
    for fmt in ("csv", "json", "xlsx"):
        body = fiona_client.get(page(workshop, f"export/{fmt}/")).content
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(n) for n in archive.namelist())
        text = body.decode("utf-8", errors="replace")
        assert "Mere tid til borgerne" in text
        for secret in secrets_:
            assert secret not in text, (fmt, secret)
        assert "email" not in text
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", text), fmt


def test_an_export_that_is_not_anonymous_names_the_participant(
    world: World, fiona_client: Client
) -> None:
    named = actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Ledergruppen",
        date=datetime.date(2026, 12, 1),
        language="en",
        anonymous=False,
    )
    named = actions.set_phase(world.fiona, named, "reflect")
    joined = actions.join(named, user=world.mads)
    actions.save_entry(joined.sheet, "q1", "Tid", 1)
    [row] = read_csv(fiona_client.get(page(named, "export/csv/")).content)
    assert row["email"] == "mads@havneby.example"
    [sheet] = fiona_client.get(page(named, "export/json/")).json()["sheets"]
    assert sheet["email"] == "mads@havneby.example"


def test_each_export_is_written_to_the_audit_log(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    fiona_client.get(page(workshop, "export/xlsx/"))
    entry = AuditEntry.objects.get(action="workshop.export")
    assert (entry.actor, entry.target, entry.data) == (
        world.fiona,
        workshop.code,
        {"format": "xlsx"},
    )


def test_an_unknown_format_is_not_found(fiona_client: Client, workshop: Workshop) -> None:
    assert fiona_client.get(page(workshop, "export/docx/")).status_code == 404


def test_admin_may_export_too(alice_client: Client, workshop: Workshop) -> None:
    assert alice_client.get(page(workshop, "export/csv/")).status_code == 200


def test_a_member_who_does_not_facilitate_gets_403(mads_client: Client, workshop: Workshop) -> None:
    assert mads_client.get(page(workshop, "export/csv/")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_outsider_gets_404(olga_client: Client, workshop: Workshop, fmt: str) -> None:
    assert olga_client.get(page(workshop, f"export/{fmt}/")).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client: Client, workshop: Workshop) -> None:
    response = client.get(page(workshop, "export/csv/"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- API --------------------------------------------------------------------------------


def test_api_exports_each_format(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    client = api_client_for(world.fiona)
    csv_response = client.get(api(workshop, "export?format=csv"))
    assert csv_response.status_code == 200
    assert len(read_csv(csv_response.content)) == 3
    assert client.get(api(workshop, "export?format=json")).json()["schema_version"] == 1
    xlsx = client.get(api(workshop, "export?format=xlsx"))
    assert xlsx.content.startswith(b"PK\x03\x04")
    assert client.get(api(workshop, "export?format=docx")).status_code == 422


def test_api_export_outsider_gets_404(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    response = api_client_for(world.olga).get(api(workshop, "export?format=csv"))
    assert response.status_code == 404
    assert set(response.json()) >= {"detail"}


def test_api_schema_documents_the_file_operations(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    base = "/api/organisations/{org}/workshops/{workshop}"
    export = schema["paths"][f"{base}/export"]["get"]
    assert "workshops" in export["tags"]
    assert "text/csv; charset=utf-8" in export["responses"]["200"]["content"]
    assert (
        "application/pdf"
        in schema["paths"][f"{base}/paper.pdf"]["get"]["responses"]["200"]["content"]
    )
    assert (
        "multipart/form-data" in schema["paths"][f"{base}/import"]["post"]["requestBody"]["content"]
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_takes_the_same_queries_for_many_sheets_as_for_few(
    fiona_client: Client, workshop: Workshop, fmt: str
) -> None:
    answer(workshop, q1="En", profession="Fotograf")
    few = _queries(fiona_client, page(workshop, f"export/{fmt}/"))
    for i in range(15):
        answer(workshop, q1=f"Svar {i}", q2="Mere", profession="Webredaktør")
    assert _queries(fiona_client, page(workshop, f"export/{fmt}/")) == few


def test_the_links_for_the_workshop_page_point_at_every_file(
    world: World, workshop: Workshop
) -> None:
    html = render_to_string(
        "workshops/paper/_links.html", {"organisation": world.havneby, "workshop": workshop}
    )
    for rest in ("paper.pdf?lang=da", "paper.pdf?lang=en", "import/", "export/csv/"):
        assert f'href="{page(workshop, rest)}"' in html
    assert f'href="{page(workshop, "export/xlsx/")}"' in html
    assert f'href="{page(workshop, "export/json/")}"' in html
