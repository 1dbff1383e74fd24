"""SCIM tokens: an organisation admin issues one for the identity provider (Entra ID's
"Secret token") and revokes it. The raw token is shown once; only its hash is kept."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.api.models import hash_token
from vogter.directory.models import ScimToken
from vogter.lib.codes import new_token
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Organisation

# Tells a SCIM token from a personal API token (`vgt_`) at a glance, in a log or a form.
SCIM_TOKEN_PREFIX = "vgs_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def issue_scim_token(
    actor: User | None, organisation: Organisation, name: str
) -> tuple[ScimToken, str]:
    """A new token for the organisation's SCIM endpoint, and its raw secret (shown once)."""
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("Give the token a name, so you can recognise it later."), field="name")
    if len(name) > 100:
        raise ActionError(_("The name can be at most 100 characters."), field="name")
    raw = SCIM_TOKEN_PREFIX + new_token(30)
    token = ScimToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=raw[: len(SCIM_TOKEN_PREFIX) + 4],
        key_hash=hash_token(raw),
        created_by=actor,
    )
    record(actor, organisation, "scim_token.issue", token.code, name=name)
    return token, raw


@transaction.atomic
def revoke_scim_token(actor: User | None, token: ScimToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, token.organisation, "scim_token.revoke", token.code)


def token_for_key(raw: str) -> ScimToken | None:
    """The live SCIM token a request presents, its organisation loaded; None otherwise."""
    if not raw.startswith(SCIM_TOKEN_PREFIX):
        return None
    token = (
        ScimToken.objects.select_related("organisation")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # At most one write a minute: a full sync pushes thousands of requests.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
