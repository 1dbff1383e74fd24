"""Creating an organisation, with its creator as its first admin, and changing its
settings: name, default language, whether workshops need a login, minimum group size,
and how long answers and audit entries are kept."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.disclosure.rules import DEFAULT, FLOOR
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions.checks import clean_name
from vogter.organisations.models import Membership, Organisation, Role
from vogter.organisations.retention import MONTHS_RANGE

# No figure about people over fewer than this (vogter/disclosure/rules.py: FLOOR is 3).
MIN_GROUP_SIZE_RANGE = (FLOOR, 100)


def _check_language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise ActionError(_("Choose Danish or English."), field="default_language")
    return language


def _check_min_group_size(size: int) -> int:
    low, high = MIN_GROUP_SIZE_RANGE
    if not low <= size <= high:
        raise ActionError(
            _("The minimum group size must be between %(low)d and %(high)d.")
            % {"low": low, "high": high},
            field="min_group_size",
        )
    return size


@transaction.atomic
def create_organisation(
    actor: User,
    name: str,
    default_language: str = "da",
    workshops_require_login: bool = False,
    min_group_size: int | None = None,
) -> Organisation:
    """Create an organisation with its creator as its first organisation admin."""
    organisation = Organisation.objects.create(
        name=clean_name(name),
        default_language=_check_language(default_language),
        workshops_require_login=workshops_require_login,
        min_group_size=_check_min_group_size(min_group_size or DEFAULT),
    )
    Membership.objects.create(organisation=organisation, user=actor, role=Role.ADMIN)
    record(actor, organisation, "organisation.create", organisation.code, name=organisation.name)
    return organisation


@transaction.atomic
def update_organisation(
    actor: User | None,
    organisation: Organisation,
    *,
    name: str | None = None,
    default_language: str | None = None,
    workshops_require_login: bool | None = None,
    min_group_size: int | None = None,
) -> Organisation:
    changes: dict[str, Any] = {}
    name = clean_name(name) if name is not None else organisation.name
    if name != organisation.name:
        organisation.name = changes["name"] = name
    if default_language is not None and default_language != organisation.default_language:
        organisation.default_language = changes["default_language"] = _check_language(
            default_language
        )
    if (
        workshops_require_login is not None
        and workshops_require_login != organisation.workshops_require_login
    ):
        organisation.workshops_require_login = changes["workshops_require_login"] = (
            workshops_require_login
        )
    if min_group_size is not None and min_group_size != organisation.min_group_size:
        organisation.min_group_size = changes["min_group_size"] = _check_min_group_size(
            min_group_size
        )
    if changes:
        organisation.save(update_fields=list(changes))
        record(actor, organisation, "organisation.update", organisation.code, **changes)
    return organisation


def _check_months(months: int | None, field: str) -> int | None:
    low, high = MONTHS_RANGE
    if months is not None and not low <= months <= high:
        raise ActionError(
            _("Choose between %(low)d and %(high)d months, or leave it empty to keep them.")
            % {"low": low, "high": high},
            field=field,
        )
    return months


@transaction.atomic
def set_retention(
    actor: User | None,
    organisation: Organisation,
    *,
    answers_kept_months: int | None,
    audit_kept_months: int | None,
) -> Organisation:
    """How many months the workshops' answers (after each workshop's date) and the audit
    entries are kept; None keeps them for ever. The daily job deletes what is older
    (vogter/data/retention.py, docs/retention.md)."""
    wanted = {
        "answers_kept_months": _check_months(answers_kept_months, "answers_kept_months"),
        "audit_kept_months": _check_months(audit_kept_months, "audit_kept_months"),
    }
    changes: dict[str, Any] = {
        field: value for field, value in wanted.items() if getattr(organisation, field) != value
    }
    if changes:
        for field, value in changes.items():
            setattr(organisation, field, value)
        organisation.save(update_fields=list(changes))
        record(actor, organisation, "organisation.retention", organisation.code, **changes)
    return organisation
