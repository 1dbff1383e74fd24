"""A round's results as the round page and the meeting view show them: each principle's
and aim's figure with its chart and its table of counts, the scale's words beside the
numbers. Every figure is `results.results`'s, as vogter/disclosure let it through; this
only dresses it."""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vogter.charters.document import statement_in
from vogter.disclosure.rules import Reason
from vogter.disclosure.scores import ScoreFigure
from vogter.lib.http import AuthedHttpRequest
from vogter.reflection import charts, scales
from vogter.reflection.models import AIMS


def aim_labels() -> dict[str, str]:
    return {
        "productivity": _("Productivity"),
        "wellbeing": _("Well-being"),
        "meaningfulness": _("Meaningfulness"),
    }


def sentence(principle: dict[str, Any], language: str) -> str:
    return statement_in(principle, language)[1]  # type: ignore[arg-type]


def language_of(request: AuthedHttpRequest) -> str:
    return "en" if request.LANGUAGE_CODE == "en" else "da"


@dataclass(frozen=True)
class Cell:
    """One column of a figure's table: a score ("4") or a band ("4-5"), its words, and
    its count (None: withheld)."""

    head: str
    word: str
    count: int | None


def cells(figure: ScoreFigure, scale: str) -> list[Cell]:
    """The counts that may be shown, each under its score and the scale's word: per
    score, or per band where the scores are not shown; none at all where neither is."""
    if figure.distribution:
        said = scales.words(scale)
        return [Cell(str(s), said[s], figure.distribution.get(s)) for s in scales.SCORES]
    if figure.bands:
        banded = scales.bands(scale)
        found = [
            Cell(head, banded[band], figure.bands[band])
            for band, head in (("low", "1\N{EN DASH}2"), ("middle", "3"), ("high", "4\N{EN DASH}5"))
        ]
        if figure.cant_say is not None:
            found.append(Cell(_("Can't say"), "", figure.cant_say))
        return found
    return []


def chart(figure: ScoreFigure, label: str, scale: str) -> SafeString | None:
    """Bars only where every count is shown: a bar left out would look like a zero."""
    shown = figure.distribution
    if shown is None or any(v is None for v in shown.values()):
        return None
    return charts.distribution({k: v or 0 for k, v in shown.items()}, label, scales.words(scale))


def principle_rows(result: dict[str, Any], language: str) -> list[dict[str, Any]]:
    rows = []
    for row in result["principles"]:
        said = sentence(row["principle"], language)
        counts = (
            [(label, row["verdicts"][value]) for value, label in scales.VERDICTS.items()]
            if row["verdicts"]
            else []
        )
        rows.append(
            {
                **row,
                "sentence": said,
                "chart": chart(row["score"], said, scales.PRINCIPLE),
                "cells": cells(row["score"], scales.PRINCIPLE),
                "verdict_counts": counts,
                "revise_percent": None
                if row["revise_share"] is None
                else round(row["revise_share"] * 100),
                # A count left out among the verdicts, said once under the principle.
                "verdict_reason": Reason.COMPLEMENT
                if any(n is None for _label, n in counts)
                and row["score"].reason != Reason.COMPLEMENT
                else None,
            }
        )
    return rows


def aim_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    labels = aim_labels()
    return [
        {
            "aim": aim,
            "label": labels[aim],
            "figure": result["aims"][aim],
            "chart": chart(result["aims"][aim], labels[aim], scales.AIM),
            "cells": cells(result["aims"][aim], scales.AIM),
        }
        for aim in (AIMS if result["aims"] else ())
    ]


def trend_rows(
    trend: dict[str, Any], language: str, *, rounds: slice = slice(None)
) -> dict[str, Any]:
    """The charter's trends (`results.trends`) as charts and tables, over `rounds` of its
    closed rounds: per principle and per aim, each round's mean or a gap."""
    chosen = trend["rounds"][rounds]
    # Dates as people write them, short enough for a chart's axis: 06.12.2026, 06/12/2026.
    labels = [date_format(r.closes_on, "SHORT_DATE_FORMAT") for r in chosen]
    principles = []
    for row in trend["principles"]:
        said = sentence(row["principle"], language) if row["principle"] else row["code"]
        means = row["means"][rounds]
        principles.append(
            {"sentence": said, "means": means, "chart": charts.trend(means, labels, said)}
        )
    names = aim_labels()
    aims = [
        {
            "label": names[aim],
            "means": trend["aims"][aim][rounds],
            "chart": charts.trend(trend["aims"][aim][rounds], labels, names[aim]),
        }
        for aim in AIMS
    ]
    flags = [
        {
            **flag,
            "sentence": sentence(flag["principle"], language)
            if flag["principle"]
            else flag["code"],
        }
        for flag in trend["flags"]
    ]
    return {"labels": labels, "principles": principles, "aims": aims, "flags": flags}
