"""JSON for programs: the workshop's metadata, the kit's fields and the answers.

The shape is documented in docs/workshop-exports.md. The default layout is
`schema_version` 2: `answers` per question, `use_cases` and `professions`, as lists that
do not line up. The per-sheet layout keeps the shape of version 1 (`sheets`).
`schema_version` changes whenever a key is renamed or removed (adding one does not).
"""

import json
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vogter.lib.exporting import Export
from vogter.workshops.exporters.base import ANSWER_KEYS, LISTS, SHEETS, collect, filename, lists
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Workshop

SCHEMA_VERSION = {SHEETS: 1, LISTS: 2}


def _sheets(workshop: Workshop) -> dict[str, Any]:
    sheets = []
    for row in collect(workshop):
        sheet: dict[str, Any] = {"participant": row.participant}
        if not workshop.anonymous:
            sheet["email"] = row.email
        sheet["submitted"] = row.submitted
        sheet["answers"] = {key: row.answers[key] for key in ANSWER_KEYS}
        sheet["hidden"] = row.hidden
        sheets.append(sheet)
    return {"sheets": sheets}


def _lists(workshop: Workshop) -> dict[str, Any]:
    content = lists(workshop)
    professions: list[dict[str, Any]] = [
        {"name": p.name, "count": p.count, "other": False} for p in content.professions.named
    ]
    if content.professions.others:
        with translation.override(workshop.language):
            label = _("other professions")
        professions.append(
            {"name": label, "count": content.professions.others_count, "other": True}
        )
    return {
        "answers": {
            key: [{"text": i.text, "hidden": i.hidden} for i in items]
            for key, items in content.answers.items()
        },
        "use_cases": [{"text": i.text, "hidden": i.hidden} for i in content.use_cases],
        "professions": professions,
    }


def document(workshop: Workshop, layout: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION[layout],
        "layout": layout,
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
            "group_minimum": workshop.group_minimum,
        },
        "fields": [
            {"key": key, "da": FIELDS_BY_KEY[key].da, "en": FIELDS_BY_KEY[key].en}
            for key in ANSWER_KEYS
        ],
        **(_sheets(workshop) if layout == SHEETS else _lists(workshop)),
    }


class JsonExporter:
    format = "json"
    media_type = "application/json"

    def export(self, workshop: Workshop, layout: str, /) -> Export:
        body = json.dumps(document(workshop, layout), ensure_ascii=False, indent=2) + "\n"
        return Export(filename(workshop, "json", layout), self.media_type, body.encode("utf-8"))
