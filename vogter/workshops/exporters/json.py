"""JSON for programs: the workshop's metadata, the kit's fields and the sheets.

The shape is documented in docs/workshop-exports.md; `schema_version` changes
whenever a field is renamed or removed (adding one does not).
"""

import json
from typing import Any

from django.utils import timezone

from vogter.workshops.exporters.base import ANSWER_KEYS, collect, filename
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Workshop

SCHEMA_VERSION = 1


def document(workshop: Workshop) -> dict[str, Any]:
    sheets = []
    for row in collect(workshop):
        sheet: dict[str, Any] = {"participant": row.participant}
        if not workshop.anonymous:
            sheet["email"] = row.email
        sheet["submitted"] = row.submitted
        sheet["answers"] = {key: row.answers[key] for key in ANSWER_KEYS}
        sheet["hidden"] = row.hidden
        sheets.append(sheet)
    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().replace(microsecond=0).isoformat(),
        "workshop": {
            "code": workshop.code,
            "title": workshop.title,
            "date": workshop.date.isoformat(),
            "language": workshop.language,
            "organisation": workshop.organisation.name,
            "unit": workshop.unit.name if workshop.unit else None,
            "phase": workshop.phase,
            "anonymous": workshop.anonymous,
            "min_group_size": workshop.min_group_size,
        },
        "fields": [
            {"key": key, "da": FIELDS_BY_KEY[key].da, "en": FIELDS_BY_KEY[key].en}
            for key in ANSWER_KEYS
        ],
        "sheets": sheets,
    }


class JsonExporter:
    key = "json"
    media_type = "application/json"

    def export(self, workshop: Workshop) -> tuple[str, str, bytes]:
        body = json.dumps(document(workshop), ensure_ascii=False, indent=2) + "\n"
        return filename(workshop, "json"), self.media_type, body.encode("utf-8")
