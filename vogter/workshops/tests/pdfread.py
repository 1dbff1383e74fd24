"""Just enough PDF reading for the tests, without a PDF library: page count, text
strings, and QR codes' modules from the form XObjects vogter/lib/pdf.py draws them in."""

import base64
import re
import zlib

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
