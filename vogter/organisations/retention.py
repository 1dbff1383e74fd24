"""An organisation's retention policy, read: when a workshop's answers go, from when
audit entries go (docs/retention.md). The daily job that deletes them is
vogter/data/retention.py; it stands above every app it deletes from.
"""

import calendar
import datetime

from vogter.organisations.models import Organisation

# The months an organisation may choose for either; empty keeps for ever.
MONTHS_RANGE = (1, 120)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def answers_deleted_on(organisation: Organisation, held_on: datetime.date) -> datetime.date | None:
    """The day the answers of a workshop held on `held_on` are deleted, or None while the
    organisation keeps them. Counted from the workshop's date: a workshop is a morning's
    session, and its date is the one day everybody knows in advance."""
    if organisation.answers_kept_months is None:
        return None
    return add_months(held_on, organisation.answers_kept_months)


def audit_kept_from(organisation: Organisation, today: datetime.date) -> datetime.date | None:
    """The first day whose audit entries are still kept today, or None: all are kept."""
    if organisation.audit_kept_months is None:
        return None
    return add_months(today, -organisation.audit_kept_months)
