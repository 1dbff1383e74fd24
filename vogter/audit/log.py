"""The audit log as people read it: filtered, and each entry in plain words.

One read model for the page, the API and the downloads: `Filters` says which entries,
`rows` turns a page of them into `Row`s (who, what, when, about which unit, and the
details), naming the charters, rounds, workshops and units the entries point at with
one query per kind.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vogter.audit.labels import detail, label, value
from vogter.charters.models import Charter
from vogter.lib.errors import ActionError
from vogter.organisations.models import AuditEntry, Organisation, Unit
from vogter.reflection.models import Round
from vogter.workshops.models import Workshop

# Details longer than this are cut on the page (the download and the API keep them whole).
SHORT = 160


@dataclass(frozen=True)
class Filters:
    """Which entries: an action (`charter.sign`) or a family of them (`charter`), whose
    name or e-mail contains `actor`, from and to a day (both included), about a unit."""

    action: str = ""
    actor: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    unit: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> "Filters":
        """From a page's query string; ActionError names a day that is not one."""
        return cls(
            action=params.get("action", "").strip(),
            actor=params.get("actor", "").strip(),
            since=_day(params.get("since", ""), "since"),
            until=_day(params.get("until", ""), "until"),
            unit=params.get("unit", "").strip(),
        )

    def apply(self, entries: "QuerySet[AuditEntry]") -> "QuerySet[AuditEntry]":
        if self.action:
            if "." in self.action:
                entries = entries.filter(action=self.action)
            else:
                entries = entries.filter(action__startswith=self.action + ".")
        if self.actor:
            entries = entries.filter(
                Q(actor__email__icontains=self.actor) | Q(actor__name__icontains=self.actor)
            )
        if self.since is not None:
            entries = entries.filter(created_at__gte=_start_of(self.since))
        if self.until is not None:
            entries = entries.filter(created_at__lt=_start_of(self.until + datetime.timedelta(1)))
        if self.unit:
            entries = entries.filter(unit__code=self.unit)
        return entries


def _day(value: str, name: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ActionError(
            gettext_lazy("Give a date as YYYY-MM-DD, for instance 2026-12-07."), field=name
        ) from None


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Row:
    """One entry, for people."""

    at: datetime.datetime
    actor: str  # who, in words
    actor_email: str  # "" when no person is recorded
    command_line: str  # the OS user, when it was done with the `vogter` command
    action: str
    label: str
    target: str
    target_name: str
    unit: str  # the code of the unit the entry is about, or ""
    unit_name: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def details(self) -> list[tuple[str, str]]:
        """For the page, in words; the downloads keep the data as it was recorded."""
        return [(detail(key), _short(value(key, recorded))) for key, recorded in self.data.items()]


def _short(value: object) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _actor(entry: AuditEntry, command_line: str) -> str:
    if entry.actor is not None:
        if command_line:
            return _("%(person)s, on the command line") % {"person": entry.actor.display_name}
        return entry.actor.display_name
    if command_line:
        return _("The command line (operating-system user %(user)s)") % {"user": command_line}
    return _("Vogter itself, or the command line")


def ordered(entries: "QuerySet[AuditEntry]") -> "QuerySet[AuditEntry]":
    return entries.select_related("actor", "unit").order_by("-created_at", "-pk")


def rows(organisation: Organisation, entries: Iterable[AuditEntry]) -> list[Row]:
    """`entries` (the organisation's, fetched with `ordered`) as rows, in the active
    language."""
    entries = list(entries)
    names = _target_names(organisation, entries)
    found = []
    for entry in entries:
        data = dict(entry.data)
        command_line = str(data.pop("command_line", "") or "")
        found.append(
            Row(
                at=entry.created_at,
                actor=_actor(entry, command_line),
                actor_email=entry.actor.email if entry.actor is not None else "",
                command_line=command_line,
                action=entry.action,
                label=label(entry.action),
                target=entry.target,
                target_name=names.get((_kind(entry.action), entry.target), ""),
                unit=entry.unit.code if entry.unit is not None else "",
                unit_name=entry.unit.name if entry.unit is not None else "",
                data=data,
            )
        )
    return found


def _kind(action: str) -> str:
    """What an action's target code is the code of."""
    family = action.split(".", 1)[0]
    if family == "commons" and action != "commons.template.create":
        return "charter"
    if action in ("charter.cascade.decline", "charter.cascade.withdraw"):
        return "proposal"
    return family


def _target_names(
    organisation: Organisation, entries: list[AuditEntry]
) -> dict[tuple[str, str], str]:
    """The title or name behind each target code, one query per kind on the page."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.target:
            wanted.setdefault(_kind(entry.action), set()).add(entry.target)
    names: dict[tuple[str, str], str] = {}
    lookups: dict[str, Any] = {
        "charter": Charter.objects.filter(organisation=organisation).values_list("code", "title"),
        "workshop": Workshop.objects.filter(organisation=organisation).values_list("code", "title"),
        "unit": Unit.objects.filter(organisation=organisation).values_list("code", "name"),
        "reflection": Round.objects.filter(charter__organisation=organisation).values_list(
            "code", "charter__title"
        ),
    }
    for kind, lookup in lookups.items():
        if wanted.get(kind):
            found = lookup.filter(code__in=wanted[kind])
            names.update(((kind, code), title) for code, title in found)
    return names
