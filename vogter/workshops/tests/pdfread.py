"""QR codes read back off a printed document's page, for the tests: the page rendered as a
camera sees it, the modules sampled, and qrdecode.py beside this (not segno, which drew them)
decodes them. Text, tags and broken words: vogter/lib/tests/pdfcheck.py."""

import io
import shutil
import subprocess

import pikepdf
from PIL import Image


def linked_qr_modules(pdf: bytes, url: str, dpi: int = 300) -> list[list[bool]]:
    """The modules of the QR code that links to `url`, read from its page as rendered by
    poppler's pdftoppm, as a phone's camera would see it, not from how it was drawn.

    The code is found by its link (the largest link to `url`, where the address printed
    beside it may be a link too): the link's rectangle holds the code and its quiet zone,
    which must be clear, as a camera needs it. A module's size is the top-left finder
    pattern's width over seven."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        _, number, (left, low, right, high), page_height = max(
            (
                (float(a.Rect[2] - a.Rect[0]) * float(a.Rect[3] - a.Rect[1])),
                number,
                [float(v) for v in a.Rect],
                float(page.MediaBox[3]),
            )
            for number, page in enumerate(doc.pages, start=1)
            for a in page.get("/Annots", [])
            if str(a.get("/A", {}).get("/URI", "")) == url
        )
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm (poppler-utils) is needed"
    scale = dpi / 72
    crop = {
        "-x": left * scale,
        "-y": (page_height - high) * scale,
        "-W": (right - left) * scale,
        "-H": (high - low) * scale,
    }
    png = subprocess.run(  # noqa: S603 - a fixed tool on bytes we made
        [
            tool,
            *("-f", str(number), "-l", str(number), "-r", str(dpi), "-gray", "-png"),
            *(arg for key, value in crop.items() for arg in (key, str(round(value)))),
            "-",
        ],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = image.point(lambda v: 255 if v < 128 else 0)
    x0, y0, x1, _ = dark.getbbox() or (0, 0, 0, 0)
    first_row = [dark.getpixel((x, y0)) for x in range(x0, x1)]
    finder = first_row.index(0) if 0 in first_row else len(first_row)
    module = finder / 7
    size = round((x1 - x0) / module)
    return [
        [
            dark.getpixel((x0 + int((col + 0.5) * module), y0 + int((row + 0.5) * module))) > 0
            for col in range(size)
        ]
        for row in range(size)
    ]
