"""Every change to the national commons, for the pages, the API and the CLI alike.

Publishing copies the latest adopted version of a charter, anonymised: the principles'
statements and the text of their level cells, with personal data (names, e-mail
addresses, phone numbers) replaced by placeholders; never who is responsible, the
rationale, the workshops, the quotes, the unit or the signatures. Publishing again
replaces the copy; unpublishing deletes it.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions.cascade import ensure_draft
from vogter.charters.actions.drafts import person
from vogter.charters.models import Charter, CharterPrinciple
from vogter.charters.versions import latest_adopted
from vogter.commons.models import (
    CommonsPrinciple,
    CommonsTheme,
    Coordinator,
    Publication,
    Sector,
    SizeBand,
    TemplatePrinciple,
)
from vogter.commons.search import index_terms
from vogter.lib.errors import ActionError, record
from vogter.llm.scrub import scrub
from vogter.organisations.models import Membership, Role, Unit
from vogter.principles.checks import CELL_MAX, clean_statements, clean_text
from vogter.principles.models import Level
from vogter.themes.text import features

TEMPLATE_NOTE_MAX = 1000


# --- Who may do what ----------------------------------------------------------------


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and Coordinator.objects.filter(user=user).exists())


def require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def _leads(user: User) -> "QuerySet[Membership]":
    return Membership.objects.filter(user=user, role__in=(Role.ADMIN, Role.FACILITATOR))


def may_read(user: User) -> bool:
    """The published principles are read by national coordinators and by the facilitators
    and admins of organisations that have published themselves: anyone can make an
    account and an organisation, so reading is what sharing earns."""
    if not user.is_authenticated:
        return False
    return (
        is_coordinator(user)
        or _leads(user).filter(organisation__publications__isnull=False).exists()
    )


def require_reader(user: User) -> None:
    if not may_read(user):
        raise PermissionDenied


def may_use_templates(user: User) -> bool:
    """Template principles are for every organisation: its facilitators and admins."""
    return bool(user.is_authenticated and (is_coordinator(user) or _leads(user).exists()))


def require_template_user(user: User) -> None:
    if not may_use_templates(user):
        raise PermissionDenied


@transaction.atomic
def grant_coordinator(actor: User | None, user: User) -> Coordinator:
    coordinator, made = Coordinator.objects.get_or_create(user=user)
    if made:
        record(actor, None, "commons.coordinator.grant", user.email)
    return coordinator


@transaction.atomic
def revoke_coordinator(actor: User | None, user: User) -> None:
    if Coordinator.objects.filter(user=user).delete()[0]:
        record(actor, None, "commons.coordinator.revoke", user.email)


# --- Publishing -----------------------------------------------------------------------


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ActionError(_("Choose one of the options."), field=field)
    return value


# What replaces a person's or a unit's name in a published text (a msgid as scrub's).
PLACEHOLDER = {"name": _("[name]"), "place": _("[unit]")}


@dataclass(frozen=True)
class _Names:
    """What could identify the organisation or its people in a published text."""

    people: re.Pattern[str] | None  # case-insensitive: names are written any way
    places: re.Pattern[str] | None  # as written: "Kommunikation" the unit, not the word


def _pattern(names: set[str], flags: int = 0) -> re.Pattern[str] | None:
    names = {n for n in names if len(n) >= 2}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def _names(charter: Charter, version_doc: dict[str, Any], show_name: bool) -> _Names:
    organisation = charter.organisation
    people: set[str] = set()
    for name in Membership.objects.filter(organisation=organisation).values_list(
        "user__name", flat=True
    ):
        people.add(" ".join(name.split()))
    for signature in version_doc.get("signatures", []):
        people.add(signature["name"])
    for principle in version_doc.get("principles", []):
        for cell in principle["cells"].values():
            if cell and cell["responsible"]:
                people.add(cell["responsible"])
    places = set(Unit.objects.filter(organisation=organisation).values_list("name", flat=True))
    if show_name:
        places.discard(organisation.name)  # a top unit often has the organisation's name
    else:
        places.add(organisation.name)
    return _Names(_pattern(people, re.IGNORECASE), _pattern(places))


def _anonymised(text: str, language: str, names: _Names) -> str:
    if not text:
        return ""
    with translation.override(language):
        placeholder = {key: str(text) for key, text in PLACEHOLDER.items()}
    if names.people is not None:
        text = names.people.sub(placeholder["name"], text)
    if names.places is not None:
        text = names.places.sub(placeholder["place"], text)
    return scrub(text, language).text


def anonymised_copy(charter: Charter, *, show_name: bool = False) -> list[dict[str, Any]]:
    """What publishing the charter would put in the commons: per principle of its latest
    adopted version, the statements and the cells' text with personal data, the
    organisation's units and (unless named) the organisation replaced. The publish page
    shows it before anything is published."""
    version = latest_adopted(charter)
    if version is None:
        raise ActionError(
            _("Only an adopted charter can be published. Adopt it first."), field="status"
        )
    names = _names(charter, version.document, show_name)
    copy = []
    for doc in version.document.get("principles", []):
        copy.append(
            {
                "source_code": doc["code"],
                "statement_da": _anonymised(doc["statement"]["da"], "da", names),
                "statement_en": _anonymised(doc["statement"]["en"], "en", names),
                "cells": {
                    level: _anonymised(cell["text"], "da", names)
                    for level, cell in doc["cells"].items()
                    if cell and cell["text"]
                },
            }
        )
    return copy


def check_options(sector: str, size_band: str) -> None:
    _choice(sector, Sector, "sector")
    _choice(size_band, SizeBand, "size_band")


@transaction.atomic
def publish(
    actor: User | None,
    charter: Charter,
    *,
    sector: str,
    size_band: str,
    show_name: bool = False,
    share_reflection: bool = False,
) -> Publication:
    """Publish (or publish again) the charter's latest adopted version to the commons.

    Sector, size band and whether the name is shown are the organisation's, and apply to
    all its publications alike (so that a named and an anonymous one cannot be told apart
    by them, nor linked)."""
    sector = _choice(sector, Sector, "sector")
    size_band = _choice(size_band, SizeBand, "size_band")
    charter = Charter.objects.select_for_update().select_related("organisation").get(pk=charter.pk)
    copy = anonymised_copy(charter, show_name=show_name)
    version = latest_adopted(charter)
    assert version is not None  # noqa: S101 - anonymised_copy refused otherwise
    organisation = charter.organisation
    shown_name = organisation.name if show_name else ""
    publication = Publication.objects.filter(charter=charter).first()
    if publication is None:
        publication = Publication(organisation=organisation, charter=charter)
    publication.version_number = version.number
    publication.shown_name = shown_name
    publication.sector = sector
    publication.size_band = size_band
    # The month only: the day could match a public record of the adoption.
    publication.adopted_on = version.adopted_on.replace(day=1) if version.adopted_on else None
    publication.share_reflection = share_reflection
    publication.save()
    Publication.objects.filter(organisation=organisation).exclude(pk=publication.pk).update(
        sector=sector, size_band=size_band, shown_name=shown_name
    )
    CommonsTheme.objects.filter(organisation=organisation).update(sector=sector)
    # The same charter principle keeps its published code, so templates stay linked.
    codes = dict(publication.principles.values_list("source_code", "code"))
    publication.principles.all().delete()
    themes = []
    for position, item in enumerate(copy, start=1):
        principle = CommonsPrinciple(
            publication=publication,
            position=position,
            source_code=item["source_code"],
            statement_da=item["statement_da"],
            statement_en=item["statement_en"],
            cells=item["cells"],
            search_terms=index_terms(
                item["statement_da"], item["statement_en"], *item["cells"].values()
            ),
        )
        if item["source_code"] in codes:
            principle.code = codes[item["source_code"]]
        principle.save()
        text = f"{item['statement_da']}\n{item['statement_en']}"
        for concept in sorted(features(text).concepts):
            themes.append(
                CommonsTheme(
                    principle=principle,
                    publication=publication,
                    organisation=organisation,
                    sector=sector,
                    concept=concept,
                )
            )
    CommonsTheme.objects.bulk_create(themes)
    _withdraw_templates(set(codes) - {item["source_code"] for item in copy}, codes)
    record(
        actor,
        organisation,
        "commons.publish",
        charter.code,
        scope=charter.unit,
        version=version.number,
        named=show_name,
        share_reflection=share_reflection,
    )
    return publication


def _withdraw_templates(gone: set[str], codes: dict[str, str]) -> None:
    """Templates made from published principles that are no longer published are not
    offered until a coordinator has looked at them again."""
    withdrawn = [codes[source] for source in gone if source in codes]
    if withdrawn:
        TemplatePrinciple.objects.filter(from_principle_code__in=withdrawn).update(
            active=False, source_withdrawn=True
        )


@transaction.atomic
def unpublish(actor: User | None, charter: Charter) -> None:
    publication = Publication.objects.select_for_update().filter(charter=charter).first()
    if publication is None:
        raise ActionError(_("This charter is not published."), field="charter")
    codes = dict(publication.principles.values_list("source_code", "code"))
    _withdraw_templates(set(codes), codes)
    publication.delete()
    record(actor, charter.organisation, "commons.unpublish", charter.code, scope=charter.unit)


# --- Template principles ------------------------------------------------------------------


def _cells(cells: dict[str, str]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for level, text in (cells or {}).items():
        if level not in Level.values:
            raise ActionError(_("Unknown level."), field="cells")
        text = clean_text(text, CELL_MAX, "cells")
        if text:
            clean[level] = text
    return clean


def _template_fields(
    statement_da: str, statement_en: str, cells: dict[str, str], note: str
) -> dict[str, Any]:
    da, en = clean_statements(statement_da, statement_en)
    return {
        "statement_da": da,
        "statement_en": en,
        "cells": _cells(cells),
        "note": clean_text(note, TEMPLATE_NOTE_MAX, "note"),
    }


@transaction.atomic
def create_template(
    actor: User | None,
    *,
    statement_da: str = "",
    statement_en: str = "",
    cells: dict[str, str] | None = None,
    note: str = "",
    from_principle: CommonsPrinciple | None = None,
) -> TemplatePrinciple:
    template = TemplatePrinciple.objects.create(
        **_template_fields(statement_da, statement_en, cells or {}, note),
        from_principle_code=from_principle.code if from_principle else "",
        created_by=person(actor),
    )
    record(actor, None, "commons.template.create", template.code)
    return template


@transaction.atomic
def update_template(
    actor: User | None,
    template: TemplatePrinciple,
    *,
    statement_da: str,
    statement_en: str,
    cells: dict[str, str],
    note: str,
    active: bool = True,
) -> TemplatePrinciple:
    for name, value in _template_fields(statement_da, statement_en, cells, note).items():
        setattr(template, name, value)
    template.active = active
    if active:
        template.source_withdrawn = False  # rewritten and offered again by a coordinator
    template.save()
    record(actor, None, "commons.template.update", template.code, active=active)
    return template


@transaction.atomic
def start_from_template(
    actor: User | None, charter: Charter, template: TemplatePrinciple
) -> CharterPrinciple:
    """A new principle in the charter's draft, with the template's statement and cells to
    adapt; the charter keeps which template it started from."""
    if not template.active:
        raise ActionError(_("That template is no longer offered."), field="template")
    ensure_draft(actor, charter)
    made = editing_actions.add_principle(
        actor,
        charter,
        statement_da=template.statement_da,
        statement_en=template.statement_en,
        reason=str(_("Started from a template of the national commons")),
    )
    made.template_code = template.code
    made.save(update_fields=["template_code"])
    for level, text in template.cells.items():
        editing_actions.set_cell(actor, made, level, text=text)
    record(
        actor,
        charter.organisation,
        "commons.template.use",
        charter.code,
        template=template.code,
        principle=made.code,
        scope=charter.unit,
    )
    return made
