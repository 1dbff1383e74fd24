"""Opening a reflection round on a charter's latest adopted version, on a schedule or after
an event, with its dates and its minimum group size."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.charters.versions import latest_adopted
from vogter.disclosure.rules import FLOOR
from vogter.lib.errors import ActionError, record
from vogter.reflection import access, notices
from vogter.reflection.models import Event, Kind, Round


def adopted_version(charter: Charter) -> int:
    adopted = latest_adopted(charter)
    if adopted is None:
        raise ActionError(
            _("Reflection rounds are held on an adopted charter: adopt it first."),
            field="charter",
        )
    return adopted.number


def _check_dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if opens_on > timezone.localdate() + datetime.timedelta(days=366 * 5):
        raise ActionError(_("A round opens within the next five years."), field="opens_on")
    if closes_on < opens_on:
        raise ActionError(_("A round must close after it opens."), field="closes_on")
    if (closes_on - opens_on).days > 92:
        raise ActionError(_("A round can be open for at most three months."), field="closes_on")


def check_group_size(charter: Charter, size: int | None) -> int:
    """A round's minimum group size: the organisation's default unless one is chosen,
    never below the floor."""
    if size is None:
        return max(FLOOR, charter.organisation.min_group_size)
    if not FLOOR <= size <= 100:
        raise ActionError(
            _("The minimum group size must be between %(low)d and %(high)d.")
            % {"low": FLOOR, "high": 100},
            field="min_group_size",
        )
    return size


@transaction.atomic
def open_round(
    actor: User | None,
    charter: Charter,
    *,
    kind: str = Kind.EVENT,
    event: str = "",
    description: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    min_group_size: int | None = None,
) -> Round:
    """Open a round on the charter's latest adopted version, unless another round on the
    charter is open or planned for the same days. Its minimum group size is the
    organisation's default unless another is chosen, never below the floor."""
    access.check_may_manage(actor, charter)
    version = adopted_version(charter)
    if kind not in Kind.values:
        raise ActionError(_("Unknown kind of round."), field="kind")
    if kind == Kind.EVENT and event not in Event.values:
        raise ActionError(_("Say what happened."), field="event")
    description = (description or "").strip()
    if len(description) > 1000:
        raise ActionError(_("The description can be at most 1000 characters."), field="description")
    opens_on = opens_on or timezone.localdate()
    if opens_on > timezone.localdate() + datetime.timedelta(days=366 * 5):
        raise ActionError(_("A round opens within the next five years."), field="opens_on")
    closes_on = closes_on or opens_on + datetime.timedelta(days=14)
    _check_dates(opens_on, closes_on)
    min_group_size = check_group_size(charter, min_group_size)
    # One round at a time: two open rounds would ask everyone twice, and their figures,
    # side by side, would differ by the few who answered only one.
    Charter.objects.select_for_update().filter(pk=charter.pk).first()
    overlapping = (
        Round.objects.filter(charter=charter, closed=False)
        .filter(opens_on__lte=closes_on, closes_on__gte=opens_on)
        .first()
    )
    if overlapping is not None:
        raise ActionError(
            _(
                "A round on this charter is already open or planned from %(opens)s to "
                "%(closes)s. Close it first, or choose dates after it."
            )
            % {
                "opens": date_format(overlapping.opens_on, "DATE_FORMAT"),
                "closes": date_format(overlapping.closes_on, "DATE_FORMAT"),
            },
            field="opens_on",
        )
    reflection = Round.objects.create(
        charter=charter,
        version_number=version,
        kind=kind,
        event=event if kind == Kind.EVENT else "",
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        min_group_size=min_group_size,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor,
        charter.organisation,
        "reflection.open",
        reflection.code,
        charter=charter.code,
        kind=kind,
        event=event,
        min_group_size=min_group_size,
        scope=charter.unit,
    )
    return reflection


@transaction.atomic
def close_round(actor: User | None, reflection: Round) -> Round | None:
    """Close a round now: no more check-ins, and its results show as the disclosure rule
    lets them (results.py). A round that has not opened yet is cancelled: it is removed,
    with its links, and None is returned (a closed round with no check-ins would read as
    the unit's latest reflection in the roll-up and the trends)."""
    access.check_may_manage(actor, reflection.charter)
    locked = Round.objects.select_for_update().get(pk=reflection.pk)
    if locked.closed or locked.closes_on < timezone.localdate():
        raise ActionError(_("This round has already closed."), field="round")
    today = timezone.localdate()
    if locked.opens_on > today:
        record(
            actor,
            reflection.charter.organisation,
            "reflection.cancel",
            reflection.code,
            scope=reflection.charter.unit,
        )
        locked.delete()
        return None
    locked.closed = True
    locked.closes_on = max(min(locked.closes_on, today), locked.opens_on)
    locked.save(update_fields=["closed", "closes_on"])
    record(
        actor,
        reflection.charter.organisation,
        "reflection.close",
        reflection.code,
        scope=reflection.charter.unit,
    )
    reflection.closed, reflection.closes_on = locked.closed, locked.closes_on
    notices.flags_raised(actor, reflection)
    return reflection
