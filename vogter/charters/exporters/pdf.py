"""The charter as a printable PDF (A4), typeset with reportlab's platypus.

Layout: a portrait cover with the organisation, unit, title, version, status and date,
and the preamble under it; the principles-by-levels table on landscape pages (the
header row repeats, cells wrap, rows move whole to the next page and only a row
taller than a page is split inside); a principle whose cells would make a row taller
than about half a page is set as a block of its own (statement, then one full-width
row per level) so it stays readable; the signatures, with a blank line for every
required role not signed yet; and an appendix with where each principle came from.
The footer carries organisation, unit, version, status, date and "Side N af M".

Fonts, colours, styles and the footer are every PDF's (vogter/lib/pdf.py). reportlab cannot
write a tagged PDF (no structure tree): the document's language is set (/Lang), and a
principle shown in the other language is marked visibly (italics and a note) instead.
"""

import io
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common
from vogter.charters.exporters.common import label
from vogter.lib.pdf import (
    BRAND,
    BRAND_TINT,
    FONT,
    GAP,
    INK,
    L_MARGIN,
    LANDSCAPE,
    P_MARGIN,
    PORTRAIT,
    RULE,
    ZEBRA,
    markup,
    numbered_canvas,
    register_fonts,
    styles,
)

CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"

# A row taller than this share of the landscape frame is set as a block of its own.
BLOCK_THRESHOLD = 0.45
MAX_QUOTES = 3
_SIGNATURE_HEAD = ("role", "name", "signed_at")


class _Charter:
    """Builds the story (the list of flowables) for one language."""

    def __init__(self, doc: CharterDoc, language: str) -> None:
        self.doc, self.language = doc, language
        self.s = styles()
        self.level_keys = [level["key"] for level in doc["levels"]]
        self.table_width = LANDSCAPE[0] - 2 * L_MARGIN
        self.table_height = LANDSCAPE[1] - 2 * L_MARGIN - 8 * mm
        first = self.table_width * 0.19
        rest = (self.table_width - first) / max(len(self.level_keys), 1)
        self.widths = [first] + [rest] * len(self.level_keys)

    def p(self, markup: str, style: str) -> Paragraph:
        return Paragraph(markup, self.s[style])

    # --- cover and preamble -------------------------------------------------------

    def cover(self) -> list[Flowable]:
        doc, lang = self.doc, self.language
        story: list[Flowable] = [
            Spacer(1, 18 * mm),
            self.p(markup(label("charter", lang).upper()), "kicker"),
            self.p(markup(doc["organisation"]), "organisation"),
            self.p(markup(common.unit_line(doc, lang)), "unit"),
            self.p(markup(common.title(doc, lang)), "title"),
            Spacer(1, 8 * mm),
        ]
        meta = [
            (label("version", lang, version="").strip(), str(doc["version"])),
            (label("status", lang), common.status_label(doc["status"], lang)),
            (label("date", lang), common.format_date(common.charter_date(doc), lang)),
        ]
        if doc["adopted_by"]:
            meta.append((label("adopted_by", lang), doc["adopted_by"]))
        cells = [
            [self.p(markup(k), "meta_key") for k, _v in meta],
            [self.p(markup(v), "meta") for _k, v in meta],
        ]
        width = PORTRAIT[0] - 2 * P_MARGIN
        table = Table(cells, colWidths=[width / len(meta)] * len(meta), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.4, RULE),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ]
            )
        )
        story += [table, Spacer(1, 16 * mm)]
        story += [self.p(markup(par), "preamble") for par in common.preamble(doc, lang)]
        return story

    # --- the table ----------------------------------------------------------------

    def statement_cell(self, principle: PrincipleDoc) -> list[Flowable]:
        st = common.statement(principle, self.language)
        text = markup(st.text)
        if st.note:
            text = f"<i>{text}</i>"
        out: list[Flowable] = [self.p(f"{principle['position']}. {text}", "statement")]
        if st.note:
            out.append(self.p(f"({markup(st.note)})", "note"))
        origin = common.origin_label(principle, self.language)
        if origin:
            out.append(self.p(markup(origin), "note"))
        return out

    def level_cell(self, principle: PrincipleDoc, key: str) -> list[Flowable]:
        c = common.cell(principle, key, self.language)
        out: list[Flowable] = []
        if c.kind == "text":
            out.append(self.p(markup(c.text), "cell"))
        elif c.kind == "empty_on_purpose":
            out.append(self.p(f"{label('empty_mark', self.language)} {markup(c.text)}", "note"))
        if c.responsible:
            name = label("responsible", self.language, name=c.responsible)
            out.append(self.p(markup(name), "note"))
        return out

    def header_row(self) -> list[Flowable]:
        lang = self.language
        first = common.pick(self.doc["first_column"], lang)
        levels = [common.pick(level, lang) for level in self.doc["levels"]]
        return [self.p(markup(t), "th") for t in (first, *levels)]

    def row_height(self, row: list[list[Flowable]]) -> float:
        tallest = 0.0
        for flowables, width in zip(row, self.widths, strict=True):
            height = sum(f.wrap(width - 8, 10_000)[1] for f in flowables)
            tallest = max(tallest, height)
        return tallest + 8

    def grid(self, rows: list[list[list[Flowable]]], gaps: list[tuple[int, int]]) -> Table:
        table = Table(
            [self.header_row(), *rows],
            colWidths=self.widths,
            repeatRows=1,
            splitByRow=1,
            splitInRow=36,  # only a row taller than the page is split, never a sliver
            hAlign="LEFT",
        )
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), BRAND),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, ZEBRA]),
            ("BACKGROUND", (0, 1), (0, -1), BRAND_TINT),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        commands += [("BACKGROUND", cell, cell, GAP) for cell in gaps]
        table.setStyle(TableStyle(commands))
        return table

    def block(self, principle: PrincipleDoc) -> Table:
        """One principle on its own: the statement across the top, then a row per level."""
        lang = self.language
        first = self.widths[0]
        rows: list[list[Any]] = [[self.statement_cell(principle), ""]]
        gaps = []
        for i, level in enumerate(self.doc["levels"], start=1):
            name = self.p(markup(common.pick(level, lang)), "level")
            rows.append([name, self.level_cell(principle, level["key"])])
            if common.cell(principle, level["key"], lang).kind == "gap":
                gaps.append((1, i))
        table = Table(
            rows,
            colWidths=[first, self.table_width - first],
            repeatRows=1,
            splitInRow=36,
            hAlign="LEFT",
        )
        commands: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), BRAND_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, BRAND),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        commands += [("BACKGROUND", cell, cell, GAP) for cell in gaps]
        table.setStyle(TableStyle(commands))
        return table

    def principles_table(self) -> list[Flowable]:
        doc, lang = self.doc, self.language
        story: list[Flowable] = [self.p(markup(common.pick(doc["table_title"], lang)), "h1")]
        legend = []
        if common.has_gaps(doc):
            legend.append(label("gap_legend", lang))
        if legend:
            story.append(self.p(markup(" ".join(legend)), "legend"))
        rows: list[list[list[Flowable]]] = []
        gaps: list[tuple[int, int]] = []

        def flush() -> None:
            if rows:
                story.append(self.grid(list(rows), list(gaps)))
                rows.clear()
                gaps.clear()

        for principle in doc["principles"]:
            row = [self.statement_cell(principle)]
            row += [self.level_cell(principle, key) for key in self.level_keys]
            if self.row_height(row) > self.table_height * BLOCK_THRESHOLD:
                flush()
                story += [Spacer(1, 3 * mm), self.block(principle), Spacer(1, 3 * mm)]
                continue
            for col, key in enumerate(self.level_keys, start=1):
                if common.cell(principle, key, lang).kind == "gap":
                    gaps.append((col, len(rows) + 1))
            rows.append(row)
        flush()
        if not doc["principles"]:
            story.append(self.grid([], []))
        return story

    # --- signatures and sources ---------------------------------------------------

    def signatures(self) -> list[Flowable]:
        lang = self.language
        story: list[Flowable] = [self.p(markup(label("signatures", lang)), "h1")]
        lines = common.signature_lines(self.doc, lang)
        if not lines:
            return [*story, self.p(markup(label("no_signatures", lang)), "small")]
        width = PORTRAIT[0] - 2 * P_MARGIN
        # Four columns: role, name, a gutter (so the two writing lines stay apart), date.
        role, name, date = (self.p(markup(label(k, lang)), "meta_key") for k in _SIGNATURE_HEAD)
        rows: list[list[Any]] = [[role, name, "", date]]
        commands: list[tuple[Any, ...]] = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 1), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        for i, line in enumerate(lines, start=1):
            if line.name:
                role, name, date = (
                    self.p(markup(v), "body") for v in (line.role, line.name, line.signed_at)
                )
                rows.append([role, name, "", date])
                commands.append(("LINEBELOW", (0, i), (-1, i), 0.4, RULE))
            else:
                # A line to write on by hand: the role, then room for name and date.
                hint = self.p(markup(label("not_signed", lang)), "note")
                rows.append([[self.p(markup(line.role), "body"), hint], "", "", ""])
                commands += [
                    ("TOPPADDING", (0, i), (-1, i), 26),
                    ("LINEBELOW", (1, i), (1, i), 0.6, INK),
                    ("LINEBELOW", (3, i), (3, i), 0.6, INK),
                ]
        table = Table(
            rows, colWidths=[width * 0.34, width * 0.3, width * 0.04, width * 0.32], hAlign="LEFT"
        )
        table.setStyle(TableStyle(commands))
        return [*story, table]

    def sources(self) -> list[Flowable]:
        lang = self.language
        principles = [p for p in self.doc["principles"] if common.has_sources(p)]
        if not principles:
            return []
        story: list[Flowable] = [
            NextPageTemplate("portrait"),
            PageBreak(),
            self.p(markup(label("sources", lang)), "h1"),
        ]
        for principle in principles:
            st = common.statement(principle, lang)
            text = f"<i>{markup(st.text)}</i> ({markup(st.note)})" if st.note else markup(st.text)
            part: list[Flowable] = [self.p(f"{principle['position']}. {text}", "h2")]
            if principle["rationale"].strip():
                rationale = f"{label('rationale', lang)}:"
                part.append(
                    self.p(f"<b>{markup(rationale)}</b> {markup(principle['rationale'])}", "body")
                )
            for source in principle["sources"]:
                when = common.format_date(source["date"], lang) if source["date"] else ""
                workshop = ", ".join(x for x in (source["workshop"], when) if x)
                part.append(
                    self.p(f"<b>{markup(label('workshop', lang))}:</b> {markup(workshop)}", "small")
                )
                if source["themes"]:
                    themes = ", ".join(source["themes"])
                    part.append(
                        self.p(f"<b>{markup(label('themes', lang))}:</b> {markup(themes)}", "small")
                    )
            quotes = [q for s in principle["sources"] for q in s["quotes"]][:MAX_QUOTES]
            part += [self.p(markup(label("quoted", lang, quote=q)), "quote") for q in quotes]
            story.append(KeepTogether(part))
        return story

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            NextPageTemplate("landscape"),
            PageBreak(),
            *self.principles_table(),
            NextPageTemplate("portrait"),
            PageBreak(),
            *self.signatures(),
            *self.sources(),
        ]


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as PDF bytes in `language` ("da" or "en")."""
    register_fonts()
    buffer = io.BytesIO()
    portrait_frame = Frame(
        P_MARGIN, P_MARGIN, PORTRAIT[0] - 2 * P_MARGIN, PORTRAIT[1] - 2 * P_MARGIN, id="portrait"
    )
    landscape_frame = Frame(
        L_MARGIN,
        L_MARGIN + 4 * mm,
        LANDSCAPE[0] - 2 * L_MARGIN,
        LANDSCAPE[1] - 2 * L_MARGIN - 4 * mm,
        id="landscape",
    )
    template = BaseDocTemplate(
        buffer,
        pagesize=PORTRAIT,
        title=common.document_title(doc, language),
        author=doc["organisation"],
        subject=common.unit_line(doc, language),
        creator="Vogter",
        lang=common.LANGUAGE_TAGS[language],
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,
    )
    template.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[portrait_frame], pagesize=PORTRAIT),
            PageTemplate(id="landscape", frames=[landscape_frame], pagesize=LANDSCAPE),
            PageTemplate(id="portrait", frames=[portrait_frame], pagesize=PORTRAIT),
        ]
    )
    footer = common.footer_text(doc, language)

    def page_label(number: int, total: int) -> str:
        return label("page", language, page=number, pages=total)

    template.build(_Charter(doc, language).story(), canvasmaker=numbered_canvas(footer, page_label))
    return buffer.getvalue()
