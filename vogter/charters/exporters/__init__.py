"""Charter exports, one module per format, each a pure function of the document.

Every format renders `render(doc: CharterDoc, language: str) -> bytes` over the plain
document of vogter/charters/document.py, so it needs no database: the views, the API
and the command pick a version's document and ask `CHARTER_EXPORTS` for the file
(vogter/lib/exporting.py). Adding a format means adding a module and registering it here.
"""

from vogter.accounts.models import User
from vogter.charters.document import LANGUAGES, CharterDoc, document
from vogter.charters.exporters import docx, json, markdown, pdf, poster
from vogter.charters.exporters.common import filename
from vogter.charters.models import Charter, CharterVersion
from vogter.lib.errors import record
from vogter.lib.exporting import Export, ExportKind, Rendered

CHARTER_EXPORTS: ExportKind[CharterDoc] = ExportKind("charter", choices=LANGUAGES)
CHARTER_EXPORTS.register(
    Rendered(pdf.EXTENSION, pdf.CONTENT_TYPE, pdf.render, filename),
    *(poster.Poster(paper) for paper in poster.PAPERS),
    Rendered(docx.EXTENSION, docx.CONTENT_TYPE, docx.render, filename),
    Rendered(markdown.EXTENSION, markdown.CONTENT_TYPE, markdown.render, filename),
    Rendered(json.EXTENSION, json.CONTENT_TYPE, json.render, filename),
)

__all__ = ["CHARTER_EXPORTS", "export_charter", "filename"]


def export_charter(
    actor: User | None,
    charter: Charter,
    version: CharterVersion,
    fmt: str,
    language: str,
    *,
    link: str = "",
    public: bool = False,
) -> Export:
    """The file, and an audit entry saying who took it: the unit's TR and AMR may read
    who exported their charter (docs/audit.md). `link`: where the charter can be read
    online (its share link, when printed from the shared page), for the poster's QR code.
    `public`: for anyone with the share link, so only what the shared page shows: no
    appendix of where the principles come from (participants' quoted answers, workshops,
    themes, reasons) and not who adopted it (the signatures say who stands behind it)."""
    doc = document(charter, version)
    if link:
        doc["link"] = link  # a document of its own (built, or a copy of the frozen one)
    if public:
        doc["adopted_by"] = None
        doc["principles"] = [
            {**principle, "sources": [], "rationale": ""} for principle in doc["principles"]
        ]
    result = CHARTER_EXPORTS.export(doc, fmt, language)
    record(
        actor,
        charter.organisation,
        "charter.export",
        charter.code,
        scope=charter.unit,
        version=version.number,
        format=fmt,
        language=language,
    )
    return result
