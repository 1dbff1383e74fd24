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
