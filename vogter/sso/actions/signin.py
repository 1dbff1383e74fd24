"""A person signed in through the provider: their account, their organisation, their place.

Called by the authentication backend with the provider's verified claims (ID token and
userinfo together). Accounts are made on the first sign-in; the claim rules are applied on
every sign-in, so a person who changes department in the directory changes unit here too.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions.checks import UNSET
from vogter.organisations.models import Membership, Organisation, Role
from vogter.sso.models import ClaimRule, SignInDomain

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


@transaction.atomic
def sign_in(claims: dict[str, Any], language: str | None = None) -> User:
    """`language`: the one the person was using here, for a new account (else the
    organisation's)."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise ActionError(_("Your provider did not tell Vogter your e-mail address."))
    if claims.get("email_verified") is False:
        raise ActionError(_("Your provider has not confirmed your e-mail address."))
    organisation = organisation_for_email(email)
    if organisation is None:
        raise ActionError(
            _(
                "No organisation in Vogter signs in people with addresses at %(domain)s. "
                "Ask your organisation's Vogter admin to add the domain."
            )
            % {"domain": email_domain(email)}
        )
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        # No password: the person signs in through the provider.
        user = User.objects.create_user(
            email,
            None,
            name=str(claims.get("name") or "")[:150],
            language=language or organisation.default_language,
        )
    elif not user.is_active:
        raise ActionError(_("This account has been closed."))
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        membership = Membership.objects.create(organisation=organisation, user=user)
        record(user, organisation, "sso.join", membership.code, account_created=created)
    apply_rules(membership, claims)
    record(user, organisation, "sso.sign_in", membership.code)
    return user


def apply_rules(membership: Membership, claims: dict[str, Any]) -> None:
    """Give the membership the place the matching rules describe. No matching rule leaves it
    as it is (an admin may have placed the person by hand)."""
    rules = ClaimRule.objects.filter(organisation=membership.organisation_id).select_related("unit")
    matched = [rule for rule in rules if claim_holds(claims.get(rule.claim), rule.value)]
    if not matched:
        return
    unit = next((rule.unit for rule in matched if rule.unit is not None), UNSET)
    role = max((Role(rule.role) for rule in matched), key=ROLE_RANK.__getitem__)
    place: dict[str, Any] = {
        "unit": unit,
        "is_manager": any(rule.is_manager for rule in matched),
        "is_union_rep": any(rule.is_union_rep for rule in matched),
        "is_safety_rep": any(rule.is_safety_rep for rule in matched),
    }
    try:
        membership_actions.change_membership(None, membership, role=role, **place)
    except ActionError:
        # The last admin keeps the role until someone else is admin; the rest still applies.
        membership_actions.change_membership(None, membership, **place)
