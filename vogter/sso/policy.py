"""Whether a person may still use a local password (docs/sso.md)."""

from vogter.accounts.models import User
from vogter.sso.actions.signin import email_domain
from vogter.sso.models import SignInDomain, SignInPolicy


def passwords_off_for_domain(email: str) -> bool:
    """The address's domain belongs to an organisation that switched local passwords off."""
    if "@" not in email:
        return False
    return SignInDomain.objects.filter(
        domain=email_domain(email), organisation__sign_in_policy__local_passwords_off=True
    ).exists()


def passwords_off_for_user(user: User) -> bool:
    """The person is in an organisation that switched local passwords off. The installation's
    superusers keep theirs: they are the way in when the provider is down."""
    if user.is_superuser:
        return False
    return SignInPolicy.objects.filter(
        local_passwords_off=True, organisation__memberships__user=user
    ).exists()
