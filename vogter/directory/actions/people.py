"""People pushed by an identity provider (SCIM Users): an account and a membership in the
organisation. Deactivating a person removes their membership and nothing else: their
account, what they wrote under their name and every anonymous answer stay as they are.

`source` says where a change came from for the audit log (`scim:<token code>`); the
audit entry has no person, as a change from the command line has none.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
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


def address_taken(email: str) -> str:
    """One wording for every address the directory may not take: provisioned already, or
    an account it may not link. Which of them it is stays unsaid, so that a token or a
    file cannot probe which addresses have an account somewhere else."""
    return _("The address %(email)s is already in use.") % {"email": email}


@dataclass
class PersonData:
    """What a SCIM User says about a person, read from the request (see scim/resources)."""

    email: str
    name: str = ""
    external_id: str = ""
    active: bool = True
    language: str = ""
    # The provider's own login name (Entra ID: the user principal name), which need not be
    # the mailbox; re-pushes are matched on it and on externalId.
    user_name: str = ""


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


def _claimed_domains(organisation: Organisation) -> set[str]:
    """The e-mail domains this organisation claimed for sign-in (docs/sso.md).

    `vogter.sso` shares this floor, so its model is read by name rather than imported."""
    try:
        domains = apps.get_model("sso", "SignInDomain")
    except LookupError:  # an installation without single sign-on
        return set()
    return {
        d.lower()
        for d in domains.objects.filter(organisation=organisation).values_list("domain", flat=True)
    }


def linkable(organisation: Organisation, users: Iterable[User]) -> set[int]:
    """The ids of the existing accounts the directory may link to this organisation: those
    already members of it, and those in no other organisation whose address is at a domain
    it claimed for sign-in. An account in another organisation is that organisation's too:
    linking it would let one organisation's directory take, rename and inspect another's
    people."""
    users = list(users)
    ids = [u.pk for u in users]
    if not ids:
        return set()
    members = set(
        Membership.objects.filter(organisation=organisation, user__in=ids).values_list(
            "user_id", flat=True
        )
    )
    elsewhere = set(
        Membership.objects.filter(user__in=ids)
        .exclude(organisation=organisation)
        .values_list("user_id", flat=True)
    ) | set(
        ProvisionedPerson.objects.filter(user__in=ids)
        .exclude(organisation=organisation)
        .values_list("user_id", flat=True)
    )
    domains = _claimed_domains(organisation)
    return members | {
        u.pk
        for u in users
        if u.pk not in elsewhere and u.email.rpartition("@")[2].lower() in domains
    }


def in_other_organisations(organisation: Organisation, user: User) -> bool:
    return (
        Membership.objects.filter(user=user).exclude(organisation=organisation).exists()
        or ProvisionedPerson.objects.filter(user=user).exclude(organisation=organisation).exists()
    )


def account_for(
    organisation: Organisation, email: str, name: str, language: str
) -> tuple[User, bool]:
    """The account with this address, made if there is none, and whether it was made.

    A new account has no password: the person signs in through single sign-on, or sets
    one with "Forgot your password?". An existing account is never renamed here, and is
    linked only where `linkable` allows; otherwise the address is refused as taken."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if user.pk not in linkable(organisation, [user]):
            raise Conflict(address_taken(email), field="userName")
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
    user_name = data.user_name.strip()[:254] or email
    mine = ProvisionedPerson.objects.filter(organisation=organisation)
    if mine.filter(user__email__iexact=email).exists():
        raise Conflict(address_taken(email), field="userName")
    if mine.filter(user_name__iexact=user_name).exists() or (
        data.external_id and mine.filter(external_id=data.external_id[:200]).exists()
    ):
        raise Conflict(
            _("%(user_name)s has been provisioned already.") % {"user_name": user_name},
            field="userName",
        )
    user, created = account_for(organisation, email, data.name, data.language)
    person = ProvisionedPerson.objects.create(
        organisation=organisation,
        user=user,
        user_name=user_name,
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
    # The account is the directory's to change only while it is in no other organisation:
    # once it has joined one, its address and name are the person's own there too.
    owned = person.created_account and not in_other_organisations(organisation, user)
    if email != user.email.lower():
        if not owned:
            raise ActionError(
                _(
                    "The account of %(email)s is not only this organisation's, so its "
                    "address cannot be changed from the directory."
                )
                % {"email": user.email},
                field="userName",
            )
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise Conflict(address_taken(email), field="userName")
        user.email = changes["email"] = email
    # A name the account does not take is left as it is rather than refused: the provider
    # pushes the name with every change, and the rest of the change must still go through.
    if owned and data.name and data.name[:150] != user.name:
        user.name = changes["name"] = data.name[:150]
    if changes:
        user.save(update_fields=list(changes))
    if data.external_id and data.external_id != person.external_id:
        person.external_id = data.external_id[:200]
        changes["external_id"] = True
    user_name = data.user_name.strip()[:254]
    if user_name and user_name != person.user_name:
        taken = ProvisionedPerson.objects.filter(
            organisation=organisation, user_name__iexact=user_name
        ).exclude(pk=person.pk)
        if taken.exists():
            raise Conflict(
                _("%(user_name)s has been provisioned already.") % {"user_name": user_name},
                field="userName",
            )
        person.user_name = user_name
        changes["user_name"] = True
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
