"""What a charter version changed against the version before it, principle by
principle, with the reasons given for each change."""

from typing import Any

from vogter.charters.document import CharterDoc, document
from vogter.charters.models import Charter, CharterChange, CharterVersion


def changes(
    charter: Charter, version: CharterVersion
) -> tuple[CharterVersion | None, list[dict[str, Any]]]:
    """What `version` changed against the version before it: (that version, the rows)."""
    earlier = charter.versions.filter(number=version.number - 1).first()
    old = document(charter, earlier) if earlier else None
    return earlier, diff(charter, old, document(charter, version), version.number)


def diff(
    charter: Charter, old: CharterDoc | None, new: CharterDoc, new_number: int
) -> list[dict[str, Any]]:
    """Per principle: added, removed or changed (wording, which cells), with the reasons
    given for the changes made in version `new_number`."""
    reasons = _reasons(charter, new_number)
    before = {p["code"]: p for p in (old["principles"] if old else [])}
    after = {p["code"]: p for p in new["principles"]}
    rows: list[dict[str, Any]] = []
    for code, principle in after.items():
        earlier = before.get(code)
        if earlier is None:
            rows.append(
                {
                    "kind": "added",
                    "old": None,
                    "new": principle,
                    "cells": [],
                    "reasons": reasons.get((code, ""), []),
                }
            )
            continue
        cells = [
            {
                "level": level,
                "old": earlier["cells"].get(level),
                "new": principle["cells"].get(level),
                "reasons": reasons.get((code, level), []),
            }
            for level in principle["cells"]
            if earlier["cells"].get(level) != principle["cells"].get(level)
        ]
        wording = (earlier["statement"], earlier["rationale"]) != (
            principle["statement"],
            principle["rationale"],
        )
        if wording or cells:
            rows.append(
                {
                    "kind": "changed",
                    "old": earlier,
                    "new": principle,
                    "wording": wording,
                    "cells": cells,
                    "reasons": reasons.get((code, ""), []),
                }
            )
    for code, principle in before.items():
        if code not in after:
            rows.append(
                {
                    "kind": "removed",
                    "old": principle,
                    "new": None,
                    "cells": [],
                    "reasons": reasons.get((code, ""), []),
                }
            )
    return rows


def _reasons(charter: Charter, number: int) -> dict[tuple[str, str], list[str]]:
    """The reasons given for the changes made in version `number`, by (principle, level)."""
    reasons: dict[tuple[str, str], list[str]] = {}
    for change in CharterChange.objects.filter(charter=charter, version_number=number):
        if change.reason:
            reasons.setdefault((change.principle_code, change.level), []).append(change.reason)
    return reasons
