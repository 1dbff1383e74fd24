"""Importing typed-up paper answers: upload, preview with row errors, confirm."""

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from conftest import World
from vogter.accounts.models import User
from vogter.organisations.models import AuditEntry
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop
from vogter.workshops.tests.paperkit import (
    EDGE_CASES,
    LONG_ANSWER,
    SAMPLE,
    SAMPLE_WORKSHOPS,
    announced_workshop,
    answer_edge_cases,
    api,
    close_reflection,
    page,
    read_csv,
    sample_rows,
)

pytestmark = pytest.mark.django_db

HEADER = "workshop,participant,profession,use_case,q1,q2,q3,q4,q5\n"
KEYS = ("profession", "use_case", "q1", "q2", "q3", "q4", "q5")


def _speak(client: Client, language: str) -> None:
    """Pages speak the logged-in person's own language: set it (Fiona's is Danish)."""
    User.objects.filter(pk=client.session["_auth_user_id"]).update(language=language)


def _upload(client: Client, workshop: Workshop, name: str, data: bytes) -> str:
    """Upload a file; return the preview token (asserting the upload was accepted)."""
    response = client.post(page(workshop, "import/"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return parse_qs(urlparse(response["Location"]).query)["preview"][0]


def _preview(client: Client, workshop: Workshop, token: str, **query: str) -> str:
    response = client.get(page(workshop, "import/"), {"preview": token, **query})
    assert response.status_code == 200
    return response.content.decode()


def _confirm(
    client: Client, workshop: Workshop, token: str, value: str = "", only_valid: bool = False
) -> str:
    data = {"confirm": "1", "preview": token, "workshop_value": value}
    if only_valid:
        data["only_valid"] = "1"
    response = client.post(page(workshop, "import/"), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _sheets(workshop: Workshop) -> list[dict[str, str]]:
    """What is stored, as one dict per sheet (field -> text), in no particular order."""
    return [
        {e.field: e.text for e in sheet.entries.all()}
        for sheet in Sheet.objects.filter(workshop=workshop).prefetch_related("entries")
    ]


def _as_stored(row: dict[str, str]) -> dict[str, str]:
    return {k: row[k] for k in KEYS if row[k].strip()}


def _multiset(rows: list[dict[str, str]]) -> Counter[str]:
    return Counter(repr(sorted(r.items())) for r in rows)


@pytest.mark.parametrize("name", list(SAMPLE_WORKSHOPS))
def test_the_sample_file_imports_the_rows_of_the_chosen_workshop(
    fiona_client: Client, workshop: Workshop, name: str
) -> None:
    token = _upload(fiona_client, workshop, "sample_workshop.csv", SAMPLE.read_bytes())
    html = _preview(fiona_client, workshop, token)
    assert "several workshops" in html or "flere workshops" in html
    _preview(fiona_client, workshop, token, workshop_value=name)
    _confirm(fiona_client, workshop, token, value=name)
    assert Sheet.objects.filter(workshop=workshop).count() == SAMPLE_WORKSHOPS[name]
    expected = [_as_stored(r) for r in sample_rows(name)]
    assert _multiset(_sheets(workshop)) == _multiset(expected)


def test_the_edge_cases_round_trip_through_a_per_sheet_export(
    world: World, fiona_client: Client
) -> None:
    workshop = announced_workshop(world)
    answer_edge_cases(workshop)
    close_reflection(workshop)
    exported = fiona_client.get(page(workshop, "export/csv/?layout=sheets")).content
    copy = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Kopi",
        date=workshop.date,
        language="da",
        per_sheet_export=True,
    )
    token = _upload(fiona_client, copy, "export.csv", exported)
    _confirm(fiona_client, copy, token, value="AI i kommunikationen")
    assert _multiset(_sheets(copy)) == _multiset(_sheets(workshop))
    texts = {e.text for e in Entry.objects.filter(sheet__workshop=copy)}
    assert set(EDGE_CASES.values()) <= texts
    assert LONG_ANSWER in texts and "=cmd|' /C calc'!A0" in texts
    # And the copy exports the same again.
    workshop_actions.set_phase(world.fiona, copy, "reflect")
    close_reflection(copy)
    again = read_csv(fiona_client.get(page(copy, "export/csv/?layout=sheets")).content)
    assert _multiset([_as_stored(r) for r in again]) == _multiset(
        [_as_stored(r) for r in read_csv(exported)]
    )


def test_a_per_sheet_xlsx_export_imports_too(world: World, fiona_client: Client) -> None:
    workshop = announced_workshop(world)
    answer_edge_cases(workshop)
    close_reflection(workshop)
    exported = fiona_client.get(page(workshop, "export/xlsx/?layout=sheets")).content
    copy = announced_workshop(world, title="Kopi")
    token = _upload(fiona_client, copy, "svar.xlsx", exported)
    _confirm(fiona_client, copy, token, value="AI i kommunikationen")
    assert _multiset(_sheets(copy)) == _multiset(_sheets(workshop))


def test_nothing_is_imported_once_the_answers_have_been_exported(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    close_reflection(workshop)
    assert fiona_client.get(page(workshop, "export/json/")).status_code == 200
    before = _sheets(workshop)
    token = _upload(
        fiona_client, workshop, "papir.csv", (HEADER + ",,Jurist,,Sent svar,,,,\n").encode()
    )
    html = _confirm(fiona_client, workshop, token)
    assert "Svarene er eksporteret, så der kan ikke tilføjes flere" in html
    assert _multiset(_sheets(workshop)) == _multiset(before)


def test_danish_question_headers_in_any_case_are_understood(
    fiona_client: Client, workshop: Workshop
) -> None:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(
        [
            "PROFESSION",
            "AI use-case",
            "Hvilken værdi tilføres?",
            "hvilken rolle agerer AI-modellen i dit arbejde?",
            "Hvilke ændringer ser du på kort og lang sigt?",
            "Hvordan sikres trivsel og effektivitet",
            "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
        ]
    )
    sheet.append(
        ["Sygeplejerske", "Journalnotater", "Tid", "Hjælper", "Færre notater", 42, "Omsorg"]
    )
    sheet.append([None] * 7)  # an empty row is skipped
    buffer = io.BytesIO()
    book.save(buffer)
    token = _upload(fiona_client, workshop, "papir.xlsx", buffer.getvalue())
    _speak(fiona_client, "en")
    assert "1 empty row was skipped." in _preview(fiona_client, workshop, token)
    _confirm(fiona_client, workshop, token)
    assert _sheets(workshop) == [
        {
            "profession": "Sygeplejerske",
            "use_case": "Journalnotater",
            "q1": "Tid",
            "q2": "Hjælper",
            "q3": "Færre notater",
            "q4": "42",
            "q5": "Omsorg",
        }
    ]


def _csv(*rows: list[str], header: str = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return (header + out.getvalue()).encode()


def test_bad_rows_are_reported_with_their_row_numbers_and_nothing_is_saved(
    fiona_client: Client, workshop: Workshop
) -> None:
    data = _csv(
        ["", "1", "Jurist", "", "Tid", "", "", "", ""],
        ["", "2", "Jurist", "", "x" * 5001, "", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["", "4", "P" * 201, "", "Ok", "", "", "", ""],
    )
    token = _upload(fiona_client, workshop, "papir.csv", data)
    _speak(fiona_client, "en")
    html = _preview(fiona_client, workshop, token)
    assert '<th scope="row">3</th>' in html
    assert "Question 1 is too long: at most 5000 characters, and it has 5001." in html
    assert '<th scope="row">5</th>' in html and "Profession is too long" in html
    assert "1 empty row was skipped." in html
    html = _confirm(fiona_client, workshop, token)
    assert "2 rows have errors" in html
    assert not Sheet.objects.filter(workshop=workshop).exists()
    _confirm(fiona_client, workshop, token, only_valid=True)
    assert _sheets(workshop) == [{"profession": "Jurist", "q1": "Tid"}]


def test_unknown_columns_are_reported_and_left_out(
    fiona_client: Client, workshop: Workshop
) -> None:
    data = b"profession,q1,Navn,Afdeling\nJurist,Tid,Hanne,Jura\n"
    token = _upload(fiona_client, workshop, "papir.csv", data)
    _speak(fiona_client, "en")
    html = _preview(fiona_client, workshop, token)
    assert "These columns were not recognised and are left out: Navn, Afdeling." in html
    _confirm(fiona_client, workshop, token)
    assert _sheets(workshop) == [{"profession": "Jurist", "q1": "Tid"}]


def test_a_windows_1252_file_is_read_with_a_warning(
    fiona_client: Client, workshop: Workshop
) -> None:
    data = "profession;q1\nSygeplejerske;Værdier og trivsel på afdelingen\n".encode("cp1252")
    token = _upload(fiona_client, workshop, "papir.csv", data)
    _speak(fiona_client, "en")
    assert "read as Windows-1252" in _preview(fiona_client, workshop, token)
    _confirm(fiona_client, workshop, token)
    assert _sheets(workshop) == [
        {"profession": "Sygeplejerske", "q1": "Værdier og trivsel på afdelingen"}
    ]


def test_a_file_in_no_known_encoding_gets_a_clear_error(
    fiona_client: Client, workshop: Workshop
) -> None:
    data = b"profession,q1\nJurist,\x81\x8d\x90\x9d\xff\xfe\n"
    _speak(fiona_client, "en")
    response = fiona_client.post(
        page(workshop, "import/"), {"file": SimpleUploadedFile("papir.csv", data)}
    )
    assert response.status_code == 200
    assert "Save it as “CSV UTF-8”" in response.content.decode()


def test_a_broken_xlsx_gets_a_clear_error(fiona_client: Client, workshop: Workshop) -> None:
    _speak(fiona_client, "en")
    for data in (b"PK\x03\x04 this is no workbook", b"plain text pretending"):
        response = fiona_client.post(
            page(workshop, "import/"), {"file": SimpleUploadedFile("svar.xlsx", data)}
        )
        assert "could not be read as an Excel workbook" in response.content.decode()
    response = fiona_client.post(
        page(workshop, "import/"), {"file": SimpleUploadedFile("svar.xls", b"\xd0\xcf\x11\xe0")}
    )
    assert "Old Excel files (.xls)" in response.content.decode()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_unread(
    fiona_client: Client, workshop: Workshop
) -> None:
    _speak(fiona_client, "en")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    response = fiona_client.post(
        page(workshop, "import/"), {"file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())}
    )
    assert "The file is too large" in response.content.decode()
    assert not Sheet.objects.exists()


def test_bad_input_never_loses_what_was_saved(fiona_client: Client, workshop: Workshop) -> None:
    token = _upload(fiona_client, workshop, "ok.csv", b"q1\nTid\n")
    _confirm(fiona_client, workshop, token)
    fiona_client.post(
        page(workshop, "import/"), {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04")}
    )
    token = _upload(
        fiona_client, workshop, "bad.csv", _csv(["", "", "", "", "x" * 6000] + [""] * 4)
    )
    _confirm(fiona_client, workshop, token)
    assert _sheets(workshop) == [{"q1": "Tid"}]


def test_the_preview_is_kept_for_the_confirmation_only_for_its_owner(
    alice_client: Client, fiona_client: Client, workshop: Workshop
) -> None:
    token = _upload(fiona_client, workshop, "ok.csv", b"q1\nTid\n")
    response = alice_client.get(page(workshop, "import/"), {"preview": token})
    assert response.status_code == 302  # expired or not hers: upload again
    alice_client.post(page(workshop, "import/"), {"confirm": "1", "preview": token})
    assert not Sheet.objects.filter(workshop=workshop).exists()
    _confirm(fiona_client, workshop, token)
    _confirm(fiona_client, workshop, token)  # a second confirmation finds nothing to import
    assert Sheet.objects.filter(workshop=workshop).count() == 1


def test_a_workshop_name_that_differs_is_a_warning(
    fiona_client: Client, workshop: Workshop
) -> None:
    token = _upload(fiona_client, workshop, "ok.csv", b"workshop,q1\nEt andet hold,Tid\n")
    _speak(fiona_client, "en")
    html = _preview(fiona_client, workshop, token)
    assert "These rows say they are from “Et andet hold”, not “AI i kommunikationen”" in html
    _confirm(fiona_client, workshop, token, value="Et andet hold")
    assert _sheets(workshop) == [{"q1": "Tid"}]


def test_imported_sheets_are_anonymous_and_cannot_be_opened(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    token = _upload(fiona_client, workshop, "ok.csv", b"q1\nTid\nRo\n")
    _confirm(fiona_client, workshop, token)
    sheets = list(Sheet.objects.filter(workshop=workshop))
    assert len(sheets) == 2 and all(s.user is None and s.submitted for s in sheets)
    assert len({s.token_hash for s in sheets} | {s.resume_hash for s in sheets}) == 4
    entry = AuditEntry.objects.get(action="workshop.import")
    assert (entry.actor, entry.target, entry.data) == (world.fiona, workshop.code, {"count": 2})


def test_nothing_is_imported_into_a_closed_workshop(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    for phase in ("themes", "principles", "agreement", "closed"):
        workshop = workshop_actions.set_phase(world.fiona, workshop, phase)
    token = _upload(fiona_client, workshop, "ok.csv", b"q1\nTid\n")
    _confirm(fiona_client, workshop, token)
    assert not Sheet.objects.filter(workshop=workshop).exists()


def test_a_member_who_does_not_facilitate_gets_403(mads_client: Client, workshop: Workshop) -> None:
    assert mads_client.get(page(workshop, "import/")).status_code == 403


def test_outsider_gets_404(olga_client: Client, workshop: Workshop) -> None:
    assert olga_client.get(page(workshop, "import/")).status_code == 404
    response = olga_client.post(
        page(workshop, "import/"), {"file": SimpleUploadedFile("ok.csv", b"q1\nTid\n")}
    )
    assert response.status_code == 404
    assert not Sheet.objects.exists()


def test_the_upload_page_renders_in_both_languages(
    fiona_client: Client, workshop: Workshop
) -> None:
    for language in ("da", "en"):
        _speak(fiona_client, language)
        response = fiona_client.get(page(workshop, "import/"))
        assert response.status_code == 200
        assert 'type="file"' in response.content.decode()


# --- API --------------------------------------------------------------------------------


def _api_import(client: Client, workshop: Workshop, data: bytes, **form: str) -> dict:  # type: ignore[type-arg]
    response = client.post(
        api(workshop, "import"), {"file": SimpleUploadedFile("papir.csv", data), **form}
    )
    return {"status": response.status_code, **response.json()}


@pytest.mark.parametrize("name", list(SAMPLE_WORKSHOPS))
def test_api_imports_the_sample_by_workshop_name(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop, name: str
) -> None:
    client = api_client_for(world.fiona)
    refused = _api_import(client, workshop, SAMPLE.read_bytes())
    assert refused["status"] == 400 and refused["field"] == "workshop"
    assert refused["preview"]["needs_choice"] is True
    assert {w["value"]: w["rows"] for w in refused["preview"]["workshops"]} == SAMPLE_WORKSHOPS
    done = _api_import(client, workshop, SAMPLE.read_bytes(), workshop_value=name)
    assert (done["status"], done["imported"]) == (201, SAMPLE_WORKSHOPS[name])
    assert Sheet.objects.filter(workshop=workshop).count() == SAMPLE_WORKSHOPS[name]


def test_api_reports_row_errors_and_imports_only_valid_rows_when_asked(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    client = api_client_for(world.fiona)
    data = b"q1,q2\nTid," + b"x" * 5001 + b"\nRo,\n"
    dry = _api_import(client, workshop, data, dry_run="true")
    assert (dry["status"], dry["imported"]) == (200, 0)
    [bad] = [r for r in dry["preview"]["rows"] if r["problems"]]
    assert bad["row"] == 2 and bad["problems"][0]["code"] == "too_long"
    refused = _api_import(client, workshop, data)
    assert refused["status"] == 400 and refused["preview"]["bad"] == 1
    assert not Sheet.objects.filter(workshop=workshop).exists()
    done = _api_import(client, workshop, data, only_valid="true")
    assert (done["status"], done["imported"]) == (201, 1)


def test_api_import_outsider_gets_404(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    refused = _api_import(api_client_for(world.olga), workshop, b"q1\nTid\n")
    assert refused["status"] == 404
    assert not Sheet.objects.exists()


def test_api_import_without_a_file_is_refused(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    response = api_client_for(world.fiona).post(api(workshop, "import"))
    assert response.status_code == 400
    assert response.json()["field"] == "file"


def test_trailing_empty_rows_do_not_count_towards_the_row_limit() -> None:
    from vogter.workshops.imports import MAX_ROWS, parse

    rows = [["Team", str(n), "", "", "Svar", "", "", "", ""] for n in range(1, 11)]
    empty = [[""] * 9] * (MAX_ROWS + 5)  # what a spreadsheet saved as CSV often carries
    preview = parse(_csv(*rows, *empty), "answers.csv")
    assert not preview.errors and len(preview.rows) == 10
    too_many = [["Team", str(n), "", "", "Svar", "", "", "", ""] for n in range(MAX_ROWS + 1)]
    assert [p.code for p in parse(_csv(*too_many), "answers.csv").errors] == ["too_many_rows"]
