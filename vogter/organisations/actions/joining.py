"""Joining through an invitation: accepted by the invited account (anyone, for a team
link), or asked for with another account and confirmed by an admin. Each join takes one
of the invitation's places."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.invitations import is_for
from vogter.organisations.models import Closed, Invitation, Membership

CLOSED_MESSAGES = {
    Closed.REVOKED: _("This invitation has been withdrawn."),
    Closed.EXPIRED: _("This invitation has expired."),
    Closed.USED_UP: _("This invitation has already been used by as many people as it allows."),
}


def _locked_open(invitation: Invitation) -> Invitation:
    """The invitation's row, held until the transaction ends, if it can still be used."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "unit")
        .get(pk=invitation.pk)
    )
    if invitation.closed is not None:
        raise ActionError(CLOSED_MESSAGES[invitation.closed])
    return invitation


def _join(actor: User | None, user: User, invitation: Invitation, action: str) -> Membership:
    """Let `user` in through the (locked, open) invitation and use one of its places.

    Someone already a member keeps their membership as it is; a team link keeps its
    place for someone else then.
    """
    existing = Membership.objects.filter(organisation=invitation.organisation, user=user).first()
    if existing is not None and invitation.is_team_link:
        return existing
    if existing is not None:
        # An invitation for one person, opened by someone already in: its place and its
        # roles stay for the person it was made for, and nobody is told "welcome".
        raise ActionError(
            _(
                "You are already a member of %(organisation)s. The invitation stays open; an "
                "admin can change your role or unit on the People page."
            )
            % {"organisation": invitation.organisation.name}
        )
    now = timezone.now()
    # The row is locked, but the count is checked in the same statement that raises it,
    # so no two people can take the last place even where the lock is not held.
    taken = Invitation.objects.filter(
        pk=invitation.pk,
        revoked_at__isnull=True,
        expires_at__gt=now,
        uses__lt=F("max_uses"),
    ).update(
        uses=F("uses") + 1,
        accepted_at=now,
        accepted_by=user,
        pending_user=None,
        pending_at=None,
    )
    if not taken:
        raise ActionError(CLOSED_MESSAGES[Closed.USED_UP])
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation,
        user=user,
        defaults={
            "role": invitation.role,
            "unit": invitation.unit,
            "is_manager": invitation.is_manager,
            "is_union_rep": invitation.is_union_rep,
            "is_safety_rep": invitation.is_safety_rep,
        },
    )
    record(
        actor,
        invitation.organisation,
        action,
        invitation.code,
        membership=membership.code,
        joined=created,
    )
    return membership


@transaction.atomic
def accept_invitation(user: User, invitation: Invitation) -> Membership:
    """Join through an invitation: any account through a team link or a link without an
    address, only the invited address's account through one sent by e-mail."""
    invitation = _locked_open(invitation)
    if not is_for(invitation, user):
        raise ActionError(
            _(
                "This invitation was sent to %(invited)s, and you are logged in as %(email)s. "
                "Log in with that address, or ask the admin to let you join with this account."
            )
            % {"invited": invitation.email, "email": user.email}
        )
    return _join(user, user, invitation, "invitation.accept")


@transaction.atomic
def ask_to_join(user: User, invitation: Invitation) -> None:
    """Someone holding an invitation sent to another address asks to join with their own
    account: the organisation's admins see the request and may confirm it."""
    invitation = _locked_open(invitation)
    if is_for(invitation, user):
        raise ActionError(_("This invitation is for you: accept it."))
    if Membership.objects.filter(organisation=invitation.organisation, user=user).exists():
        raise ActionError(
            _("You are already a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name}
        )
    invitation.pending_user = user
    invitation.pending_at = timezone.now()
    invitation.save(update_fields=["pending_user", "pending_at"])
    record(user, invitation.organisation, "invitation.ask", invitation.code)


@transaction.atomic
def confirm_invitation(actor: User | None, invitation: Invitation, email: str) -> Membership:
    """An admin lets in the account that asked to join through an invitation sent to
    another address, with the invitation's role, unit and representative roles.

    `email` is the asking account's address, as the admin saw it: whoever holds the link
    may ask after that, and the confirmation must not let the newcomer in instead."""
    invitation = _locked_open(invitation)
    asking = invitation.pending_user
    if asking is None:
        raise ActionError(
            _("Nobody has asked to join with another account through this invitation.")
        )
    if asking.email.lower() != (email or "").strip().lower():
        raise ActionError(
            _(
                "Someone else has asked to join through this invitation since: %(email)s. "
                "Look at the request again before you confirm it."
            )
            % {"email": asking.email},
            field="email",
        )
    if Membership.objects.filter(organisation=invitation.organisation, user=asking).exists():
        raise ActionError(_("%(person)s is already a member.") % {"person": asking.display_name})
    return _join(actor, asking, invitation, "invitation.confirm")
