"""The assistant's two suggestions, through the real HTTP client and a local server."""

import json

import pytest
from pytest_django.fixtures import Settings

from vogter.llm import assist
from vogter.llm.assist import (
    MAX_QUOTE_CHARS,
    MAX_QUOTES_PER_THEME,
    is_enabled,
    name_themes,
    suggest_principles,
)
from vogter.llm.client import AssistantUnavailable
from vogter.llm.tests.conftest import API_KEY, FakeServer

QUESTION = "Hvilken værdi tilføres?"
THEMES = [
    ["Jeg sparer tid på referater.", "Copilot skriver udkast, så jeg kan fokusere."],
    ["Jeg er bekymret for, om vi mister fagligheden.", "Hvem tjekker, om svaret er rigtigt?"],
]


def test_is_off_by_default_and_on_when_configured(
    settings: Settings, assistant_on: FakeServer
) -> None:
    assert is_enabled()
    settings.VOGTER_LLM_BASE_URL = ""
    assert not is_enabled()


def test_names_each_theme_in_order(assistant_on: FakeServer) -> None:
    assistant_on.answer(
        json.dumps(
            {
                "labels": [
                    {"theme": 2, "label": "Bekymring for fagligheden"},
                    {"theme": 1, "label": "  Tid til det vigtige.  "},
                ]
            }
        )
    )
    suggestion = name_themes(THEMES, QUESTION, "da")
    assert suggestion.items == ("Tid til det vigtige", "Bekymring for fagligheden")
    assert suggestion.model == "test-model:latest"


def test_request_goes_to_chat_completions_and_is_exactly_what_is_shown(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer('{"labels": ["Tid", "Faglighed"]}')
    suggestion = name_themes(THEMES, QUESTION, "da")
    [request] = assistant_on.received
    assert request.path == "/v1/chat/completions"
    assert request.body == suggestion.sent
    assert suggestion.sent["model"] == "test-model"
    assert suggestion.sent["response_format"] == {"type": "json_object"}
    user = suggestion.sent_messages[-1]["content"]
    assert "Copilot skriver udkast" in user
    assert QUESTION in user


def test_no_email_phone_cpr_or_name_reaches_the_server(assistant_on: FakeServer) -> None:
    assistant_on.answer('{"labels": ["Samarbejde"]}')
    answers = [
        "Min kollega Mette Hansen (mette.hansen@havnestad.dk, 22 33 44 55) hjælper mig.",
        "Jeg hedder Jakob, mit CPR er 010190-1234, ring på +45 23456789.",
        "My manager Sarah Jones says call +44 20 7946 0958.",
    ]
    suggestion = name_themes([answers], QUESTION, "da")
    received = json.dumps(assistant_on.received[0].body, ensure_ascii=False)
    for secret in (
        "Mette",
        "Hansen",
        "havnestad.dk",
        "22 33 44 55",
        "Jakob",
        "010190",
        "23456789",
        "Sarah",
        "Jones",
        "7946",
    ):
        assert secret not in received
    assert "[navn]" in received and "[e-mail]" in received and "[CPR]" in received
    assert suggestion.replaced == {"email": 1, "cpr": 1, "phone": 3, "name": 3}


def test_api_key_goes_as_a_bearer_header_and_never_into_what_is_shown(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer('{"labels": ["Tid", "Faglighed"]}')
    suggestion = name_themes(THEMES, QUESTION, "da")
    headers = {name.lower(): value for name, value in assistant_on.received[0].headers.items()}
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in json.dumps(suggestion.sent)
    assert API_KEY not in repr(suggestion)


def test_without_a_key_no_authorization_header_is_sent(
    settings: Settings, assistant_on: FakeServer
) -> None:
    settings.VOGTER_LLM_API_KEY = ""
    assistant_on.answer('{"labels": ["Tid", "Faglighed"]}')
    name_themes(THEMES, QUESTION, "da")
    headers = {name.lower() for name in assistant_on.received[0].headers}
    assert "authorization" not in headers


def test_missing_and_repeated_labels_are_left_blank(assistant_on: FakeServer) -> None:
    assistant_on.answer('{"labels": ["Tid", "tid"]}')
    suggestion = name_themes([*THEMES, ["Noget tredje"]], QUESTION, "da")
    assert suggestion.items == ("Tid", "", "")


def test_only_the_first_answers_of_a_theme_are_sent_and_each_is_cut(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer('{"labels": ["Lange svar"]}')
    answers = [f"Svar nummer {n}. " + "meget langt " * 60 for n in range(20)]
    name_themes([answers], QUESTION, "da")
    user = assistant_on.received[0].body["messages"][-1]["content"]
    quoted = [line for line in user.splitlines() if line.startswith("- ")]
    assert len(quoted) == MAX_QUOTES_PER_THEME
    assert all(len(line) <= MAX_QUOTE_CHARS + 2 for line in quoted)


def test_an_answer_is_scrubbed_before_it_is_cut(assistant_on: FakeServer) -> None:
    assistant_on.answer('{"labels": ["Kontakt"]}')
    padding = "x" * (MAX_QUOTE_CHARS - 12)
    name_themes([[f"{padding} mette.hansen@havnestad.dk"]], QUESTION, "da")
    user = assistant_on.received[0].body["messages"][-1]["content"]
    assert "mette" not in user


def test_labels_come_in_the_language_asked_for(assistant_on: FakeServer) -> None:
    assistant_on.answer('{"labels": ["Time saved", "Keeping our craft"]}')
    suggestion = name_themes(THEMES, "What value is added?", "en")
    assert "in English" in suggestion.sent_messages[0]["content"]
    assert suggestion.items == ("Time saved", "Keeping our craft")


def test_danish_principles_are_completions_without_the_repeated_sentence_start(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(
        json.dumps(
            {
                "principles": [
                    "Når vi bruger GenAI, tjekker vi altid svaret, før vi bruger det.",
                    "holder vi fast i den faglige dømmekraft",
                    "1. Holder vi fast i den faglige dømmekraft",
                    "   ",
                    "bruger vi den sparede tid på borgerne " + "og deres behov " * 30,
                ]
            }
        )
    )
    suggestion = suggest_principles([("Tid", ["Jeg sparer tid."])], "da", count=5)
    assert suggestion.items[:2] == (
        "tjekker vi altid svaret, før vi bruger det.",
        "holder vi fast i den faglige dømmekraft",
    )
    assert len(suggestion.items) == 3
    assert suggestion.items[2].endswith("…")
    assert len(suggestion.items[2]) <= assist.MAX_PRINCIPLE_CHARS
    assert "Når vi bruger GenAI, …" in suggestion.sent_messages[0]["content"]


def test_english_principles_drop_an_echoed_when_we_use_genai_we(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(
        '{"principles": ["When we use GenAI, we check the answer.", "We keep our judgement.", '
        '"ask the people affected first"]}'
    )
    suggestion = suggest_principles([("Time", ["I save time."])], "en", count=2)
    assert suggestion.items == ("check the answer.", "keep our judgement.")


def test_answer_in_a_code_fence_with_prose_around_it_is_understood(
    assistant_on: FakeServer,
) -> None:
    assistant_on.answer(
        'Sure! Here are the principles:\n```json\n{"principles": ["check the answer"]}\n```\n'
        "Hope this helps."
    )
    suggestion = suggest_principles([("Time", ["I save time."])], "en")
    assert suggestion.items == ("check the answer",)


@pytest.mark.parametrize(
    "content",
    ["I am sorry, I cannot help with that.", '{"something": "else"}', '{"principles": []}'],
)
def test_an_answer_without_usable_json_makes_the_assistant_unavailable(
    assistant_on: FakeServer, content: str
) -> None:
    assistant_on.answer(content)
    with pytest.raises(AssistantUnavailable):
        suggest_principles([("Time", ["I save time."])], "en")


def test_disabled_assistant_raises_without_making_a_request(
    settings: Settings, llm_server: FakeServer
) -> None:
    settings.VOGTER_LLM_BASE_URL = ""
    settings.VOGTER_LLM_MODEL = "test-model"
    with pytest.raises(AssistantUnavailable) as raised:
        name_themes(THEMES, QUESTION, "da")
    with pytest.raises(AssistantUnavailable):
        suggest_principles([("Tid", ["Jeg sparer tid."])], "da")
    assert llm_server.received == []
    assert str(raised.value)


def test_nothing_to_name_asks_nothing(assistant_on: FakeServer) -> None:
    suggestion = name_themes([], QUESTION, "da")
    assert suggestion.items == ()
    assert assistant_on.received == []
