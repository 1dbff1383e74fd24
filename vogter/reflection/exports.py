"""A reflection round on paper and in spreadsheets: the report as PDF (A4), the results as
CSV (Danish Excel first) and XLSX.

Every figure comes from `results.results`, so the exports hold back exactly what the
round's page holds back (docs/disclosure.md): nothing at all below the minimum group size
(a sentence says so instead), and no count or mean that would let anyone work out what
fewer than that many answered (an empty cell, with the reason beside it).

The export's language is chosen per download, not by the active Django language, so the
fixed labels are looked up in the catalogue under `translation.override(language)` (as
for the charter exports, vogter/charters/exporters/common.py).
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from vogter.accounts.models import User
from vogter.charters.exporters import common
from vogter.disclosure.rules import Reason
from vogter.disclosure.scores import ScoreFigure
from vogter.lib import formats
from vogter.lib.errors import record
from vogter.lib.exporting import Export, ExportKind, Rendered, stem
from vogter.lib.spreadsheets import ExcelCsv, is_formula_like, neutralise
from vogter.lib.typeset import page_label, typeset
from vogter.reflection import scales
from vogter.reflection.models import AIMS, Event, Kind, Round, Verdict
from vogter.reflection.results import results

TEXTS: dict[str, StrOrPromise] = {
    "round": _("Reflection round"),
    "organisation": _("Organisation"),
    "charter": _("Charter"),
    "unit": _("Unit"),
    "version": _("Version"),
    "period": _("Period"),
    "kind": _("Occasion"),
    "description": _("Description"),
    "checkins": _("Check-ins"),
    "min_group_size": _("Minimum group size"),
    "share_line": _("%(share)s would revise or retire"),
    "still_open": _("The round is still open: the results are shown once it has closed."),
    "not_shown": _("Fewer than %(n)d answered: not shown."),
    "few_verdicts": _("Fewer than %(n)d said whether to keep the principle: not shown."),
    "bands": _(
        "Low (1\N{EN DASH}2): %(low)s · Middle (3): %(middle)s · High (4\N{EN DASH}5): %(high)s"
    ),
    "mean_only": _("Mean %(mean)s out of 5"),
    "note": _("Note"),
    "aims": _("The three aims"),
    "principles": _("The principles"),
    "type": _("Type"),
    "aim": _("Aim"),
    "principle": _("Principle"),
    "item": _("What"),
    "answers": _("Answers"),
    "mean": _("Mean (1\N{EN DASH}5)"),
    "cant_say": _("Can't say"),
    "revise_share": _("Share who would revise or retire (%)"),
    "changed": _("What has changed since last time"),
    "scale_principles": _("Scale: how well we live the principle"),
    "scale_aims": _("Scale: how the aims have developed"),
    "free_text": _("Free text"),
    "actions": _("Actions"),
    "no_actions": _("No actions yet."),
    "action": _("Action"),
    "owner": _("Owner"),
    "due": _("Due"),
    "done": _("Done"),
    "open": _("Open"),
    "follow_up": _("Follow-up"),
    "results_sheet": _("Results"),
    "texts_sheet": _("Free texts"),
    "scheduled": _("Scheduled"),
    "after": _("After an event: %(event)s"),
    # Translators: part of the file name: lower case, no spaces.
    "file": pgettext_lazy("file name", "reflection"),
}
# Counted sentences: `counted(key, language, n)` picks the form for n ("1 princip",
# "2 principper"); the minimum group size is a count too ("fewer than 1 person").
COUNTED: dict[str, StrOrPromise] = {
    "withheld": ngettext_lazy(
        "Fewer than %(n)d has checked in: results are shown only from %(n)d, so that "
        "no one's answers can be told.",
        "Fewer than %(n)d have checked in: results are shown only from %(n)d, so that "
        "no one's answers can be told.",
        "n",
    ),
    "complement": ngettext_lazy(
        "Some figures are left out (\N{EN DASH}): together with the total and the "
        "figures shown, they would tell what fewer than %(n)d person answered.",
        "Some figures are left out (\N{EN DASH}): together with the total and the "
        "figures shown, they would tell what fewer than %(n)d people answered.",
        "n",
    ),
    "mean_n": ngettext_lazy(
        "Mean %(mean)s out of 5 · %(n)d answer", "Mean %(mean)s out of 5 · %(n)d answers", "n"
    ),
    "summary": ngettext_lazy(
        "Mean %(mean)s out of 5 · %(n)d answer · %(cant_say)d can't say",
        "Mean %(mean)s out of 5 · %(n)d answers · %(cant_say)d can't say",
        "n",
    ),
    "principle_count": ngettext_lazy("%(n)d principle", "%(n)d principles", "n"),
}
AIM_LABELS: dict[str, StrOrPromise] = {
    "productivity": _("Productivity"),
    "wellbeing": _("Well-being"),
    "meaningfulness": _("Meaningfulness"),
}
EVENT_LABELS = dict(Event.choices)  # the same words as the round's page


def text(key: str, language: str, **values: object) -> str:
    label = common.in_language(TEXTS[key], language)
    return label % values if values else label


def counted(key: str, language: str, n: int, **values: object) -> str:
    """A sentence with a count in it, in the form the language uses for `n`."""
    with translation.override(language):
        return str(COUNTED[key] % {"n": n, **values})


def aim_label(aim: str, language: str) -> str:
    return common.in_language(AIM_LABELS[aim], language)


def verdict_label(verdict: str, language: str) -> str:
    """Keep, revise, retire: the words of the check-in and the round's page."""
    return common.in_language(scales.VERDICTS[verdict], language)


def scale_words(scale: str, language: str) -> dict[int, str]:
    """A scale's words by score ("4": "Largely"), as the check-in shows them."""
    return {s: common.in_language(w, language) for s, w in scales.SCALES[scale].items()}


def scale_line(scale: str, language: str) -> str:
    """`1 Not at all · 2 A little · …`: a scale in one line."""
    return " · ".join(f"{s} {w}" for s, w in scale_words(scale, language).items())


def _number(value: float, language: str) -> str:
    """A mean as the round's page shows it, with the language's decimal mark."""
    return formats.decimal(value, language, 1)


def _percent(share: float) -> int:
    """The share as a whole number for the spreadsheets' percentage column."""
    return round(share * 100)


def _withheld(result: dict[str, Any], language: str) -> str:
    """Why a round shows no figures: still open, or too few check-ins."""
    if result.get("open"):
        return text("still_open", language)
    return counted("withheld", language, result["min_group_size"])


def _occasion(reflection: Round, language: str) -> str:
    if reflection.kind == Kind.SCHEDULED:
        return text("scheduled", language)
    event = reflection.event
    if event in EVENT_LABELS:
        event = common.in_language(EVENT_LABELS[event], language)
    return text("after", language, event=event)


def _period(reflection: Round, language: str) -> str:
    opens = formats.long_date(reflection.opens_on, language)
    closes = formats.long_date(reflection.closes_on, language)
    return f"{opens} \N{EN DASH} {closes}"


def _sentence(principle: dict[str, Any], language: str) -> str:
    return common.statement(principle, language).sentence  # type: ignore[arg-type]


def _facts(
    reflection: Round, result: dict[str, Any], language: str, *, named: bool = True
) -> list[tuple[str, str]]:
    """The round's facts; `named=False` leaves out the organisation, charter and unit
    (the report's title already says them)."""
    charter = reflection.charter
    facts = []
    if named:
        facts += [
            (text("organisation", language), charter.organisation.name),
            (text("charter", language), charter.title),
            (text("unit", language), charter.unit.name),
        ]
    facts += [
        (text("version", language), str(reflection.version_number)),
        (text("period", language), _period(reflection, language)),
        (text("kind", language), _occasion(reflection, language)),
    ]
    if reflection.description:
        facts.append((text("description", language), reflection.description))
    facts += [
        (text("checkins", language), str(result["checkins"])),
        (text("min_group_size", language), str(result["min_group_size"])),
    ]
    return facts


def filename(reflection: Round, language: str, extension: str) -> str:
    """`havneby-kommune-kommunikation-refleksion-2026-12-01-da.pdf`: ASCII only."""
    charter = reflection.charter
    name = stem(charter.organisation.name, charter.unit.name)
    label = text("file", language)
    day = reflection.opens_on.isoformat()
    return f"{name}-{label}-{day}-{language}.{extension}".lstrip("-")


# --- The results as rows (CSV and XLSX) ---------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One spreadsheet row; `kind` says how the XLSX styles it."""

    kind: str  # "fact", "blank", "header", "figure", "heading", "text", "note"
    cells: list[str | int | float | None]


def _figure_cells(figure: ScoreFigure, language: str, threshold: int) -> list[Any]:
    """Answers, mean, the counts of 1-5 and "can't say": an empty cell where withheld."""
    shown = figure.distribution or {}
    counts = [shown.get(value) for value in range(1, 6)]
    return [figure.n, figure.mean, *counts, figure.cant_say]


def _figure_note(figure: ScoreFigure, language: str, threshold: int) -> str | None:
    """Why cells are empty, and the low/middle/high counts when the scores are not shown."""
    if figure.reason is None:
        return None
    if figure.reason == Reason.FEW:
        return text("not_shown", language, n=threshold)
    note = counted("complement", language, threshold)
    if figure.bands:
        bands = {k: "\N{EN DASH}" if v is None else v for k, v in figure.bands.items()}
        note = f"{text('bands', language, **bands)}. {note}"
    return note


def _rows(reflection: Round, language: str) -> Iterator[Row]:
    result = results(reflection)
    threshold = result["min_group_size"]
    for key, value in _facts(reflection, result, language):
        yield Row("fact", [key, value])
    yield Row("fact", [text("scale_principles", language), scale_line(scales.PRINCIPLE, language)])
    yield Row("fact", [text("scale_aims", language), scale_line(scales.AIM, language)])
    yield Row("blank", [])
    if result["withheld"]:
        yield Row("note", [_withheld(result, language)])
        return
    verdict_labels = [verdict_label(v, language) for v in Verdict.values]
    yield Row(
        "header",
        [
            text("type", language),
            text("item", language),
            text("answers", language),
            text("mean", language),
            "1",
            "2",
            "3",
            "4",
            "5",
            text("cant_say", language),
            *verdict_labels,
            text("revise_share", language),
            text("note", language),
        ],
    )
    for aim in AIMS:
        figure = result["aims"][aim]
        yield Row(
            "figure",
            [
                text("aim", language),
                aim_label(aim, language),
                *_figure_cells(figure, language, threshold),
                None,
                None,
                None,
                None,
                _figure_note(figure, language, threshold),
            ],
        )
    for row in result["principles"]:
        verdicts = row["verdicts"]
        share = row["revise_share"]
        yield Row(
            "figure",
            [
                text("principle", language),
                _sentence(row["principle"], language),
                *_figure_cells(row["score"], language, threshold),
                *([verdicts[v] for v in Verdict.values] if verdicts else [None] * 3),
                _percent(share) if share is not None else None,
                _figure_note(row["score"], language, threshold),
            ],
        )
    if result["changed"]:
        yield Row("blank", [])
        yield Row("heading", [text("changed", language)])
        for changed in result["changed"]:
            yield Row("text", [text("free_text", language), changed])


def _csv_value(value: str | int | float | None, language: str) -> str | int:
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value, language)  # Danish Excel reads "3.6" as a date
    return neutralise(value)


def results_csv(reflection: Round, language: str) -> bytes:
    """UTF-8 with a byte-order mark, `;` between fields, formula-like cells quoted: the
    conventions of vogter/lib/spreadsheets.py. The round's facts, a blank line,
    then one row per aim and principle and one per free text."""
    writer = ExcelCsv()
    for row in _rows(reflection, language):
        writer.writerow([_csv_value(value, language) for value in row.cells])
    return writer.content()


def results_xlsx(reflection: Round, language: str) -> bytes:
    """The same rows as the CSV on one sheet, numbers as numbers, text never a formula."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = text("results_sheet", language)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(_rows(reflection, language), start=1):
        for c, value in enumerate(row.cells, start=1):
            cell = sheet.cell(r, c)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.value = value
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
                cell.quotePrefix = is_formula_like(value)
            else:
                cell.value = value
            cell.alignment = wrap
            if row.kind in ("header", "heading") or (row.kind == "fact" and c == 1):
                cell.font = bold
    widths = {"A": 24, "B": 60}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- The report as PDF (vogter/reflection/report.typ) ------------------------------------

REPORT = Path(__file__).with_name("report.typ")


def _summary(figure: ScoreFigure, language: str) -> str | None:
    if figure.mean is None:
        return None
    mean = _number(figure.mean, language)
    if figure.n is None:
        return text("mean_only", language, mean=mean)
    if figure.cant_say is None:
        return counted("mean_n", language, figure.n, mean=mean)
    return counted("summary", language, figure.n, mean=mean, cant_say=figure.cant_say)


def _numbers(figure: ScoreFigure, scale: str, language: str) -> dict[str, Any] | None:
    """The table beside (or instead of) the bars: the count per score, or per band where
    the scores are not shown; a dash where a count is withheld."""
    words = scale_words(scale, language)
    dash = "\N{EN DASH}"
    if figure.bands:
        head = [
            [f"1{dash}2", f"{words[1]} {dash} {words[2]}"],
            ["3", words[3]],
            [f"4{dash}5", f"{words[4]} {dash} {words[5]}"],
        ]
        counts = [figure.bands[band] for band in ("low", "middle", "high")]
    elif figure.distribution is not None:
        head = [[str(value), words[value]] for value in range(1, 6)]
        counts = [figure.distribution.get(value) for value in range(1, 6)]
    else:
        return None
    head.append([text("cant_say", language), ""])
    cells = [dash if n is None else str(n) for n in [*counts, figure.cant_say]]
    return {"head": head, "cells": cells, "columns": 6}


def _chart(figure: ScoreFigure, title: str, scale: str, language: str) -> dict[str, Any] | None:
    """Bars only where every count is shown: a bar left out would look like a zero. The
    alt text says every count with its word, as the page's chart does."""
    shown = figure.distribution
    if shown is None or any(v is None for v in shown.values()):
        return None
    words = scale_words(scale, language)
    counts = [shown[value] or 0 for value in range(1, 6)]
    described = " · ".join(f"{v} {words[v]}: {counts[v - 1]}" for v in range(1, 6))
    return {
        "counts": counts,
        "words": [words[v] for v in range(1, 6)],
        "alt": f"{title}: {described}",
    }


def _figure(
    title: str, figure: ScoreFigure, scale: str, language: str, threshold: int
) -> dict[str, Any]:
    note = None
    if figure.reason == Reason.FEW:
        note = text("not_shown", language, n=threshold)
    elif figure.reason is not None:
        note = counted("complement", language, threshold)
    return {
        "title": title,
        "title_lang": language,
        "only_in": "",
        "summary": _summary(figure, language),
        "chart": _chart(figure, title, scale, language),
        "numbers": _numbers(figure, scale, language),
        "note": note,
        "verdicts": None,
    }


def _verdicts(row: dict[str, Any], language: str, threshold: int) -> dict[str, Any]:
    if row["verdicts"] is None:
        return {"line": None, "note": text("few_verdicts", language, n=threshold)}
    dash = "\N{EN DASH}"
    line = " · ".join(
        f"{verdict_label(v, language)} {dash if n is None else n}"
        for v, n in row["verdicts"].items()
    )
    if row["revise_share"] is not None:
        share = formats.percent(row["revise_share"], language)
        line += f" {dash} " + text("share_line", language, share=share)
    return {"line": line, "note": None}


def _actions(reflection: Round, language: str) -> dict[str, Any]:
    rows = []
    for action in reflection.actions.order_by("id"):
        rows.append(
            {
                "description": action.description,
                "owner": action.owner,
                "due": formats.long_date(action.due_on, language) if action.due_on else "",
                "state": text("done" if action.done else "open", language),
                "follow_up": action.follow_up,
            }
        )
    return {
        "title": text("actions", language),
        "empty": None if rows else text("no_actions", language),
        "head": [text(key, language) for key in ("action", "owner", "due", "follow_up")],
        "rows": rows,
    }


def _footer(reflection: Round, language: str) -> str:
    """Organisation · unit · period, the unit left out when it is the whole organisation."""
    charter = reflection.charter
    names = [charter.organisation.name]
    if charter.unit.name != charter.organisation.name:
        names.append(charter.unit.name)
    return " · ".join([*names, _period(reflection, language)])


def report_data(reflection: Round, language: str) -> dict[str, Any]:
    """Everything report.typ shows, every word translated and every number formatted."""
    charter = reflection.charter
    result = results(reflection)
    threshold = result["min_group_size"]
    names = [charter.organisation.name]
    if charter.unit.name != charter.organisation.name:
        names.append(charter.unit.name)
    data: dict[str, Any] = {
        "lang": language,
        "title": f"{text('round', language)} · {charter.title} · {charter.unit.name}",
        "author": charter.organisation.name,
        "footer": _footer(reflection, language),
        "page_label": page_label(language),
        "kicker": text("round", language),
        "heading": charter.title,
        "subtitle": " · ".join(names),
        "facts": [list(pair) for pair in _facts(reflection, result, language, named=False)],
        "withheld": None,
        "aims": None,
        "principles": None,
        "changed": None,
        "actions": _actions(reflection, language),
    }
    if result["withheld"]:
        data["withheld"] = _withheld(result, language)
        return data
    data["aims"] = {
        "title": text("aims", language),
        "figures": [
            _figure(aim_label(aim, language), result["aims"][aim], scales.AIM, language, threshold)
            for aim in AIMS
        ],
    }
    figures = []
    for row in result["principles"]:
        principle = row["principle"]
        said = common.statement(principle, language)
        title = f"{principle['position']}. {said.sentence}"
        shown = _figure(title, row["score"], scales.PRINCIPLE, language, threshold)
        # A principle written in the other language only is shown in it, and says so.
        shown["title_lang"], shown["only_in"] = said.language, said.note
        shown["verdicts"] = _verdicts(row, language, threshold)
        figures.append(shown)
    data["principles"] = {
        "title": text("principles", language),
        "count": counted("principle_count", language, len(figures)),
        "figures": figures,
    }
    if result["changed"]:
        data["changed"] = {
            "title": text("changed", language),
            "quotes": [
                common.label("quoted", language, quote=changed) for changed in result["changed"]
            ],
        }
    return data


def report_pdf(reflection: Round, language: str) -> bytes:
    """The round's report on A4, tagged and hyphenated: the round, its figures with small
    bar charts (or the sentence that they are withheld), the free texts and the actions."""
    return typeset(REPORT, report_data(reflection, language))


# --- One entry point for pages, the API and the command -------------------------------

REFLECTION_EXPORTS: ExportKind[Round] = ExportKind("reflection")
REFLECTION_EXPORTS.register(
    Rendered("pdf", "application/pdf", report_pdf, filename),
    Rendered("csv", "text/csv; charset=utf-8", results_csv, filename),
    Rendered(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        results_xlsx,
        filename,
    ),
)


def export_round(actor: User | None, reflection: Round, fmt: str, language: str) -> Export:
    """The file, and an audit entry saying who took it: the unit's TR and AMR may read
    who exported their round's figures (docs/audit.md)."""
    result = REFLECTION_EXPORTS.export(reflection, fmt, language)
    charter = reflection.charter
    record(
        actor,
        charter.organisation,
        "reflection.export",
        reflection.code,
        scope=charter.unit,
        format=fmt,
        language=language,
    )
    return result
