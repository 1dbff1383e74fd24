"""The charter PDF as a reader, a printer and a screen reader meet it: tagged, hyphenated
rather than broken mid-word, rows that move whole or say what they continue, a mark on
every version that is not the charter in force, and lines to sign on."""

import io
import re
from typing import Any

import pikepdf
import pytest

from conftest import World
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.exporters import CHARTER_EXPORTS
from vogter.charters.models import Charter
from vogter.charters.tests import test_api
from vogter.charters.tests.sample import sample_document
from vogter.charters.tests.test_api import _adopt_through_actions
from vogter.lib.tests.pdfcheck import (
    accessibility,
    broken_words,
    page_texts,
    pages_inked_at_the_edge,
    words_past_the_edge,
)

LANGUAGES = ("da", "en")
# The charter API tests' fixtures: a workshop's charter, and Maja who manages its unit.
charter, clients, maja, principled_workshop = (
    test_api.charter,
    test_api.clients,
    test_api.maja,
    test_api.principled_workshop,
)
# Words that broke mid-word in the narrow level columns before the PDF hyphenated.
COMPOUNDS = (
    "Kommunikationsmedarbejderne følger kommunikationspolitikken og "
    "Digitaliseringsstyrelsens vejledning om Journalføringsbekendtgørelsen, "
    "informationssikkerhedspolitikken og arbejdsmiljølovgivningen."
)


def pdf(doc: dict[str, Any], language: str) -> bytes:
    _name, _type, data = CHARTER_EXPORTS.export(doc, "pdf", language)  # type: ignore[arg-type]
    return data


def with_compounds(principles: int = 9) -> dict[str, Any]:
    doc: dict[str, Any] = sample_document(principles)
    for principle in doc["principles"]:
        for cell in principle["cells"].values():
            if cell and cell["text"]:
                cell["text"] = f"{cell['text']} {COMPOUNDS}"
    return doc


def all_text(doc: dict[str, Any]) -> list[str]:
    texts = [p["statement"]["da"] + " " + p["statement"]["en"] for p in doc["principles"]]
    texts += [c["text"] for p in doc["principles"] for c in p["cells"].values() if c]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_charter_pdf_is_tagged_with_its_language_title_headings_and_table_headers(
    language: str,
) -> None:
    tags = accessibility(pdf(sample_document(), language))
    assert tags.lang.startswith(language)
    assert tags.title.startswith("Principsæt" if language == "da" else "Charter")
    assert tags.marked and tags.display_title
    assert {"H1", "Table", "TH", "TD", "P"} <= tags.kinds


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_danish_words_in_narrow_columns_break_at_a_hyphen_never_mid_word(
    language: str,
) -> None:
    doc = with_compounds()
    assert broken_words(pdf(doc, language), all_text(doc)) == []


def test_the_read_back_check_finds_a_word_broken_without_a_hyphen() -> None:
    """The check above can fail: a line ending inside a word with no hyphen is found."""
    from vogter.lib.tests import pdfcheck

    lines = "Kommunikationsmedarbejde\nr følger kommun\nikationspolitikken\n"
    original = pdfcheck.page_texts
    pdfcheck.page_texts = lambda _pdf, **_kw: [lines]  # type: ignore[assignment]
    try:
        found = broken_words(b"", [COMPOUNDS, "Kommunikationsmedarbejder"])
    finally:
        pdfcheck.page_texts = original
    assert found == ["Kommunikationsmedarbejde|r", "kommun|ikationspolitikken"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_page_starts_with_a_principle_or_says_which_one_it_continues(
    language: str,
) -> None:
    doc = with_compounds(9)
    # One principle too tall for a row of its own: set as a block that crosses a page.
    doc["principles"][6]["cells"]["department"]["text"] = " ".join([COMPOUNDS] * 12)
    pages = page_texts(pdf(doc, language))
    header = "ST-princip" if language == "da" else "ST principle"
    continued = "(fortsat)" if language == "da" else "(continued)"
    table_pages = [p for p in pages if header in p]
    assert len(table_pages) >= 3
    said_continued = 0
    for page in table_pages:
        lines = [line for line in page.splitlines() if line.strip()]
        heads = [i for i, line in enumerate(lines) if line.startswith(header)]
        assert len(heads) == 1, "the header row repeats only at the top of a page"
        first_row = lines[heads[0] + 1]
        assert re.match(r"\d+\. ", first_row), first_row
        said_continued += continued in " ".join(lines[heads[0] + 1 : heads[0] + 4])
    assert said_continued >= 1


@pytest.mark.parametrize(
    ("status", "language", "mark"),
    [
        ("draft", "da", "KLADDE"),
        ("draft", "en", "DRAFT"),
        ("proposed", "da", "FORSLAG"),
        ("superseded", "da", "AFLØST"),
    ],
)
def test_a_version_not_in_force_carries_its_status_across_every_page(
    status: str, language: str, mark: str
) -> None:
    pages = page_texts(pdf(sample_document(3, status=status), language))
    assert all(mark in page for page in pages)


def test_an_adopted_charter_carries_no_mark() -> None:
    text = "".join(page_texts(pdf(sample_document(3), "da")))
    assert not {"KLADDE", "FORSLAG", "AFLØST"} & set(text.split())


def test_a_draft_has_a_line_to_sign_for_each_required_role() -> None:
    text = "".join(page_texts(pdf(sample_document(3, status="draft"), "da")))
    squashed = "".join(text.split())
    for role in ("Leder", "Tillidsrepræsentant(TR)", "Arbejdsmiljørepræsentant(AMR)"):
        assert f"{role}UnderskriftNavnmedblokbogstaverDato" in squashed


def test_a_superseded_version_prints_as_superseded_by_the_newer_one(
    world: World, maja: Any, charter: dict[str, Any]
) -> None:
    _adopt_through_actions(world, maja, charter["code"])
    the_charter = Charter.objects.get(code=charter["code"])
    adoption_actions.new_draft(world.fiona, the_charter)
    adoption_actions.propose(world.fiona, the_charter)
    signature_actions.sign(world.mads, the_charter, "union_rep")
    signature_actions.sign(maja, the_charter, "manager")
    adoption_actions.adopt(maja, the_charter)

    from vogter.charters.exporters import export_charter

    first = the_charter.versions.get(number=1)
    _name, _type, data = export_charter(world.fiona, the_charter, first, "pdf", "da")
    text = " ".join(" ".join(page_texts(data)).split())
    assert "Afløst af version 2. Denne version gælder ikke længere" in text
    assert re.search(r"Version Status Dato .*\b1 Afløst\b", text)
    assert "(vedtaget)" not in text
    assert "Version 1 (afløst)" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", "841.89 x 595.28"), ("a3", "1190.55 x 841.89")])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poster_puts_every_principle_on_one_landscape_page(
    paper: str, size: str, language: str
) -> None:
    doc = sample_document(12)
    _name, _type, data = CHARTER_EXPORTS.export(doc, f"poster-{paper}", language)
    pages = page_texts(data)
    assert len(pages) == 1
    text = "".join(pages[0].split()).replace("\N{SOFT HYPHEN}", "").replace("-", "")
    for principle in doc["principles"]:
        statement = principle["statement"][language] or principle["statement"]["da"]
        assert "".join(statement.split()).replace("-", "") in text
    tags = accessibility(data)
    assert tags.lang.startswith(language) and {"H1", "P"} <= tags.kinds
    assert tags.figures == 0  # no share link known: no QR code
    with pikepdf.open(io.BytesIO(data)) as opened:
        box = [round(float(v), 2) for v in opened.pages[0].mediabox]
    assert f"{box[2]} x {box[3]}" == size


# What people paste into a cell: a link to a policy, an address, a reference with no spaces.
UNBROKEN = (
    "https://www.digst.dk/digital-transformation/kunstig-intelligens/vejledning-om-"
    "generativ-ai-i-den-offentlige-sektor/ansvarlig-brug-af-sprogmodeller",
    "ref:" + "Ø" * 300,
)


@pytest.mark.parametrize("fmt", ["pdf", "poster-a4"])
def test_a_long_unbroken_string_is_broken_to_stay_on_the_page(fmt: str) -> None:
    doc: dict[str, Any] = sample_document(3)
    doc["title"] = {"da": UNBROKEN[0], "en": UNBROKEN[0]}
    for principle in doc["principles"]:
        principle["statement"]["da"] += " " + UNBROKEN[0]
        for cell in principle["cells"].values():
            if cell and cell["text"]:
                cell["text"] = f"{cell['text']} {UNBROKEN[0]} {UNBROKEN[1]}"
    _name, _type, data = CHARTER_EXPORTS.export(doc, fmt, "da")  # type: ignore[arg-type]
    assert words_past_the_edge(data) == []
    # Broken, not lost: the address still reads whole once the lines are joined.
    assert UNBROKEN[0] in "".join("".join(page_texts(data)).split()).replace(
        "\N{ZERO WIDTH SPACE}", ""
    )


@pytest.mark.parametrize("fmt", ["pdf", "poster-a4"])
def test_a_whole_organisation_charter_names_the_organisation_once_in_its_title(fmt: str) -> None:
    """The title a screen reader announces first: "Principsæt … · Sønderå Kommune", not
    the organisation twice over when the unit is the whole organisation."""
    doc: dict[str, Any] = sample_document(2)
    doc["unit"], doc["whole_organisation"] = "Hele kommunen", True
    _name, _type, data = CHARTER_EXPORTS.export(doc, fmt, "da")  # type: ignore[arg-type]
    assert accessibility(data).title == "Principsæt for brug af generativ AI · Sønderå Kommune"
    if fmt == "poster-a4":  # the poster's line under the title, as the footers
        assert "Hele kommunen" not in " ".join(page_texts(data))
    doc["unit"], doc["whole_organisation"] = "Kommunikation", False
    _name, _type, data = CHARTER_EXPORTS.export(doc, fmt, "da")  # type: ignore[arg-type]
    title = accessibility(data).title
    assert title == "Principsæt for brug af generativ AI · Kommunikation · Sønderå Kommune"


@pytest.mark.parametrize("status", ["draft", "proposed", "superseded"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mark_of_a_version_not_in_force_fits_on_the_paper(status: str, language: str) -> None:
    """ "SUPERSEDED" is longer than "KLADDE": the mark is made smaller to fit, never cut
    off at the paper's edges, on the cover, the landscape table pages and the poster."""
    doc = sample_document(3, status=status)
    assert pages_inked_at_the_edge(pdf(doc, language)) == []  # type: ignore[arg-type]
    _name, _type, poster = CHARTER_EXPORTS.export(doc, "poster-a4", language)
    assert pages_inked_at_the_edge(poster) == []


@pytest.mark.parametrize("fmt", ["pdf", "poster-a4"])
@pytest.mark.parametrize(
    ("language", "sentence"), [("da", "Ingen principper endnu."), ("en", "No principles yet.")]
)
def test_a_charter_without_principles_says_so_rather_than_print_an_empty_table(
    fmt: str, language: str, sentence: str
) -> None:
    doc = sample_document(1, status="draft")
    doc["principles"] = []
    _name, _type, data = CHARTER_EXPORTS.export(doc, fmt, language)
    assert sentence in " ".join(" ".join(page_texts(data)).split())


@pytest.mark.parametrize(("principles", "extra"), [(30, 15), (12, 75)])
def test_the_poster_stays_one_page_when_the_principles_say_much_for_the_individual(
    principles: int, extra: int
) -> None:
    """Too much for one page even in the smallest type: the cards keep the principles
    and leave what each means for the individual to the whole charter."""
    doc = sample_document(principles)
    for principle in doc["principles"]:
        cell = principle["cells"]["individual"]
        if cell:
            cell["text"] += " Vi gør det hver dag." * extra
    _name, _type, data = CHARTER_EXPORTS.export(doc, "poster-a4", "da")
    pages = page_texts(data)
    assert len(pages) == 1
    text = "".join(pages[0].split()).replace("\N{SOFT HYPHEN}", "").replace("-", "")
    for principle in doc["principles"]:
        statement = principle["statement"]["da"] or principle["statement"]["en"]
        assert "".join(statement.split()).replace("-", "") in text


# What people type and paste that the house font has no glyph for: an emoji from a phone,
# a colleague's name in Chinese, a vertical tab and an escape pasted from Word.
# And a musical clef and a hieroglyph, which no rule knows: Typst finds them, and they
# print as U+FFFD.
UNPRINTABLE = "AI 🤖 hjælper 👍🏽 王芳 før\x0befter\x1b 𝄞 \U00013000 slut"


@pytest.mark.parametrize("fmt", ["pdf", "poster-a4", "docx"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_text_the_font_cannot_show_never_stops_the_charter_from_printing(
    fmt: str, language: str
) -> None:
    doc = sample_document(2)
    doc["title"] = {"da": UNPRINTABLE, "en": UNPRINTABLE}
    doc["signatures"][0]["name"] = "王芳"
    for principle in doc["principles"]:
        principle["statement"]["da"] = principle["statement"]["en"] = UNPRINTABLE
        for cell in principle["cells"].values():
            if cell and cell["text"]:
                cell["text"] = UNPRINTABLE
    _name, _type, data = CHARTER_EXPORTS.export(doc, fmt, language)  # type: ignore[arg-type]
    if fmt != "docx":
        text = " ".join(" ".join(page_texts(data)).split())
        assert "AI hjælper" in text and "slut" in text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Jeg tager selv ansvar for trivsel og arbejdstempo i mit daglige arbejde.", "da"),
        ("We check the sources before we share a result with the team.", "en"),
        ("Trivsel", "en"),  # one word: cannot tell, so the export's language
    ],
)
def test_a_cell_is_hyphenated_in_the_language_it_is_written_in(text: str, language: str) -> None:
    from vogter.charters.exporters.common import written_in

    assert written_in(text, "en") == language


def test_danish_cells_in_the_english_charter_are_marked_danish() -> None:
    """So they hyphenate by Danish rules (English ones break "arbe-jdstempo") and a
    screen reader reads them in Danish."""
    doc = with_compounds(3)
    data = pdf(doc, "en")
    assert "da-DK" in accessibility(data).langs
    assert "da-GB" not in accessibility(data).langs
    assert broken_words(data, all_text(doc)) == []


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_the_poster_breaks_long_words_at_a_hyphen_never_mid_word(paper: str) -> None:
    doc = with_compounds(12)
    for principle in doc["principles"]:
        principle["statement"]["da"] += " i Digitaliseringsstyrelsens kommunikationspolitik"
    _name, _type, data = CHARTER_EXPORTS.export(doc, f"poster-{paper}", "da")  # type: ignore[arg-type]
    assert len(page_texts(data)) == 1
    assert broken_words(data, all_text(doc)) == []
