"""The only way the directory pages and API fetch an organisation's SCIM token (one 404 for
missing and foreign, as in vogter/organisations/access.py)."""

from django.http import Http404

from vogter.accounts.models import User
from vogter.directory.models import ScimToken
from vogter.organisations.access import ADMIN_ROLES, get_organisation_for_user


def get_scim_token_for_admin(user: User, org_code: str, token_code: str) -> ScimToken:
    organisation = get_organisation_for_user(user, org_code, roles=ADMIN_ROLES)
    try:
        return ScimToken.objects.select_related("organisation").get(
            organisation=organisation, code=token_code
        )
    except ScimToken.DoesNotExist:
        raise Http404 from None
