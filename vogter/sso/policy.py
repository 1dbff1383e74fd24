"""Whether a person may still use a local password (docs/sso.md).

"Local passwords off" is an organisation's decision about its own members: an account at one
of its domains that is not its member keeps its password.
"""

from django.utils.translation import gettext as _

from vogter.accounts.models import User
from vogter.sso import config
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


def refused_at_once(email: str) -> bool:
    """A password login or reset for this address is refused with the clear message before
    the password is looked at: the address is at a domain whose organisation switched
    passwords off, and it is the organisation's member's (or nobody's: there is nothing to
    tell then). Someone else's account at the domain keeps its password."""
    if not passwords_off_for_domain(email):
        return False
    user = User.objects.filter(email__iexact=email.strip()).first()
    return user is None or passwords_off_for_user(user)


def signup_refusal(email: str) -> str | None:
    """Nobody makes an account with a password for an address at a domain an organisation
    claimed: whoever did could sign up with a colleague's address before the colleague's
    first sign-in through the provider (docs/sso.md)."""
    provider = config.provider()
    if provider is None or "@" not in email:
        return None
    domain = email_domain(email)
    if not SignInDomain.objects.filter(domain=domain).exists():
        return None
    return _(
        "Addresses at %(domain)s log in through %(provider)s, without a password here. "
        "Use “Log in with %(provider)s” on the login page."
    ) % {"domain": domain, "provider": provider.name}
