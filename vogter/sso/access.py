"""The only way the sign-in pages and API fetch an organisation's rules and domains (one 404
for missing and foreign, as in vogter/organisations/access.py)."""

from django.http import Http404

from vogter.accounts.models import User
from vogter.organisations.access import ADMIN_ROLES, get_organisation_for_user
from vogter.sso.models import ClaimRule, SignInDomain


def get_rule_for_admin(user: User, org_code: str, rule_code: str) -> ClaimRule:
    organisation = get_organisation_for_user(user, org_code, roles=ADMIN_ROLES)
    try:
        return ClaimRule.objects.select_related("organisation").get(
            organisation=organisation, code=rule_code
        )
    except ClaimRule.DoesNotExist:
        raise Http404 from None


def get_domain_for_admin(user: User, org_code: str, domain_code: str) -> SignInDomain:
    organisation = get_organisation_for_user(user, org_code, roles=ADMIN_ROLES)
    try:
        return SignInDomain.objects.select_related("organisation").get(
            organisation=organisation, code=domain_code
        )
    except SignInDomain.DoesNotExist:
        raise Http404 from None
