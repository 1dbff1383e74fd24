"""The printable Step-1 worksheet: a tagged A4 PDF with the kit's texts in the kit's order,
boxes to write in as large as the kit asks, the join code and a QR code that decodes to
the join link."""

import io
import re
import shutil
import subprocess
from collections.abc import Callable

import pikepdf
import pytest
import segno
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.lib.tests.pdfcheck import accessibility, broken_words, page_texts
from vogter.workshops.kit import FIELDS, STEP_1_TITLE
from vogter.workshops.models import Workshop
from vogter.workshops.tests.paperkit import api, page
from vogter.workshops.tests.pdfread import linked_qr_modules
from vogter.workshops.tests.qrdecode import decode

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]

LONG_WORDS = (
    "Digitaliseringsstyrelsens Journalføringsbekendtgørelsen Kommunikationsmedarbejderne "
    "Arbejdsmiljørepræsentanterne"
)


def _pdf(client: Client, workshop: Workshop, query: str = "") -> bytes:
    response = client.get(page(workshop, "paper.pdf") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _link(workshop: Workshop) -> str:
    return f"http://testserver/j/{workshop.join_code}/"


def _flat(pdf: bytes) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


def test_the_worksheet_is_a_two_page_a4_pdf(fiona_client: Client, workshop: Workshop) -> None:
    response = fiona_client.get(page(workshop, "paper.pdf"))
    assert response["Content-Disposition"] == (
        'inline; filename="ai-i-kommunikationen-2026-11-27-da.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        sizes = [[round(float(v)) for v in p.MediaBox] for p in doc.pages]
    assert sizes == [[0, 0, 595, 842]] * 2  # A4 in points: one sheet, both sides


def test_the_qr_code_decodes_to_the_join_link(fiona_client: Client, workshop: Workshop) -> None:
    """Render the page with poppler, read the modules off the picture and decode them with
    our own reader (qrdecode.py), not with segno, which drew them. The code is a link to
    the same address on screen."""
    pdf = _pdf(fiona_client, workshop)
    assert decode(linked_qr_modules(pdf, _link(workshop))) == _link(workshop)


def test_the_qr_code_is_the_one_segno_makes_for_the_link(
    fiona_client: Client, workshop: Workshop
) -> None:
    link = _link(workshop)
    expected = [[bool(v) for v in row] for row in segno.make(link, error="m", micro=False).matrix]
    assert linked_qr_modules(_pdf(fiona_client, workshop), link) == expected


@pytest.mark.parametrize(
    ("lang", "alt", "date"),
    [
        ("da", "QR-kode til at deltage: {link}", "27. november 2026"),
        ("en", "QR code to join: {link}", "27 November 2026"),
    ],
)
def test_the_worksheet_is_a_tagged_pdf_in_its_language(
    fiona_client: Client, workshop: Workshop, lang: str, alt: str, date: str
) -> None:
    pdf = _pdf(fiona_client, workshop, f"?lang={lang}")
    tags = accessibility(pdf)
    assert tags.lang.split("-")[0] == lang
    assert tags.title == f"{STEP_1_TITLE[lang]} · AI i kommunikationen"
    assert tags.marked and tags.display_title
    assert {"H1", "H2", "Figure", "Link"} <= tags.kinds
    assert tags.alts == [alt.format(link=_link(workshop))]
    # The address is printed under the code for those who type it in, the date the way
    # the language writes it.
    text = _flat(pdf)
    assert f"testserver/j/{workshop.join_code}/" in text
    assert date in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}|UTC", text)


def test_the_worksheet_shows_the_join_code_and_the_workshop(
    fiona_client: Client, workshop: Workshop
) -> None:
    first, second = page_texts(_pdf(fiona_client, workshop))
    assert re.search(rf"^{workshop.join_code}$", first, re.M)  # big, under the QR code
    assert "AI i kommunikationen" in first
    # A loose back page still says which workshop it belongs to.
    assert f"Deltagerkode: {workshop.join_code}" in second
    assert "AI i kommunikationen" in second


@pytest.mark.parametrize("lang", ["da", "en"])
def test_long_danish_words_break_only_at_a_hyphen(
    fiona_client: Client, workshop: Workshop, lang: str
) -> None:
    workshop.title = LONG_WORDS
    workshop.save()
    pdf = _pdf(fiona_client, workshop, f"?lang={lang}")
    sources = [LONG_WORDS, STEP_1_TITLE[lang], *(f.label(lang) for f in FIELDS)]
    assert broken_words(pdf, sources) == []
    # They were long enough to need breaking, and broke at a hyphen.
    starts = tuple(w[:i] for w in LONG_WORDS.split() for i in range(4, len(w)))
    lines = page_texts(pdf)[0].splitlines()
    assert any(
        line.endswith(("\N{SOFT HYPHEN}", "-")) and line[:-1].endswith(starts) for line in lines
    )


def test_the_fonts_are_embedded_and_carry_danish_letters(
    fiona_client: Client, workshop: Workshop
) -> None:
    pdf = _pdf(fiona_client, workshop)
    fonts = (
        subprocess.run(
            ["pdffonts", "-"],  # noqa: S607 - poppler's, as pdftotext
            input=pdf,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .splitlines()[2:]
    )
    # name, type, encoding, embedded, subset, unicode, object, generation
    assert fonts and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in fonts), fonts
    text = _flat(pdf)
    for letter in "æøå":
        assert letter in text, letter  # and a reader copies them out as letters


def test_the_short_fields_get_the_lines_the_kit_gives_them(
    fiona_client: Client, workshop: Workshop
) -> None:
    """Profession one writing line, the AI use-case three, each question more than both:
    read back as the distance from one field's heading to the next on the back page."""
    pdf = _pdf(fiona_client, workshop, "?lang=en")
    words = _words(pdf, page=2)
    q4 = _top(words, "4", below=0)
    profession = _top(words, "Profession", below=q4)
    use_case = _top(words, "AI", below=profession)
    q5 = _top(words, "5", below=use_case)
    line = 8.5 / 25.4 * 72  # a writing line, in points
    room = {
        "q4": profession - q4,
        "profession": use_case - profession,
        "use_case": q5 - use_case,
    }
    # Two lines more for the use-case (give or take the question's taller heading).
    assert room["use_case"] - room["profession"] == pytest.approx(2 * line, abs=line / 2)
    assert room["q4"] > room["use_case"] + 2 * line


def _top(words: list[tuple[float, str]], word: str, below: float) -> float:
    """Where `word` first appears below `below`, from the top of the page, in points."""
    return next(y for y, w in words if w == word and y > below)


def _words(pdf: bytes, page: int) -> list[tuple[float, str]]:
    """The words on `page` with their tops, in points from the top of the page."""
    out = subprocess.run(  # noqa: S603 - a fixed tool on bytes we made
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [(float(y), word) for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', out)]


@pytest.mark.parametrize(
    ("lang", "title", "question", "anonymous"),
    [
        (
            "da",
            "Etabler jeres socio-tekniske principper",
            "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
            "Dine svar er anonyme",
        ),
        (
            "en",
            "Establish your socio-technical principles",
            "Which fundamental values are important to keep in the work?",
            "Your answers are anonymous",
        ),
    ],
)
def test_the_kit_texts_are_verbatim_in_either_language(
    fiona_client: Client,
    workshop: Workshop,
    lang: str,
    title: str,
    question: str,
    anonymous: str,
) -> None:
    flat = _flat(_pdf(fiona_client, workshop, f"?lang={lang}"))
    assert title in flat
    assert question in flat
    assert "Profession" in flat
    assert anonymous in flat


def test_the_language_defaults_to_the_workshops(fiona_client: Client, workshop: Workshop) -> None:
    response = fiona_client.get(page(workshop, "paper.pdf?lang=en"))
    assert response["Content-Disposition"].endswith('-en.pdf"')
    response = fiona_client.get(page(workshop, "paper.pdf?lang=xx"))
    assert response["Content-Disposition"].endswith('-da.pdf"')


def test_a_member_who_does_not_facilitate_gets_403(mads_client: Client, workshop: Workshop) -> None:
    assert mads_client.get(page(workshop, "paper.pdf")).status_code == 403


def test_outsider_gets_404(olga_client: Client, workshop: Workshop) -> None:
    assert olga_client.get(page(workshop, "paper.pdf")).status_code == 404


def test_api_serves_the_worksheet(
    api_client_for: Callable[[User], Client], world: World, workshop: Workshop
) -> None:
    response = api_client_for(world.fiona).get(api(workshop, "paper.pdf?lang=en"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert decode(linked_qr_modules(response.content, _link(workshop))) == _link(workshop)
    outsider = api_client_for(world.olga).get(api(workshop, "paper.pdf"))
    assert outsider.status_code == 404
