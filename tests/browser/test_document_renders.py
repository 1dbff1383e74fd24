"""Renders of the printed documents as pictures, for people to look at: each PDF set
from sample data and turned into PNG pages with poppler's pdftoppm.

Kept in docs/screenshots/ beside the pages' screenshots, and in test-results/screenshots/
as a CI artefact. Behind the browser marker with the screenshots (they rewrite docs/);
the documents' own tests (tags, hyphenation, rows) run in the default suite.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.test_screenshots import FOLDERS
from vogter.charters.exporters import CHARTER_EXPORTS
from vogter.charters.tests.sample import sample_document

pytestmark = pytest.mark.browser


def _render(pdf: bytes, pages: dict[int, str], dpi: int = 70) -> None:
    """Page number -> name: each page as docs/screenshots/<name>.png."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "document.pdf"
        source.write_bytes(pdf)
        for number, name in pages.items():
            out = Path(work) / name
            subprocess.run(  # noqa: S603 - poppler on a file we wrote
                [  # noqa: S607
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(dpi),
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(source),
                    str(out),
                ],
                check=True,
            )
            for folder in FOLDERS:
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(out.with_suffix(".png"), folder / f"{name}.png")


def test_renders_of_the_charter_and_its_posters() -> None:
    doc = sample_document()
    _name, _type, da = CHARTER_EXPORTS.export(doc, "pdf", "da")
    _render(da, {1: "charter-pdf-da-1", 2: "charter-pdf-da-table", 5: "charter-pdf-da-signatures"})
    _name, _type, en = CHARTER_EXPORTS.export(doc, "pdf", "en")
    _render(en, {2: "charter-pdf-en-table"})
    draft = sample_document(9, status="draft")
    _name, _type, poster = CHARTER_EXPORTS.export(draft, "poster-a4", "da")
    _render(poster, {1: "charter-poster-a4-da-draft"})
    _name, _type, poster = CHARTER_EXPORTS.export(doc, "poster-a3", "en")
    _render(poster, {1: "charter-poster-a3-en"}, dpi=50)


def test_renders_of_the_charter_docx_as_libreoffice_sets_it() -> None:
    """The DOCX as LibreOffice lays it out. LibreOffice is not in CI's image, so these
    are redrawn where it is installed (with `hyphen-da` for Danish hyphenation) and
    kept as they are elsewhere."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _name, _type, word = CHARTER_EXPORTS.export(sample_document(), "docx", "da")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "charter.docx"
        source.write_bytes(word)
        subprocess.run(  # noqa: S603 - LibreOffice on a file we wrote
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",  # not the user's profile
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        pdf = source.with_suffix(".pdf").read_bytes()
    _render(pdf, {1: "charter-docx-da-1", 2: "charter-docx-da-table"})
