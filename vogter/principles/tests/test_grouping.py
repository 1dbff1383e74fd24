"""The language model's grouping of a question's answers, on the theme wall, over REST and
on the command line: numbered, scrubbed texts out (never an answer's id), a grouping shown
with what was sent, Vogter's own suggestion when the reply cannot be used, and nothing on
the wall until a person accepts."""

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from vogter.llm.tests.conftest import FakeServer
from vogter.organisations.models import AuditEntry
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import Theme
from vogter.principles.themes import theme_entries
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

CPR = "010190-1234"


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def _api(workshop: Workshop) -> str:
    return f"/api/organisations/{workshop.organisation.code}/workshops/{workshop.code}"


def _numbers(server: FakeServer) -> dict[str, int]:
    """Each answer text as sent, by its number in the last request."""
    user = server.received[-1].body["messages"][-1]["content"]
    return {m[2]: int(m[1]) for m in re.finditer(r"^(\d+)\. (.*)$", user, re.MULTILINE)}


def _time_and_the_rest(server: FakeServer) -> None:
    """Answer every request with two groups: the answers about time, and the rest."""

    def reply(numbers: dict[str, int]) -> str:
        time = [n for text, n in numbers.items() if "tid" in text or "time" in text]
        rest = [n for n in numbers.values() if n not in time]
        return json.dumps(
            {"groups": [{"label": "Tid", "answers": time}, {"label": "Andet", "answers": rest}]}
        )

    server.reply_with = reply  # type: ignore[attr-defined]


@pytest.fixture
def grouping_server(assistant_on: FakeServer) -> FakeServer:
    """The local server, answering each grouping request from the texts it received."""
    original = assistant_on.envelope

    def envelope() -> bytes:
        if hasattr(assistant_on, "reply_with") and assistant_on.raw is None:
            assistant_on.content = assistant_on.reply_with(_numbers(assistant_on))
        return original()

    assistant_on.envelope = envelope  # type: ignore[method-assign]
    _time_and_the_rest(assistant_on)
    return assistant_on


def _hidden(page: str) -> dict[str, str]:
    """The accept form's fields as the page renders them."""
    fields = dict(
        re.findall(r'name="((?:label|answers)-\d+|question|groups|replace)" value="([^"]*)"', page)
    )
    return fields


def test_without_a_configured_model_the_wall_offers_no_grouping(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    page = fiona_client.get(_base(world, answered_workshop) + "/themes/?q=q1").content.decode()
    assert "/themes/assist/group/" not in page
    response = fiona_client.post(
        _base(world, answered_workshop) + "/themes/assist/group/", {"question": "q1"}, follow=True
    )
    assert "ikke slået til" in response.content.decode()


def test_the_model_groups_and_nothing_changes_until_a_person_accepts(
    world: World, fiona_client: Client, answered_workshop: Workshop, grouping_server: FakeServer
) -> None:
    base = _base(world, answered_workshop)
    theme_entries(answered_workshop, "q1").filter(text__startswith="Mere tid").update(
        text=f"Mere tid til patienterne. Mit CPR er {CPR}."
    )
    assert "/themes/assist/group/" in fiona_client.get(base + "/themes/?q=q1").content.decode()
    page = fiona_client.post(base + "/themes/assist/group/", {"question": "q1"}).content.decode()

    [request] = grouping_server.received
    sent = json.dumps(request.body, ensure_ascii=False)
    assert "010190" not in sent and "[CPR]" in sent
    for entry in theme_entries(answered_workshop, "q1"):
        assert str(entry.id) not in sent  # only numbers leave Vogter
    assert "Hvilken værdi tilføres?" in sent
    assert 'value="Tid"' in page and 'value="Andet"' in page
    assert "[CPR]" in page  # what was sent is shown
    assert Theme.objects.filter(workshop=answered_workshop).count() == 0
    assert AuditEntry.objects.filter(action="assist.group_answers").count() == 1

    fields = _hidden(page)
    fields["label-0"] = "Tid til det vigtige"
    response = fiona_client.post(base + "/themes/assist/group/accept/", fields, follow=True)
    assert "2 temaer sat op på væggen" in response.content.decode()
    themes = {t.label: t for t in Theme.objects.filter(workshop=answered_workshop)}
    assert set(themes) == {"Tid til det vigtige", "Andet"}
    assert all(t.suggested for t in themes.values())
    timed = {a.entry.text for a in themes["Tid til det vigtige"].answers.select_related("entry")}
    assert timed == {
        "Jeg sparer tid på rutineopgaver.",
        "It saves me time on boilerplate code.",
        f"Mere tid til patienterne. Mit CPR er {CPR}.",
    }


@pytest.mark.parametrize(
    "failure",
    ["an answer left out", "server error", "too slow", "not json"],
)
def test_an_unusable_reply_gives_vogters_own_suggestion_and_says_why_in_danish(
    world: World,
    fiona_client: Client,
    answered_workshop: Workshop,
    grouping_server: FakeServer,
    settings: Settings,
    failure: str,
) -> None:
    if failure == "an answer left out":
        grouping_server.reply_with = lambda numbers: json.dumps(  # type: ignore[attr-defined]
            {"groups": [{"label": "Tid", "answers": [1, 2]}]}
        )
    elif failure == "server error":
        grouping_server.status = 500
        grouping_server.raw = b"{}"
    elif failure == "too slow":
        settings.VOGTER_LLM_TIMEOUT = 0.2
        grouping_server.delay = 10
    else:
        grouping_server.reply_with = lambda numbers: "Sorry, I cannot."  # type: ignore[attr-defined]
    base = _base(world, answered_workshop)
    page = fiona_client.post(base + "/themes/assist/group/", {"question": "q1"}).content.decode()
    assert "Dette er i stedet Vogters eget forslag" in page
    fields = _hidden(page)
    placed = " ".join(v for k, v in fields.items() if k.startswith("answers-")).split()
    assert sorted(placed) == sorted(str(e.id) for e in theme_entries(answered_workshop, "q1"))
    assert Theme.objects.filter(workshop=answered_workshop).count() == 0


def test_accepting_over_existing_themes_needs_the_replace_confirmation(
    world: World, answered_workshop: Workshop
) -> None:
    ids = [str(e.id) for e in theme_entries(answered_workshop, "q1")]
    theme_actions.new_theme(world.fiona, answered_workshop, "q1", "Egen", ids[:2])
    with pytest.raises(theme_actions.ActionError):
        theme_actions.accept_grouping(world.fiona, answered_workshop, "q1", [("Ny", ids)])
    made = theme_actions.accept_grouping(
        world.fiona, answered_workshop, "q1", [("Ny", ids[:4])], replace=True
    )
    assert [t.label for t in Theme.objects.filter(workshop=answered_workshop)] == ["Ny"]
    assert made[0].answers.count() == 4  # the two left out stay unplaced


@pytest.mark.parametrize("case", ["twice", "other question", "not an answer"])
def test_accepting_refuses_a_grouping_that_does_not_fit_the_answers(
    world: World, answered_workshop: Workshop, case: str
) -> None:
    ids = [str(e.id) for e in theme_entries(answered_workshop, "q1")]
    other = str(theme_entries(answered_workshop, "q5").first().id)  # type: ignore[union-attr]
    groups = {
        "twice": [("A", ids[:3]), ("B", ids[2:])],
        "other question": [("A", [*ids, other])],
        "not an answer": [("A", [*ids, "nonsense"])],
    }[case]
    with pytest.raises(theme_actions.ActionError):
        theme_actions.accept_grouping(world.fiona, answered_workshop, "q1", groups)
    assert Theme.objects.filter(workshop=answered_workshop).count() == 0


def test_an_outsider_gets_404(
    world: World, olga_client: Client, answered_workshop: Workshop, grouping_server: FakeServer
) -> None:
    base = _base(world, answered_workshop)
    assert olga_client.post(base + "/themes/assist/group/", {"question": "q1"}).status_code == 404
    assert grouping_server.received == []


def test_over_rest_the_grouping_comes_with_answer_ids_and_is_accepted_separately(
    world: World, answered_workshop: Workshop, grouping_server: FakeServer, api_client_for: Any
) -> None:
    client = api_client_for(world.fiona)
    response = client.post(
        _api(answered_workshop) + "/themes/assist/group",
        {"question": "q1", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["by_assistant"] is True and body["fallback"] == ""
    assert body["sent"] == grouping_server.received[0].body
    assert "in English" in body["sent"]["messages"][0]["content"]
    ids = {str(e.id) for e in theme_entries(answered_workshop, "q1")}
    assert {a for t in body["themes"] for a in t["answer_ids"]} == ids
    assert Theme.objects.filter(workshop=answered_workshop).count() == 0

    accepted = client.post(
        _api(answered_workshop) + "/themes/grouping",
        {"question": "q1", "themes": body["themes"]},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    q1 = next(q for q in accepted.json() if q["question"] == "q1")
    assert sorted(t["label"] for t in q1["themes"]) == ["Andet", "Tid"]
    assert q1["unplaced"] == []


def test_over_rest_a_failing_model_says_so_and_offers_vogters_own(
    world: World, answered_workshop: Workshop, grouping_server: FakeServer, api_client_for: Any
) -> None:
    grouping_server.status = 500
    grouping_server.raw = b"{}"
    response = api_client_for(world.fiona).post(
        _api(answered_workshop) + "/themes/assist/group",
        {"question": "q1"},
        content_type="application/json",
    )
    body = response.json()
    assert body["by_assistant"] is False and body["sent"] is None
    assert "Vogters eget forslag" in body["fallback"] or "Vogter's own" in body["fallback"]
    assert sum(len(t["answer_ids"]) for t in body["themes"]) == 6


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(
        "id,question,text\n"
        "a1,q1,Jeg sparer tid på referater\n"
        f"a2,q1,Mit CPR er {CPR} og jeg sparer tid\n"
        "a3,q1,Bedre kvalitet i teksterne\n",
        encoding="utf-8",
    )
    return path


def test_the_command_prints_the_models_grouping(
    tmp_path: Path, grouping_server: FakeServer
) -> None:
    out = StringIO()
    call_command("grouping", str(_csv(tmp_path)), "--format", "json", stdout=out)
    [question] = json.loads(out.getvalue())["questions"]
    assert question["by_assistant"] is True
    assert {t["label"]: t["answer_ids"] for t in question["themes"]} == {
        "Tid": ["a1", "a2"],
        "Andet": ["a3"],
    }
    sent = json.dumps(grouping_server.received[0].body, ensure_ascii=False)
    assert "010190" not in sent and "a1" not in sent


def test_the_command_falls_back_and_says_why_on_stderr(
    tmp_path: Path, grouping_server: FakeServer
) -> None:
    grouping_server.reply_with = lambda numbers: '{"groups": []}'  # type: ignore[attr-defined]
    out, err = StringIO(), StringIO()
    call_command("grouping", str(_csv(tmp_path)), stdout=out, stderr=err)
    assert "in no group" in err.getvalue()
    assert out.getvalue().count("\tvogter") >= 1


def test_the_command_needs_a_configured_model(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="VOGTER_LLM_BASE_URL"):
        call_command("grouping", str(_csv(tmp_path)))
