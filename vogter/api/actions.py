"""Issuing and revoking personal API tokens (web profile page and `vogter token`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.api.models import TOKEN_PREFIX, ApiToken, hash_token
from vogter.lib.codes import new_token
from vogter.organisations.actions import ActionError, record


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw secret is returned once and never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("Give the token a name, so you can recognise it later."), field="name")
    if len(name) > 100:
        raise ActionError(_("The name can be at most 100 characters."), field="name")
    raw = TOKEN_PREFIX + new_token(30)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 4], key_hash=hash_token(raw)
    )
    record(user, None, "api_token.issue", token.code, name=name)
    return token, raw


def revoke_token(user: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(user, None, "api_token.revoke", token.code)


def user_for_token(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute: reads stay reads under an API client's load.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
