"""What the pages, the API and the command read about an invitation: the address it
is accepted at, and whether an account may accept it itself. The changes are in
`actions/invitations.py` and `actions/joining.py`."""

from django.conf import settings
from django.urls import reverse

from vogter.accounts.models import User
from vogter.organisations.models import Invitation


def invitation_url(invitation: Invitation, site_url: str | None = None) -> str:
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("organisations:accept_invitation", args=[invitation.token])


def is_for(invitation: Invitation, user: User) -> bool:
    """Whether this account may accept the invitation itself (a team link: anyone)."""
    return not invitation.email or invitation.email.lower() == user.email.lower()
