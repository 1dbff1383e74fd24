from django.core.management.base import CommandError
from django.http import Http404

from vogter.accounts.models import User
from vogter.organisations.access import get_unit_in
from vogter.organisations.models import Invitation, Membership, Organisation, Unit


def organisation(code: str) -> Organisation:
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"No organisation with the code {code!r}. See `vogter org list`.")
    return found


def unit(org: Organisation, code: str) -> Unit:
    try:
        return get_unit_in(org, code)
    except Http404:
        raise CommandError(f"No unit with the code {code!r} in {org.name}.") from None


def optional_unit(org: Organisation, code: str | None) -> Unit | None:
    return None if code is None else unit(org, code)


def invitation(org: Organisation, code: str) -> Invitation:
    found = Invitation.objects.filter(organisation=org, code=code).first()
    if found is None:
        raise CommandError(f"No invitation with the code {code!r} in {org.name}.")
    return found


def membership(org: Organisation, code_or_email: str) -> Membership:
    found = (
        Membership.objects.filter(organisation=org, code=code_or_email).first()
        or Membership.objects.filter(organisation=org, user__email=code_or_email.lower()).first()
    )
    if found is None:
        raise CommandError(f"No member {code_or_email!r} in {org.name}.")
    return found


def user(email: str) -> User:
    found = User.objects.filter(email=email.strip().lower()).first()
    if found is None:
        raise CommandError(f"No account with the e-mail address {email!r}.")
    return found
