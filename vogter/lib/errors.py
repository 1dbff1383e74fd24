"""What every action shares: the refusal it raises and the audit entry it writes.

Views, API handlers and commands catch `ActionError` and show its message (already in the
person's language) beside the field it names. `record` writes one line of the audit log.
Both live here, below every app, so that any app's actions and the shared plumbing (the
command-line base, the API's error handler) can use them without importing a domain app.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.functional import Promise

if TYPE_CHECKING:
    from vogter.accounts.models import User
    from vogter.organisations.models import Organisation, Unit


class ActionError(Exception):
    """A change that was refused; `message` says why, for the person."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class CommandLine:
    """Who runs a `vogter` command: the account named with `--as` (or VOGTER_ACTOR), if
    any, and the operating-system user, always."""

    user: "User | None"
    os_user: str


_command_line: ContextVar[CommandLine | None] = ContextVar("command_line", default=None)


@contextmanager
def on_command_line(user: "User | None", os_user: str) -> Iterator[None]:
    """Every entry recorded inside says it came from the command line, and from whom:
    the commands act as the system (they pass no actor), so this is where their person
    is kept (docs/audit.md)."""
    token = _command_line.set(CommandLine(user, os_user))
    try:
        yield
    finally:
        _command_line.reset(token)


def record(
    actor: "User | None",
    organisation: "Organisation | None",
    action: str,
    target: str = "",
    *,
    scope: "Unit | None" = None,
    **data: Any,
) -> None:
    """One audit entry. The log's model belongs to organisations (every entry is scoped to
    one); it is looked up through the app registry so this module stays below the apps.

    `scope` is the unit whose charter, round or export the entry is about: its TR and AMR
    may read the entry (docs/audit.md). `data` is shown to them too, so it never holds
    anything that could tell who wrote an anonymous answer.
    """
    command_line = _command_line.get()
    if command_line is not None:
        if actor is None:
            actor = command_line.user
        data = {**data, "command_line": command_line.os_user}
    entry = apps.get_model("organisations", "AuditEntry")
    entry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        unit=scope,
        action=action,
        target=target,
        data=data,
    )
