"""Just enough PDF reading for the tests: page count, text strings, and QR codes' modules,
from the form XObjects vogter/lib/pdf.py draws them in (reportlab documents) or from the
page as a reader sees it (`linked_qr_modules`, for Typst documents)."""

import base64
import io
import re
import shutil
import subprocess
import zlib

import pikepdf
from PIL import Image

_STREAM = re.compile(rb"\d+ 0 obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n", re.S)


def streams(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """Every stream as (its dictionary, its decoded content)."""
    found = []
    for match in _STREAM.finditer(pdf):
        head = match.group(1)
        length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
        body = pdf[match.end() : match.end() + length]
        if b"/ASCII85Decode" in head:
            body = base64.a85decode(re.sub(rb"\s", b"", body).removesuffix(b"~>"))
        if b"/FlateDecode" in head:
            body = zlib.decompress(body)
        found.append((head, body))
    return found


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def qr_modules(pdf: bytes) -> list[list[bool]]:
    """The dark modules of the form XObject that holds the QR code (one unit a module)."""
    codes = all_qr_modules(pdf)
    assert len(codes) == 1, "expected exactly one form XObject: the QR code"
    return codes[0]


def all_qr_modules(pdf: bytes) -> list[list[list[bool]]]:
    """The modules of every QR code drawn as a form XObject (vogter/lib/pdf.py's
    `draw_qr`), in the order they are stored."""
    codes = []
    for head, body in streams(pdf):
        if b"/Subtype /Form" not in head:
            continue
        size = int(re.search(rb"/BBox \[ 0 0 (\d+) (\d+) \]", head).group(1))  # type: ignore[union-attr]
        matrix = [[False] * size for _ in range(size)]
        for x, y, w, h in re.findall(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re", body):
            x0, y0, width, height = (round(float(v)) for v in (x, y, w, h))
            for row in range(size - y0 - height, size - y0):
                for col in range(x0, x0 + width):
                    matrix[row][col] = True
        codes.append(matrix)
    return codes


def linked_qr_modules(pdf: bytes, url: str, dpi: int = 300) -> list[list[bool]]:
    """The modules of the QR code that links to `url`, read from the first page rendered
    by poppler's pdftoppm as a phone's camera would see it, not from how it was drawn.

    The code is found by its link: the link's rectangle holds the code and its quiet
    zone only. A module's size is the top-left finder pattern's width over seven."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        left, low, right, high = next(
            [float(v) for v in a.Rect]
            for a in page.get("/Annots", [])
            if str(a.get("/A", {}).get("/URI", "")) == url
        )
        page_height = float(page.MediaBox[3])
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
            *("-f", "1", "-l", "1", "-r", str(dpi), "-gray", "-png"),
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
