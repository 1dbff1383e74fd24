"""Workshop exports, one module per format, each behind the same small interface.

An exporter turns a workshop into `(filename, media type, bytes)`. Adding a format
means adding a module here and a line in `EXPORTERS`; the views, the API and the
`vogter workshop export` command pick it up from there.
"""

from typing import Protocol

from vogter.accounts.models import User
from vogter.organisations.actions import record
from vogter.workshops.exporters.csv import CsvExporter
from vogter.workshops.exporters.json import JsonExporter
from vogter.workshops.exporters.xlsx import XlsxExporter
from vogter.workshops.models import Workshop


class Exporter(Protocol):
    key: str
    media_type: str

    def export(self, workshop: Workshop) -> tuple[str, str, bytes]: ...


EXPORTERS: dict[str, Exporter] = {e.key: e for e in (CsvExporter(), XlsxExporter(), JsonExporter())}
FORMATS = tuple(EXPORTERS)


def export_workshop(actor: User | None, workshop: Workshop, fmt: str) -> tuple[str, str, bytes]:
    """Export the answers and log that it happened: answers may be personal data.

    Raises KeyError for an unknown format (callers answer 404 or a usage error).
    """
    result = EXPORTERS[fmt].export(workshop)
    record(actor, workshop.organisation, "workshop.export", workshop.code, format=fmt)
    return result
