"""The charter exports (PDF, DOCX, Markdown, JSON), rendered from a plain document.

No database: every exporter is a pure function of the document. The PDF is read back
with poppler's pdftotext/pdffonts/pdfinfo, the DOCX with python-docx.
"""

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from django.utils import translation

from vogter.charters.document import CharterDoc
from vogter.charters.exporters import CHARTER_EXPORTS
from vogter.charters.exporters import json as json_export
from vogter.charters.exporters import markdown as markdown_export
from vogter.charters.tests.sample import (
    EMPTY_ON_PURPOSE,
    ENGLISH_ONLY,
    LONG_CELL,
    ORGANISATION,
    sample_document,
)
from vogter.lib.errors import ActionError
from vogter.workshops.kit import TABLE_LEVELS, preamble

LANGUAGES = ("da", "en")


def squash(text: str) -> str:
    """Without any whitespace or hyphen: pdftotext breaks lines wherever the cell
    wrapped them, and a long word wraps at a hyphen of its own ("ar-|bejde")."""
    return "".join(text.split()).replace("-", "").replace("\N{SOFT HYPHEN}", "")


def statement_text(principle: dict, language: str) -> str:
    other = "en" if language == "da" else "da"
    return principle["statement"][language] or principle["statement"][other]


def cell_texts(doc: CharterDoc) -> list[str]:
    return [
        cell["text"]
        for principle in doc["principles"]
        for cell in principle["cells"].values()
        if cell and cell["text"]
    ]


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed poppler tools on a file we wrote
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("charter-pdf")
    out = {}
    for language in LANGUAGES:
        filename, content_type, data = CHARTER_EXPORTS.export(sample_document(), "pdf", language)
        assert content_type == "application/pdf"
        out[language] = folder / filename
        out[language].write_bytes(data)
    return out


def pdf_text(path: Path) -> str:
    # -raw: in drawing order, so each table cell's lines come out together.
    return poppler("pdftotext", path, "-raw", "-enc", "UTF-8")


# --- PDF ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_has_the_preamble_with_the_organisations_name(pdfs, language) -> None:
    text = squash(pdf_text(pdfs[language]))
    for paragraph in preamble(language, ORGANISATION):
        assert squash(paragraph) in text
    assert "[X]" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_has_every_statement_and_every_cell(pdfs, language) -> None:
    doc = sample_document()
    text = squash(pdf_text(pdfs[language]))
    for principle in doc["principles"]:
        assert squash(statement_text(principle, language)) in text
    for cell in cell_texts(doc):
        assert squash(cell) in text
    for _key, da, en in TABLE_LEVELS:
        assert squash(da if language == "da" else en) in text


def test_pdf_marks_what_is_empty_on_purpose_and_what_is_in_the_other_language(pdfs) -> None:
    da, en = squash(pdf_text(pdfs["da"])), squash(pdf_text(pdfs["en"]))
    assert "bevidsttomt" in da
    assert "leftemptyonpurpose" in en
    assert "kunpåengelsk" in da
    assert "in Danish only" not in en  # every principle has its English


@pytest.mark.parametrize(("language", "word"), [("da", "Side"), ("en", "Page")])
def test_pdf_numbers_its_pages(pdfs, language, word) -> None:
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", pdfs[language]))[1])
    assert pages >= 4
    text = pdf_text(pdfs[language])
    of = "af" if language == "da" else "of"
    for page in range(1, pages + 1):
        assert f"{word} {page} {of} {pages}" in text


def test_pdf_footer_has_version_and_date(pdfs) -> None:
    assert "Version 3 (vedtaget) · 4. marts 2025" in pdf_text(pdfs["da"])
    assert "Version 3 (adopted) · 4 March 2025" in pdf_text(pdfs["en"])


def test_pdf_embeds_every_font(pdfs) -> None:
    rows = poppler("pdffonts", pdfs["da"]).splitlines()[2:]
    assert rows
    for row in rows:
        # name type encoding emb sub uni object ID: "emb" is the fourth column from the end.
        assert row.split()[-5] == "yes", row


def test_pdf_has_title_author_and_landscape_table_pages(pdfs) -> None:
    info = poppler("pdfinfo", pdfs["da"])
    assert "Principsæt for brug af generativ AI" in info
    assert re.search(rf"Author:\s+{ORGANISATION}", info)
    assert "595.276 x 841.89" in poppler("pdfinfo", pdfs["da"], "-f", "1", "-l", "1")
    assert "841.89 x 595.276" in poppler("pdfinfo", pdfs["da"], "-f", "2", "-l", "2")


def test_pdf_signatures_and_sources(pdfs) -> None:
    text = pdf_text(pdfs["da"])
    assert "Underskrifter" in text
    assert "Mette Sørensen" in text and "Søren Ærø Håkansson" in text
    # 13:30 UTC, in Danish time, and said to be signed in Vogter.
    assert "Underskrevet i Vogter 4. marts 2025 kl. 14.30" in text
    assert "UTC" not in text and "CET" not in text
    # AMR is required and has not signed: a line to sign on by hand.
    assert "Underskrivesihåndenforhverrolle" in squash(text)
    assert "Arbejdsmiljørepræsentant(AMR)UnderskriftNavnmedblokbogstaverDato" in squash(text)
    assert "Hvor principperne kommer fra" in text
    assert "Where the principles come from" in pdf_text(pdfs["en"])


def test_draft_pdf_shows_the_required_signatures_as_empty_lines(tmp_path) -> None:
    _name, _type, data = CHARTER_EXPORTS.export(sample_document(3, status="draft"), "pdf", "en")
    (tmp_path / "draft.pdf").write_bytes(data)
    text = pdf_text(tmp_path / "draft.pdf")
    # A line to sign on, the name in print and the date, for each of the three roles.
    assert squash(text).count("SignatureNameinblockcapitalsDate") == 3
    assert "Mette Sørensen" not in text
    assert "Version 3 (draft)" in text


def test_pdf_survives_a_cell_longer_than_a_page(tmp_path) -> None:
    doc = sample_document(2)
    huge = " ".join(f"Ord{i} æøå." for i in range(1500))
    doc["principles"][0]["cells"]["unit"]["text"] = huge
    doc["principles"][1]["cells"]["group"] = None  # a gap
    _name, _type, data = CHARTER_EXPORTS.export(doc, "pdf", "da")
    (tmp_path / "huge.pdf").write_bytes(data)
    text = squash(pdf_text(tmp_path / "huge.pdf"))
    assert "Ord0æøå." in text and "Ord1499æøå." in text
    assert "Ettomtfelterikkeudfyldtendnu." in text


# --- DOCX ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_has_the_table_and_the_preamble(language) -> None:
    doc = sample_document()
    filename, _content_type, data = CHARTER_EXPORTS.export(doc, "docx", language)
    assert filename.endswith(f"-{language}.docx")
    word = docx.Document(io.BytesIO(data))
    wide = [t for t in word.tables if len(t.columns) == 7]
    assert len(wide) == 1
    table = wide[0]
    assert len(table.rows) == 1 + len(doc["principles"])
    header = [c.text for c in table.rows[0].cells]
    assert header[1:] == [da if language == "da" else en for _k, da, en in TABLE_LEVELS]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on every page
    paragraphs = [p.text for p in word.paragraphs]
    for paragraph in preamble(language, ORGANISATION):
        assert paragraph in paragraphs
    body = "\n".join(c.text for row in table.rows for c in row.cells)
    for cell in cell_texts(doc):
        assert cell in body
    assert word.core_properties.language == {"da": "da-DK", "en": "en-GB"}[language]
    assert ORGANISATION in word.core_properties.title
    assert word.sections[1].page_width > word.sections[1].page_height  # landscape table


def test_docx_marks_a_principle_in_the_other_language() -> None:
    _name, _type, data = CHARTER_EXPORTS.export(sample_document(), "docx", "da")
    table = next(t for t in docx.Document(io.BytesIO(data)).tables if len(t.columns) == 7)
    english_only = table.rows[ENGLISH_ONLY].cells[0]
    assert 'w:lang w:val="en-GB"' in english_only._tc.xml
    assert "kun på engelsk" in english_only.text


# --- Markdown -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_has_every_statement_and_cell(language) -> None:
    doc = sample_document()
    text = markdown_export.render(doc, language).decode("utf-8")
    for principle in doc["principles"]:
        assert statement_text(principle, language) in text
    for cell in cell_texts(doc):
        assert cell in text
    for paragraph in preamble(language, ORGANISATION):
        assert paragraph in text
    assert ("Underskrifter" if language == "da" else "Signatures") in text
    assert '<span lang="en-GB">' in markdown_export.render(doc, "da").decode()


def test_markdown_escapes_pipes_and_line_breaks_in_cells() -> None:
    doc = sample_document(1)
    doc["principles"][0]["cells"]["group"]["text"] = "Både | og\nenten <b>eller</b>"
    text = markdown_export.render(doc, "da").decode("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| **1.**"))
    assert "Både \\| og<br>enten &lt;b>eller&lt;/b>" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 8  # 7 columns


# --- JSON ---------------------------------------------------------------------------


def test_json_round_trips_the_document() -> None:
    doc = sample_document()
    data = json_export.render(doc, "da")
    assert "Sønderå" in data.decode("utf-8")  # not \u escapes
    assert json_export.parse(data) == doc


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "does not parse"),
        (b"[]", "must be an object"),
        (b'{"schema": "vogter.charter/2"}', "Unsupported charter schema"),
        (b'{"schema": "vogter.charter/1"}', "is missing"),
    ],
)
def test_json_parse_says_what_is_wrong(data, message) -> None:
    with pytest.raises(ValueError, match=message):
        json_export.parse(data)


def test_json_parse_checks_principles_and_cells() -> None:
    doc = sample_document(2)
    del doc["principles"][1]["cells"]["national"]
    with pytest.raises(ValueError, match=r"principles\[2\]\.cells is missing national"):
        json_export.parse(json_export.render(doc, "da"))


# --- the registry -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(CHARTER_EXPORTS.formats))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_format_exports_in_both_languages_with_a_safe_filename(fmt, language) -> None:
    filename, content_type, data = CHARTER_EXPORTS.export(sample_document(2), fmt, language)
    assert data and content_type == CHARTER_EXPORTS.exporters[fmt].media_type
    stem = f"soenderaa-kommune-kommunikation-og-borgerservice-v3-{language}"
    if fmt.startswith("poster-"):
        assert filename == f"{stem}-{fmt}.pdf"
    else:
        assert filename == f"{stem}.{fmt}"
    assert filename.isascii()


def test_export_refuses_an_unknown_format_or_language() -> None:
    with translation.override("en"):
        with pytest.raises(ActionError, match="Unknown format") as refused:
            CHARTER_EXPORTS.export(sample_document(1), "odt", "da")
        assert refused.value.field == "format"
        with pytest.raises(ActionError, match="Unknown language") as refused:
            CHARTER_EXPORTS.export(sample_document(1), "pdf", "de")
        assert refused.value.field == "language"


def test_the_sample_is_what_the_tests_claim() -> None:
    doc = sample_document()
    assert len(doc["principles"]) == 12
    n, key = EMPTY_ON_PURPOSE
    assert doc["principles"][n - 1]["cells"][key]["empty_on_purpose"]
    n, key = LONG_CELL
    assert len(doc["principles"][n - 1]["cells"][key]["text"]) > 800
    assert doc["principles"][ENGLISH_ONLY - 1]["statement"]["da"] == ""
