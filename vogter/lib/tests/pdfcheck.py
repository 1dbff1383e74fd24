"""Reading a PDF back the way a reader and a screen reader meet it, for the tests of
every printed document: is it tagged (PDF/UA), and did any word break mid-word without
a hyphen?

    from vogter.lib.tests.pdfcheck import accessibility, broken_words, page_texts

`broken_words` needs poppler's pdftotext (Debian's poppler-utils; `.ci/run` installs it).
"""

import io
import itertools
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

import pikepdf

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass
class Tags:
    lang: str
    title: str
    marked: bool
    display_title: bool
    kinds: set[str] = field(default_factory=set)  # structure element types: H1, Table, TH, …
    figures_without_alt: int = 0
    figures: int = 0
    alts: list[str] = field(default_factory=list)  # the figures' alternative texts
    langs: set[str] = field(default_factory=set)  # languages marked on parts of the text


def accessibility(pdf: bytes) -> Tags:
    """What the document tells assistive technology: language, title, structure."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        prefs = root.get("/ViewerPreferences", {})
        tags = Tags(
            lang=str(root.get("/Lang", "")),
            title=str(doc.open_metadata().get("dc:title", "")),
            marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            display_title=bool(prefs.get("/DisplayDocTitle", False)),
        )
        tree = root.get("/StructTreeRoot")
        stack = [tree] if tree is not None else []
        seen = 0
        while stack and seen < 100_000:
            seen += 1
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if "/Lang" in node:
                tags.langs.add(str(node.get("/Lang")))
            kind = node.get("/S")
            if kind is not None:
                tags.kinds.add(str(kind).lstrip("/"))
                if str(kind) == "/Figure":
                    tags.figures += 1
                    tags.alts.append(str(node.get("/Alt", "")))
                    if not str(node.get("/Alt", "")).strip():
                        tags.figures_without_alt += 1
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
        return tags


def page_texts(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page as pdftotext reads it (raw order: the order it was set in)."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed"
    mode = "-layout" if layout else "-raw"
    out = subprocess.run(  # noqa: S603
        [tool, mode, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def words_past_the_edge(pdf: bytes, margin: float = 8.0) -> list[str]:
    """Every word set (partly) outside its page or within `margin` points of the paper's
    edge, where a printer cuts it off: what a long unbroken string (an address, a pasted
    link) does when nothing lets it break."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed"
    out = subprocess.run(  # noqa: S603
        [tool, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    found = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', out, re.S):
        width = float(page.group(1))
        for word in re.finditer(
            r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"[^>]*>([^<]*)<', page.group(2)
        ):
            if float(word.group(1)) < margin or float(word.group(2)) > width - margin:
                found.append(word.group(3)[:40])
    return found


def pages_inked_at_the_edge(pdf: bytes, edge_mm: float = 4.0) -> list[int]:
    """The pages (from 1) with anything printed within `edge_mm` of the paper's left or
    right edge, where a printer cannot print and a reader's eye expects a margin: a
    watermark or a line that runs off the page. Renders with poppler's pdftoppm."""
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm (poppler-utils) is needed"
    dpi = 30
    found = []
    pages = len(page_texts(pdf))
    for number in range(1, pages + 1):
        pgm = subprocess.run(  # noqa: S603
            [tool, "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number), "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        # pdftoppm -gray writes a binary PGM: "P5\n<width> <height>\n255\n" and the pixels.
        header = pgm.split(b"\n", 3)
        width, height = (int(v) for v in header[1].split())
        pixels = header[3]
        band = max(1, round(edge_mm / 25.4 * dpi))
        for row in range(height):
            line = pixels[row * width : (row + 1) * width]
            if min(line[:band]) < 245 or min(line[-band:]) < 245:
                found.append(number)
                break
    return found


def words_of(texts: Iterable[str]) -> set[str]:
    """The words of what went into a document (the source of truth for line breaks)."""
    return {w for text in texts for w in WORD.findall(text)}


def broken_words(pdf: bytes, source: Iterable[str]) -> list[str]:
    """Every place a word of `source` was broken across two lines with no hyphen
    ("kommun|ikationspolitik"): a line that ends with the start of a source word and a
    next line that begins with its rest. A break at a hyphen ("kommunikations-|politik")
    or between words is fine."""
    words = {w for w in words_of(source) if len(w) >= 4}
    found = []
    for page in page_texts(pdf):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for before, after in itertools.pairwise(lines):
            if before.endswith(("-", "\N{SOFT HYPHEN}", "\N{HYPHEN}")):
                continue
            head = WORD.findall(before)
            tail = WORD.findall(after)
            if not head or not tail or not before.endswith(head[-1]):
                continue
            if not after.startswith(tail[0]):
                continue
            joined = head[-1] + tail[0]
            if joined in words and head[-1] not in words:
                found.append(f"{head[-1]}|{tail[0]}")
    return found
