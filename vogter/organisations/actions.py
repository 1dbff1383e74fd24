"""Every change to organisations, units and memberships goes through here.

The web views, the REST API and the `vogter` command all call these functions,
so they validate alike, write the audit entry alike, and cannot drift apart.
An ActionError carries a message for the person, in their language.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.disclosure.rules import DEFAULT, FLOOR
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import (
    LEVEL_RANK,
    Closed,
    Invitation,
    Membership,
    Organisation,
    Role,
    Unit,
    UnitLevel,
)

# No figure about people over fewer than this (vogter/disclosure/rules.py: FLOOR is 3).
MIN_GROUP_SIZE_RANGE = (FLOOR, 100)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("A name is required."), field="name")
    if len(name) > 200:
        raise ActionError(_("The name can be at most 200 characters."), field="name")
    return name


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


# --- Organisations ----------------------------------------------------------------


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
        name=_clean_name(name),
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
    name = _clean_name(name) if name is not None else organisation.name
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


# --- Units ------------------------------------------------------------------------


def _check_placement(unit: Unit | None, level: str, parent: Unit | None) -> None:
    """A unit sits under a unit of the same or a higher level, never under itself."""
    if level not in UnitLevel.values:
        raise ActionError(_("Choose a level."), field="level")
    if parent is None:
        return
    if LEVEL_RANK[UnitLevel(level)] > parent.rank:
        raise ActionError(
            _("A %(level)s cannot be part of a %(parent_level)s.")
            % {
                "level": UnitLevel(level).label.lower(),
                "parent_level": UnitLevel(parent.level).label.lower(),
            },
            field="parent",
        )
    if unit is not None:
        ancestor: Unit | None = parent
        while ancestor is not None:
            if ancestor.pk == unit.pk:
                raise ActionError(
                    _("A unit cannot be part of itself or of one of its own parts."),
                    field="parent",
                )
            ancestor = ancestor.parent
        too_big = [
            child for child in unit.children.all() if child.rank > LEVEL_RANK[UnitLevel(level)]
        ]
        if too_big:
            raise ActionError(
                _("%(child)s is of a higher level and cannot be part of this unit.")
                % {"child": too_big[0].name},
                field="level",
            )


def _check_parent_in(organisation: Organisation, parent: Unit | None) -> None:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="parent")


@transaction.atomic
def create_unit(
    actor: User | None,
    organisation: Organisation,
    name: str,
    level: str,
    parent: Unit | None = None,
) -> Unit:
    _lock_organisation(organisation.pk)
    _check_parent_in(organisation, parent)
    _check_placement(None, level, parent)
    unit = Unit.objects.create(
        organisation=organisation, name=_clean_name(name), level=level, parent=parent
    )
    record(
        actor,
        organisation,
        "unit.create",
        unit.code,
        name=unit.name,
        level=level,
        parent=parent.code if parent else None,
    )
    return unit


_UNSET: Any = object()


@transaction.atomic
def update_unit(
    actor: User | None,
    unit: Unit,
    *,
    name: str | None = None,
    level: str | None = None,
    parent: Unit | None = _UNSET,
) -> Unit:
    _lock_organisation(unit.organisation_id)
    # Both were read before the lock; another change may have moved them since.
    unit.refresh_from_db(fields=["parent", "level"])
    if parent is not _UNSET and parent is not None:
        parent.refresh_from_db(fields=["parent", "level"])
    new_name = _clean_name(name) if name is not None else unit.name
    new_level = level if level is not None else unit.level
    new_parent = unit.parent if parent is _UNSET else parent
    _check_parent_in(unit.organisation, new_parent)
    _check_placement(unit, new_level, new_parent)
    changes: dict[str, Any] = {}
    if new_name != unit.name:
        changes["name"] = new_name
    if new_level != unit.level:
        changes["level"] = new_level
    if new_parent != unit.parent:
        changes["parent"] = new_parent.code if new_parent else None
    if changes:
        unit.name, unit.level, unit.parent = new_name, new_level, new_parent
        unit.save(update_fields=list(changes))
        record(actor, unit.organisation, "unit.update", unit.code, **changes)
    return unit


@transaction.atomic
def delete_unit(actor: User | None, unit: Unit) -> None:
    if unit.children.exists():
        raise ActionError(
            _("%(unit)s still has parts. Move or delete them first.") % {"unit": unit.name}
        )
    # A charter belongs to its unit for good (its versions and signatures name it).
    if unit.charters.exists():
        raise ActionError(_("%(unit)s has a charter and cannot be deleted.") % {"unit": unit.name})
    record(actor, unit.organisation, "unit.delete", unit.code, name=unit.name)
    unit.delete()


# --- People -----------------------------------------------------------------------


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise ActionError(_("Choose a role."), field="role")
    return role


def _check_unit_in(organisation: Organisation, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")


def invitation_url(invitation: Invitation, site_url: str | None = None) -> str:
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("organisations:accept_invitation", args=[invitation.token])


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
    _check_role(role)
    _check_unit_in(organisation, unit)
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
    with translation.override(invitation.organisation.default_language):
        context = {"invitation": invitation, "url": url, "inviter": invitation.created_by}
        subject = render_to_string("organisations/email/invitation_subject.txt", context)
        body = render_to_string("organisations/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


@transaction.atomic
def revoke_invitation(actor: User | None, invitation: Invitation) -> None:
    """Withdraw a link that still has a place left; those who joined through it stay."""
    if invitation.revoked_at is None and invitation.uses < invitation.max_uses:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(actor, invitation.organisation, "invitation.revoke", invitation.code)


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


def is_for(invitation: Invitation, user: User) -> bool:
    """Whether this account may accept the invitation itself (a team link: anyone)."""
    return not invitation.email or invitation.email.lower() == user.email.lower()


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


def _lock_organisation(organisation_id: int) -> None:
    """Serialise changes that check the organisation's state before writing.

    Two admins demoting each other at once would each still see the other as admin
    and leave none; two moves at once could each pass the cycle check and make one.
    Holding the organisation's row makes the second wait and then see the first.
    (SQLite needs no lock: its IMMEDIATE transactions already run one at a time.)
    """
    Organisation.objects.select_for_update().filter(pk=organisation_id).values_list(
        "pk", flat=True
    ).get()


def _other_admins(membership: Membership) -> bool:
    _lock_organisation(membership.organisation_id)
    return (
        Membership.objects.filter(organisation=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_membership(
    actor: User | None,
    membership: Membership,
    *,
    role: str | None = None,
    unit: Unit | None = _UNSET,
    is_manager: bool | None = None,
    is_union_rep: bool | None = None,
    is_safety_rep: bool | None = None,
) -> Membership:
    changes: dict[str, Any] = {}
    if role is not None and role != membership.role:
        _check_role(role)
        if membership.role == Role.ADMIN and not _other_admins(membership):
            raise ActionError(
                _(
                    "An organisation needs at least one organisation admin. Make someone else "
                    "admin first."
                ),
                field="role",
            )
        membership.role = changes["role"] = role
    if unit is not _UNSET and unit != membership.unit:
        _check_unit_in(membership.organisation, unit)
        membership.unit = unit
        changes["unit"] = unit.code if unit else None
    for field, value in (
        ("is_manager", is_manager),
        ("is_union_rep", is_union_rep),
        ("is_safety_rep", is_safety_rep),
    ):
        if value is not None and value != getattr(membership, field):
            setattr(membership, field, value)
            changes[field] = value
    if changes:
        membership.save(update_fields=list(changes))
        record(actor, membership.organisation, "membership.change", membership.code, **changes)
    return membership


@transaction.atomic
def remove_membership(actor: User | None, membership: Membership) -> None:
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise ActionError(
            _("The last organisation admin cannot be removed. Make someone else admin first.")
        )
    record(actor, membership.organisation, "membership.remove", membership.code)
    membership.delete()
