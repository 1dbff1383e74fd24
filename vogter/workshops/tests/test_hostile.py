"""A workshop survives a hostile participant: one who starts sheets in a loop with the
code from the projector, tries join codes by the thousand, or opens streams without end.
Real participants still join; the facilitator clears up, and never learns whose sheet."""

import gc
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.organisations.models import AuditEntry
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.models import Entry, RemovedSheet, Sheet, Workshop

pytestmark = pytest.mark.django_db

SCRIPT = "203.0.113.66"  # the hostile client's address
OFFICE = "198.51.100.7"  # a room of real participants behind one office network


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits count in fixed windows: a test must not straddle two."""
    monkeypatch.setattr("vogter.lib.throttle.time", SimpleNamespace(time=lambda: 1_767_225_630))


def join(workshop: Workshop, address: str) -> tuple[Client, object]:
    phone = Client(REMOTE_ADDR=address)
    return phone, phone.post(f"/j/{workshop.join_code}/")


def write(phone: Client, workshop: Workshop, text: str = "Vi bruger AI til udkast") -> None:
    response = phone.post(
        f"/j/{workshop.join_code}/save",
        json.dumps({"field": "q1", "text": text, "seq": 1, "final": True}),
        content_type="application/json",
    )
    assert response.status_code == 200


def test_a_client_starting_many_sheets_is_stopped_while_another_still_joins(
    workshop: Workshop, settings: Settings
) -> None:
    settings.JOIN_RATE_LIMIT = "5/5m"
    for _ in range(5):
        assert join(workshop, SCRIPT)[1].status_code == 302
    _phone, refused = join(workshop, SCRIPT)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 300
    assert "Wait 5 minutes and try again" in refused.content.decode().replace("\n", " ") or (
        "Vent" in refused.content.decode()
    )
    assert Sheet.objects.count() == 5
    assert join(workshop, OFFICE)[1].status_code == 302  # a real participant elsewhere


def test_the_api_refuses_a_client_starting_many_sheets_with_429_and_retry_after(
    workshop: Workshop, settings: Settings
) -> None:
    settings.JOIN_RATE_LIMIT = "3/1m"
    script = Client(REMOTE_ADDR=SCRIPT, headers={"accept-language": "en"})
    body = {"join_code": workshop.join_code}
    for _ in range(3):
        assert script.post("/api/worksheets/join", body, "application/json").status_code == 201
    refused = script.post("/api/worksheets/join", body, "application/json")
    assert refused.status_code == 429
    assert refused["Retry-After"].isdigit()
    assert "network" in refused.json()["detail"] or "netværk" in refused.json()["detail"]


def test_a_room_of_fifty_behind_one_network_joins_under_the_default_limit(
    workshop: Workshop,
) -> None:
    assert all(join(workshop, OFFICE)[1].status_code == 302 for _ in range(50))


def test_guessing_join_codes_is_refused_even_for_a_code_that_exists(
    workshop: Workshop, settings: Settings
) -> None:
    settings.JOIN_CODE_GUESS_LIMIT = "10/10m"
    guesser = Client(REMOTE_ADDR=SCRIPT)
    answers = [guesser.get(f"/j/ZZZZ{n:02d}/").status_code for n in range(12)]
    assert answers[:10] == [404] * 10 and answers[10:] == [429, 429]
    # Blocked whatever it asks for now: a code that works answers no differently.
    assert guesser.get(f"/j/{workshop.join_code}/").status_code == 429
    api = guesser.post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, "application/json"
    )
    assert api.status_code == 429 and "Retry-After" in api
    typed = guesser.post("/j/", {"join_code": workshop.join_code})
    assert typed.status_code == 429 and "Retry-After" in typed
    # Others, and participants with their sheet elsewhere, are not affected.
    assert Client(REMOTE_ADDR=OFFICE).get(f"/j/{workshop.join_code}/").status_code == 200


def test_a_hundred_empty_sheets_do_not_make_the_workshop_full(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_actions, "MAX_SHEETS_PER_WORKSHOP", 10)
    monkeypatch.setattr(sheet_actions, "WRITTEN_COUNT_SECONDS", 0.0)
    for _ in range(100):
        sheet_actions.join(workshop)
    phone, joined = join(workshop, OFFICE)
    assert joined.status_code == 302  # empty sheets do not count
    write(phone, workshop)
    for _ in range(9):
        writer, _response = join(workshop, OFFICE)
        write(writer, workshop)
    _late, refused = join(workshop, OFFICE)
    assert refused.status_code == 400
    assert "fuld" in refused.content.decode() or "full" in refused.content.decode()


def test_the_facilitator_removes_empty_sheets_audited_by_count_only(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    writer, _response = join(workshop, OFFICE)
    write(writer, workshop)
    idle, _response = join(workshop, OFFICE)
    for _ in range(30):
        sheet_actions.join(workshop)
    page = fiona_client.get(f"/o/{world.havneby.code}/workshops/{workshop.code}/")
    assert "31" in page.content.decode()
    response = fiona_client.post(
        f"/o/{world.havneby.code}/workshops/{workshop.code}/sheets/remove-empty/"
    )
    assert response.status_code == 302
    assert Sheet.objects.filter(workshop=workshop).count() == 1  # the one with an answer
    log = AuditEntry.objects.get(action="workshop.remove_empty_sheets")
    assert log.actor == world.fiona and log.target == workshop.code and log.data == {"count": 31}
    # The idle participant is told, not shown an error, and may join again.
    told = idle.get(f"/j/{workshop.join_code}/sheet/", follow=True)
    assert told.status_code == 200
    assert 'id="sheet-removed"' in told.content.decode()
    assert idle.post(f"/j/{workshop.join_code}/").status_code == 302


def test_the_facilitator_removes_the_sheet_behind_an_abusive_card_without_learning_whose(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    abuser, _response = join(workshop, SCRIPT)
    write(abuser, workshop, "Noget grimt")
    board_actions.release_answers(workshop, everything=True)
    card = Entry.objects.get(text="Noget grimt")
    sheet_id = str(card.sheet_id)
    base = f"/o/{world.havneby.code}/workshops/{workshop.code}"
    assert f"{base}/cards/{card.id}/remove/" in fiona_client.get(f"{base}/board/").content.decode()
    confirm = fiona_client.get(f"{base}/cards/{card.id}/remove/")
    assert confirm.status_code == 200 and Sheet.objects.filter(pk=sheet_id).exists()
    assert fiona_client.post(f"{base}/cards/{card.id}/remove/").status_code == 302
    assert not Sheet.objects.filter(pk=sheet_id).exists()
    assert RemovedSheet.objects.count() == 1
    log = AuditEntry.objects.get(action="card.remove_sheet")
    assert log.target == str(card.id) and log.data == {"workshop": workshop.code, "cards": 1}
    assert sheet_id not in json.dumps(log.data) and SCRIPT not in json.dumps(log.data)
    # Its phone's next save says so, rather than failing.
    gone = abuser.post(
        f"/j/{workshop.join_code}/save",
        json.dumps({"field": "q2", "text": "mere", "seq": 1}),
        content_type="application/json",
    )
    assert gone.status_code == 410
    assert "facilitator" in gone.json()["detail"].lower()


def test_the_api_and_the_cli_remove_sheets_too(
    world: World, workshop: Workshop, api_client_for, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.fiona)
    script = Client(REMOTE_ADDR=SCRIPT)
    joined = script.post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, "application/json"
    )
    token = joined.json()["token"]
    base = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}"
    removed = api.post(f"{base}/sheets/remove-empty")
    assert removed.status_code == 200 and removed.json() == {"removed": 1}
    me = Client(headers={"authorization": f"Bearer {token}"}).get("/api/worksheets/me")
    assert me.status_code == 410 and "facilitator" in me.json()["detail"].lower()
    for _ in range(3):
        sheet_actions.join(workshop)
    call_command("workshop", "remove-empty-sheets", world.havneby.code, workshop.code)
    assert capsys.readouterr().out.strip() == "3\tremoved"
    assert AuditEntry.objects.filter(action="workshop.remove_empty_sheets").count() == 2


def test_a_sheet_with_answers_cannot_be_removed_once_exported(
    world: World, workshop: Workshop, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    writer, _response = join(workshop, OFFICE)
    write(writer, workshop)
    card = Entry.objects.get()
    Workshop.objects.filter(pk=workshop.pk).update(exported_at="2026-12-06T12:00:00Z")
    base = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}"
    refused = api_client_for(world.fiona).post(f"{base}/cards/{card.id}/remove-sheet")
    assert refused.status_code == 400
    assert Sheet.objects.count() == 1


def test_another_organisation_cannot_remove_sheets(
    world: World, workshop: Workshop, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    sheet_actions.join(workshop)
    base = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}"
    assert api_client_for(world.olga).post(f"{base}/sheets/remove-empty").status_code == 404
    assert Sheet.objects.count() == 1


def test_streams_are_capped_per_client_and_per_process_with_a_clear_answer(
    workshop: Workshop, settings: Settings
) -> None:
    settings.LIVE_STREAMS_PER_CLIENT = 3
    settings.LIVE_STREAMS_PER_PROCESS = 5
    url = f"/j/{workshop.join_code}/events"
    script = Client(REMOTE_ADDR=SCRIPT)
    held = [script.get(url) for _ in range(3)]  # open: nobody has read them to the end
    assert [r.status_code for r in held] == [200, 200, 200]
    refused = script.get(url)
    assert refused.status_code == 429 and refused["Retry-After"].isdigit()
    assert "connections" in refused.json()["detail"] or "forbindelser" in refused.json()["detail"]
    # Another client still gets its stream, up to the process's cap.
    office = [Client(REMOTE_ADDR=OFFICE).get(url) for _ in range(2)]
    assert [r.status_code for r in office] == [200, 200]
    full = Client(REMOTE_ADDR="192.0.2.1").get(url)
    assert full.status_code == 503 and int(full["Retry-After"]) >= 5
    # A stream that ends (here: is dropped before it started) gives its place back.
    del held
    gc.collect()
    assert script.get(url).status_code == 200
