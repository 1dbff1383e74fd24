"""Charter exports, one module per format, each a pure function of the document.

Every exporter is `render(doc: CharterDoc, language: str) -> bytes` over the plain
document of vogter/charters/document.py, so it needs no database: the views, the API
and the command pick a version's document and hand it here. Adding a format means
adding a module and a line in `FORMATS`.
"""

from collections.abc import Callable

from vogter.charters.document import LANGUAGES, CharterDoc
from vogter.charters.exporters import docx, json, markdown, pdf
from vogter.charters.exporters.common import filename

Renderer = Callable[[CharterDoc, str], bytes]

# format → (render, media type, file extension)
FORMATS: dict[str, tuple[Renderer, str, str]] = {
    "pdf": (pdf.render, pdf.CONTENT_TYPE, pdf.EXTENSION),
    "docx": (docx.render, docx.CONTENT_TYPE, docx.EXTENSION),
    "md": (markdown.render, markdown.CONTENT_TYPE, markdown.EXTENSION),
    "json": (json.render, json.CONTENT_TYPE, json.EXTENSION),
}


def export(doc: CharterDoc, format: str, language: str) -> tuple[bytes, str, str]:
    """(bytes, media type, filename) of the charter in `format` and `language`.

    Raises ValueError for an unknown format or language (callers answer 404 or a
    usage error).
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown format {format!r}; expected one of {', '.join(FORMATS)}.")
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}.")
    render, content_type, extension = FORMATS[format]
    return render(doc, language), content_type, filename(doc, language, extension)


__all__ = ["FORMATS", "export", "filename"]
