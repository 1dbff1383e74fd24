"""The DOCX charter as a document to print, sign and hang up, read back with python-docx:
padding, repeated header rows and rows kept whole, hyphenation in the document's
language, lines to sign by hand, the status marks and the footer."""

import io
import math
import re
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
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


def caption(table: docx.table.Table) -> str:
    element = table._tbl.tblPr.find(qn("w:tblCaption"))
    return "" if element is None else element.get(qn("w:val"))


def signature_tables(word: Document) -> list[docx.table.Table]:
    return [t for t in word.tables if caption(t) in ("Underskrifter", "Signatures")]


def signature_table(word: Document) -> docx.table.Table:
    (table,) = signature_tables(word)
    return table


def roles_and_lines(table: docx.table.Table) -> list[tuple[docx.table._Row, docx.table._Row]]:
    """The rows to sign in, in pairs: the role's name, then the lines under it."""
    rows = list(table.rows)
    return list(zip(rows[::2], rows[1::2], strict=True))


def facts_table(word: Document) -> docx.table.Table:
    return word.tables[0]


def cover_facts(word: Document) -> dict[str, str]:
    """The cover's facts: caption over value, cell by cell."""
    cells = facts_table(word).rows[0].cells
    return {cell.paragraphs[0].text: cell.paragraphs[1].text for cell in cells}


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


def padding(table: docx.table.Table) -> dict[str, int]:
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None
    return {
        side: int(margins.find(qn(f"w:{side}")).get(qn("w:w")))
        for side in ("top", "left", "bottom", "right")
    }


def test_every_table_has_padding_in_its_cells() -> None:
    word = read(sample_document(status="proposed"))
    assert len(word.tables) == 3  # the cover's facts, the lines to sign, the principles
    # 1 mm above and below, 1.5 mm at the sides, in twentieths of a point.
    for table in (facts_table(word), principles_table(word)):
        assert padding(table) == {"top": 57, "left": 85, "bottom": 57, "right": 85}
    # The lines to sign start at the margin, with a 7 mm gap between one and the next.
    assert padding(signature_table(word)) == {"top": 57, "left": 0, "bottom": 57, "right": 397}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_principles_table_fills_the_landscape_page_between_its_margins(language) -> None:
    word = read(sample_document(), language)
    table = principles_table(word)
    landscape = next(s for s in word.sections if s.page_width > s.page_height)
    usable = landscape.page_width - landscape.left_margin - landscape.right_margin
    widths = [column.width for column in table.columns]
    assert abs(sum(widths) - usable) < Mm(1)  # (widths are kept in twentieths of a point)
    assert round(landscape.left_margin.mm) == 14  # as the PDF's table pages
    # The first column, the principles, is wider than each level's.
    assert widths[0] > widths[1] and len(set(widths[1:])) == 1


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
    # The role's name keeps with the lines under it.
    for role, _lines in roles_and_lines(signature_table(read(sample_document(status="draft")))):
        assert role.cells[0].paragraphs[0].paragraph_format.keep_with_next


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_names_and_dates_are_never_hyphenated(language) -> None:
    word = read(sample_document(status="draft"), language)

    def unhyphenated(element) -> bool:
        return element.find(f"{qn('w:pPr')}/{qn('w:suppressAutoHyphens')}") is not None

    for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
        assert unhyphenated(word.styles[name].element), name
    for cell in facts_table(word).rows[0].cells:
        assert all(unhyphenated(p._p) for p in cell.paragraphs)
    for role, _lines in roles_and_lines(signature_table(word)):
        assert unhyphenated(role.cells[0].paragraphs[0]._p)
    assert not unhyphenated(word.styles["Normal"].element)


def test_automatic_hyphenation_sits_where_word_expects_it_in_the_settings() -> None:
    settings = read(sample_document()).settings.element
    tags = [child.tag for child in settings]
    # The schema's order: the default tab stop, then automatic hyphenation.
    assert tags.index(qn("w:autoHyphenation")) == tags.index(qn("w:defaultTabStop")) + 1


# --- signatures ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_a_draft_has_a_row_to_sign_by_hand_for_each_required_role(status) -> None:
    word = read(sample_document(status=status))
    pairs = roles_and_lines(signature_table(word))
    roles = [role.cells[0].paragraphs[0].text for role, _lines in pairs]
    assert roles == ["Leder", "Tillidsrepræsentant (TR)", "Arbejdsmiljørepræsentant (AMR)"]
    for role, row in pairs:
        assert len({id(cell._tc) for cell in role.cells}) == 1  # the name across the row
        assert row.height >= Mm(20)  # room to sign in above the line
        lines = [cell.paragraphs[0] for cell in row.cells]
        for line in lines:
            assert line.text == ""
            assert line._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
        captions = [cell.paragraphs[1].text for cell in row.cells]
        assert captions == ["Underskrift", "Navn med blokbogstaver", "Dato"]
    assert signed_sentences(word) == []
    intro = "Underskrives i hånden for hver rolle, der ikke har skrevet under i Vogter:"
    assert intro in [p.text for p in word.paragraphs]


def test_an_english_draft_captions_its_lines_in_english() -> None:
    role, row = roles_and_lines(signature_table(read(sample_document(status="draft"), "en")))[0]
    assert role.cells[0].paragraphs[0].text == "Manager"
    assert [c.paragraphs[1].text for c in row.cells] == [
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
    ((role, _lines),) = roles_and_lines(signature_table(word))
    assert "(AMR)" in role.cells[0].text


def test_the_signatures_are_on_the_cover_before_the_principles_as_in_the_pdf() -> None:
    word = read(sample_document())
    body = list(word.element.body.iterchildren())
    heading = next(p for p in word.paragraphs if p.text == "Underskrifter")
    breaks = [
        i
        for i, child in enumerate(body)
        if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    # Everything before the first section break is the portrait cover.
    assert body.index(heading._p) < breaks[0]
    assert body.index(signature_table(word)._tbl) < breaks[0]


def test_a_superseded_version_offers_no_lines_to_sign() -> None:
    doc = sample_document(status="superseded")
    word = read(doc)
    assert signature_tables(word) == []
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


@pytest.mark.parametrize("status", ["draft", "proposed", "superseded"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_watermark_is_faint_and_fits_across_a_portrait_page(status, language) -> None:
    word = read(sample_document(status=status), language)
    xml = word.sections[0].header._element.xml
    style = re.search(r'<v:shape [^>]*style="([^"]*)"', xml)[1]
    found = dict(re.findall(r"([a-z-]+):([^;]+)", style.replace("\n", "")))
    width, height = (float(found[key].removesuffix("pt")) for key in ("width", "height"))
    turn = math.radians(360 - int(found["rotation"]))
    assert turn == math.radians(30)  # as the PDF's mark
    across = width * math.cos(turn) + height * math.sin(turn)
    assert across <= Mm(210 - 2 * 18).pt
    assert float(re.search(r'<v:fill opacity="([.0-9]+)"', xml)[1]) <= 0.2


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
    assert cover_facts(word)["Status"] == status


def test_a_superseded_version_without_its_successor_still_says_it_is_superseded() -> None:
    word = read(sample_document(status="superseded"))
    assert header_text(word) == "Afløst \N{EN DASH} gælder ikke længere"


# --- footer -------------------------------------------------------------------------


def footer(word: Document) -> str:
    return word.sections[0].footer.paragraphs[0].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_number_sits_at_the_right_margin_of_portrait_and_landscape_pages(
    language,
) -> None:
    word = read(sample_document(), language)
    # The template's fixed tab stops are gone from the style ...
    assert len(word.styles["Footer"].paragraph_format.tab_stops) == 0
    orientations = set()
    for section in word.sections:
        assert not section.footer.is_linked_to_previous
        paragraph = section.footer.paragraphs[0]
        (stop,) = paragraph.paragraph_format.tab_stops
        # ... and each section's footer has its own, at its right margin.
        usable = section.page_width - section.left_margin - section.right_margin
        assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT
        assert abs(stop.position - usable) < Mm(0.1)
        assert "\t" in paragraph.text
        orientations.add(section.page_width > section.page_height)
    assert orientations == {True, False}


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


def test_a_charter_with_the_longest_names_allowed_still_exports_as_docx() -> None:
    """Title, unit and organisation may each be 200 characters; Word's title property
    holds 255, so the document's title is shortened there, never an error."""
    doc = sample_document(1)
    doc["organisation"] = "O" * 200
    doc["unit"] = "U" * 200
    doc["title"] = {"da": "T" * 200, "en": "T" * 200}
    word = read(doc)
    title = word.core_properties.title
    assert len(title) <= 255 and title.startswith("T" * 200) and title.endswith("…")
