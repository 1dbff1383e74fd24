from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.api import actions
from vogter.api.models import ApiToken
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup


def _create_args(parser: CommandParser) -> None:
    parser.add_argument("email", help="Whose token it is; it carries that person's rights.")
    parser.add_argument("--name", required=True, help="A name to recognise it by.")
    parser.add_argument(
        "--expires-in-days",
        type=int,
        default=None,
        help=f"Stop working after this many days (1-{actions.MAX_TOKEN_DAYS}); default never.",
    )
    parser.add_argument(
        "--read-only", action="store_true", help="May only read (GET), never change anything."
    )


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("email")


def _revoke_args(parser: CommandParser) -> None:
    parser.add_argument("email")
    parser.add_argument("code", help="The token's code (from `vogter token list`).")


class Command(SubcommandCommand):
    help = "Create, list and revoke personal API tokens."
    subcommands = {
        "create": ("Create a token and print it (shown only once).", _create_args, "create"),
        "list": (
            "One line per active token: code, name, prefix, last used, expiry, access.",
            _list_args,
            "list",
        ),
        "revoke": ("Revoke a token.", _revoke_args, "revoke"),
    }

    def create(
        self, email: str, name: str, expires_in_days: int | None, read_only: bool, **options: Any
    ) -> None:
        _token, raw = actions.issue_token(
            lookup.user(email), name, expires_in_days=expires_in_days, read_only=read_only
        )
        self.line(raw)

    def list(self, email: str, **options: Any) -> None:
        tokens = ApiToken.objects.filter(user=lookup.user(email), revoked_at__isnull=True)
        for t in tokens:
            self.line(
                t.code,
                t.name,
                t.prefix + "…",
                t.last_used_at.isoformat() if t.last_used_at else "never",
                f"expires {t.expires_at.isoformat()}" if t.expires_at else "no-expiry",
                "read-only" if t.read_only else "full",
            )

    def revoke(self, email: str, code: str, **options: Any) -> None:
        token = ApiToken.objects.filter(user=lookup.user(email), code=code).first()
        if token is None:
            raise CommandError(f"No token {code!r} for {email}.")
        actions.revoke_token(token.user, token)
        self.line(code, "revoked")
