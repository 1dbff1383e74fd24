"""People pushed by an identity provider (SCIM Users): an account and a membership in the
organisation. Deactivating a person removes their membership and nothing else: their
account, what they wrote under their name and every anonymous answer stay as they are.

`source` says where a change came from for the audit log (`scim:<token code>`); the
audit entry has no person, as a change from the command line has none.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.directory.models import ProvisionedPerson
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Membership, Organisation


class Conflict(ActionError):
    """The change would make a second of something that must be one (SCIM's 409)."""


@dataclass
class PersonData:
    """What a SCIM User says about a person, read from the request (see scim/resources)."""

    email: str
    name: str = ""
    external_id: str = ""
    active: bool = True
    language: str = ""


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ActionError(
            _("%(value)s is not an e-mail address.") % {"value": email or "—"}, field="userName"
        ) from error
    return email


def _language(organisation: Organisation, wanted: str) -> str:
    code = (wanted or "").replace("_", "-").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else organisation.default_language


def account_for(
    organisation: Organisation, email: str, name: str, language: str
) -> tuple[User, bool]:
    """The account with this address, made if there is none, and whether it was made.

    A new account has no password: the person signs in through single sign-on, or sets
    one with "Forgot your password?". An existing account is never renamed here."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email, None, name=name[:150], language=_language(organisation, language)
    )
    return user, True


def _set_active(
    organisation: Organisation, person: ProvisionedPerson, active: bool, source: str
) -> None:
    membership = Membership.objects.filter(organisation=organisation, user=person.user).first()
    if active and membership is None:
        membership_actions.add_member(None, organisation, person.user, via=source)
    elif not active and membership is not None:
        membership_actions.remove_membership(None, membership)
    person.active = active


@transaction.atomic
def create_person(organisation: Organisation, data: PersonData, source: str) -> ProvisionedPerson:
    email = _clean_email(data.email)
    if ProvisionedPerson.objects.filter(organisation=organisation, user__email=email).exists():
        raise Conflict(
            _("%(email)s has been provisioned already.") % {"email": email}, field="userName"
        )
    user, created = account_for(organisation, email, data.name, data.language)
    person = ProvisionedPerson.objects.create(
        organisation=organisation,
        user=user,
        external_id=data.external_id[:200],
        active=data.active,
        created_account=created,
    )
    if data.active:
        _set_active(organisation, person, True, source)
    record(
        None,
        organisation,
        "directory.person.create",
        person.code,
        via=source,
        new_account=created,
        active=data.active,
    )
    return person


@transaction.atomic
def update_person(person: ProvisionedPerson, data: PersonData, source: str) -> ProvisionedPerson:
    """Make the person what `data` says (a SCIM PUT, or a PATCH applied to what they were)."""
    organisation = person.organisation
    user = person.user
    changes: dict[str, object] = {}
    email = _clean_email(data.email)
    if email != user.email.lower():
        if not person.created_account:
            raise ActionError(
                _(
                    "%(email)s had an account before it was provisioned, so its address "
                    "cannot be changed from the directory."
                )
                % {"email": user.email},
                field="userName",
            )
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise Conflict(
                _("Another account already has the address %(email)s.") % {"email": email},
                field="userName",
            )
        user.email = changes["email"] = email
    # An account that existed before is the person's own; the directory only links it.
    if person.created_account and data.name and data.name[:150] != user.name:
        user.name = changes["name"] = data.name[:150]
    if changes:
        user.save(update_fields=list(changes))
    if data.external_id and data.external_id != person.external_id:
        person.external_id = data.external_id[:200]
        changes["external_id"] = True
    if data.active != person.active:
        _set_active(organisation, person, data.active, source)
        changes["active"] = data.active
    if changes:
        person.save()
        # Which fields, never the values: the log is no copy of the directory.
        record(
            None,
            organisation,
            "directory.person.update",
            person.code,
            via=source,
            fields=sorted(changes),
            active=person.active,
        )
    return person


@transaction.atomic
def delete_person(person: ProvisionedPerson, source: str) -> None:
    """Forget the link and end the membership; the account stays (it may be in other
    organisations, and it signs charters)."""
    _set_active(person.organisation, person, False, source)
    record(None, person.organisation, "directory.person.delete", person.code, via=source)
    person.delete()
