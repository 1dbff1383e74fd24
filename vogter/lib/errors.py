"""What every action shares: the refusal it raises and the audit entry it writes.

Views, API handlers and commands catch `ActionError` and show its message (already in the
person's language) beside the field it names. `record` writes one line of the audit log.
Both live here, below every app, so that any app's actions and the shared plumbing (the
command-line base, the API's error handler) can use them without importing a domain app.
"""

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.functional import Promise

if TYPE_CHECKING:
    from vogter.accounts.models import User
    from vogter.organisations.models import Organisation


class ActionError(Exception):
    """A change that was refused; `message` says why, for the person."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def record(
    actor: "User | None",
    organisation: "Organisation | None",
    action: str,
    target: str = "",
    **data: Any,
) -> None:
    """One audit entry. The log's model belongs to organisations (every entry is scoped to
    one); it is looked up through the app registry so this module stays below the apps."""
    entry = apps.get_model("organisations", "AuditEntry")
    entry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        target=target,
        data=data,
    )
