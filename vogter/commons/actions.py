"""Every change to the national commons, for the pages, the API and the CLI alike.

Publishing copies the latest adopted version of a charter, anonymised: the principles'
statements and the text of their level cells, with personal data (names, e-mail
addresses, phone numbers) replaced by placeholders; never who is responsible, the
rationale, the workshops, the quotes, the unit or the signatures. Publishing again
replaces the copy; unpublishing deletes it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import actions as charters
from vogter.charters.cascade import _draft
from vogter.charters.models import Charter, CharterPrinciple
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
from vogter.llm.scrub import scrub
from vogter.organisations.actions import ActionError, record
from vogter.organisations.models import Membership, Role
from vogter.principles.actions import CELL_MAX, clean_text
from vogter.principles.models import Level
from vogter.themes.text import features

TEMPLATE_NOTE_MAX = 1000


# --- Who may do what ----------------------------------------------------------------


def is_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and Coordinator.objects.filter(user=user).exists())


def require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def may_read(user: User) -> bool:
    """The commons are read by national coordinators and by the facilitators and admins of
    every organisation on the installation (they start from what others published)."""
    if not user.is_authenticated:
        return False
    return (
        is_coordinator(user)
        or Membership.objects.filter(user=user, role__in=(Role.ADMIN, Role.FACILITATOR)).exists()
    )


def require_reader(user: User) -> None:
    if not may_read(user):
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


def _anonymised(text: str, language: str) -> str:
    return scrub(text, language).text if text else ""


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
    """Publish (or publish again) the charter's latest adopted version to the commons."""
    sector = _choice(sector, Sector, "sector")
    size_band = _choice(size_band, SizeBand, "size_band")
    version = charters.latest_adopted(charter)
    if version is None:
        raise ActionError(
            _("Only an adopted charter can be published. Adopt it first."), field="status"
        )
    organisation = charter.organisation
    publication = Publication.objects.select_for_update().filter(charter=charter).first()
    if publication is None:
        publication = Publication(organisation=organisation, charter=charter)
    publication.version_number = version.number
    publication.shown_name = organisation.name if show_name else ""
    publication.sector = sector
    publication.size_band = size_band
    publication.adopted_on = version.adopted_on
    publication.share_reflection = share_reflection
    publication.save()
    publication.principles.all().delete()
    # One sector per organisation: its other publications follow.
    Publication.objects.filter(organisation=organisation).exclude(pk=publication.pk).update(
        sector=sector, size_band=size_band
    )
    CommonsTheme.objects.filter(organisation=organisation).update(sector=sector)
    themes = []
    for position, doc in enumerate(version.document.get("principles", []), start=1):
        da = _anonymised(doc["statement"]["da"], "da")
        en = _anonymised(doc["statement"]["en"], "en")
        cells = {
            level: _anonymised(cell["text"], "da")
            for level, cell in doc["cells"].items()
            if cell and cell["text"]
        }
        principle = CommonsPrinciple.objects.create(
            publication=publication,
            position=position,
            statement_da=da,
            statement_en=en,
            cells=cells,
            search_terms=index_terms(da, en, *cells.values()),
        )
        for concept in sorted(features(f"{da}\n{en}").concepts):
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
    record(
        actor,
        organisation,
        "commons.publish",
        charter.code,
        version=version.number,
        named=show_name,
        share_reflection=share_reflection,
    )
    return publication


@transaction.atomic
def unpublish(actor: User | None, charter: Charter) -> None:
    deleted, _count = Publication.objects.filter(charter=charter).delete()
    if not deleted:
        raise ActionError(_("This charter is not published."), field="charter")
    record(actor, charter.organisation, "commons.unpublish", charter.code)


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
    da, en = charters._statements(statement_da, statement_en)
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
        created_by=actor if actor is not None and actor.is_authenticated else None,
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
    _draft(actor, charter)
    made = charters.add_principle(
        actor,
        charter,
        statement_da=template.statement_da,
        statement_en=template.statement_en,
        reason=str(_("Started from a template of the national commons")),
    )
    made.template_code = template.code
    made.save(update_fields=["template_code"])
    for level, text in template.cells.items():
        charters.set_cell(actor, made, level, text=text)
    record(
        actor,
        charter.organisation,
        "commons.template.use",
        charter.code,
        template=template.code,
        principle=made.code,
    )
    return made
