"""The DOCX charter as a document to print, sign and hang up, read back with python-docx:
padding, repeated header rows and rows kept whole, hyphenation in the document's
language, lines to sign by hand, the status marks and the footer."""

import io
import re
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import World, sign_as_expected
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.document import CharterDoc
from vogter.charters.exporters import CHARTER_EXPORTS
from vogter.charters.tests.sample import LONG_CELL, ORGANISATION, sample_document
from vogter.organisations.actions import units as unit_actions

LANGUAGES = ("da", "en")
TAGS = {"da": "da-DK", "en": "en-GB"}


def read(doc: CharterDoc, language: str = "da") -> Document:
    _name, _type, data = CHARTER_EXPORTS.export(doc, "docx", language)
    return docx.Document(io.BytesIO(data))


def principles_table(word: Document) -> docx.table.Table:
    return next(t for t in word.tables if len(t.columns) == 7)


def signature_table(word: Document) -> docx.table.Table:
    return next(t for t in word.tables if len(t.columns) == 4)


def row_has(row: docx.table._Row, tag: str) -> bool:
    """Whether the row's properties hold `tag` (w:tblHeader, w:cantSplit)."""
    return row._tr.find(f"{qn('w:trPr')}/{qn(tag)}") is not None


def header_text(word: Document) -> str:
    return "\n".join(p.text for p in word.sections[0].header.paragraphs)


def watermark(word: Document) -> str | None:
    """The text of Word's watermark shape in the first header, if any."""
    xml = word.sections[0].header._element.xml
    found = re.search(r'<v:textpath [^>]*string="([^"]*)"', xml)
    return found[1] if found else None


def signed_sentences(word: Document) -> list[str]:
    return [p.text for p in word.paragraphs if p.text.startswith(("Underskrevet", "Signed"))]


# --- tables -------------------------------------------------------------------------


def test_every_table_has_padding_in_its_cells() -> None:
    word = read(sample_document(status="proposed"))
    assert len(word.tables) == 2  # the principles and the lines to sign
    for table in word.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert margins is not None
        widths = {
            side: int(margins.find(qn(f"w:{side}")).get(qn("w:w")))
            for side in ("top", "left", "bottom", "right")
        }
        # 1 mm above and below, 1.5 mm at the sides, in twentieths of a point.
        assert widths == {"top": 57, "left": 85, "bottom": 57, "right": 85}


def test_the_principles_table_repeats_its_header_row_on_every_page() -> None:
    table = principles_table(read(sample_document()))
    headers = [i for i, row in enumerate(table.rows) if row_has(row, "w:tblHeader")]
    assert headers == [0]


def test_a_principles_row_moves_whole_to_the_next_page_unless_it_is_taller_than_a_page() -> None:
    table = principles_table(read(sample_document()))
    kept_whole = [i for i, row in enumerate(table.rows) if row_has(row, "w:cantSplit")]
    long_row, _level = LONG_CELL
    # Word cuts off a row that may not break and does not fit on a page, so the one
    # row with a page-long cell is the only one allowed to break.
    assert kept_whole == [i for i in range(len(table.rows)) if i != long_row]


def test_a_row_to_sign_in_never_breaks_across_pages() -> None:
    for row in signature_table(read(sample_document(status="draft"))).rows:
        assert row_has(row, "w:cantSplit")


# --- language and hyphenation -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_docx_hyphenates_words_in_the_documents_language(language) -> None:
    word = read(sample_document(), language)
    assert word.settings.element.find(qn("w:autoHyphenation")) is not None
    defaults = word.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == TAGS[language]
    normal = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == TAGS[language]


def test_automatic_hyphenation_sits_where_word_expects_it_in_the_settings() -> None:
    settings = read(sample_document()).settings.element
    tags = [child.tag for child in settings]
    # The schema's order: the default tab stop, then automatic hyphenation.
    assert tags.index(qn("w:autoHyphenation")) == tags.index(qn("w:defaultTabStop")) + 1


# --- signatures ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_a_draft_has_a_row_to_sign_by_hand_for_each_required_role(status) -> None:
    word = read(sample_document(status=status))
    rows = signature_table(word).rows
    roles = [row.cells[0].paragraphs[0].text for row in rows]
    assert roles == ["Leder", "Tillidsrepræsentant (TR)", "Arbejdsmiljørepræsentant (AMR)"]
    for row in rows:
        assert row.height >= Mm(20)  # room to sign in above the line
        lines = [cell.paragraphs[0] for cell in row.cells[1:]]
        for line in lines:
            assert line.text == ""
            assert line._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
        captions = [cell.paragraphs[1].text for cell in row.cells[1:]]
        assert captions == ["Underskrift", "Navn med blokbogstaver", "Dato"]
    assert signed_sentences(word) == []
    intro = "Underskrives i hånden for hver rolle, der ikke har skrevet under i Vogter:"
    assert intro in [p.text for p in word.paragraphs]


def test_an_english_draft_captions_its_lines_in_english() -> None:
    row = signature_table(read(sample_document(status="draft"), "en")).rows[0]
    assert row.cells[0].paragraphs[0].text == "Manager"
    assert [c.paragraphs[1].text for c in row.cells[1:]] == [
        "Signature",
        "Name in block capitals",
        "Date",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            [
                "Underskrevet i Vogter af Mette Sørensen, leder, den 4. marts 2025 kl. 14.30",
                "Underskrevet i Vogter af Søren Ærø Håkansson, tillidsrepræsentant (TR), "
                "den 4. marts 2025 kl. 14.42",
            ],
        ),
        (
            "en",
            [
                "Signed in Vogter by Mette Sørensen, manager, on 4 March 2025 at 14:30",
                "Signed in Vogter by Søren Ærø Håkansson, union representative (TR), "
                "on 4 March 2025 at 14:42",
            ],
        ),
    ],
)
def test_an_adopted_charter_says_who_signed_in_vogter_in_which_role_and_when(
    language, expected
) -> None:
    word = read(sample_document(), language)
    assert signed_sentences(word) == expected
    # The work-environment representative is required and has not signed: a line for it.
    (row,) = signature_table(word).rows
    assert "(AMR)" in row.cells[0].text


def test_a_superseded_version_offers_no_lines_to_sign() -> None:
    doc = sample_document(status="superseded")
    word = read(doc)
    assert [t for t in word.tables if len(t.columns) == 4] == []
    assert len(signed_sentences(word)) == 2


# --- status marks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "line", "mark"),
    [
        ("da", "Kladde \N{EN DASH} ikke vedtaget", "KLADDE"),
        ("en", "Draft \N{EN DASH} not adopted", "DRAFT"),
    ],
)
def test_a_draft_says_so_at_the_top_of_every_page_and_across_it(language, line, mark) -> None:
    word = read(sample_document(status="draft"), language)
    assert header_text(word) == line
    assert watermark(word) == mark
    # Every section (cover, landscape table, signatures) shows the first one's header.
    assert all(section.header.is_linked_to_previous for section in word.sections[1:])


def test_a_proposed_version_says_it_is_not_adopted_yet() -> None:
    word = read(sample_document(status="proposed"))
    assert header_text(word) == "Indstillet til vedtagelse \N{EN DASH} endnu ikke vedtaget"
    assert watermark(word) == "FORSLAG"  # as the PDF


def test_an_adopted_version_has_no_status_mark() -> None:
    word = read(sample_document())
    assert header_text(word) == ""
    assert watermark(word) is None


@pytest.mark.parametrize(
    ("language", "line", "status", "mark"),
    [
        (
            "da",
            "Afløst af version 4 \N{EN DASH} gælder ikke længere",
            "Afløst af version 4",
            "AFLØST",
        ),
        (
            "en",
            "Superseded by version 4 \N{EN DASH} no longer in force",
            "Superseded by version 4",
            "SUPERSEDED",
        ),
    ],
)
def test_a_superseded_version_says_which_version_replaced_it(language, line, status, mark) -> None:
    doc = sample_document(status="superseded")
    doc["superseded_by"] = 4
    word = read(doc, language)
    assert header_text(word) == line
    assert watermark(word) == mark
    cover = "\n".join(p.text for p in word.paragraphs[:4])
    assert status in cover
    assert "Vedtaget" not in cover.split("·")[1] and "Adopted" not in cover.split("·")[1]


def test_a_superseded_version_without_its_successor_still_says_it_is_superseded() -> None:
    word = read(sample_document(status="superseded"))
    assert header_text(word) == "Afløst \N{EN DASH} gælder ikke længere"


# --- footer -------------------------------------------------------------------------


def footer(word: Document) -> str:
    return word.sections[0].footer.paragraphs[0].text


def test_the_footer_names_organisation_and_unit() -> None:
    text = footer(read(sample_document()))
    assert text.startswith(
        f"{ORGANISATION} · Kommunikation og Borgerservice · Version 3 (vedtaget)"
    )


@pytest.mark.parametrize("whole", ["same name", "flag"])
def test_the_footer_names_the_organisation_once_when_the_unit_is_the_whole_organisation(
    whole,
) -> None:
    doc = sample_document()
    if whole == "same name":
        doc["unit"] = ORGANISATION
    else:
        doc["unit"], doc["whole_organisation"] = "Koncernen", True
    text = footer(read(doc))
    assert text.startswith(f"{ORGANISATION} · Version 3 (vedtaget) · 4. marts 2025")
    assert text.count(ORGANISATION) == 1


# --- from the database --------------------------------------------------------------


@pytest.mark.django_db
def test_an_export_of_a_superseded_version_says_it_was_superseded_and_by_which_version(
    signatories: World, tmp_path: Path
) -> None:
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Principsæt for AI"
    )
    editing_actions.add_principle(
        world.fiona, charter, statement_da="tjekker vi fakta", statement_en="check the facts"
    )
    for version in (1, 2):
        adoption_actions.propose(world.fiona, charter)
        sign_as_expected(charter)
        adoption_actions.adopt(world.alice, charter)
        if version == 1:
            adoption_actions.new_draft(world.fiona, charter)
    out = tmp_path / "v1.docx"
    call_command(
        "charter",
        "export",
        charter.code,
        "--format",
        "docx",
        "--version",
        "1",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    word = docx.Document(str(out))
    assert header_text(word) == "Afløst af version 2 \N{EN DASH} gælder ikke længere"
    assert "Version 1 (afløst)" in footer(word)
    # The version in force prints as adopted, with no mark.
    call_command(
        "charter", "export", charter.code, "--format", "docx", "-o", str(out), stdout=io.StringIO()
    )
    assert header_text(docx.Document(str(out))) == ""


@pytest.mark.django_db
def test_a_charter_for_the_whole_organisation_says_the_organisations_name_once(
    world: World, tmp_path: Path
) -> None:
    # Havneby's top unit is organisation-wide (under a name of its own, so the name
    # alone does not tell); Fjordby's only unit is a department.
    unit_actions.update_unit(world.alice, world.corporate, name="Hele kommunen")
    cases = (
        (world.havneby, world.corporate, "Havneby Kommune · Version 1"),
        (world.fjordby, world.fjordby_unit, "Fjordby Hospital · Medicinsk afdeling · "),
    )
    for organisation, unit, start in cases:
        actor = world.fiona if organisation == world.havneby else world.olga
        charter = draft_actions.create_charter(actor, organisation, unit=unit, title="AI")
        out = tmp_path / f"{unit.code}.docx"
        call_command(
            "charter",
            "export",
            charter.code,
            "--format",
            "docx",
            "-o",
            str(out),
            stdout=io.StringIO(),
        )
        assert footer(docx.Document(str(out))).startswith(start)
