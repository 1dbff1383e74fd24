"""A member's role, unit and representative roles changed, or the member removed; an
organisation always keeps at least one admin."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions.checks import UNSET, check_role, check_unit_in, lock_organisation
from vogter.organisations.models import Membership, Organisation, Role, Unit


def _other_admins(membership: Membership) -> bool:
    lock_organisation(membership.organisation_id)
    return (
        Membership.objects.filter(organisation=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_membership(
    actor: User | None,
    membership: Membership,
    *,
    role: str | None = None,
    unit: Unit | None = UNSET,
    is_manager: bool | None = None,
    is_union_rep: bool | None = None,
    is_safety_rep: bool | None = None,
) -> Membership:
    changes: dict[str, Any] = {}
    if role is not None and role != membership.role:
        check_role(role)
        if membership.role == Role.ADMIN and not _other_admins(membership):
            raise ActionError(
                _(
                    "An organisation needs at least one organisation admin. Make someone else "
                    "admin first."
                ),
                field="role",
            )
        membership.role = changes["role"] = role
    if unit is not UNSET and unit != membership.unit:
        check_unit_in(membership.organisation, unit)
        membership.unit = unit
        changes["unit"] = unit.code if unit else None
    for field, value in (
        ("is_manager", is_manager),
        ("is_union_rep", is_union_rep),
        ("is_safety_rep", is_safety_rep),
    ):
        if value is not None and value != getattr(membership, field):
            setattr(membership, field, value)
            changes[field] = value
    if changes:
        membership.save(update_fields=list(changes))
        record(actor, membership.organisation, "membership.change", membership.code, **changes)
    return membership


@transaction.atomic
def remove_membership(actor: User | None, membership: Membership) -> None:
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise ActionError(
            _("The last organisation admin cannot be removed. Make someone else admin first.")
        )
    record(actor, membership.organisation, "membership.remove", membership.code)
    membership.delete()


@transaction.atomic
def add_member(
    actor: User | None,
    organisation: Organisation,
    user: User,
    *,
    role: str = Role.MEMBER,
    unit: Unit | None = None,
    is_manager: bool = False,
    is_union_rep: bool = False,
    is_safety_rep: bool = False,
    via: str = "",
) -> tuple[Membership, bool]:
    """Make `user` a member without an invitation: for a directory that provisions
    people (SCIM, a spreadsheet of the organisation chart). Someone already a member
    keeps their membership as it is. Returns the membership and whether it is new."""
    check_role(role)
    check_unit_in(organisation, unit)
    membership, created = Membership.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={
            "role": role,
            "unit": unit,
            "is_manager": is_manager,
            "is_union_rep": is_union_rep,
            "is_safety_rep": is_safety_rep,
        },
    )
    if created:
        record(
            actor,
            organisation,
            "membership.add",
            membership.code,
            role=role,
            unit=unit.code if unit else None,
            via=via,
        )
    return membership, created
