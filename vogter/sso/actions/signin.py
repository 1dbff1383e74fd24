"""A person signed in through the provider: their account, their organisation, their place.

Called by the authentication backend with the provider's verified claims (ID token and
userinfo together). Accounts are made on the first sign-in; the claim rules are applied on
every sign-in, so a person who changes department in the directory changes unit here too.
"""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.api.models import ApiToken
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions.checks import UNSET
from vogter.organisations.models import Membership, Organisation, Role
from vogter.sso.models import ClaimRule, SignInDomain, SignInIdentity

ROLE_RANK = {Role.MEMBER: 0, Role.FACILITATOR: 1, Role.ADMIN: 2}


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def organisation_for_email(email: str) -> Organisation | None:
    """The organisation a sign-in with this address belongs to: the one that claimed the
    address's domain, else the installation's own organisation if one is configured."""
    found = (
        SignInDomain.objects.select_related("organisation")
        .filter(domain=email_domain(email))
        .first()
    )
    if found is not None:
        return found.organisation
    if settings.VOGTER_OIDC_ORGANISATION:
        return Organisation.objects.filter(code=settings.VOGTER_OIDC_ORGANISATION).first()
    return None


def claim_holds(claim: Any, value: str) -> bool:
    """A claim holds the value when it is the value, or a list that contains it. Exact
    comparison: group names and Entra's group ids are both case-sensitive there."""
    if isinstance(claim, list):
        return any(str(item) == value for item in claim)
    return claim is not None and str(claim) == value


def sign_in(claims: dict[str, Any], language: str | None = None) -> User:
    """`language`: the one the person was using here, for a new account (else the
    organisation's).

    The account is the one linked to the provider's (issuer, subject) at an earlier sign-in.
    Without one, an existing account with the address is linked only when the provider
    confirmed the address, and never an installation superuser's or staff's; a new account
    from an unconfirmed address only at a domain an organisation claimed (docs/sso.md)."""
    try:
        return _sign_in(claims, language)
    except IntegrityError:
        # Two first sign-ins at once (two tabs): the other one made the account, the link
        # or the membership a moment ago; this one finds them now.
        return _sign_in(claims, language)


@transaction.atomic
def _sign_in(claims: dict[str, Any], language: str | None) -> User:
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise ActionError(_("Your provider did not tell Vogter your e-mail address."))
    issuer, subject = str(claims.get("iss") or ""), str(claims.get("sub") or "")
    if not issuer or not subject:
        raise ActionError(_("Your provider did not say who you are."))
    verified = email_verified(claims)
    claimed = SignInDomain.objects.filter(domain=email_domain(email)).exists()
    organisation = organisation_for_email(email)
    if organisation is None:
        raise ActionError(
            _(
                "No organisation in Vogter signs in people with addresses at %(domain)s. "
                "Ask your organisation's Vogter admin to add the domain."
            )
            % {"domain": email_domain(email)}
        )
    identity = (
        SignInIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    created = linked_existing = False
    user: User | None
    if identity is not None:
        user = identity.user
        _check_may_sign_in(user)
    else:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            _check_may_sign_in(user)
            if not verified:
                raise ActionError(_("Your provider has not confirmed your e-mail address."))
            if SignInIdentity.objects.filter(user=user, issuer=issuer).exists():
                # Someone else at the provider had this address before (addresses are
                # given again when people leave), or their provider account was made anew.
                raise ActionError(
                    _(
                        "This account belongs to another person at your provider. Ask the "
                        "installation's operator to unlink it if it is yours."
                    )
                )
            _take_over(user)
            linked_existing = True
        else:
            if not verified and not claimed:
                raise ActionError(_("Your provider has not confirmed your e-mail address."))
            # No password: the person signs in through the provider.
            user = User.objects.create_user(
                email,
                None,
                name=str(claims.get("name") or "")[:150],
                language=language or organisation.default_language,
            )
            created = True
        SignInIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    membership, joined = membership_actions.add_member(None, organisation, user, via="sso")
    if joined:
        record(user, organisation, "sso.join", membership.code, account_created=created)
    if linked_existing:
        record(user, organisation, "sso.link", membership.code)
    apply_rules(membership, claims)
    # A sign-in itself is not logged, as a password login is not: the audit log records
    # changes, and a list of when each person came would be a record of their working day.
    return user


def email_verified(claims: dict[str, Any]) -> bool:
    """The provider confirmed the address: `email_verified` true (some send the string
    "true"), or Entra ID's `xms_edov` (the domain owner verified it). Entra sends no
    `email_verified` at all, and there the address is a field its people may edit."""
    for name in ("email_verified", "xms_edov"):
        value = claims.get(name)
        if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
            return True
    return False


def _check_may_sign_in(user: User) -> None:
    if not user.is_active:
        raise ActionError(_("This account has been closed."))
    if user.is_superuser or user.is_staff:
        # The operator's accounts are not the provider's to vouch for.
        raise ActionError(_("This account cannot sign in through the provider."))


def _take_over(user: User) -> None:
    """An account made here before, now linked to the provider: whoever made it may not have
    owned the address (signup does not confirm it), so its password and personal API
    tokens stop working, and with the password its other sessions end."""
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def apply_rules(membership: Membership, claims: dict[str, Any]) -> None:
    """Give the membership the place the matching rules describe. Rules only add: the role
    is raised to the highest matched role, never lowered, and a mark is switched on, never
    off, so what an admin gave by hand stays. No matching rule leaves the place as it is."""
    rules = ClaimRule.objects.filter(organisation=membership.organisation_id).select_related("unit")
    matched = [
        rule
        for rule in rules
        # A rule made before the operator narrowed the claims no longer counts.
        if rule.claim in settings.VOGTER_OIDC_RULE_CLAIMS
        and claim_holds(claims.get(rule.claim), rule.value)
    ]
    if not matched:
        return
    unit = next((rule.unit for rule in matched if rule.unit is not None), UNSET)
    role = max(
        [Role(membership.role), *(Role(rule.role) for rule in matched)],
        key=ROLE_RANK.__getitem__,
    )
    # A mark no matching rule gives is left as it is (None), never switched off.
    place: dict[str, Any] = {
        "unit": unit,
        "is_manager": _on_or_leave([rule.is_manager for rule in matched]),
        "is_union_rep": _on_or_leave([rule.is_union_rep for rule in matched]),
        "is_safety_rep": _on_or_leave([rule.is_safety_rep for rule in matched]),
    }
    membership_actions.change_membership(None, membership, role=role, **place)


def _on_or_leave(given: list[bool]) -> bool | None:
    return True if any(given) else None


@transaction.atomic
def unlink(actor: User | None, user: User) -> int:
    """The account is no longer the provider's person's: the next sign-in with its address
    links it again, as a first sign-in would (the operator's, `vogter sso unlink`)."""
    count, _deleted = SignInIdentity.objects.filter(user=user).delete()
    if count:
        record(actor, None, "sso.unlink", user.code, identities=count)
    return count
