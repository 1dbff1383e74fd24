"""The assistant's grouping of a question's answers, through the real HTTP client and a
local server: numbered, scrubbed texts out; groups of numbers back, checked strictly."""

import json
import time

import pytest
from pytest_django.fixtures import Settings

from vogter.llm.assist import MAX_GROUPED_ANSWERS, MAX_GROUPED_CHARS, group_answers
from vogter.llm.client import AssistantUnavailable
from vogter.llm.tests.conftest import FakeServer

QUESTION = "Hvilken værdi tilføres?"
ANSWERS = [
    "Jeg sparer tid på referater.",
    "Saves me time on e-mails.",
    "Jeg er bange for at miste min faglighed.",
    "I worry that we lose our skills.",
]


def _reply(*groups: tuple[str, list[int]]) -> str:
    return json.dumps({"groups": [{"label": label, "answers": ns} for label, ns in groups]})


def test_groups_come_back_as_positions_with_cleaned_labels(assistant_on: FakeServer) -> None:
    assistant_on.answer(_reply(("  Sparet tid.  ", [1, 2]), ("Faglighed", ["3", 4])))
    grouping = group_answers(ANSWERS, QUESTION, "da")
    assert grouping.groups == (("Sparet tid", (0, 1)), ("Faglighed", (2, 3)))
    assert grouping.model == "test-model:latest"


def test_the_answers_go_out_numbered_and_the_request_is_what_is_shown(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(_reply(("Tid", [1, 2]), ("Faglighed", [3]), ("Andet", [4])))
    grouping = group_answers(ANSWERS, QUESTION, "en", k=3)
    [request] = assistant_on.received
    assert request.path == "/v1/chat/completions"
    assert request.body == grouping.sent
    user = grouping.sent_messages[-1]["content"]
    assert "1. Jeg sparer tid på referater." in user
    assert "4. I worry that we lose our skills." in user
    assert QUESTION in user
    system = grouping.sent_messages[0]["content"]
    assert "exactly 3 groups" in system and "in English" in system
    # The reply is bounded: room for every number and the labels, not for a runaway list.
    assert 4 * 3 < grouping.sent["max_tokens"] <= 400 + 12 * 4


def test_no_cpr_number_email_or_name_reaches_the_server(assistant_on: FakeServer) -> None:
    assistant_on.answer(_reply(("Kontakt", [1, 2])))
    answers = [
        "Min kollega Mette Hansen (mette.hansen@havnestad.dk) bruger Copilot.",
        "Mit CPR er 010190-1234 og jeg har brugt det i en prompt ved en fejl.",
    ]
    grouping = group_answers(answers, QUESTION, "da")
    received = json.dumps(assistant_on.received[0].body, ensure_ascii=False)
    for secret in ("010190", "1234", "Mette", "Hansen", "havnestad"):
        assert secret not in received
    assert "[CPR]" in received and "[navn]" in received
    assert grouping.replaced == {"email": 1, "cpr": 1, "name": 1}


def test_long_answers_are_cut(assistant_on: FakeServer) -> None:
    assistant_on.answer(_reply(("Lang", [1])))
    group_answers(["ord " * 200], QUESTION, "da")
    user = assistant_on.received[0].body["messages"][-1]["content"]
    line = next(line for line in user.splitlines() if line.startswith("1. "))
    assert len(line) <= MAX_GROUPED_CHARS + 3


def test_missing_and_repeated_labels_get_a_plain_name_in_the_language(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(
        json.dumps(
            {
                "groups": [
                    {"answers": [1, 2]},
                    {"label": "Tid", "answers": [3]},
                    {"label": "tid", "answers": [4]},
                ]
            }
        )
    )
    grouping = group_answers(ANSWERS, QUESTION, "da")
    assert [label for label, _ in grouping.groups] == ["Tema 1", "Tid", "Tema 3"]


def test_empty_groups_are_dropped(assistant_on: FakeServer) -> None:
    assistant_on.answer(_reply(("Tom", []), ("Tid", [1, 2]), ("Faglighed", [3, 4])))
    assert group_answers(ANSWERS, QUESTION, "da").groups == (
        ("Tid", (0, 1)),
        ("Faglighed", (2, 3)),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Here are the groups: time, and skills.", "no JSON"),
        (_reply(("Tid", [1, 2]), ("Faglighed", [3])), "1 of 4 answers in no group"),
        (_reply(("Tid", [1, 2, 3]), ("Faglighed", [3, 4])), "more than one group"),
        (_reply(("Tid", [1, 1, 2, 3, 4])), "more than one group"),
        (_reply(("Tid", [0, 1, 2, 3])), "not sent"),
        (_reply(("Tid", [1, 2, 3, 4, 5])), "not sent"),
        (_reply(("Tid", [1, 2.0, 3, 4])), "not sent"),
        (_reply(("Tid", [True, 2, 3, 4])), "not sent"),
        ('{"groups": [[1, 2], [3, 4]]}', "without a list of answers"),
        ('{"groups": "1, 2, 3, 4"}', "no list of groups"),
        ('{"labels": ["Tid"], "other": []}', "no list of groups"),
    ],
)
def test_an_unusable_grouping_makes_the_assistant_unavailable(
    assistant_on: FakeServer, content: str, reason: str
) -> None:
    assistant_on.answer(content)
    with pytest.raises(AssistantUnavailable) as raised:
        group_answers(ANSWERS, QUESTION, "da")
    assert reason in raised.value.reason
    assert str(raised.value)  # a sentence for the facilitator


def test_everything_in_one_group_is_no_grouping_unless_one_was_asked_for(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(_reply(("Alt", [1, 2, 3, 4])))
    with pytest.raises(AssistantUnavailable) as raised:
        group_answers(ANSWERS, QUESTION, "da")
    assert raised.value.reason == "all answers in one group"
    assert group_answers(ANSWERS, QUESTION, "da", k=1).groups == (("Alt", (0, 1, 2, 3)),)
    assistant_on.answer(_reply(("Alt", [1, 2, 3])))
    assert len(group_answers(ANSWERS[:3], QUESTION, "da").groups) == 1


def test_too_many_answers_are_refused_before_anything_is_sent(assistant_on: FakeServer) -> None:
    with pytest.raises(AssistantUnavailable) as raised:
        group_answers(["svar"] * (MAX_GROUPED_ANSWERS + 1), QUESTION, "da")
    assert assistant_on.received == []
    assert str(MAX_GROUPED_ANSWERS) in str(raised.value)


def test_a_slow_server_times_out_within_the_configured_time(
    settings: Settings, assistant_on: FakeServer
) -> None:
    settings.VOGTER_LLM_TIMEOUT = 0.2
    assistant_on.delay = 10
    started = time.monotonic()
    with pytest.raises(AssistantUnavailable) as raised:
        group_answers(ANSWERS, QUESTION, "da")
    assert time.monotonic() - started < 3
    assert "within 0.2 s" in raised.value.reason


def test_switched_off_asks_nothing(settings: Settings, llm_server: FakeServer) -> None:
    settings.VOGTER_LLM_BASE_URL = ""
    settings.VOGTER_LLM_MODEL = "test-model"
    with pytest.raises(AssistantUnavailable):
        group_answers(ANSWERS, QUESTION, "da")
    assert llm_server.received == []
