from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.api import actions
from vogter.api.models import ApiToken
from vogter.lib.cli import SubcommandCommand
from vogter.organisations.management.commands import _lookup


def _create_args(parser: CommandParser) -> None:
    parser.add_argument("email", help="Whose token it is; it carries that person's rights.")
    parser.add_argument("--name", required=True, help="A name to recognise it by.")


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("email")


def _revoke_args(parser: CommandParser) -> None:
    parser.add_argument("email")
    parser.add_argument("code", help="The token's code (from `vogter token list`).")


class Command(SubcommandCommand):
    help = "Create, list and revoke personal API tokens."
    subcommands = {
        "create": ("Create a token and print it (shown only once).", _create_args, "create"),
        "list": ("One line per active token: code, name, prefix, last used.", _list_args, "list"),
        "revoke": ("Revoke a token.", _revoke_args, "revoke"),
    }

    def create(self, email: str, name: str, **options: Any) -> None:
        _token, raw = actions.issue_token(_lookup.user(email), name)
        self.line(raw)

    def list(self, email: str, **options: Any) -> None:
        tokens = ApiToken.objects.filter(user=_lookup.user(email), revoked_at__isnull=True)
        for t in tokens:
            self.line(
                t.code,
                t.name,
                t.prefix + "…",
                t.last_used_at.isoformat() if t.last_used_at else "never",
            )

    def revoke(self, email: str, code: str, **options: Any) -> None:
        token = ApiToken.objects.filter(user=_lookup.user(email), code=code).first()
        if token is None:
            raise CommandError(f"No token {code!r} for {email}.")
        actions.revoke_token(token.user, token)
        self.line(code, "revoked")
