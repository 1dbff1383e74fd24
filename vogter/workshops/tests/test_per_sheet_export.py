"""Exporting sheet by sheet (profession, use case and answers together): chosen before
anyone joins, told to every participant before they write, and only then offered."""

import datetime
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop
from vogter.workshops.tests.paperkit import (
    announced_workshop,
    answer,
    api,
    close_reflection,
    page,
    read_csv,
)

pytestmark = pytest.mark.django_db

NOTICE = {
    "da": "Dine svar kan blive eksporteret ark for ark",
    "en": "Your answers may be exported sheet by sheet",
}
TOGETHER = {
    "da": "din profession, din AI use-case og dine svar på de fem spørgsmål samlet i én række",
    "en": "your profession, your AI use case and your answers to the five questions together",
}


def _workshops(world: World) -> str:
    return f"/api/organisations/{world.havneby.code}/workshops"


def _phone(language: str) -> Client:
    """A participant's phone that asks for this language."""
    phone = Client()
    phone.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return phone


# --- Choosing it: before anyone joins ----------------------------------------------------


def test_a_facilitator_chooses_it_when_creating_the_workshop(
    world: World, fiona_client: Client
) -> None:
    response = fiona_client.post(
        f"/o/{world.havneby.code}/workshops/",
        {
            "title": "AI i sekretariatet",
            "unit": world.unit.code,
            "date": "2026-12-03",
            "language": "da",
            "anonymous": "on",
            "per_sheet_export": "on",
            "min_group_size": "5",
        },
    )
    assert response.status_code == 302
    assert Workshop.objects.get().per_sheet_export


def test_it_is_off_unless_chosen(
    world: World, api_client_for: Callable[[User], Client], fiona_client: Client
) -> None:
    created = api_client_for(world.fiona).post(
        _workshops(world),
        {"title": "AI og trivsel", "unit": world.unit.code, "date": "2026-12-01"},
        content_type="application/json",
    )
    assert created.json()["per_sheet_export"] is False
    form = fiona_client.get(f"/o/{world.havneby.code}/workshops/").content.decode()
    assert 'name="per_sheet_export"' in form and 'name="per_sheet_export" checked' not in form


def test_the_api_creates_it_and_changes_it_while_nobody_has_joined(
    world: World, api_client_for: Callable[[User], Client]
) -> None:
    client = api_client_for(world.fiona)
    created = client.post(
        _workshops(world),
        {
            "title": "AI og trivsel",
            "unit": world.unit.code,
            "date": "2026-12-01",
            "per_sheet_export": True,
        },
        content_type="application/json",
    ).json()
    assert created["per_sheet_export"] is True
    url = f"{_workshops(world)}/{created['code']}"
    off = client.patch(url, {"per_sheet_export": False}, content_type="application/json")
    assert off.status_code == 200 and off.json()["per_sheet_export"] is False
    on = client.patch(url, {"per_sheet_export": True}, content_type="application/json")
    assert on.status_code == 200 and on.json()["per_sheet_export"] is True


def test_switching_it_on_after_someone_joined_is_refused(
    world: World, api_client_for: Callable[[User], Client], workshop: Workshop
) -> None:
    sheet_actions.join(workshop)  # joined, was not told, has not written a word yet
    url = f"{_workshops(world)}/{workshop.code}"
    refused = api_client_for(world.fiona).patch(
        url, {"per_sheet_export": True}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "per_sheet_export"
    assert "Deltagerne skal vide det, før de skriver" in refused.json()["detail"]
    workshop.refresh_from_db()
    assert not workshop.per_sheet_export


def test_the_edit_page_refuses_it_after_someone_joined_and_says_why(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    sheet_actions.join(workshop)
    response = fiona_client.post(
        page(workshop, "edit/"),
        {
            "title": workshop.title,
            "unit": world.unit.code,
            "date": "2026-11-27",
            "language": "da",
            "anonymous": "on",
            "per_sheet_export": "on",
            "min_group_size": "5",
        },
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["per_sheet_export"]
    assert "før nogen er kommet ind" in error
    workshop.refresh_from_db()
    assert not workshop.per_sheet_export


def test_switching_it_off_after_people_joined_is_allowed(world: World) -> None:
    workshop = announced_workshop(world)
    answer(workshop, q1="Tid")
    workshop_actions.update_workshop(
        world.fiona,
        workshop,
        unit=world.unit,
        title=workshop.title,
        date=workshop.date,
        language="da",
        anonymous=True,
        require_login=False,
        min_group_size=5,
        per_sheet_export=False,
    )
    workshop.refresh_from_db()
    assert not workshop.per_sheet_export


# --- Telling the participants, before they write ----------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_join_page_tells_every_participant_in_danish_and_english(
    world: World, language: str
) -> None:
    workshop = announced_workshop(world)
    html = _phone(language).get(f"/j/{workshop.join_code}/").content.decode()
    # Their own language first, the other one beside it.
    assert NOTICE["da"] in html and NOTICE["en"] in html
    assert TOGETHER["da"] in html and TOGETHER["en"] in html
    assert html.index(NOTICE[language]) < html.index(NOTICE["en" if language == "da" else "da"])
    assert html.index(NOTICE[language]) < html.index("button-large")  # before "Start"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_sheet_page_tells_them_too(world: World, language: str) -> None:
    workshop = announced_workshop(world)
    phone = _phone(language)
    phone.post(f"/j/{workshop.join_code}/")
    html = phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert NOTICE["da"] in html and NOTICE["en"] in html
    assert html.index(NOTICE[language]) < html.index('id="f-q1"')  # above the first question


def test_a_workshop_that_is_not_anonymous_says_the_e_mail_address_goes_with_it(
    world: World,
) -> None:
    workshop = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Ledergruppen",
        date=datetime.date(2026, 12, 1),
        language="en",
        anonymous=False,
        per_sheet_export=True,
    )
    html = _phone("en").get(f"/j/{workshop.join_code}/").content.decode()
    assert "together in one row, with your e-mail address" in html
    assert "sammen med din e-mailadresse" in html


def test_other_workshops_say_nothing_of_it(workshop: Workshop) -> None:
    phone = _phone("en")
    assert NOTICE["en"] not in phone.get(f"/j/{workshop.join_code}/").content.decode()
    phone.post(f"/j/{workshop.join_code}/")
    assert NOTICE["en"] not in phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()


def test_the_participants_api_says_so_too(world: World, workshop: Workshop) -> None:
    told = announced_workshop(world, title="Fortalt")
    for w, expected in ((told, True), (workshop, False)):
        joined = Client().post(
            "/api/worksheets/join", {"join_code": w.join_code}, content_type="application/json"
        )
        assert joined.json()["per_sheet_export"] is expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_paper_worksheet_says_so_too(
    world: World, fiona_client: Client, tmp_path: Path
) -> None:
    workshop = announced_workshop(world)
    target = tmp_path / "sheet.pdf"
    target.write_bytes(fiona_client.get(page(workshop, "paper.pdf?lang=en")).content)
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        ["pdftotext", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "exported sheet by sheet" in " ".join(text.split())


# --- Exporting sheet by sheet: only where announced -------------------------------------


def test_the_per_sheet_layout_is_refused_unless_the_participants_were_told(
    world: World,
    fiona_client: Client,
    api_client_for: Callable[[User], Client],
    workshop: Workshop,
) -> None:
    answer(workshop, profession="Jurist", q1="Tid")
    close_reflection(workshop)
    for fmt in ("csv", "xlsx", "json"):
        response = fiona_client.get(page(workshop, f"export/{fmt}/?layout=sheets"), follow=True)
        assert response.redirect_chain == [(page(workshop), 302)]
        assert "deltagerne fik ikke at vide" in response.content.decode()
        refused = api_client_for(world.fiona).get(
            api(workshop, f"export?format={fmt}&layout=sheets")
        )
        assert refused.status_code == 409 and refused.json()["field"] == "layout"


def test_where_announced_the_per_sheet_layout_keeps_each_sheet_together(
    world: World, fiona_client: Client, api_client_for: Callable[[User], Client]
) -> None:
    workshop = announced_workshop(world)
    answer(workshop, profession="Jurist", use_case="Høringssvar", q1="Tid", q5="Retssikkerhed")
    sheet_actions.join(workshop)  # joined, wrote nothing: no row
    close_reflection(workshop)
    response = fiona_client.get(page(workshop, "export/csv/?layout=sheets"))
    assert response["Content-Disposition"] == (
        'attachment; filename="ai-i-kommunikationen-2026-11-27-per-sheet.csv"'
    )
    [row] = read_csv(response.content)
    assert list(row) == [
        "workshop",
        "participant",
        "profession",
        "use_case",
        "q1",
        "q2",
        "q3",
        "q4",
        "q5",
        "hidden",
    ]
    assert (row["participant"], row["profession"], row["q1"], row["q5"]) == (
        "1",
        "Jurist",
        "Tid",
        "Retssikkerhed",
    )
    doc = api_client_for(world.fiona).get(api(workshop, "export?format=json&layout=sheets")).json()
    assert (doc["schema_version"], doc["layout"]) == (1, "sheets")
    [sheet] = doc["sheets"]
    assert set(sheet) == {"participant", "submitted", "answers", "hidden"}
    assert sheet["answers"]["profession"] == "Jurist"
    # The page offers both layouts once the reflection has closed.
    html = fiona_client.get(page(workshop)).content.decode()
    assert f'href="{page(workshop, "export/csv/")}?layout=sheets"' in html


def test_the_participant_number_is_a_fresh_running_number(
    world: World, fiona_client: Client
) -> None:
    workshop = announced_workshop(world)
    for i in range(6):
        answer(workshop, q1=f"Svar {i}")
    close_reflection(workshop)
    rows = read_csv(fiona_client.get(page(workshop, "export/csv/?layout=sheets")).content)
    assert sorted(int(r["participant"]) for r in rows) == [1, 2, 3, 4, 5, 6]


def test_only_a_workshop_that_is_not_anonymous_names_the_participant(
    world: World, fiona_client: Client
) -> None:
    named = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Ledergruppen",
        date=datetime.date(2026, 12, 1),
        language="en",
        anonymous=False,
        per_sheet_export=True,
    )
    named = workshop_actions.set_phase(world.fiona, named, "reflect")
    joined = sheet_actions.join(named, user=world.mads)
    sheet_actions.save_entry(joined.sheet, "q1", "Tid", 1)
    close_reflection(named)
    [row] = read_csv(fiona_client.get(page(named, "export/csv/?layout=sheets")).content)
    assert row["email"] == "mads@havneby.example"
    [sheet] = fiona_client.get(page(named, "export/json/?layout=sheets")).json()["sheets"]
    assert sheet["email"] == "mads@havneby.example"
    # The default layout names nobody, here too.
    assert b"mads@" not in fiona_client.get(page(named, "export/csv/")).content
    anonymous = announced_workshop(world)
    answer(anonymous, q1="Tid")
    close_reflection(anonymous)
    [row] = read_csv(fiona_client.get(page(anonymous, "export/csv/?layout=sheets")).content)
    assert "email" not in row


def test_a_hidden_card_is_flagged_on_its_sheet(world: World, fiona_client: Client) -> None:
    workshop = announced_workshop(world)
    answer(workshop, q1="Upassende", q2="Fint")
    board_actions.hide_entry(world.fiona, workshop.sheets.get().entries.get(text="Upassende"))
    close_reflection(workshop)
    [row] = read_csv(fiona_client.get(page(workshop, "export/csv/?layout=sheets")).content)
    assert (row["q1"], row["hidden"]) == ("Upassende", "q1")
