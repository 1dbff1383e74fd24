"""The charter as Markdown: for wikis, intranets and e-mail.

Headings, the preamble, the principles table as a pipe table (with `|` escaped and
line breaks turned into `<br>` so every row stays on one line), the signatures and
where the principles came from. A principle shown in the other language is wrapped
in `<span lang="…">`, which Markdown passes through as HTML.
"""

from vogter.charters.document import CharterDoc, PrincipleDoc
from vogter.charters.exporters import common
from vogter.charters.exporters.common import label

CONTENT_TYPE = "text/markdown; charset=utf-8"
EXTENSION = "md"
MAX_QUOTES = 3


def escape_text(text: str) -> str:
    """User text with no HTML tags in it: a charter may end up on an intranet page."""
    return text.replace("<", "&lt;")


def escape_cell(text: str) -> str:
    """Text that is safe inside a pipe-table cell: no bare `|`, no line breaks, no tags."""
    text = escape_text(text).replace("\\", "\\\\").replace("|", "\\|")
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "<br>".join(line for line in lines if line)


def _statement(principle: PrincipleDoc, language: str, *, in_table: bool) -> str:
    st = common.statement(principle, language)
    text = escape_cell(st.text) if in_table else escape_text(st.text)
    if st.note:
        tag = common.LANGUAGE_TAGS[st.language]
        return f'<span lang="{tag}">*{text}*</span> ({st.note})'
    return text


def _cell(principle: PrincipleDoc, key: str, language: str) -> str:
    c = common.cell(principle, key, language)
    if c.kind == "text":
        out = escape_cell(c.text)
    elif c.kind == "empty_on_purpose":
        out = f"{label('empty_mark', language)} *{c.text}*"
    else:
        out = ""
    if c.responsible:
        responsible = escape_cell(label("responsible", language, name=c.responsible))
        out = f"{out}<br>*{responsible}*" if out else f"*{responsible}*"
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(doc: CharterDoc, language: str) -> bytes:
    """The charter as UTF-8 Markdown in `language` ("da" or "en")."""
    lang = language
    out: list[str] = [f"# {escape_text(common.title(doc, lang))}", ""]
    out.append(
        f"**{escape_text(doc['organisation'])}** · {escape_text(common.unit_line(doc, lang))}"
    )
    out.append("")
    meta = [
        f"{label('version', lang, version=doc['version'])}",
        f"{label('status', lang)}: {common.status_label(doc['status'], lang)}",
        f"{label('date', lang)}: {common.format_date(common.charter_date(doc), lang)}",
    ]
    if doc["adopted_by"]:
        meta.append(f"{label('adopted_by', lang)}: {escape_text(doc['adopted_by'])}")
    out += [" · ".join(meta), "", f"## {label('preamble', lang)}", ""]
    for paragraph in common.preamble(doc, lang):
        out += [escape_text(paragraph), ""]

    out += [f"## {common.pick(doc['table_title'], lang)}", ""]
    if common.has_gaps(doc):
        out += [f"*{label('gap_legend', lang)}*", ""]
    keys = [level["key"] for level in doc["levels"]]
    heads = [
        common.pick(doc["first_column"], lang),
        *(common.pick(lv, lang) for lv in doc["levels"]),
    ]
    out.append(_row([escape_cell(head) for head in heads]))
    out.append(_row(["---"] * (1 + len(keys))))
    for principle in doc["principles"]:
        statement = f"**{principle['position']}.** {_statement(principle, lang, in_table=True)}"
        origin = common.origin_label(principle, lang)
        if origin:
            statement += f"<br>*{escape_cell(origin)}*"
        out.append(_row([statement, *(_cell(principle, key, lang) for key in keys)]))
    out.append("")

    out += [f"## {label('signatures', lang)}", ""]
    lines = common.signature_lines(doc, lang)
    if lines:
        out.append(_row([label(k, lang) for k in ("role", "name", "signed_at")]))
        out.append(_row(["---"] * 3))
        for line in lines:
            if line.name:
                out.append(_row([escape_cell(line.role), escape_cell(line.name), line.signed_at]))
            else:
                role = f"{escape_cell(line.role)} (*{label('not_signed', lang)}*)"
                out.append(_row([role, " ", " "]))
    else:
        out.append(label("no_signatures", lang))
    out.append("")

    principles = [p for p in doc["principles"] if common.has_sources(p)]
    if principles:
        out += [f"## {label('sources', lang)}", ""]
    for principle in principles:
        out += [f"### {principle['position']}. {_statement(principle, lang, in_table=False)}", ""]
        if principle["rationale"].strip():
            out += [f"**{label('rationale', lang)}:** {escape_text(principle['rationale'])}", ""]
        for source in principle["sources"]:
            when = common.format_date(source["date"], lang) if source["date"] else ""
            workshop = ", ".join(x for x in (source["workshop"], when) if x)
            out.append(f"- **{label('workshop', lang)}:** {escape_text(workshop)}")
            if source["themes"]:
                out.append(
                    f"- **{label('themes', lang)}:** {escape_text(', '.join(source['themes']))}"
                )
        quotes = [q for s in principle["sources"] for q in s["quotes"]][:MAX_QUOTES]
        out.append("")
        for quote in quotes:
            out += [f"> {escape_text(' '.join(quote.split()))}", ""]
    out += [f"*{escape_text(common.footer_text(doc, lang))}*", ""]
    return "\n".join(out).encode("utf-8")
