"""The check before the room sees it: answers that look like they hold personal data are
held back until the facilitator hides them, blanks what was found, or shows them."""

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import World
from vogter.organisations.models import AuditEntry
from vogter.workshops import moderation
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db

CPR_ANSWER = "Jeg indtastede borgerens CPR 010190-1234 i en chatbot."


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def _answer(workshop: Workshop, field: str, text: str) -> tuple[Entry, str]:
    """An answer its author finished, gone up with its batch; and the author's token."""
    joined = sheet_actions.join(workshop)
    entry = sheet_actions.save_entry(joined.sheet, field, text, 1, final=True)
    board_actions.release_answers(workshop)
    entry.refresh_from_db()
    return entry, joined.token


def _reveal(world: World, workshop: Workshop, client: Client) -> dict:  # type: ignore[type-arg]
    client.post(_base(world, workshop) + "/reveal/", {"revealed": "1"})
    return client.get(_base(world, workshop) + "/board/state.json").json()


def _waiting(workshop: Workshop) -> int:
    """How many answers wait for the check (the check page and the API list them)."""
    return len(moderation.held_cards(workshop))


def test_an_answer_with_a_cpr_number_is_held_back_from_the_reveal(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    held, _ = _answer(workshop, "q1", CPR_ANSWER)
    _answer(workshop, "q1", "Hurtigere udkast")
    state = _reveal(world, workshop, fiona_client)
    assert _waiting(workshop) == 1
    texts = {c["id"]: c["text"] for c in state["cards"]}
    assert texts[str(held.id)] is None
    assert "Hurtigere udkast" in texts.values()
    page = fiona_client.get(_base(world, workshop) + "/board/").content.decode()
    assert "010190-1234" not in page and "Hurtigere udkast" in page


def test_the_check_page_marks_what_was_found(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _answer(workshop, "q1", CPR_ANSWER + " Spørg Mads på mads@havneby.example.")
    html = fiona_client.get(_base(world, workshop) + "/check/").content.decode()
    assert '<mark title="CPR-nummer">010190-1234' in html
    assert '<mark title="e-mailadresse">mads@havneby.example' in html
    assert '<mark title="navn">Mads' in html


def test_a_members_name_holds_an_answer_back(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry, _ = _answer(workshop, "q2", "Fiona viste os et godt eksempel")
    assert entry.held
    entry, _ = _answer(workshop, "q2", "Vi viste hinanden gode eksempler")
    assert not entry.held


def test_blanking_replaces_what_was_found_and_lets_the_answer_go_up(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry, _ = _answer(workshop, "q1", CPR_ANSWER)
    response = fiona_client.post(
        _base(world, workshop) + f"/cards/{entry.id}/check/", {"decision": "blank"}
    )
    assert response.status_code == 302
    state = _reveal(world, workshop, fiona_client)
    assert _waiting(workshop) == 0
    assert [c["text"] for c in state["cards"]] == [
        "Jeg indtastede borgerens CPR [fjernet] i en chatbot."
    ]
    entry.refresh_from_db()
    # Gone from the sheet too: the reflection's closing does not put it back.
    assert "010190-1234" not in entry.text + entry.released_text


def test_an_english_workshop_blanks_with_removed(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    workshop.language = "en"
    workshop.save()
    entry, _ = _answer(workshop, "q1", "Call me on +45 23 45 67 89")
    fiona_client.post(_base(world, workshop) + f"/cards/{entry.id}/check/", {"decision": "blank"})
    entry.refresh_from_db()
    assert entry.released_text == "Call me on [removed]"


def test_hiding_a_held_answer_keeps_its_text_off_the_board(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry, _ = _answer(workshop, "q1", CPR_ANSWER)
    fiona_client.post(_base(world, workshop) + f"/cards/{entry.id}/check/", {"decision": "hide"})
    state = _reveal(world, workshop, fiona_client)
    assert [(c["hidden"], c["held"], c["text"]) for c in state["cards"]] == [(True, False, None)]


def test_showing_a_false_alarm_lets_it_go_up_as_written(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry, _ = _answer(workshop, "q1", "Sag nr. 010190-1234 er et eksempel")
    fiona_client.post(_base(world, workshop) + f"/cards/{entry.id}/check/", {"decision": "show"})
    state = _reveal(world, workshop, fiona_client)
    assert [c["text"] for c in state["cards"]] == ["Sag nr. 010190-1234 er et eksempel"]


def test_a_new_text_from_the_author_is_checked_again(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    joined = sheet_actions.join(workshop)
    sheet_actions.save_entry(joined.sheet, "q1", "Intet personligt", 1, final=True)
    board_actions.release_answers(workshop)
    sheet_actions.save_entry(joined.sheet, "q1", "Ring 23456789", 2, final=True)
    board_actions.release_answers(workshop)
    assert Entry.objects.get(field="q1").held
    sheet_actions.save_entry(joined.sheet, "q1", "Ring til os", 3, final=True)
    board_actions.release_answers(workshop)
    assert not Entry.objects.get(field="q1").held


def test_a_held_use_case_is_left_out_of_the_use_cases(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _answer(workshop, "use_case", "Referater for mette@havneby.example")
    _answer(workshop, "use_case", "Referater af møder")
    state = _reveal(world, workshop, fiona_client)
    assert state["use_cases"] == ["Referater af møder"]
    assert _waiting(workshop) == 1


def test_the_projected_board_never_says_how_many_answers_wait_for_the_check(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    # In a room of six, a count that rises just as someone hands in says whose answer
    # holds personal data; the count is on the facilitator's own check page only.
    _answer(workshop, "q1", CPR_ANSWER)
    state = _reveal(world, workshop, fiona_client)
    overview = fiona_client.get(_base(world, workshop) + "/board/overview.json").json()
    assert "held" not in state and "held" not in overview
    page = fiona_client.get(_base(world, workshop) + "/board/").content.decode()
    assert "wait for your check" not in page and "held-count" not in page
    check = fiona_client.get(_base(world, workshop) + "/check/").content.decode()
    assert "010190-1234" in check


def test_the_decision_is_audited_by_card_never_by_person_and_without_the_text(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry, _ = _answer(workshop, "q1", CPR_ANSWER)
    fiona_client.post(_base(world, workshop) + f"/cards/{entry.id}/check/", {"decision": "blank"})
    audit = AuditEntry.objects.get(action="card.blank")
    assert audit.target == str(entry.id)
    assert audit.data == {"workshop": workshop.code, "field": "q1"}
    assert str(entry.sheet_id) not in str(audit.data)


def test_the_authors_phone_is_told_nothing(workshop: Workshop) -> None:
    _, token = _answer(workshop, "q1", CPR_ANSWER)
    response = Client(headers={"authorization": f"Bearer {token}"}).get("/api/worksheets/me")
    assert response.status_code == 200
    assert "held" not in response.content.decode()
    assert CPR_ANSWER in response.content.decode()  # their own text, as they wrote it


def test_a_member_cannot_open_the_check(
    world: World, mads_client: Client, workshop: Workshop
) -> None:
    _answer(workshop, "q1", CPR_ANSWER)
    response = mads_client.get(_base(world, workshop) + "/check/")
    assert response.status_code in (403, 404)
    assert "010190-1234" not in response.content.decode()


def test_the_check_over_the_api(api_client_for, world: World, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    entry, _ = _answer(workshop, "q1", CPR_ANSWER)
    api = api_client_for(world.fiona)
    base = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}"
    [held] = api.get(base + "/check").json()
    assert held["id"] == str(entry.id)
    assert [(f["kind"], held["text"][f["start"] : f["end"]]) for f in held["found"]] == [
        ("cpr", "010190-1234")
    ]
    card = api.post(
        base + f"/cards/{entry.id}/check", {"decision": "blank"}, content_type="application/json"
    ).json()
    assert card["held"] is False
    assert api.get(base + "/check").json() == []


def test_the_check_from_the_command_line(world: World, workshop: Workshop, capsys) -> None:  # type: ignore[no-untyped-def]
    entry, _ = _answer(workshop, "q1", CPR_ANSWER)
    call_command("workshop", "check", world.havneby.code, workshop.code)
    listed = capsys.readouterr().out
    assert f"{entry.id}\tq1\tcpr\tJeg indtastede borgerens CPR [010190-1234]" in listed
    call_command(
        "workshop", "check", world.havneby.code, workshop.code, str(entry.id), "--decision", "hide"
    )
    entry.refresh_from_db()
    assert entry.hidden and not entry.held
