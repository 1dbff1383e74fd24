"""What the assistant can suggest: a grouping of a question's answers, names for themes,
wordings for principles.

Each function scrubs what it sends (scrub.py), asks for JSON, and returns a
Suggestion holding exactly what was sent, so the facilitator can see it, and the
suggested texts, cleaned. Nothing here saves anything: a person accepts a suggestion
or not, through the pages that call these functions.
"""

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from vogter.llm.client import (
    AssistantUnavailable,
    Endpoint,
    build_payload,
    complete,
    not_configured,
    unusable_answer,
)
from vogter.llm.scrub import scrub

# What goes out is capped: a small local model has a small context, and a theme's
# gist is in its first few answers, not its fortieth.
MAX_THEMES = 20
MAX_QUOTES_PER_THEME = 8
MAX_QUOTE_CHARS = 300
MAX_QUESTION_CHARS = 300
MAX_LABEL_CHARS = 60
MAX_PRINCIPLE_CHARS = 200
MAX_PRINCIPLES = 10
# A grouping sends every answer of one question, numbered, so each is cut shorter; past
# this many answers the request would outgrow a small model's context.
MAX_GROUPED_ANSWERS = 200
MAX_GROUPED_CHARS = 200
MAX_GROUPS = 30
MIN_ANSWERS_TO_SPLIT = 4
MAX_REPLY_TOKENS_BASE = 400
MAX_REPLY_TOKENS_PER_ANSWER = 12

PRINCIPLE_STEMS = {
    "da": "Når vi bruger GenAI, …",
    "en": "When we use GenAI, we …",
}
_LANGUAGE_NAMES = {"da": "Danish", "en": "English"}


@dataclass(frozen=True)
class Suggestion:
    # The request body exactly as sent: model, messages (already scrubbed) and options.
    # The API key travels in a header and is never here.
    sent: dict[str, Any]
    # The suggested texts. For name_themes one per theme given, in the same order,
    # "" where the assistant had nothing (or repeated an earlier label).
    items: tuple[str, ...]
    model: str
    # How much personal data was replaced before sending, by kind ("name": 2, …).
    replaced: dict[str, int] = field(default_factory=dict)

    @property
    def sent_messages(self) -> list[dict[str, str]]:
        messages: list[dict[str, str]] = self.sent.get("messages", [])
        return messages


def is_enabled() -> bool:
    return Endpoint.from_settings().enabled


def _endpoint() -> Endpoint:
    endpoint = Endpoint.from_settings()
    if not endpoint.enabled:
        raise not_configured()
    return endpoint


@dataclass(frozen=True)
class Grouping:
    """The assistant's grouping of one question's answers. Only numbered, scrubbed texts
    were sent: `groups` holds positions in the list of texts given, which the caller maps
    back to its own answers."""

    sent: dict[str, Any]
    # (label, positions): every position 0..len(texts)-1 in exactly one group.
    groups: tuple[tuple[str, tuple[int, ...]], ...]
    model: str
    replaced: dict[str, int] = field(default_factory=dict)

    @property
    def sent_messages(self) -> list[dict[str, str]]:
        messages: list[dict[str, str]] = self.sent.get("messages", [])
        return messages


def too_many_answers(count: int) -> AssistantUnavailable:
    return AssistantUnavailable(
        gettext(
            "There are too many answers for the language model to group at once "
            "(at most %(limit)d)."
        )
        % {"limit": MAX_GROUPED_ANSWERS},
        reason=f"{count} answers, more than {MAX_GROUPED_ANSWERS}",
    )


def group_answers(
    texts: Sequence[str],
    question: str,
    language: str,
    k: int | None = None,
    endpoint: Endpoint | None = None,
) -> Grouping:
    """Group one question's answers by meaning, with a short label per group in
    `language`; `k` asks for that many groups. Raises AssistantUnavailable when the
    answer does not place every answer in exactly one group."""
    language = _language(language)
    endpoint = endpoint or _endpoint()
    if not endpoint.enabled:
        raise not_configured()
    if len(texts) > MAX_GROUPED_ANSWERS:
        raise too_many_answers(len(texts))
    if not texts:
        return Grouping(sent={}, groups=(), model=endpoint.model)
    scrubber = _Scrubber(language)
    numbered = "\n".join(
        f"{number}. {scrubber(text, MAX_GROUPED_CHARS) or '-'}"
        for number, text in enumerate(texts, start=1)
    )
    count = f"Make exactly {k} groups." if k else "Make between three and eight groups."
    system = (
        "You help the facilitator of a workshop about generative AI at work. Participants "
        "answered a question. Sort the answers into groups by what they mean: each group "
        f"is one theme that several participants raised. {count} Answers in Danish and in "
        "English that say the same belong in the same group. Each answer number goes into "
        "one group only, and every number is used. Give each group a short label in "
        f"{_LANGUAGE_NAMES[language]} (two to five words, no full stop) that names what its "
        "answers have in common. Text in square brackets, such as [navn] or [name], "
        "replaces removed personal data: never guess it. Reply with JSON only, in this "
        'form: {"groups": [{"label": "...", "answers": [1, 4, 7]}, '
        '{"label": "...", "answers": [2, 3]}]}'
    )
    user = (
        f"Question: {scrubber(question, MAX_QUESTION_CHARS)}\n\nAnswers:\n{numbered}\n\n"
        f"Group all {len(texts)} answers: every number from 1 to {len(texts)} once."
    )
    payload = build_payload(endpoint.model, _messages(system, user))
    # A reply lists every number once, plus the labels; a small model can instead count on
    # for thousands of tokens, which the server would keep computing after we gave up.
    payload["max_tokens"] = MAX_REPLY_TOKENS_BASE + MAX_REPLY_TOKENS_PER_ANSWER * len(texts)
    answer = complete(payload, endpoint)
    groups = _groups(_json_from(answer.content), len(texts), language)
    if len(groups) == 1 and len(texts) >= MIN_ANSWERS_TO_SPLIT and k != 1:
        # Every answer in one group is no grouping: small models do this when the task is
        # too much for them, and the facilitator is better served by the fallback.
        raise unusable_answer("all answers in one group")
    return Grouping(sent=payload, groups=groups, model=answer.model, replaced=scrubber.counts())


def name_themes(themes: Sequence[Sequence[str]], question: str, language: str) -> Suggestion:
    """One short label per theme, in `language` ("da" or "en"), from its answers."""
    language = _language(language)
    endpoint = _endpoint()
    shown = list(themes)[:MAX_THEMES]
    if not shown:
        return Suggestion(sent={}, items=(), model=endpoint.model)
    scrubber = _Scrubber(language)
    blocks = []
    for number, answers in enumerate(shown, start=1):
        quotes = "\n".join(f"- {quote}" for quote in _quotes(answers, scrubber))
        blocks.append(f"Theme {number}:\n{quotes or '- (no answers)'}")
    system = (
        "You help the facilitator of a workshop about generative AI at work. Participants "
        "answered a question; their answers have been grouped into themes. Give each theme "
        f"one short label in {_LANGUAGE_NAMES[language]} (two to five words, no full stop) "
        "that names what its answers have in common. Use only what the answers say. Text in "
        "square brackets, such as [navn] or [name], replaces removed personal data: never "
        "guess it. Reply with JSON only, in this form: "
        '{"labels": [{"theme": 1, "label": "..."}, {"theme": 2, "label": "..."}]}'
    )
    user = (
        f"Question: {scrubber(question, MAX_QUESTION_CHARS)}\n\n"
        + "\n\n".join(blocks)
        + f"\n\nGive {len(shown)} labels, one for each theme."
    )
    payload = build_payload(endpoint.model, _messages(system, user))
    answer = complete(payload, endpoint)
    labels = _labels(_json_from(answer.content), len(shown))
    labels += [""] * (len(themes) - len(labels))
    return Suggestion(
        sent=payload, items=tuple(labels), model=answer.model, replaced=scrubber.counts()
    )


def suggest_principles(
    themes: Sequence[tuple[str, Sequence[str]]], language: str, count: int = 5
) -> Suggestion:
    """Principle wordings completing "Når vi bruger GenAI, …" / "When we use GenAI, we …",
    drawn from each theme's label and quotes. Items hold only the completion."""
    language = _language(language)
    count = max(1, min(count, MAX_PRINCIPLES))
    endpoint = _endpoint()
    shown = list(themes)[:MAX_THEMES]
    if not shown:
        return Suggestion(sent={}, items=(), model=endpoint.model)
    scrubber = _Scrubber(language)
    blocks = []
    for number, (label, quotes) in enumerate(shown, start=1):
        lines = "\n".join(f"- {quote}" for quote in _quotes(quotes, scrubber))
        blocks.append(f"Theme {number}: {scrubber(label, MAX_LABEL_CHARS * 2)}\n{lines}")
    stem = PRINCIPLE_STEMS[language]
    example = (
        "holder vi fast i den faglige dømmekraft"
        if language == "da"
        else "keep professional judgement with the person who does the work"
    )
    system = (
        "You help a workplace draft socio-technical principles for its use of generative AI, "
        "from themes its employees raised in a workshop. Each principle completes the "
        f'sentence "{stem}" in {_LANGUAGE_NAMES[language]}. Write only the completion, '
        f'without the sentence start: for example "{example}". Keep each one short (one '
        "line), concrete and grounded in the themes; cover different themes. Text in square "
        "brackets, such as [navn] or [name], replaces removed personal data: never guess it. "
        'Reply with JSON only, in this form: {"principles": ["...", "..."]}'
    )
    user = "\n\n".join(blocks) + f"\n\nSuggest {count} principles."
    payload = build_payload(endpoint.model, _messages(system, user))
    answer = complete(payload, endpoint)
    principles = _principles(_json_from(answer.content), language)[:count]
    if not principles:
        raise unusable_answer("no principles in the answer")
    return Suggestion(
        sent=payload, items=tuple(principles), model=answer.model, replaced=scrubber.counts()
    )


# --- Building the request ---------------------------------------------------------


class _Scrubber:
    """Scrubs text in one language and adds up what it replaced."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._counts: Counter[str] = Counter()

    def __call__(self, text: str, limit: int) -> str:
        # Scrub first, then cut: a cut could leave half an e-mail address that no
        # longer looks like one.
        result = scrub(" ".join(text.split()), self.language)
        self._counts.update(result.replaced)
        return _cut(result.text, limit)

    def counts(self) -> dict[str, int]:
        return dict(self._counts)


def _language(language: str) -> str:
    return language if language in _LANGUAGE_NAMES else "en"


def _quotes(texts: Sequence[str], scrubber: _Scrubber) -> list[str]:
    """The first few non-empty texts, scrubbed and cut to a sensible length."""
    quotes = [text for text in texts if text.strip()][:MAX_QUOTES_PER_THEME]
    return [scrubber(quote, MAX_QUOTE_CHARS) for quote in quotes]


def _messages(system: str, user: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# --- Reading the answer -----------------------------------------------------------

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def _json_from(content: str) -> Any:
    """The first JSON object or array in `content`, tolerating code fences and prose
    around it, as small models like to add."""
    candidates = [*_FENCE.findall(content), content]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "{[":
                continue
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict | list):
                return value
    raise unusable_answer("no JSON in the answer")


def _list_under(data: Any, key: str) -> list[Any]:
    if isinstance(data, dict):
        data = data.get(key, next(iter(data.values()), None) if len(data) == 1 else None)
    if not isinstance(data, list):
        raise unusable_answer(f"the answer has no list of {key}")
    return data


def _labels(data: Any, expected: int) -> list[str]:
    entries = _list_under(data, "labels")
    labels = [""] * expected
    for position, entry in enumerate(entries):
        number, text = position + 1, entry
        if isinstance(entry, dict):
            number, text = entry.get("theme", number), entry.get("label", "")
        if isinstance(number, str) and number.strip().isdecimal():
            number = int(number)
        if isinstance(number, int) and 1 <= number <= expected and isinstance(text, str):
            labels[number - 1] = labels[number - 1] or _clean(text, MAX_LABEL_CHARS).rstrip(".")
    if not any(labels):
        raise unusable_answer("no usable labels in the answer")
    return _blank_repeats(labels)


def _position(value: Any, count: int) -> int:
    """A 1-based answer number from the reply, as a 0-based position."""
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
        raise unusable_answer("an answer number that was not sent")
    return value - 1


def _groups(data: Any, count: int, language: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    placed: set[int] = set()
    found: list[tuple[str, tuple[int, ...]]] = []
    for entry in _list_under(data, "groups"):
        if not isinstance(entry, dict) or not isinstance(entry.get("answers"), list):
            raise unusable_answer("a group without a list of answers")
        positions = tuple(_position(value, count) for value in entry["answers"])
        if len(set(positions)) != len(positions) or placed & set(positions):
            raise unusable_answer("an answer in more than one group")
        if not positions:
            continue
        placed.update(positions)
        label = entry.get("label")
        found.append(
            (
                _clean(label, MAX_LABEL_CHARS).rstrip(".") if isinstance(label, str) else "",
                positions,
            )
        )
    if len(placed) != count:
        raise unusable_answer(f"{count - len(placed)} of {count} answers in no group")
    if len(found) > MAX_GROUPS:
        raise unusable_answer(f"more than {MAX_GROUPS} groups")
    labels = _blank_repeats([label for label, _ in found])
    with translation.override(language):
        return tuple(
            (label or gettext("Theme %(number)d") % {"number": number}, positions)
            for number, (label, (_, positions)) in enumerate(
                zip(labels, found, strict=True), start=1
            )
        )


def _principles(data: Any, language: str) -> list[str]:
    texts = [entry for entry in _list_under(data, "principles") if isinstance(entry, str)]
    cleaned = [_without_stem(_clean(text, MAX_PRINCIPLE_CHARS * 2), language) for text in texts]
    cleaned = [_cut(text, MAX_PRINCIPLE_CHARS) for text in cleaned]
    return [text for text in _blank_repeats(cleaned) if text]


_LIST_MARK = re.compile(r"^\s*(?:[-*•\u2013]|\d{1,2}[.)])\s+")
_QUOTES = "\"'“”„\u2018\u2019«»"


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    text = _LIST_MARK.sub("", text).strip().strip(_QUOTES).strip()
    return _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-\u2013") + "…"


_STEMS = {
    "da": re.compile(r"^(?:når\s+vi\s+bruger\s+genai\s*,?\s*(?:…|\.\.\.)?\s*)", re.IGNORECASE),
    "en": re.compile(
        r"^(?:when\s+we\s+use\s+genai\s*,?\s*(?:…|\.\.\.)?\s*)?(?:we\s+)?", re.IGNORECASE
    ),
}
_NEVER_LOWERED = {"genai", "ai", "copilot", "chatgpt"}


def _without_stem(text: str, language: str) -> str:
    """The completion only, if the model repeated the sentence start."""
    text = _STEMS[language].sub("", text.lstrip("…. ")).strip()
    text = text.lstrip("…").strip()
    first = text.split(" ", 1)[0]
    # "Tjekker vi …" after a stripped stem reads "Når vi bruger GenAI, tjekker vi …".
    if first[1:].islower() and first.casefold() not in _NEVER_LOWERED:
        text = text[0].lower() + text[1:]
    return text


def _blank_repeats(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for text in texts:
        key = text.casefold()
        if key and key in seen:
            result.append("")
            continue
        seen.add(key)
        result.append(text)
    return result
