"""Issuing and revoking personal API tokens (web profile page and `vogter token`)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.api.models import TOKEN_PREFIX, ApiToken, hash_token
from vogter.lib.codes import new_token
from vogter.lib.errors import ActionError, record

# Days a token may be made to last, at most: beyond a year, "never" says it more honestly.
MAX_TOKEN_DAYS = 365


def issue_token(
    user: User, name: str, *, expires_in_days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token; the raw secret is returned once and never stored. Without
    ``expires_in_days`` it works until revoked; a ``read_only`` one may only read."""
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("Give the token a name, so you can recognise it later."), field="name")
    if len(name) > 100:
        raise ActionError(_("The name can be at most 100 characters."), field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise ActionError(
            _("A token can last from 1 to %(max)d days, or until you revoke it.")
            % {"max": MAX_TOKEN_DAYS},
            field="expires_in_days",
        )
    raw = TOKEN_PREFIX + new_token(30)
    expires_at = (
        timezone.now() + timedelta(days=expires_in_days) if expires_in_days is not None else None
    )
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        key_hash=hash_token(raw),
        expires_at=expires_at,
        read_only=read_only,
    )
    record(
        user,
        None,
        "api_token.issue",
        token.code,
        name=name,
        expires_at=expires_at.isoformat() if expires_at else None,
        read_only=read_only,
    )
    return token, raw


def revoke_token(user: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(user, None, "api_token.revoke", token.code)


def revoke_all_tokens(user: User) -> int:
    """Revoke every token the person still has (their password was just set anew: whoever
    knew the old one may have made one). The number revoked."""
    revoked = 0
    for token in user.api_tokens.filter(revoked_at__isnull=True):
        revoke_token(user, token)
        revoked += 1
    return revoked


class RevokeTokensOnNewPassword:
    """Listed in AUTH_PASSWORD_VALIDATORS, but not a rule for passwords: Django tells every
    listed validator when a person's new password has been saved (`password_changed`),
    however it was set (a reset link, the admin, `vogter changepassword`). So this is the
    one place all of them pass, and a new password revokes the person's API tokens."""

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def get_help_text(self) -> str:
        return str(_("A new password revokes your API tokens."))

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            revoke_all_tokens(user)


def token_for_key(raw: str) -> ApiToken | None:
    """The live token a request presents, its user loaded; None for an unknown, revoked or
    deactivated person's token. Whether it has expired or may write is the caller's to ask
    (vogter/api_root.py), so it can say which."""
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
    if token.has_expired(now):
        return token
    # Write at most once a minute: reads stay reads under an API client's load.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
