from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.directory import imports
from vogter.directory.actions import tokens as token_actions
from vogter.directory.models import ScimToken
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup


def _org(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _import_args(parser: CommandParser) -> None:
    _org(parser)
    parser.add_argument("file", type=Path, help="A CSV or XLSX file of units and people.")
    parser.add_argument(
        "--dry-run", action="store_true", help="Show what would happen; save nothing."
    )


def _token_args(parser: CommandParser) -> None:
    _org(parser)
    parser.add_argument("name", help="What the token is for, e.g. 'Entra ID'.")


def _revoke_args(parser: CommandParser) -> None:
    _org(parser)
    parser.add_argument("token", help="The token's code (see `vogter directory tokens`).")


class Command(SubcommandCommand):
    help = "Import units and people from a spreadsheet; manage SCIM tokens."
    subcommands = {
        "import": (
            "Import units and people from CSV or XLSX: row, what happens, unit, e-mail. "
            "All rows or none.",
            _import_args,
            "import_file",
        ),
        "token": (
            "Make a SCIM token for the organisation's identity provider; printed once.",
            _token_args,
            "token",
        ),
        "tokens": ("The organisation's SCIM tokens: code, name, prefix, state.", _org, "tokens"),
        "revoke": ("Revoke a SCIM token.", _revoke_args, "revoke"),
    }

    def import_file(self, org: str, file: Path, dry_run: bool, **options: Any) -> None:
        organisation = lookup.organisation(org)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        preview = imports.parse(data, file.name)
        for problem in [*preview.errors, *preview.warnings]:
            self.stderr.write(problem.message)
        if preview.errors:
            raise CommandError("The file cannot be imported.")
        the_plan = imports.plan(organisation, preview)
        for row in the_plan.rows:
            said = [p.message for p in row.problems] or [o.message for o in row.outcomes]
            self.line(row.number, row.status, row.unit, row.email, "; ".join(said))
        if not dry_run:
            imports.import_directory(None, organisation, preview)
            self.stderr.write("Imported.")

    def token(self, org: str, name: str, **options: Any) -> None:
        _token, raw = token_actions.issue_scim_token(None, lookup.organisation(org), name)
        self.line(raw)

    def tokens(self, org: str, **options: Any) -> None:
        for token in ScimToken.objects.filter(organisation=lookup.organisation(org)):
            state = "revoked" if token.revoked_at else "active"
            self.line(token.code, token.name, token.prefix, state)

    def revoke(self, org: str, token: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        found = ScimToken.objects.filter(organisation=organisation, code=token).first()
        if found is None:
            raise CommandError(f"No SCIM token {token!r} in {organisation.name}.")
        token_actions.revoke_scim_token(None, found)
        self.line(found.code, "revoked")
