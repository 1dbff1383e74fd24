"""The printable Step-1 worksheet: a real A4 PDF with the kit's texts, the join code and a
QR code that decodes to the join link."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.workshops.models import Workshop
from vogter.workshops.tests.paperkit import api, page
from vogter.workshops.tests.pdfread import page_count, qr_modules, streams
from vogter.workshops.tests.qrdecode import decode

pytestmark = pytest.mark.django_db


def _pdf(client: Client, workshop: Workshop, query: str = "") -> bytes:
    response = client.get(page(workshop, "paper.pdf") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_worksheet_is_a_two_page_a4_pdf(fiona_client: Client, workshop: Workshop) -> None:
    response = fiona_client.get(page(workshop, "paper.pdf"))
    assert response["Content-Disposition"] == (
        'inline; filename="ai-i-kommunikationen-2026-11-27-da.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 2
    assert pdf.count(b"/MediaBox [ 0 0 595.2756 841.8898 ]") == 2  # A4 in points


def test_the_qr_code_decodes_to_the_join_link(fiona_client: Client, workshop: Workshop) -> None:
    """Read the modules out of the PDF and decode them with our own reader (qrdecode.py),
    not with segno, which drew them."""
    pdf = _pdf(fiona_client, workshop)
    link = f"http://testserver/j/{workshop.join_code}/"
    assert decode(qr_modules(pdf)) == link
    assert f"/URI ({link})".encode() in pdf  # and the box is a link on screen


def test_the_qr_code_is_the_one_segno_makes_for_the_link(
    fiona_client: Client, workshop: Workshop
) -> None:
    link = f"http://testserver/j/{workshop.join_code}/"
    expected = [[bool(v) for v in row] for row in segno.make(link, error="m", micro=False).matrix]
    assert qr_modules(_pdf(fiona_client, workshop)) == expected


def _content(pdf: bytes) -> bytes:
    """The pages' drawing operators (ASCII text is drawn as it is)."""
    return b"".join(body for head, body in streams(pdf) if b"/Length1" not in head)


def test_the_worksheet_shows_the_join_code_and_the_workshop(
    fiona_client: Client, workshop: Workshop
) -> None:
    content = _content(_pdf(fiona_client, workshop))
    code = workshop.join_code.encode()
    assert b"(" + code + b") Tj" in content  # big, under the QR code
    assert f"testserver/j/{workshop.join_code}/".encode() in content
    assert b"AI i kommunikationen" in content
    assert b"27. november 2026" in content  # the date, the Danish way


def test_the_fonts_are_embedded_and_carry_danish_letters(
    fiona_client: Client, workshop: Workshop
) -> None:
    pdf = _pdf(fiona_client, workshop)
    assert pdf.count(b"/FontFile2") == 2  # regular and bold, both embedded
    assert b"/BaseFont /Helvetica" not in pdf  # no font left to the reader's machine
    cmaps = b"".join(body for head, body in streams(pdf) if b"begincmap" in body)
    for letter in "æøå":
        assert f"<{ord(letter):04X}>".encode() in cmaps, letter


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(
    ("lang", "title", "question", "anonymous"),
    [
        (
            "da",
            "Etabler jeres socio-tekniske principper",
            "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
            None,
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
    tmp_path: Path,
    lang: str,
    title: str,
    question: str,
    anonymous: str | None,
) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(_pdf(fiona_client, workshop, f"?lang={lang}"))
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        ["pdftotext", "-layout", str(target), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert title in flat
    assert question in flat
    assert "Profession" in flat
    if anonymous:
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
    assert decode(qr_modules(response.content)) == f"http://testserver/j/{workshop.join_code}/"
    outsider = api_client_for(world.olga).get(api(workshop, "paper.pdf"))
    assert outsider.status_code == 404
