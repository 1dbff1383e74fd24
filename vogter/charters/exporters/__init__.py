"""Charter exports, one module per format, each a pure function of the document.

Every format renders `render(doc: CharterDoc, language: str) -> bytes` over the plain
document of vogter/charters/document.py, so it needs no database: the views, the API
and the command pick a version's document and ask `CHARTER_EXPORTS` for the file
(vogter/lib/exporting.py). Adding a format means adding a module and registering it here.
"""

from vogter.charters.document import LANGUAGES, CharterDoc
from vogter.charters.exporters import docx, json, markdown, pdf
from vogter.charters.exporters.common import filename
from vogter.lib.exporting import ExportKind, Rendered

CHARTER_EXPORTS: ExportKind[CharterDoc] = ExportKind("charter", choices=LANGUAGES)
CHARTER_EXPORTS.register(
    Rendered(pdf.EXTENSION, pdf.CONTENT_TYPE, pdf.render, filename),
    Rendered(docx.EXTENSION, docx.CONTENT_TYPE, docx.render, filename),
    Rendered(markdown.EXTENSION, markdown.CONTENT_TYPE, markdown.render, filename),
    Rendered(json.EXTENSION, json.CONTENT_TYPE, json.render, filename),
)

__all__ = ["CHARTER_EXPORTS", "filename"]
