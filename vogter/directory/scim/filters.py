"""The subset of SCIM's filter language (RFC 7644 §3.4.2.2) that identity providers use
to find a resource before they create it: `attribute eq "value"`, joined by `and`.

Entra ID asks `userName eq "a@b.dk"`, `externalId eq "…"` and `displayName eq "…"`; Okta
and OneLogin ask the same. Anything else is refused with `invalidFilter` rather than
half-understood: a filter read wrongly would make a provider create a second account.
"""

import json
import re
from dataclasses import dataclass

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[()\[\]]|[^\s()\[\]]+)')
_ATTRIBUTE = re.compile(r"^[A-Za-z][\w.:$-]*$")


class FilterError(ValueError):
    """A filter outside the subset, or not a filter at all."""


@dataclass(frozen=True)
class Condition:
    attribute: str  # lower-cased, without the core schema's URN
    value: str | bool | None


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FilterError(text[position:])
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _value(token: str) -> str | bool | None:
    if token.startswith('"'):
        try:
            value = json.loads(token)
        except json.JSONDecodeError as error:
            raise FilterError(token) from error
        return str(value)
    lowered = token.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    raise FilterError(token)


def _attribute(token: str) -> str:
    if not _ATTRIBUTE.match(token):
        raise FilterError(token)
    lowered = token.lower()
    # `urn:ietf:params:scim:schemas:core:2.0:User:userName` is `userName`.
    if lowered.startswith("urn:"):
        lowered = lowered.rsplit(":", 1)[1]
    return lowered


def parse_filter(text: str) -> list[Condition]:
    """The conditions, all of which must hold. Raises FilterError outside the subset."""
    tokens = _tokens(text)
    conditions: list[Condition] = []
    while True:
        if len(tokens) < 3:
            raise FilterError(text)
        attribute, operator, value, *tokens = tokens
        if operator.lower() != "eq":
            raise FilterError(operator)
        conditions.append(Condition(_attribute(attribute), _value(value)))
        if not tokens:
            return conditions
        joiner, *tokens = tokens
        if joiner.lower() != "and":
            raise FilterError(joiner)
