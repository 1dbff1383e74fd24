"""What several topics check alike: a name, a role, a unit within the organisation; and
the organisation's lock that serialises changes which check its state before writing."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError
from vogter.organisations.models import Organisation, Role, Unit

# Tells "leave it as it is" from None ("no unit", "no parent") in a keyword argument.
UNSET: Any = object()


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("A name is required."), field="name")
    if len(name) > 200:
        raise ActionError(_("The name can be at most 200 characters."), field="name")
    return name


def check_role(role: str) -> str:
    if role not in Role.values:
        raise ActionError(_("Choose a role."), field="role")
    return role


def check_unit_in(organisation: Organisation, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")


def lock_organisation(organisation_id: int) -> None:
    """Serialise changes that check the organisation's state before writing.

    Two admins demoting each other at once would each still see the other as admin
    and leave none; two moves at once could each pass the cycle check and make one.
    Holding the organisation's row makes the second wait and then see the first.
    (SQLite needs no lock: its IMMEDIATE transactions already run one at a time.)
    """
    Organisation.objects.select_for_update().filter(pk=organisation_id).values_list(
        "pk", flat=True
    ).get()
