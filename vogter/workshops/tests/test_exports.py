"""Exports of a workshop's answers as CSV, XLSX and JSON, through the pages and the API.

The default export gives each question's answers, the use cases and the professions as
lists of their own, so nothing ties a rare profession to what its author wrote; it is
available once the reflection has closed, so two exports always hold the same. The
per-sheet layout is in test_per_sheet_export.py.
"""

import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from conftest import World
from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.organisations.models import AuditEntry
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop
from vogter.workshops.tests.paperkit import (
    EDGE_CASES,
    FORMULAS,
    answer,
    answer_edge_cases,
    api,
    close_reflection,
    open_xlsx_text,
    page,
    read_csv,
)

pytestmark = pytest.mark.django_db

QUESTIONS = ["q1", "q2", "q3", "q4", "q5"]
LIST_COLUMNS = ["field", "text", "hidden", "count"]
JURIST = {
    "profession": "Jurist",
    "use_case": "Udkast til høringssvar og notater om persondata",
    "q1": "Retspraksis finder jeg på minutter",
    "q2": "En hurtig fuldmægtig, der tager fejl med stor selvsikkerhed",
    "q3": "Kortere sagsbehandling nu, færre juniorer om fem år",
    "q4": "Vi læser alt efter, der står et paragraftegn",
    "q5": "Retssikkerhed og fortrolighed",
}


def _room_with_one_jurist(workshop: Workshop) -> None:
    """Five web editors and the only lawyer in the room, who writes on every line."""
    for i in range(5):
        answer(
            workshop,
            profession="Webredaktør",
            use_case=f"Nyhedsbreve {i}",
            **{q: f"Webredaktør {i} svarer på {q}" for q in QUESTIONS},
        )
    answer(workshop, **JURIST)


def _texts(fiona_client: Client, workshop: Workshop) -> dict[str, str]:
    """Each format's export as text (the XLSX's XML parts)."""
    found = {}
    for fmt in ("csv", "json", "xlsx"):
        response = fiona_client.get(page(workshop, f"export/{fmt}/"))
        assert response.status_code == 200, (fmt, response)
        body = response.content
        if fmt == "xlsx":
            # The XML parts, and the cells read back (the XML writes æ as &#230;).
            book = load_workbook(io.BytesIO(body))
            cells = [
                str(v)
                for sheet in book
                for row in sheet.iter_rows(values_only=True)
                for v in row
                if v is not None
            ]
            found[fmt] = open_xlsx_text(body) + "\n".join(cells)
        else:
            found[fmt] = body.decode("utf-8-sig")
    return found


def _content(doc: dict[str, Any]) -> dict[str, Any]:
    """What a JSON export says about the people, as multisets: its order left out."""
    return {
        "answers": {
            q: Counter(json.dumps(i, sort_keys=True) for i in items)
            for q, items in doc["answers"].items()
        },
        "use_cases": Counter(json.dumps(i, sort_keys=True) for i in doc["use_cases"]),
        "professions": doc["professions"],
    }


# --- The reproduction: the only Jurist in the room --------------------------------------


def test_the_only_jurist_is_never_named_nor_put_beside_what_they_wrote(
    fiona_client: Client, workshop: Workshop
) -> None:
    _room_with_one_jurist(workshop)
    close_reflection(workshop)
    for fmt, text in _texts(fiona_client, workshop).items():
        assert "Jurist" not in text, fmt
        assert JURIST["q5"] in text and JURIST["use_case"] in text, fmt

    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    assert list(rows[0]) == LIST_COLUMNS  # no participant number, nothing per sheet
    for row in rows:
        # One thing per row: an answer never stands beside a profession or a use case.
        assert row["field"] in (*QUESTIONS, "use_case", "profession", "other_professions")
        if row["field"] not in ("profession", "other_professions"):
            assert row["count"] == ""
    # Five web editors and one other: "other professions" would pin the other one down,
    # and so would the count of five beside it. Only the name that at least five gave.
    professions = [(r["text"], r["count"]) for r in rows if "profession" in r["field"]]
    assert professions == [("Webredaktør", "")]

    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert doc["professions"] == [{"name": "Webredaktør", "count": None, "other": False}]
    assert set(doc) >= {"answers", "use_cases", "professions"} and "sheets" not in doc
    assert [len(doc["answers"][q]) for q in QUESTIONS] == [6] * 5


def test_each_question_is_a_list_of_its_own_in_a_fresh_order_at_every_export(
    fiona_client: Client, workshop: Workshop
) -> None:
    for i in range(12):
        answer(workshop, **{q: f"{q} fra ark {i}" for q in QUESTIONS})
    close_reflection(workshop)
    orders = []
    for _export in range(3):
        doc = fiona_client.get(page(workshop, "export/json/")).json()
        sheets = [[int(i["text"].split()[-1]) for i in doc["answers"][q]] for q in QUESTIONS]
        for order in sheets:
            assert sorted(order) == list(range(12))
        # Had the lists followed the sheets, every question would list them in one order.
        assert len({tuple(o) for o in sheets}) > 1
        orders.append(sheets[0])
    assert len({tuple(o) for o in orders}) > 1


def test_two_exports_hold_the_same_content(fiona_client: Client, workshop: Workshop) -> None:
    _room_with_one_jurist(workshop)
    for profession in ["Fotograf"] * 5:
        answer(workshop, profession=profession, q2="Billedtekster")
    board_actions.hide_entry(workshop.created_by, Entry.objects.get(text=JURIST["q3"]))
    close_reflection(workshop)
    first = fiona_client.get(page(workshop, "export/json/")).json()
    second = fiona_client.get(page(workshop, "export/json/")).json()
    assert _content(first) == _content(second)
    assert {k: v for k, v in first.items() if k not in ("answers", "use_cases", "exported_at")} == {
        k: v for k, v in second.items() if k not in ("answers", "use_cases", "exported_at")
    }
    csv_rows = [
        sorted(map(repr, read_csv(fiona_client.get(page(workshop, "export/csv/")).content)))
        for _ in range(2)
    ]
    assert csv_rows[0] == csv_rows[1]


# --- Professions: named from the minimum, counts decided by `protect` --------------------


def test_rare_professions_are_folded_into_other_professions_with_their_count(
    fiona_client: Client, workshop: Workshop
) -> None:
    for profession in ["Webredaktør"] * 5 + ["Jurist", "Læge", "Tester", "Fotograf", "Pædagog"]:
        answer(workshop, profession=profession, q1="Tid")
    close_reflection(workshop)
    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert doc["professions"] == [
        {"name": "Webredaktør", "count": 5, "other": False},
        {"name": "andre professioner", "count": 5, "other": True},
    ]
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    assert [(r["field"], r["text"], r["count"]) for r in rows if "profession" in r["field"]] == [
        ("profession", "Webredaktør", "5"),
        ("other_professions", "andre professioner", "5"),
    ]


def test_a_count_that_would_give_a_small_group_away_is_left_out_not_worded(
    fiona_client: Client, workshop: Workshop
) -> None:
    # 6 + 5 + 2: the two others are withheld, and so is the five beside them (13 - 6 - 5
    # would be 2). No "fewer than 5", nothing that narrows either.
    for profession in ["Webredaktør"] * 6 + ["Fotograf"] * 5 + ["Jurist", "Læge"]:
        answer(workshop, profession=profession, q1="Tid")
    close_reflection(workshop)
    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert doc["professions"] == [
        {"name": "Webredaktør", "count": 6, "other": False},
        {"name": "Fotograf", "count": None, "other": False},
        {"name": "andre professioner", "count": None, "other": True},
    ]
    for text in _texts(fiona_client, workshop).values():
        assert "Jurist" not in text and "Læge" not in text
        assert "færre end" not in text and "fewer than" not in text


# --- Refused while answers can still change ----------------------------------------------


@pytest.mark.parametrize("phase", ["lobby", "reflect"])
def test_no_export_while_the_answers_can_still_change(
    world: World,
    fiona_client: Client,
    api_client_for: Callable[[User], Client],
    workshop: Workshop,
    phase: str,
) -> None:
    answer(workshop, profession="Jurist", q1="Tid")
    if phase == "lobby":
        workshop_actions.set_phase(world.fiona, workshop, "lobby")
    for fmt in ("csv", "xlsx", "json"):
        response = fiona_client.get(page(workshop, f"export/{fmt}/"), follow=True)
        assert response.redirect_chain == [(page(workshop), 302)]
        assert "kan eksporteres, når refleksionen er lukket" in response.content.decode()
        refused = api_client_for(world.fiona).get(api(workshop, f"export?format={fmt}"))
        assert refused.status_code == 409
        assert refused.json()["field"] == "phase" and refused.json()["detail"]
    with translation.override("en"), pytest.raises(CommandError, match="reflection has closed"):
        call_command("workshop", "export", world.havneby.code, workshop.code, "--format", "csv")
    assert not AuditEntry.objects.filter(action="workshop.export").exists()


def test_the_workshop_page_offers_the_downloads_only_once_the_reflection_has_closed(
    world: World, workshop: Workshop
) -> None:
    def links() -> str:
        return render_to_string(
            "workshops/paper/_links.html", {"organisation": world.havneby, "workshop": workshop}
        )

    assert "export/csv/" not in links()
    close_reflection(workshop)
    html = links()
    for rest in ("paper.pdf?lang=da", "paper.pdf?lang=en", "import/"):
        assert f'href="{page(workshop, rest)}"' in html
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="{page(workshop, f"export/{fmt}/")}"' in html
    assert "layout=sheets" not in html  # the participants were not told


# --- Nothing can change once exported ----------------------------------------------------


def test_a_latecomer_cannot_be_singled_out_by_two_exports(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _room_with_one_jurist(workshop)
    close_reflection(workshop)
    first = fiona_client.get(page(workshop, "export/json/")).json()
    latecomer = sheet_actions.join(workshop).sheet
    with pytest.raises(ActionError):
        sheet_actions.save_entry(latecomer, "q1", "Jeg kom for sent", 1)
    with pytest.raises(ActionError) as refused:
        workshop_actions.set_phase(world.fiona, workshop, "reflect")
    assert refused.value.field == "phase"
    workshop.refresh_from_db()
    assert workshop.phase == "themes"
    second = fiona_client.get(page(workshop, "export/json/")).json()
    assert _content(first) == _content(second)


def test_the_answers_stay_fixed_whatever_becomes_of_the_audit_log(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    close_reflection(workshop)
    fiona_client.get(page(workshop, "export/csv/"))
    AuditEntry.objects.all().delete()  # the log is not what remembers
    with pytest.raises(ActionError):
        workshop_actions.set_phase(world.fiona, workshop, "reflect")


def test_the_reflection_may_reopen_while_nothing_has_been_exported(
    world: World, workshop: Workshop
) -> None:
    close_reflection(workshop)
    assert workshop_actions.set_phase(world.fiona, workshop, "reflect").phase == "reflect"


def test_the_minimum_group_size_stays_once_exported(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    close_reflection(workshop)
    fiona_client.get(page(workshop, "export/csv/"))
    settings = {
        "unit": world.unit,
        "date": workshop.date,
        "language": "da",
        "anonymous": True,
        "require_login": False,
    }
    with pytest.raises(ActionError) as refused:
        workshop_actions.update_workshop(
            world.fiona, workshop, title=workshop.title, min_group_size=3, **settings
        )
    assert refused.value.field == "min_group_size"
    # Everything else may still change.
    workshop_actions.update_workshop(
        world.fiona, workshop, title="Nyt navn", min_group_size=5, **settings
    )
    workshop.refresh_from_db()
    assert (workshop.title, workshop.min_group_size) == ("Nyt navn", 5)


def test_hiding_a_card_after_an_export_changes_only_that_answers_mark(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _room_with_one_jurist(workshop)
    close_reflection(workshop)
    first = fiona_client.get(page(workshop, "export/json/")).json()
    board_actions.hide_entry(world.fiona, Entry.objects.get(text=JURIST["q2"]))
    second = fiona_client.get(page(workshop, "export/json/")).json()
    before, after = _content(first), _content(second)
    assert before["answers"]["q2"] - after["answers"]["q2"] == Counter(
        {json.dumps({"hidden": False, "text": JURIST["q2"]}): 1}
    )
    assert after["answers"]["q2"] - before["answers"]["q2"] == Counter(
        {json.dumps({"hidden": True, "text": JURIST["q2"]}): 1}
    )
    for q in ("q1", "q3", "q4", "q5"):
        assert before["answers"][q] == after["answers"][q]
    assert before["use_cases"] == after["use_cases"]


# --- The formats ------------------------------------------------------------------------


def test_csv_opens_in_danish_excel(fiona_client: Client, workshop: Workshop) -> None:
    answer(workshop, profession="Fotograf", q1="Alt-tekster bliver lavet; det gjorde de ikke før")
    close_reflection(workshop)
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
    assert header == ";".join(LIST_COLUMNS)
    # The `;` inside the answer is quoted, as RFC 4180 asks.
    assert first == 'q1;"Alt-tekster bliver lavet; det gjorde de ikke før";;'


def test_csv_keeps_the_edge_cases_exactly(fiona_client: Client, workshop: Workshop) -> None:
    answer_edge_cases(workshop)
    close_reflection(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    by_field: dict[str, list[str]] = {}
    for row in rows:
        by_field.setdefault(row["field"], []).append(row["text"])
    for number, text in enumerate(EDGE_CASES.values(), start=1):
        assert text in by_field[f"q{number}"]
    assert by_field["use_case"] == ["Klart sprog"]
    # The fields come in the kit's order: q1 … q5, then the use cases, then professions.
    fields = [row["field"] for row in rows]
    assert fields == sorted(fields, key=[*QUESTIONS, "use_case", "other_professions"].index)


def test_csv_neutralises_formulas(fiona_client: Client, workshop: Workshop) -> None:
    answer_edge_cases(workshop)
    close_reflection(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    cells = [v for r in rows for v in r.values()]
    for formula in FORMULAS[:5]:
        assert "'" + formula in cells
        assert formula not in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_has_a_sheet_per_list_with_text_not_formulas(
    fiona_client: Client, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    for profession in ["Webredaktør"] * 5 + ["Fotograf"] * 5:
        answer(workshop, profession=profession)
    close_reflection(workshop)
    response = fiona_client.get(page(workshop, "export/xlsx/"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if "worksheets/sheet" in n
        )
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Spørgsmål 1",
        "Spørgsmål 2",
        "Spørgsmål 3",
        "Spørgsmål 4",
        "Spørgsmål 5",
        "AI use-case",
        "Faggrupper",
        "Workshop",
    ]
    first = book["Spørgsmål 1"]
    assert [c.value for c in first[1]] == ["Hvilken værdi tilføres?", "Skjult"]
    assert first[1][0].font.b and first.column_dimensions["A"].width >= 40
    assert sorted(r[0] for r in first.iter_rows(min_row=2, values_only=True)) == sorted(
        ["Det går hurtigere 😊", FORMULAS[0], "Tid til at tænke"]
    )
    cells = [c for sheet in book.worksheets[:6] for row in sheet.iter_rows(min_row=2) for c in row]
    for formula in FORMULAS[:5]:
        assert formula in [c.value for c in cells]  # kept verbatim, as text
    for cell in cells:
        if cell.value is None:
            continue
        assert cell.data_type in ("s", "inlineStr"), (cell.coordinate, cell.data_type)
        assert cell.alignment.wrap_text
        if cell.value.startswith(("=", "+", "-", "@")):
            assert cell.quotePrefix, cell.coordinate
    professions = list(book["Faggrupper"].iter_rows(values_only=True))
    assert professions[0] == ("Profession", "Antal personer")
    # 6 + 5 + 2: the two others are withheld, and the five with them (see below).
    assert professions[1:] == [
        ("Webredaktør", 6),
        ("Fotograf", None),
        ("andre professioner", None),
    ]
    about = {r[0]: r[1] for r in book["Workshop"].iter_rows(values_only=True)}
    assert about["q1"] == "Hvilken værdi tilføres?"
    assert "tilfældig rækkefølge" in about["Rækkefølge"]


def test_json_has_schema_version_2_and_the_workshop(
    fiona_client: Client, workshop: Workshop
) -> None:
    answer_edge_cases(workshop)
    close_reflection(workshop)
    response = fiona_client.get(page(workshop, "export/json/"))
    assert response["Content-Type"] == "application/json"
    doc = json.loads(response.content)
    assert doc["schema_version"] == 2 and doc["layout"] == "lists"
    assert doc["workshop"] == {
        "code": workshop.code,
        "title": "AI i kommunikationen",
        "date": "2026-11-27",
        "language": "da",
        "organisation": "Havneby Kommune",
        "unit": "Kommunikation",
        "phase": "themes",
        "anonymous": True,
        "min_group_size": 5,
        "group_minimum": 5,
    }
    assert [f["key"] for f in doc["fields"]] == ["profession", "use_case", *QUESTIONS]
    assert list(doc["answers"]) == QUESTIONS
    assert {"text": EDGE_CASES["quotes"], "hidden": False} in doc["answers"]["q2"]
    assert doc["use_cases"] == [{"text": "Klart sprog", "hidden": False}]
    # Three professions of one each: folded together and, three being fewer than five,
    # not listed at all (it would say one to four gave another).
    assert doc["professions"] == []


def test_a_hidden_card_is_marked_where_it_stands(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    answer(workshop, q1="Upassende", q2="Fint")
    board_actions.hide_entry(world.fiona, Entry.objects.get(text="Upassende"))
    close_reflection(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/")).content)
    assert [(r["field"], r["text"], r["hidden"]) for r in rows] == [
        ("q1", "Upassende", "hidden"),
        ("q2", "Fint", ""),
    ]
    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert doc["answers"]["q1"] == [{"text": "Upassende", "hidden": True}]
    assert doc["answers"]["q2"] == [{"text": "Fint", "hidden": False}]


def test_empty_answers_are_left_out(fiona_client: Client, workshop: Workshop) -> None:
    sheet_actions.join(workshop)  # joined, wrote nothing
    answer(workshop, q2="Sparringspartner", q3="   ")
    close_reflection(workshop)
    doc = fiona_client.get(page(workshop, "export/json/")).json()
    assert doc["answers"] == {
        "q1": [],
        "q2": [{"text": "Sparringspartner", "hidden": False}],
        "q3": [],
        "q4": [],
        "q5": [],
    }


def _identities(workshop: Workshop) -> list[str]:
    """Everything that could tie an exported row to a person or to a stored row."""
    sheets = Sheet.objects.filter(workshop=workshop)
    found = [str(s.id) for s in sheets] + [s.token_hash for s in sheets]
    found += [s.resume_hash for s in sheets]
    found += [str(e.id) for e in Entry.objects.filter(sheet__workshop=workshop)]
    found += [str(e.id.hex) for e in Entry.objects.filter(sheet__workshop=workshop)]
    found += list(User.objects.values_list("email", flat=True))
    return found


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_default_export_contains_no_identity_even_when_not_anonymous(
    world: World, fiona_client: Client, workshop: Workshop, anonymous: bool
) -> None:
    if not anonymous:
        workshop_actions.update_workshop(
            world.fiona,
            workshop,
            unit=world.unit,
            title=workshop.title,
            date=workshop.date,
            language="da",
            anonymous=False,
            require_login=False,
            min_group_size=5,
        )
    joined = sheet_actions.join(workshop, user=world.mads)
    sheet_actions.save_entry(joined.sheet, "q1", "Mere tid til borgerne", 1)
    answer(workshop, q1="Noget andet")
    close_reflection(workshop)
    secrets_ = [*_identities(workshop), joined.token, joined.resume_code]
    for fmt, text in _texts(fiona_client, workshop).items():
        assert "Mere tid til borgerne" in text
        for secret in secrets_:
            assert secret not in text, (fmt, secret)
        assert "email" not in text and "participant" not in text
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", text), fmt


def test_each_export_is_written_to_the_audit_log(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    close_reflection(workshop)
    fiona_client.get(page(workshop, "export/xlsx/"))
    entry = AuditEntry.objects.get(action="workshop.export")
    assert (entry.actor, entry.target, entry.data) == (
        world.fiona,
        workshop.code,
        {"format": "xlsx", "layout": "lists"},
    )


def test_an_unknown_format_or_layout_is_not_found(fiona_client: Client, workshop: Workshop) -> None:
    close_reflection(workshop)
    assert fiona_client.get(page(workshop, "export/docx/")).status_code == 404
    assert fiona_client.get(page(workshop, "export/csv/?layout=rows")).status_code == 404


def test_admin_may_export_too(alice_client: Client, workshop: Workshop) -> None:
    close_reflection(workshop)
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
    close_reflection(workshop)
    client = api_client_for(world.fiona)
    csv_response = client.get(api(workshop, "export?format=csv"))
    assert csv_response.status_code == 200
    assert {r["field"] for r in read_csv(csv_response.content)} == {*QUESTIONS, "use_case"}
    assert client.get(api(workshop, "export?format=json")).json()["schema_version"] == 2
    xlsx = client.get(api(workshop, "export?format=xlsx"))
    assert xlsx.content.startswith(b"PK\x03\x04")
    assert client.get(api(workshop, "export?format=docx")).status_code == 422
    assert client.get(api(workshop, "export?format=csv&layout=rows")).status_code == 422


def test_api_export_outsider_gets_404(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    response = api_client_for(world.olga).get(api(workshop, "export?format=csv"))
    assert response.status_code == 404
    assert set(response.json()) >= {"detail"}


def test_api_schema_documents_the_file_operations(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    base = "/api/organisations/{org}/workshops/{workshop_code}"
    export = schema["paths"][f"{base}/export"]["get"]
    assert "workshops" in export["tags"]
    assert "text/csv; charset=utf-8" in export["responses"]["200"]["content"]
    assert "409" in export["responses"]
    assert {p["name"] for p in export["parameters"]} >= {"format", "layout"}
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
    world: World, fiona_client: Client, workshop: Workshop, fmt: str
) -> None:
    answer(workshop, q1="En", profession="Fotograf")
    close_reflection(workshop)
    few = _queries(fiona_client, page(workshop, f"export/{fmt}/"))
    many = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Mange",
        date=workshop.date,
        language="da",
    )
    workshop_actions.set_phase(world.fiona, many, "reflect")
    for i in range(16):
        answer(many, q1=f"Svar {i}", q2="Mere", profession="Webredaktør")
    close_reflection(many)
    assert _queries(fiona_client, page(many, f"export/{fmt}/")) == few
