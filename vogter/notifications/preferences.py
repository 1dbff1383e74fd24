"""Who wants which kind of notification: everyone everything, until they switch a kind off."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from vogter.notifications.kinds import Kind
from vogter.notifications.models import Preferences

if TYPE_CHECKING:
    from vogter.accounts.models import User


def switched_off(user: "User") -> list[str]:
    found = Preferences.objects.filter(user=user).values_list("switched_off", flat=True).first()
    return [k for k in (found or []) if k in Kind.values]


def wanting(users: Iterable["User"], kind: str) -> list["User"]:
    """Those of `users` who have not switched `kind` off (one query)."""
    people = list(users)
    off = {
        user_id
        for user_id, kinds in Preferences.objects.filter(
            user_id__in=[u.pk for u in people]
        ).values_list("user_id", "switched_off")
        if kind in (kinds or [])
    }
    return [u for u in people if u.pk not in off]


def settings_for(user: "User") -> dict[str, bool]:
    """Each kind, and whether the person gets it."""
    off = set(switched_off(user))
    return {kind: kind not in off for kind in Kind.values}
