"""Inviting people: one invitation for one address (sent by e-mail), a link, a team
link several people may use, several addresses at once; and withdrawing a link."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.notifications import lib
from vogter.organisations.actions.checks import check_role, check_unit_in
from vogter.organisations.invitations import invitation_url
from vogter.organisations.models import Invitation, Membership, Organisation, Role, Unit

# How many people one link may let in, and for how long it works.
MAX_USES_RANGE = (1, 500)
VALID_DAYS_RANGE = (1, 90)
DEFAULT_VALID_DAYS = 14


def _check_invitation_terms(
    email: str, role: str, max_uses: int, valid_days: int, representative: bool
) -> None:
    low, high = MAX_USES_RANGE
    if not low <= max_uses <= high:
        raise ActionError(
            _("A link can be used by between %(low)d and %(high)d people.")
            % {"low": low, "high": high},
            field="max_uses",
        )
    low, high = VALID_DAYS_RANGE
    if not low <= valid_days <= high:
        raise ActionError(
            _("An invitation can be valid for between %(low)d and %(high)d days.")
            % {"low": low, "high": high},
            field="valid_days",
        )
    if max_uses == 1:
        return
    if email:
        raise ActionError(
            _(
                "An invitation sent to an e-mail address is for that one person. Leave the "
                "address empty to make a link several people can use."
            ),
            field="max_uses",
        )
    # Whoever the link reaches would get the role, and a shared link travels: a
    # facilitator drafts and proposes every unit's charter, an admin does everything.
    if role != Role.MEMBER:
        raise ActionError(
            _(
                "A link for several people makes members only. Invite facilitators and admins "
                "one at a time."
            ),
            field="role",
        )
    if representative:
        raise ActionError(
            _(
                "A link for several people cannot make anyone manager, TR or AMR. Invite "
                "them one at a time, or give them the role once they have joined."
            ),
            field="max_uses",
        )


@transaction.atomic
def invite(
    actor: User | None,
    organisation: Organisation,
    *,
    role: str = Role.MEMBER,
    email: str = "",
    unit: Unit | None = None,
    is_manager: bool = False,
    is_union_rep: bool = False,
    is_safety_rep: bool = False,
    max_uses: int = 1,
    valid_days: int = DEFAULT_VALID_DAYS,
    site_url: str | None = None,
) -> Invitation:
    """Create an invitation link; with an e-mail address, send it there too.

    Without an address and with `max_uses` above 1 it is a team link: that many people
    may each join through it once, as members of `unit`, never as facilitator or admin
    or with a representative role.
    """
    check_role(role)
    check_unit_in(organisation, unit)
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(_("Enter a valid e-mail address."), field="email") from None
    _check_invitation_terms(
        email, role, max_uses, valid_days, is_manager or is_union_rep or is_safety_rep
    )
    if email and Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise ActionError(_("%(email)s is already a member.") % {"email": email}, field="email")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        unit=unit,
        is_manager=is_manager,
        is_union_rep=is_union_rep,
        is_safety_rep=is_safety_rep,
        max_uses=max_uses,
        expires_at=timezone.now() + timedelta(days=valid_days),
        created_by=actor,
    )
    record(
        actor,
        organisation,
        "invitation.create",
        invitation.code,
        role=role,
        email=email,
        unit=unit.code if unit else None,
        is_manager=is_manager,
        is_union_rep=is_union_rep,
        is_safety_rep=is_safety_rep,
        max_uses=max_uses,
        expires_at=invitation.expires_at.isoformat(),
    )
    if email:
        url = invitation_url(invitation, site_url)
        transaction.on_commit(lambda: _send_invitation(invitation, url))
    return invitation


@transaction.atomic
def invite_many(
    actor: User | None,
    organisation: Organisation,
    emails: list[str],
    *,
    site_url: str | None = None,
    **terms: Any,
) -> list[Invitation]:
    """Invite several addresses at once: all of them, or none and a message naming the problems.

    `terms` are `invite`'s: role, unit, representative roles, validity.
    """
    invalid = []
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(email)
    if invalid:
        raise ActionError(
            _("These addresses are not valid: %(emails)s") % {"emails": ", ".join(invalid)},
            field="email",
        )
    members = list(
        Membership.objects.filter(organisation=organisation, user__email__in=emails)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
    if members:
        raise ActionError(
            _("Already members: %(emails)s") % {"emails": ", ".join(members)}, field="email"
        )
    return [
        invite(actor, organisation, email=email, site_url=site_url, **terms) for email in emails
    ]


def _send_invitation(invitation: Invitation, url: str) -> None:
    """The invitation in the language of the account it is for, if there is one yet, else
    in the organisation's: who invited you, to what, and what Vogter is."""
    organisation = invitation.organisation
    account = User.objects.filter(email__iexact=invitation.email).first()
    language = lib.language_for(account.language if account else "", organisation.default_language)
    inviter = invitation.created_by
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": url,
            "inviter": inviter.display_name if inviter is not None else "",
            "expires": lib.day(timezone.localtime(invitation.expires_at)),
        }
        subject = render_to_string("organisations/email/invitation_subject.txt", context)
        body = render_to_string("organisations/email/invitation.txt", context)
        sender = lib.sender(organisation.name)
    send_mail(lib.one_line(subject), body, sender, [invitation.email])


@transaction.atomic
def revoke_invitation(actor: User | None, invitation: Invitation) -> None:
    """Withdraw a link that still has a place left; those who joined through it stay."""
    if invitation.revoked_at is None and invitation.uses < invitation.max_uses:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(actor, invitation.organisation, "invitation.revoke", invitation.code)
