"""The unit tree: units created, renamed, moved to another level or parent (never
under a smaller level or under themselves), and deleted when nothing hangs on them."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions.checks import UNSET, clean_name, lock_organisation
from vogter.organisations.models import LEVEL_RANK, Organisation, Unit, UnitLevel


def _check_placement(unit: Unit | None, level: str, parent: Unit | None) -> None:
    """A unit sits under a unit of the same or a higher level, never under itself."""
    if level not in UnitLevel.values:
        raise ActionError(_("Choose a level."), field="level")
    if parent is None:
        return
    if LEVEL_RANK[UnitLevel(level)] > parent.rank:
        raise ActionError(
            _("A %(level)s cannot be part of a %(parent_level)s.")
            % {
                "level": UnitLevel(level).label.lower(),
                "parent_level": UnitLevel(parent.level).label.lower(),
            },
            field="parent",
        )
    if unit is not None:
        ancestor: Unit | None = parent
        while ancestor is not None:
            if ancestor.pk == unit.pk:
                raise ActionError(
                    _("A unit cannot be part of itself or of one of its own parts."),
                    field="parent",
                )
            ancestor = ancestor.parent
        too_big = [
            child for child in unit.children.all() if child.rank > LEVEL_RANK[UnitLevel(level)]
        ]
        if too_big:
            raise ActionError(
                _("%(child)s is of a higher level and cannot be part of this unit.")
                % {"child": too_big[0].name},
                field="level",
            )


def _check_parent_in(organisation: Organisation, parent: Unit | None) -> None:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="parent")


@transaction.atomic
def create_unit(
    actor: User | None,
    organisation: Organisation,
    name: str,
    level: str,
    parent: Unit | None = None,
) -> Unit:
    lock_organisation(organisation.pk)
    _check_parent_in(organisation, parent)
    _check_placement(None, level, parent)
    unit = Unit.objects.create(
        organisation=organisation, name=clean_name(name), level=level, parent=parent
    )
    record(
        actor,
        organisation,
        "unit.create",
        unit.code,
        name=unit.name,
        level=level,
        parent=parent.code if parent else None,
    )
    return unit


@transaction.atomic
def update_unit(
    actor: User | None,
    unit: Unit,
    *,
    name: str | None = None,
    level: str | None = None,
    parent: Unit | None = UNSET,
) -> Unit:
    lock_organisation(unit.organisation_id)
    # Both were read before the lock; another change may have moved them since.
    unit.refresh_from_db(fields=["parent", "level"])
    if parent is not UNSET and parent is not None:
        parent.refresh_from_db(fields=["parent", "level"])
    new_name = clean_name(name) if name is not None else unit.name
    new_level = level if level is not None else unit.level
    new_parent = unit.parent if parent is UNSET else parent
    _check_parent_in(unit.organisation, new_parent)
    _check_placement(unit, new_level, new_parent)
    changes: dict[str, Any] = {}
    if new_name != unit.name:
        changes["name"] = new_name
    if new_level != unit.level:
        changes["level"] = new_level
    if new_parent != unit.parent:
        changes["parent"] = new_parent.code if new_parent else None
    if changes:
        unit.name, unit.level, unit.parent = new_name, new_level, new_parent
        unit.save(update_fields=list(changes))
        record(actor, unit.organisation, "unit.update", unit.code, **changes)
    return unit


@transaction.atomic
def delete_unit(actor: User | None, unit: Unit) -> None:
    if unit.children.exists():
        raise ActionError(
            _("%(unit)s still has parts. Move or delete them first.") % {"unit": unit.name}
        )
    # A charter belongs to its unit for good (its versions and signatures name it).
    if unit.charters.exists():
        raise ActionError(_("%(unit)s has a charter and cannot be deleted.") % {"unit": unit.name})
    record(actor, unit.organisation, "unit.delete", unit.code, name=unit.name)
    unit.delete()
