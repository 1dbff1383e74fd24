"""A facilitator plans a workshop, steers its phases and keeps the board clean."""

import datetime
import json

import pytest
from django.test import Client

from conftest import World
from vogter.lib.errors import ActionError
from vogter.organisations.models import AuditEntry
from vogter.workshops import board
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def _answer(workshop: Workshop, field: str, text: str) -> Entry:
    """An answer its author finished, gone up to the board with its batch."""
    entry = sheet_actions.save_entry(sheet_actions.join(workshop).sheet, field, text, 1, final=True)
    board_actions.release_answers(workshop)
    entry.refresh_from_db()
    return entry


def test_facilitator_creates_a_workshop_with_safe_defaults(
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
            "min_group_size": "5",
        },
    )
    workshop = Workshop.objects.get()
    assert response["Location"] == _base(world, workshop) + "/"
    assert workshop.anonymous and workshop.phase == "lobby" and workshop.min_group_size == 5
    assert len(workshop.join_code) == 6 and workshop.join_code.isupper()


def test_a_member_cannot_run_workshops(world: World, mads_client: Client) -> None:
    assert mads_client.get(f"/o/{world.havneby.code}/workshops/").status_code == 403


def test_the_control_screen_shows_the_join_code_and_a_qr_code(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    html = fiona_client.get(_base(world, workshop) + "/").content.decode()
    assert workshop.join_code in html
    assert "<svg" in html
    assert f"/j/{workshop.join_code}/" in html


def test_phases_move_one_step_at_a_time_and_are_logged(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    url = _base(world, workshop) + "/phase/"
    fiona_client.post(url, {"phase": "themes"})
    workshop.refresh_from_db()
    assert workshop.phase == "themes"
    fiona_client.post(url, {"phase": "closed"})  # a jump is refused
    workshop.refresh_from_db()
    assert workshop.phase == "themes"
    fiona_client.post(url, {"phase": "reflect"})  # one step back undoes a click
    workshop.refresh_from_db()
    assert workshop.phase == "reflect"
    # The fixture moved it to reflect; then two more moves, and the refused jump is not logged.
    assert AuditEntry.objects.filter(action="workshop.phase").count() == 3


def test_answers_stay_hidden_on_the_board_until_revealed(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _answer(workshop, "q1", "Hurtigere udkast")
    state = fiona_client.get(_base(world, workshop) + "/board/state.json").json()
    assert [c["text"] for c in state["cards"]] == [None]
    assert (
        "Hurtigere udkast"
        not in fiona_client.get(_base(world, workshop) + "/board/").content.decode()
    )
    fiona_client.post(_base(world, workshop) + "/reveal/", {"revealed": "1"})
    state = fiona_client.get(_base(world, workshop) + "/board/state.json").json()
    assert [c["text"] for c in state["cards"]] == ["Hurtigere udkast"]


def test_the_board_shows_no_author_and_no_time(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry = _answer(workshop, "q2", "Skrivemakker")
    workshop_actions.reveal_answers(world.fiona, workshop)
    state = fiona_client.get(_base(world, workshop) + "/board/state.json").json()
    [card] = state["cards"]
    assert set(card) == {"id", "field", "shuffle", "hidden", "held", "text", "empty"}
    assert str(entry.sheet_id) not in json.dumps(state)


def test_cards_come_in_a_shuffled_order_not_the_order_written(workshop: Workshop) -> None:
    for i in range(30):
        _answer(workshop, "q1", f"Svar {i:02}")
    workshop_actions.reveal_answers(None, workshop)
    texts = [c["text"] for c in board.cards(workshop)]
    assert sorted(texts) == [f"Svar {i:02}" for i in range(30)]
    assert texts != sorted(texts)


def test_hiding_a_card_keeps_it_in_the_data_and_logs_it(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    entry = _answer(workshop, "q3", "Noget upassende")
    workshop_actions.reveal_answers(world.fiona, workshop)
    response = fiona_client.post(
        _base(world, workshop) + f"/cards/{entry.id}/hide/",
        {"hidden": "1"},
        headers={"accept": "application/json"},
    )
    assert response.json()["hidden"] is True and response.json()["text"] is None
    entry.refresh_from_db()
    assert entry.hidden and entry.text == "Noget upassende"
    log = AuditEntry.objects.get(action="card.hide")
    assert log.actor == world.fiona and log.target == str(entry.id)
    assert str(entry.sheet_id) not in json.dumps(log.data)


def test_professions_are_named_only_from_the_minimum_group_size(workshop: Workshop) -> None:
    for profession in ["Webredaktør"] * 5 + ["Fotograf", "Teamleder"]:
        _answer(workshop, "profession", profession)
    overview = board.professions(workshop)
    # Seven took part: "5" would give away that two gave another profession, so neither
    # count is shown, and "other professions" says no more than "one or two".
    assert overview == {
        "named": [{"name": "Webredaktør", "count": None}],
        "others": {"count": None},
    }
    assert "Fotograf" not in json.dumps(overview)


def test_the_board_names_no_other_professions_that_would_pin_one_person(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    for profession in ["Webredaktør"] * 5 + ["Jurist"]:
        _answer(workshop, "profession", profession)
    # Six took part and five are web editors: "other professions" would say the sixth
    # is someone else.
    assert board.professions(workshop) == {
        "named": [{"name": "Webredaktør", "count": None}],
        "others": None,
    }
    html = fiona_client.get(_base(world, workshop) + "/board/").content.decode()
    assert "Webredaktør" in html and "Jurist" not in html and "færre end" not in html


def test_the_board_counts_a_profession_only_once_its_author_has_finished_it(
    workshop: Workshop,
) -> None:
    for _person in range(5):
        _answer(workshop, "profession", "Webredaktør")
    still_typing = sheet_actions.join(workshop).sheet
    sheet_actions.save_entry(still_typing, "profession", "Webredaktø", 1)
    assert board.professions(workshop)["named"] == [{"name": "Webredaktør", "count": 5}]


def test_the_board_counts_other_professions_when_enough_gave_them(workshop: Workshop) -> None:
    for profession in ["Webredaktør"] * 5 + ["Jurist", "Læge", "Tester", "Fotograf", "Pædagog"]:
        _answer(workshop, "profession", profession)
    assert board.professions(workshop) == {
        "named": [{"name": "Webredaktør", "count": 5}],
        "others": {"count": 5},
    }


def test_the_board_redraws_its_overview_without_fetching_every_card(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    for profession in ["Webredaktør"] * 5:
        _answer(workshop, "profession", profession)
    _answer(workshop, "use_case", "Referater af møder")
    _answer(workshop, "q1", "Mere tid til borgerne")
    page = fiona_client.get(_base(world, workshop) + "/board/overview.json").json()
    api = fiona_client.get(
        f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/board/overview"
    ).json()
    assert page == api
    assert page["professions"]["named"] == [{"name": "Webredaktør", "count": 5}]
    assert page["use_cases"] == [] and page["revealed"] is False  # not yet revealed
    assert "Mere tid" not in json.dumps(page)  # cards come as events, not from here
    workshop_actions.reveal_answers(world.fiona, workshop, True)
    page = fiona_client.get(_base(world, workshop) + "/board/overview.json").json()
    assert page["use_cases"] == ["Referater af møder"] and page["revealed"] is True


def test_making_a_workshop_anonymous_unlinks_the_sheets_from_their_authors(
    world: World, workshop: Workshop
) -> None:
    settings = {
        "unit": world.unit,
        "title": workshop.title,
        "date": workshop.date,
        "language": "da",
        "require_login": False,
        "min_group_size": 5,
    }
    workshop_actions.update_workshop(world.fiona, workshop, anonymous=False, **settings)
    sheet = sheet_actions.join(workshop, world.mads).sheet
    assert sheet.user == world.mads
    workshop_actions.update_workshop(world.fiona, workshop, anonymous=True, **settings)
    sheet.refresh_from_db()
    assert sheet.user is None


def test_counts_follow_joining_and_submitting(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    sheet = sheet_actions.join(workshop).sheet
    sheet_actions.join(workshop)
    sheet_actions.submit_sheet(sheet)
    state = fiona_client.get(_base(world, workshop) + "/board/state.json").json()
    assert state["counts"] == {"joined": 2, "submitted": 1}


def test_a_workshop_with_answers_cannot_stop_being_anonymous(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    _answer(workshop, "q1", "Tid")
    response = fiona_client.post(
        _base(world, workshop) + "/edit/",
        {
            "title": workshop.title,
            "unit": world.unit.code,
            "date": "2026-11-27",
            "language": "da",
            "min_group_size": "5",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["anonymous"]
    workshop.refresh_from_db()
    assert workshop.anonymous


def test_minimum_group_size_below_three_is_refused(world: World) -> None:
    with pytest.raises(ActionError):
        workshop_actions.create_workshop(
            world.fiona,
            world.havneby,
            unit=world.unit,
            title="X",
            date=datetime.date(2026, 1, 1),
            language="da",
            min_group_size=2,
        )


def test_once_closed_the_join_code_is_a_small_note_not_the_big_panel(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    page = fiona_client.get(_base(world, workshop) + "/").content.decode()
    assert 'class="join-code"' in page
    phases = ["lobby", "reflect", "themes", "principles", "agreement", "closed"]
    for phase in phases[phases.index(workshop.phase) + 1 :]:
        workshop = workshop_actions.set_phase(world.fiona, workshop, phase)
    page = fiona_client.get(_base(world, workshop) + "/").content.decode()
    assert 'class="join-code"' not in page
    assert "<svg" not in page  # no QR code either
    note = "Workshoppen er lukket, og ingen kan deltage længere. Deltagerkoden var %s."
    assert note % workshop.join_code in page
