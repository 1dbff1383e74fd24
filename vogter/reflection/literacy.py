"""The AI-literacy record: a dated list of the facts Vogter holds about an organisation's
work on generative AI — workshops held, how many took part, which professions (counts,
withheld below each workshop's minimum group size), charters adopted and their
versions, reflection rounds held. Facts only: no claim that anything satisfies a law.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vogter.charters.models import Charter, Status
from vogter.lib.exporting import ExportKind, Rendered
from vogter.lib.pdf import BOLD, BRAND, FONT, RULE, register_fonts
from vogter.lib.spreadsheets import ExcelCsv, neutralise
from vogter.organisations.models import Organisation
from vogter.reflection.models import Round
from vogter.workshops.models import Workshop
from vogter.workshops.professions import of_workshop

TEXTS: dict[str, StrOrPromise] = {
    "title": _("AI literacy: what Vogter holds"),
    "intro": _(
        "Facts from Vogter about the organisation's work with generative AI: workshops, "
        "participants, professions, adopted charters and reflection rounds. The list is not an "
        "assessment of whether any requirement is met."
    ),
    "made": _("Produced"),
    "workshops": _("Workshops"),
    "charters": _("Adopted charters"),
    "rounds": _("Reflection rounds"),
    "none": _("None yet."),
    "date": _("Date"),
    "workshop": _("Workshop"),
    "unit": _("Unit"),
    "participants": _("Participants"),
    "professions": _("Professions"),
    "charter": _("Charter"),
    "version": _("Version"),
    "adopted": _("Adopted"),
    "others": pgettext_lazy("AI-literacy record", "other professions"),
    "section": _("Section"),
}


def text(key: str, language: str) -> str:
    with translation.override(language):
        return str(TEXTS[key])


@dataclass
class WorkshopFact:
    title: str
    date: datetime.date
    unit: str
    participants: int
    professions: str  # "Webredaktør 5, Fotograf, other professions 7": counts only


@dataclass
class CharterFact:
    title: str
    unit: str
    version: int
    status: str
    adopted_on: datetime.date


@dataclass
class RoundFact:
    charter: str
    unit: str
    opens_on: datetime.date
    closes_on: datetime.date
    kind: str


@dataclass
class LiteracyRecord:
    organisation: str
    code: str  # the organisation's, for the file's name
    made_at: datetime.datetime
    workshops: list[WorkshopFact]
    charters: list[CharterFact]
    reflection_rounds: list[RoundFact]


def _professions(workshop: Workshop, language: str) -> str:
    """The professions as "Webredaktør 5, Fotograf, other professions 7": the names and
    counts that vogter/workshops/professions.py lets through, a name alone where its count
    is withheld."""
    shown = of_workshop(workshop)
    parts = [p.name if p.count is None else f"{p.name} {p.count}" for p in shown.named]
    if shown.others:
        others = text("others", language)
        parts.append(others if shown.others_count is None else f"{others} {shown.others_count}")
    return ", ".join(parts)


def record_for(organisation: Organisation, language: str) -> LiteracyRecord:
    workshops = [
        WorkshopFact(
            title=w.title,
            date=w.date,
            unit=w.unit.name if w.unit else "",
            participants=w.sheets.count(),
            professions=_professions(w, language),
        )
        for w in Workshop.objects.filter(organisation=organisation)
        .select_related("unit", "organisation")
        .order_by("date", "title")
    ]
    charters = []
    for charter in Charter.objects.filter(organisation=organisation).select_related("unit"):
        for version in charter.versions.filter(
            status__in=(Status.ADOPTED, Status.SUPERSEDED)
        ).order_by("number"):
            charters.append(
                CharterFact(
                    charter.title,
                    charter.unit.name,
                    version.number,
                    version.status,
                    version.adopted_on or version.created_at.date(),  # set on adoption
                )
            )
    with translation.override(language):
        rounds = [
            RoundFact(
                r.charter.title,
                r.charter.unit.name,
                r.opens_on,
                r.closes_on,
                str(r.get_kind_display()),
            )
            for r in Round.objects.filter(
                charter__organisation=organisation, opens_on__lte=timezone.localdate()
            )
            .select_related("charter__unit")
            .order_by("opens_on", "id")
        ]
    return LiteracyRecord(
        organisation.name, organisation.code, timezone.now(), workshops, charters, rounds
    )


def as_csv(record: LiteracyRecord, language: str) -> bytes:
    """One table, a row per fact, Danish Excel first (as the workshop exports)."""
    writer = ExcelCsv()
    t = {key: text(key, language) for key in TEXTS}
    writer.writerow(
        [
            t["section"],
            t["date"],
            t["workshop"] + " / " + t["charter"],
            t["unit"],
            t["participants"],
            t["professions"],
            t["version"],
        ]
    )
    for w in record.workshops:
        writer.writerow(
            [
                neutralise(c)
                for c in (
                    t["workshops"],
                    w.date.isoformat(),
                    w.title,
                    w.unit,
                    w.participants,
                    w.professions,
                    "",
                )
            ]
        )
    for c in record.charters:
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    t["charters"],
                    c.adopted_on.isoformat(),
                    c.title,
                    c.unit,
                    "",
                    "",
                    c.version,
                )
            ]
        )
    for r in record.reflection_rounds:
        writer.writerow(
            [
                neutralise(v)
                for v in (t["rounds"], r.opens_on.isoformat(), r.charter, r.unit, "", r.kind, "")
            ]
        )
    return writer.content()


def as_pdf(record: LiteracyRecord, language: str) -> bytes:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=BOLD, fontSize=13, leading=17, spaceBefore=8, spaceAfter=4
    )
    title = ParagraphStyle("title", parent=heading, fontSize=18, leading=23)
    t = {key: text(key, language) for key in TEXTS}

    def cell_text(value: object) -> str:
        """User text as Paragraph markup: reportlab reads `<` and `&` as its own tags."""
        return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def cell(value: object) -> Paragraph:
        return Paragraph(cell_text(value), small)

    def table(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
        grid = Table(
            [[cell(h) for h in header], *[[cell(v) for v in r] for r in rows]],
            colWidths=widths,
            repeatRows=1,
        )
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), BOLD),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return grid

    made_at = f"{record.made_at:%Y-%m-%d %H:%M}"
    story: list[object] = [
        Paragraph(t["title"], title),
        Paragraph(f"{cell_text(record.organisation)} · {t['made']} {made_at} UTC", body),
        Spacer(1, 4 * mm),
        Paragraph(t["intro"], body),
        Paragraph(t["workshops"], heading),
    ]
    if record.workshops:
        story.append(
            table(
                [t["date"], t["workshop"], t["unit"], t["participants"], t["professions"]],
                [
                    [w.date.isoformat(), w.title, w.unit, w.participants, w.professions]
                    for w in record.workshops
                ],
                [22 * mm, 45 * mm, 35 * mm, 20 * mm, 48 * mm],
            )
        )
    else:
        story.append(Paragraph(t["none"], body))
    story.append(Paragraph(t["charters"], heading))
    if record.charters:
        story.append(
            table(
                [t["adopted"], t["charter"], t["unit"], t["version"]],
                [[c.adopted_on.isoformat(), c.title, c.unit, c.version] for c in record.charters],
                [22 * mm, 80 * mm, 48 * mm, 20 * mm],
            )
        )
    else:
        story.append(Paragraph(t["none"], body))
    story.append(Paragraph(t["rounds"], heading))
    story.append(
        table(
            [t["date"], t["charter"], t["unit"]],
            [
                [
                    f"{r.opens_on.isoformat()} \N{EN DASH} {r.closes_on.isoformat()}",
                    f"{r.charter} ({r.kind})",
                    r.unit,
                ]
                for r in record.reflection_rounds
            ],
            [40 * mm, 85 * mm, 45 * mm],
        )
        if record.reflection_rounds
        else Paragraph(t["none"], body)
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=t["title"],
        author=record.organisation,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()


def filename(record: LiteracyRecord, language: str, extension: str) -> str:
    """`ai-literacy-{organisation's code}-2026-03-04-da.pdf`: the day it was made."""
    stamp = record.made_at.strftime("%Y-%m-%d")
    return f"ai-literacy-{record.code}-{stamp}-{language}.{extension}"


LITERACY_EXPORTS: ExportKind[LiteracyRecord] = ExportKind("literacy")
LITERACY_EXPORTS.register(
    Rendered("csv", "text/csv; charset=utf-8", as_csv, filename),
    Rendered("pdf", "application/pdf", as_pdf, filename),
)
