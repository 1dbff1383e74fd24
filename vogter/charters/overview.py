"""The organisation overview: which principles recur across its units' adopted charters."""

import re
from dataclasses import dataclass, field

from vogter.charters.models import CharterVersion, Status
from vogter.organisations.models import Organisation


@dataclass
class Recurring:
    sentence: str
    units: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    """The same principle, however it is capitalised, spaced or punctuated."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def recurring_principles(organisation: Organisation, language: str) -> list[Recurring]:
    """Principles in the latest adopted version of the charters of two or more units,
    most widespread first. Wording is compared in either language."""
    latest: dict[int, CharterVersion] = {}
    versions = (
        CharterVersion.objects.filter(charter__organisation=organisation, status=Status.ADOPTED)
        .select_related("charter__unit")
        .order_by("charter_id", "-number")
    )
    for version in versions:
        latest.setdefault(version.charter_id, version)
    found: dict[str, Recurring] = {}
    for version in latest.values():
        unit = version.charter.unit.name
        for principle in version.document.get("principles", []):
            statement = principle["statement"]
            keys = {_key(s) for s in (statement["da"], statement["en"]) if s}
            key = next((k for k in sorted(keys) if k in found), min(keys) if keys else "")
            if not key:
                continue
            shown = statement.get(language) or statement["da"] or statement["en"]
            entry = found.setdefault(key, Recurring(shown))
            for other in keys - {key}:
                found.setdefault(other, entry)
            if unit not in entry.units:
                entry.units.append(unit)
    unique = {id(r): r for r in found.values()}.values()
    return sorted(
        (r for r in unique if len(r.units) >= 2), key=lambda r: (-len(r.units), r.sentence)
    )


def root_units(organisation: Organisation) -> list[object]:
    return list(organisation.units.filter(parent__isnull=True).order_by("name"))
