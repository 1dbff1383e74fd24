"""The level matrix as it stands: each principle with a cell per level, and how much of
the table is filled."""

from collections import Counter
from typing import Any

from vogter.principles.models import LEVEL_ORDER, Principle
from vogter.workshops.models import Workshop


def matrix(workshop: Workshop, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """Each principle with a cell per level: filled, empty on purpose, or a gap (None)."""
    principles = Principle.objects.filter(workshop=workshop).prefetch_related("cells")
    if not include_withdrawn:
        principles = principles.filter(withdrawn=False)
    rows = []
    for principle in principles:
        cells = {c.level: c for c in principle.cells.all()}
        rows.append(
            {"principle": principle, "cells": [(level, cells.get(level)) for level in LEVEL_ORDER]}
        )
    return rows


def coverage(workshop: Workshop) -> dict[str, Any]:
    """How much of the table is filled: per level, and the gaps by name."""
    rows = matrix(workshop)
    per_level = {level.value: Counter[str]() for level in LEVEL_ORDER}
    gaps = []
    for row in rows:
        for level, cell in row["cells"]:
            state = "gap" if cell is None else "empty" if cell.empty_on_purpose else "filled"
            per_level[level][state] += 1
            if state == "gap":
                gaps.append((row["principle"], level))
    return {
        "principles": len(rows),
        "per_level": {k: dict(v) for k, v in per_level.items()},
        "gaps": gaps,
    }
