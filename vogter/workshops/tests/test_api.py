"""Workshops over REST (facilitators) and worksheets over REST (participants' sheet token)."""

import pytest
from django.test import Client

from conftest import World
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db


def _sheet_client(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def test_facilitator_creates_and_steers_a_workshop(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.fiona)
    base = f"/api/organisations/{world.havneby.code}/workshops"
    created = api.post(
        base,
        {"title": "AI og trivsel", "unit": world.unit.code, "date": "2026-12-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    workshop = created.json()
    assert workshop["anonymous"] is True and workshop["phase"] == "lobby"
    moved = api.post(
        f"{base}/{workshop['code']}/phase", {"phase": "reflect"}, content_type="application/json"
    )
    assert moved.json()["phase"] == "reflect"
    jump = api.post(
        f"{base}/{workshop['code']}/phase", {"phase": "closed"}, content_type="application/json"
    )
    assert jump.status_code == 400 and jump.json()["field"] == "phase"
    assert [w["code"] for w in api.get(base).json()] == [workshop["code"]]


def test_a_participant_joins_saves_and_submits_with_the_sheet_token(workshop: Workshop) -> None:
    joined = Client().post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    assert joined.status_code == 201
    body = joined.json()
    assert body["token"].startswith("vsh_")
    assert [f["key"] for f in body["fields"]][:2] == ["q1", "q2"]
    assert body["fields"][0]["label_da"] == "Hvilken værdi tilføres?"
    me = _sheet_client(body["token"])
    saved = me.put(
        "/api/worksheets/me/fields/q1", {"text": "Tid", "seq": 1}, content_type="application/json"
    )
    assert saved.json() == {"field": "q1", "seq": 1, "saved": True}
    retry = me.put(
        "/api/worksheets/me/fields/q1", {"text": "Tid", "seq": 1}, content_type="application/json"
    )
    assert retry.status_code == 200
    assert me.post("/api/worksheets/me/submit", {}, content_type="application/json").json()[
        "submitted"
    ]
    assert me.get("/api/worksheets/me").json()["fields"][0]["text"] == "Tid"
    assert Entry.objects.get().text == "Tid"


def test_saving_after_the_reflection_closed_is_a_conflict(world: World, workshop: Workshop) -> None:

    token = sheet_actions.join(workshop).token
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    response = _sheet_client(token).put(
        "/api/worksheets/me/fields/q1", {"text": "Sent", "seq": 1}, content_type="application/json"
    )
    assert response.status_code == 409


def test_an_unknown_field_or_a_bad_token_is_refused(workshop: Workshop) -> None:

    token = sheet_actions.join(workshop).token
    unknown = _sheet_client(token).put(
        "/api/worksheets/me/fields/q9", {"text": "x", "seq": 1}, content_type="application/json"
    )
    assert unknown.status_code == 400
    assert _sheet_client("vsh_wrong").get("/api/worksheets/me").status_code == 401


def test_the_board_api_never_names_a_sheet(
    api_client_for, world: World, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]

    sheet = sheet_actions.join(workshop).sheet
    sheet_actions.save_entry(sheet, "q1", "Tid", 1, final=True)
    workshop_actions.reveal_answers(world.fiona, workshop)  # what waits goes up with the reveal
    board = api_client_for(world.fiona).get(
        f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/board"
    )
    assert board.status_code == 200
    assert str(sheet.id) not in board.content.decode()
    assert board.json()["cards"][0]["text"] == "Tid"
