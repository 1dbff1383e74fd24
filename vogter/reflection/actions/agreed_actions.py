"""The actions a round agrees on, and their follow-up in a later round."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.reflection import access
from vogter.reflection.models import AgreedAction, Round


@transaction.atomic
def add_action(
    actor: User | None,
    reflection: Round,
    *,
    description: str,
    owner: str,
    due_on: datetime.date | None = None,
) -> AgreedAction:
    access.check_may_manage(actor, reflection.charter)
    description = " ".join((description or "").split())
    owner = " ".join((owner or "").split())
    if not description:
        raise ActionError(_("Describe the action."), field="description")
    if not owner:
        raise ActionError(_("Say who owns the action."), field="owner")
    if len(description) > 500 or len(owner) > 200:
        raise ActionError(_("This text is too long."), field="description")
    action = AgreedAction.objects.create(
        round=reflection, description=description, owner=owner, due_on=due_on
    )
    record(
        actor,
        reflection.charter.organisation,
        "reflection.action",
        reflection.code,
        description=description,
        scope=reflection.charter.unit,
    )
    return action


@transaction.atomic
def follow_up(
    actor: User | None, action: AgreedAction, *, done: bool, note: str = ""
) -> AgreedAction:
    access.check_may_manage(actor, action.round.charter)
    note = (note or "").strip()
    if len(note) > 1000:
        raise ActionError(_("This text is too long."), field="follow_up")
    action.done, action.follow_up = done, note
    action.save(update_fields=["done", "follow_up"])
    record(
        actor,
        action.round.charter.organisation,
        "reflection.follow_up",
        action.round.code,
        description=action.description,
        done=done,
        scope=action.round.charter.unit,
    )
    return action
