"""The presenter view and the phase timer: the page for the projector, the countdown's
commands through the page, the API and the CLI, and the events the phones receive."""

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from conftest import World
from vogter.live.delivery import open_blocking
from vogter.live.tests.helpers import parse_sse
from vogter.organisations.models import AuditEntry
from vogter.workshops import channels
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


@pytest.fixture
def phones_hear(settings: Settings, workshop: Workshop) -> Iterator[Callable[[], list[Any]]]:
    """What the participants' channel carries: what every open phone receives."""
    settings.REDIS_URL = ""
    inbox = open_blocking(channels.participants_channel(workshop))
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
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_presenter_view_shows_the_join_code_large_without_the_site_navigation(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    page = fiona_client.get(_base(world, workshop) + "/present/").content.decode()
    assert 'class="present-code"' in page and workshop.join_code in page
    assert "site-nav" not in page and "<svg" in page  # no navigation; the QR code
    assert 'id="present-help"' in page and "<kbd>R</kbd>" in page
    detail = fiona_client.get(_base(world, workshop) + "/").content.decode()
    assert _base(world, workshop) + "/present/" in detail


def test_an_outsider_cannot_present_or_run_the_timer(
    world: World, olga_client: Client, workshop: Workshop
) -> None:
    assert olga_client.get(_base(world, workshop) + "/present/").status_code == 404
    response = olga_client.post(_base(world, workshop) + "/timer/", {"command": "start"})
    assert response.status_code == 404


def test_the_timer_starts_pauses_and_resumes_and_every_phone_hears_it(
    world: World,
    fiona_client: Client,
    workshop: Workshop,
    phones_hear: Callable[[], list[Any]],
    committed: Callable[[], AbstractContextManager[Any]],
) -> None:
    url = _base(world, workshop) + "/timer/"
    json_accept = {"accept": "application/json"}
    with committed():
        started = fiona_client.post(url, {"command": "start"}, headers=json_accept).json()
    assert started == {"started": True, "running": True, "remaining": 1200, "planned": 1200}
    workshop.refresh_from_db()
    workshop.timer_started_at = timezone.now() - datetime.timedelta(seconds=90)
    workshop.save(update_fields=["timer_started_at"])
    with committed():
        paused = fiona_client.post(url, {"command": "pause"}, headers=json_accept).json()
    assert not paused["running"] and 1108 <= paused["remaining"] <= 1110
    with committed():
        longer = fiona_client.post(url, {"command": "add_minute"}, headers=json_accept).json()
        resumed = fiona_client.post(url, {"command": "resume"}, headers=json_accept).json()
    assert longer["remaining"] == paused["remaining"] + 60 and resumed["running"]
    heard = [(name, data["timer"]["running"]) for name, data in phones_hear()]
    assert heard == [("timer", True), ("timer", False), ("timer", False), ("timer", True)]
    actions = AuditEntry.objects.filter(action="workshop.timer").values_list("data", flat=True)
    assert [a["command"] for a in actions.order_by("pk")] == [
        "start",
        "pause",
        "add_minute",
        "resume",
    ]


def test_a_phone_that_connects_gets_the_timer_with_the_phase(
    world: World, workshop: Workshop, settings: Settings
) -> None:
    settings.LIVE_BOUNDED_STREAMS = True
    phone = Client()
    phone.post(f"/j/{workshop.join_code}/")
    stream = phone.get(f"/j/{workshop.join_code}/events")
    events = parse_sse(b"".join(stream.streaming_content).decode())  # type: ignore[attr-defined]
    phase = next(data for name, data in events if name == "phase")
    assert phase["timer"] == {
        "started": False,
        "running": False,
        "remaining": 1200,
        "planned": 1200,
    }


def test_time_running_out_locks_nobody_out(world: World, workshop: Workshop) -> None:
    phone = Client()
    phone.post(f"/j/{workshop.join_code}/")
    workshop.timer_phase, workshop.timer_seconds = workshop.phase, 60
    workshop.timer_started_at = timezone.now() - datetime.timedelta(minutes=5)
    workshop.save()
    saved = phone.post(
        f"/j/{workshop.join_code}/save",
        {"field": "q1", "text": "Mere tid til borgerne", "seq": 1},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    board = Client()
    board.force_login(world.fiona)
    state = board.get(_base(world, workshop) + "/board/state.json").json()
    assert state["timer"]["remaining"] == 0 and state["editable"]


def test_a_new_phase_shows_its_own_planned_minutes(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    fiona_client.post(
        _base(world, workshop) + "/timings/", {"minutes-themes": "12", "minutes-reflect": "18"}
    )
    fiona_client.post(_base(world, workshop) + "/timer/", {"command": "start"})
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    state = fiona_client.get(_base(world, workshop) + "/board/state.json").json()["timer"]
    assert state == {"started": False, "running": False, "remaining": 720, "planned": 720}


def test_timings_out_of_range_are_refused(
    world: World, fiona_client: Client, workshop: Workshop
) -> None:
    response = fiona_client.post(
        _base(world, workshop) + "/timings/", {"minutes-reflect": "0"}, follow=True
    )
    page = response.content.decode()
    assert "message-error" in page and "180" in page
    workshop.refresh_from_db()
    assert workshop.phase_minutes == {}


def test_the_api_runs_the_timer_and_plans_the_timings(
    api_client_for: Any, world: World, workshop: Workshop
) -> None:
    api = api_client_for(world.fiona)
    base = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}"
    planned = api.put(
        base + "/timings", {"minutes": {"reflect": 15}}, content_type="application/json"
    )
    assert planned.status_code == 200 and planned.json()["minutes"]["reflect"] == 15
    started = api.post(base + "/timer", {"command": "start"}, content_type="application/json")
    assert started.json()["timer"]["running"] and started.json()["timer"]["remaining"] == 900
    bad = api.put(base + "/timings", {"minutes": {"closed": 5}}, content_type="application/json")
    assert bad.status_code == 400
    assert api.get(base + "/timer").json()["phase"] == "reflect"


def test_the_command_runs_the_timer_and_plans_the_timings(world: World, workshop: Workshop) -> None:
    out = StringIO()
    call_command("workshop", "timings", world.havneby.code, workshop.code, "reflect=16", stdout=out)
    assert "reflect\t16" in out.getvalue()
    out = StringIO()
    call_command("workshop", "timer", world.havneby.code, workshop.code, "start", stdout=out)
    assert out.getvalue().split("\t")[:2] == ["reflect", "running"]
    with pytest.raises(CommandError):
        call_command("workshop", "timings", world.havneby.code, workshop.code, "reflect=x")
