"""The level-cell form, shared by a workshop principle's page and a charter principle's
page: per level a text, who is responsible, and "left empty on purpose", posted as
`<level>-text`, `<level>-responsible` and `<level>-empty`."""

from collections.abc import Mapping
from typing import Any, Protocol

from django.http import QueryDict

from vogter.principles.models import LEVEL_ORDER


class Cell(Protocol):
    """A workshop principle's LevelCell or a charter principle's CharterCell."""

    @property
    def text(self) -> str: ...

    @property
    def responsible(self) -> str: ...

    @property
    def empty_on_purpose(self) -> bool: ...


def posted_cells(posted: QueryDict) -> dict[str, tuple[str, str, bool]]:
    """Every level's (text, responsible, empty on purpose) as posted, in level order."""
    return {
        level.value: (
            posted.get(f"{level.value}-text", ""),
            posted.get(f"{level.value}-responsible", ""),
            posted.get(f"{level.value}-empty") == "on",
        )
        for level in LEVEL_ORDER
    }


def level_fields(cells: Mapping[str, Cell], posted: QueryDict | None) -> list[dict[str, Any]]:
    """What the form shows per level: what was just posted (a refused save keeps what was
    typed), or else the saved cell (`cells` by level)."""
    levels = []
    for level in LEVEL_ORDER:
        cell = cells.get(level.value)
        levels.append(
            {
                "key": level.value,
                "label": level.label,
                "text": posted.get(f"{level.value}-text", "")
                if posted
                else (cell.text if cell else ""),
                "responsible": posted.get(f"{level.value}-responsible", "")
                if posted
                else (cell.responsible if cell else ""),
                "empty": (posted.get(f"{level.value}-empty") == "on")
                if posted
                else bool(cell and cell.empty_on_purpose),
            }
        )
    return levels
