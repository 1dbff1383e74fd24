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
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from vogter.accounts.models import User
from vogter.charters.exporters import common
from vogter.disclosure.rules import Reason
from vogter.disclosure.scores import ScoreFigure
from vogter.lib.errors import record
from vogter.lib.exporting import Export, ExportKind, Rendered, stem
from vogter.lib.pdf import (
    BRAND,
    BRAND_TINT,
    FONT,
    INK,
    P_MARGIN,
    RULE,
    SOFT,
    ZEBRA,
    markup,
    numbered_canvas,
    register_fonts,
    styles,
)
from vogter.lib.spreadsheets import ExcelCsv, is_formula_like, neutralise
from vogter.reflection import scales
from vogter.reflection.charts import two_lines
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
    "withheld": _(
        "Fewer than %(n)d have checked in: results are shown only from %(n)d, so that "
        "no one's answers can be told."
    ),
    "still_open": _("The round is still open: the results are shown once it has closed."),
    "not_shown": _("Fewer than %(n)d answered: not shown."),
    "complement": _(
        "Some figures are left out (\N{EN DASH}): together with the total and the "
        "figures shown, they would tell what fewer than %(n)d people answered."
    ),
    "bands": _(
        "Low (1\N{EN DASH}2): %(low)s · Middle (3): %(middle)s · High (4\N{EN DASH}5): %(high)s"
    ),
    "mean_only": _("Mean %(mean)s out of 5"),
    "mean_n": _("Mean %(mean)s out of 5 · %(n)d answers"),
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
    "summary": _("Mean %(mean)s out of 5 · %(n)d answers · %(cant_say)d can't say"),
    "share_line": _("%(share)d%% would revise or retire"),
    "few_verdicts": _("Fewer than %(n)d said whether to keep the principle: not shown."),
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
    "page": _("Page %(page)d of %(pages)d"),
    "results_sheet": _("Results"),
    "texts_sheet": _("Free texts"),
    "scheduled": _("Scheduled"),
    "after": _("After an event: %(event)s"),
    # Translators: part of the file name: lower case, no spaces.
    "file": pgettext_lazy("file name", "reflection"),
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
    shown = str(value)
    return shown.replace(".", ",") if language == "da" else shown


def _percent(share: float) -> int:
    return round(share * 100)


def _occasion(reflection: Round, language: str) -> str:
    if reflection.kind == Kind.SCHEDULED:
        return text("scheduled", language)
    event = reflection.event
    if event in EVENT_LABELS:
        event = common.in_language(EVENT_LABELS[event], language)
    return text("after", language, event=event)


def _period(reflection: Round, language: str) -> str:
    opens = common.format_date(reflection.opens_on.isoformat(), language)
    closes = common.format_date(reflection.closes_on.isoformat(), language)
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
    note = text("complement", language, n=threshold)
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
        note = "still_open" if result.get("open") else "withheld"
        yield Row("note", [text(note, language, n=threshold)])
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


# --- The report as PDF ------------------------------------------------------------------

CHART_W, CHART_H = 62 * mm, 30 * mm
CONTENT_W = A4[0] - 2 * P_MARGIN


class _Bars(Flowable):
    """Five bars for the answers 1-5, the count above each and the score with its word
    under it: the page's SVG chart, drawn straight on the canvas (reportlab's graphics
    would pull in an unembedded Helvetica)."""

    PAD = 10
    FOOT = 24  # the score and its word, on up to two lines

    def __init__(self, counts: list[int], words: dict[int, str]) -> None:
        super().__init__()
        self.counts, self.words = counts, words
        self.width, self.height = CHART_W, CHART_H

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, pad, base = self.canv, self.PAD, self.FOOT
        top = max(self.counts) or 1
        bar = (self.width - 2 * pad) / 5
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(pad, base, self.width - pad, base)
        for index, n in enumerate(self.counts):
            height = (self.height - base - pad - 2) * n / top
            x = pad + index * bar
            middle = x + bar / 2
            canvas.setFillColor(BRAND)
            if height:
                canvas.rect(x + 3, base, bar - 6, height, stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 7)
            canvas.drawCentredString(middle, base + height + 2, str(n))
            canvas.drawCentredString(middle, base - 8, str(index + 1))
            canvas.setFillColor(SOFT)
            canvas.setFont(FONT, 5.5)
            for line, words in enumerate(two_lines(self.words.get(index + 1, ""))):
                canvas.drawCentredString(middle, base - 15 - 6 * line, words)


class _Report:
    """Builds the story for one round in one language."""

    def __init__(self, reflection: Round, language: str) -> None:
        self.round, self.language = reflection, language
        self.result = results(reflection)
        self.threshold = self.result["min_group_size"]
        self.s = styles()

    def p(self, markup: str, style: str) -> Paragraph:
        return Paragraph(markup, self.s[style])

    def t(self, key: str, **values: object) -> str:
        return markup(text(key, self.language, **values))

    def head(self) -> list[Flowable]:
        charter = self.round.charter
        facts = _facts(self.round, self.result, self.language, named=False)
        cells = [[self.p(markup(k), "meta_key"), self.p(markup(v), "meta")] for k, v in facts]
        table = Table(cells, colWidths=[45 * mm, CONTENT_W - 45 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return [
            self.p(self.t("round").upper(), "kicker"),
            self.p(markup(charter.title), "organisation"),
            self.p(markup(f"{charter.organisation.name} · {charter.unit.name}"), "unit"),
            Spacer(1, 6 * mm),
            table,
            Spacer(1, 6 * mm),
        ]

    def numbers(self, figure: ScoreFigure, scale: str) -> Table:
        shown = figure.distribution or {}
        words = {
            k: f'<font size="7">{markup(w)}</font>'
            for k, w in scale_words(scale, self.language).items()
        }
        if figure.bands:
            head = [
                f"1\N{EN DASH}2<br/>{words[1]} \N{EN DASH} {words[2]}",
                f"3<br/>{words[3]}",
                f"4\N{EN DASH}5<br/>{words[4]} \N{EN DASH} {words[5]}",
                markup(text("cant_say", self.language)),
            ]
            counts = [figure.bands[band] for band in ("low", "middle", "high")]
        else:
            head = [f"{value}<br/>{words[value]}" for value in range(1, 6)]
            head.append(markup(text("cant_say", self.language)))
            counts = [shown.get(value) for value in range(1, 6)]
        cells = [
            [self.p(h, "th") for h in head],
            [
                self.p("\N{EN DASH}" if n is None else str(n), "cell")
                for n in [*counts, figure.cant_say]
            ],
        ]
        width = (CONTENT_W - CHART_W - 6 * mm) / 6
        table = Table(cells, colWidths=[width] * len(head), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
                    ("BACKGROUND", (0, 0), (-1, 0), BRAND),
                    ("BACKGROUND", (0, 1), (-1, 1), ZEBRA),
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def figure(
        self, title: str, figure: ScoreFigure, scale: str, extra: list[Flowable]
    ) -> Flowable:
        part: list[Flowable] = [self.p(markup(title), "h2")]
        if figure.mean is not None:
            mean = _number(figure.mean, self.language)
            if figure.n is None:
                summary = self.t("mean_only", mean=mean)
            elif figure.cant_say is None:
                summary = self.t("mean_n", mean=mean, n=figure.n)
            else:
                summary = self.t("summary", mean=mean, n=figure.n, cant_say=figure.cant_say)
            part.append(self.p(summary, "body"))
        shown = figure.distribution
        if shown is not None and all(v is not None for v in shown.values()):
            counts = [shown[value] or 0 for value in range(1, 6)]
            pair = Table(
                [[_Bars(counts, scale_words(scale, self.language)), self.numbers(figure, scale)]],
                colWidths=[CHART_W + 6 * mm, CONTENT_W - CHART_W - 6 * mm],
                hAlign="LEFT",
            )
            pair.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            part.append(pair)
        elif shown is not None or figure.bands:
            part.append(self.numbers(figure, scale))
        if figure.reason == Reason.FEW:
            part.append(self.p(self.t("not_shown", n=self.threshold), "small"))
        elif figure.reason is not None:
            part.append(self.p(self.t("complement", n=self.threshold), "small"))
        return KeepTogether(part + extra)

    def verdicts(self, row: dict[str, Any]) -> list[Flowable]:
        if row["verdicts"] is None:
            return [self.p(self.t("few_verdicts", n=self.threshold), "small")]
        dash = "\N{EN DASH}"
        line = " · ".join(
            f"{markup(verdict_label(v, self.language))} {dash if n is None else n}"
            for v, n in row["verdicts"].items()
        )
        if row["revise_share"] is not None:
            line += " \N{EN DASH} " + self.t("share_line", share=_percent(row["revise_share"]))
        return [self.p(line, "body")]

    def results(self) -> list[Flowable]:
        if self.result["withheld"]:
            banner = Table(
                [
                    [
                        self.p(
                            self.t(
                                "still_open" if self.result.get("open") else "withheld",
                                n=self.threshold,
                            ),
                            "body",
                        )
                    ]
                ],
                colWidths=[CONTENT_W],
                hAlign="LEFT",
            )
            banner.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("BACKGROUND", (0, 0), (-1, -1), BRAND_TINT),
                        ("LINEBEFORE", (0, 0), (0, -1), 2, BRAND),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 6),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ]
                )
            )
            return [banner]
        story: list[Flowable] = [self.p(self.t("aims"), "h1")]
        for aim in AIMS:
            story.append(
                self.figure(aim_label(aim, self.language), self.result["aims"][aim], scales.AIM, [])
            )
        story += [Spacer(1, 4 * mm), self.p(self.t("principles"), "h1")]
        for row in self.result["principles"]:
            title = f"{row['principle']['position']}. {_sentence(row['principle'], self.language)}"
            story.append(self.figure(title, row["score"], scales.PRINCIPLE, self.verdicts(row)))
        if self.result["changed"]:
            story += [Spacer(1, 4 * mm), self.p(self.t("changed"), "h1")]
            story += [
                self.p(markup(common.label("quoted", self.language, quote=changed)), "quote")
                for changed in self.result["changed"]
            ]
        return story

    def actions(self) -> list[Flowable]:
        story: list[Flowable] = [Spacer(1, 4 * mm), self.p(self.t("actions"), "h1")]
        found = list(self.round.actions.order_by("id"))
        if not found:
            return [*story, self.p(self.t("no_actions"), "small")]
        head = ("action", "owner", "due", "follow_up")
        rows: list[list[Any]] = [[self.p(self.t(k), "th") for k in head]]
        for action in found:
            due = (
                common.format_date(action.due_on.isoformat(), self.language)
                if action.due_on
                else ""
            )
            state = self.t("done" if action.done else "open")
            follow = f"<b>{state}</b>" + (
                f" \N{EN DASH} {markup(action.follow_up)}" if action.follow_up else ""
            )
            rows.append(
                [
                    self.p(markup(action.description), "cell"),
                    self.p(markup(action.owner), "cell"),
                    self.p(markup(due), "cell"),
                    self.p(follow, "cell"),
                ]
            )
        widths = [0.38, 0.2, 0.16, 0.26]
        table = Table(rows, colWidths=[CONTENT_W * w for w in widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
                    ("BACKGROUND", (0, 0), (-1, 0), BRAND),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, ZEBRA]),
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [*story, table]

    def story(self) -> list[Flowable]:
        return [*self.head(), *self.results(), *self.actions()]


def report_pdf(reflection: Round, language: str) -> bytes:
    """The round's report on A4: the round, its figures with small bar charts (or the
    sentence that they are withheld), the free texts and the actions."""
    register_fonts()
    charter = reflection.charter
    buffer = io.BytesIO()
    title = f"{text('round', language)} · {charter.title} · {charter.unit.name}"
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=P_MARGIN,
        rightMargin=P_MARGIN,
        topMargin=P_MARGIN,
        bottomMargin=P_MARGIN,
        title=title,
        author=charter.organisation.name,
        creator="Vogter",
        lang=common.LANGUAGE_TAGS[language],
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,
    )
    footer = " · ".join(
        (charter.organisation.name, charter.unit.name, _period(reflection, language))
    )

    def page_label(number: int, total: int) -> str:
        return text("page", language, page=number, pages=total)

    template.build(
        _Report(reflection, language).story(), canvasmaker=numbered_canvas(footer, page_label)
    )
    return buffer.getvalue()


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
