"""Changing what a person is told: the one action behind the settings page, the API and
the command line."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError, record
from vogter.notifications.kinds import Kind
from vogter.notifications.models import Preferences
from vogter.notifications.preferences import settings_for

if TYPE_CHECKING:
    from vogter.accounts.models import User


@transaction.atomic
def set_preferences(
    actor: "User | None", user: "User", wanted: Mapping[str, bool]
) -> dict[str, bool]:
    """Switch the person's kinds on (True) or off (False); kinds left out keep their
    setting. Returns every kind with its setting. The person does it themselves (pages,
    API); an operator from the command line (actor None), for instance on request."""
    unknown = set(wanted) - set(Kind.values)
    if unknown:
        raise ActionError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))},
            field="kinds",
        )
    current = settings_for(user) | dict(wanted)
    off = [kind for kind in Kind.values if not current[kind]]
    Preferences.objects.update_or_create(user=user, defaults={"switched_off": off})
    record(actor, None, "notifications.preferences", user.code, switched_off=off)
    return current
