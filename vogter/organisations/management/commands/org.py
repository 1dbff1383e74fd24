from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db.models import Count

from vogter.lib.cli import SubcommandCommand
from vogter.organisations import actions
from vogter.organisations.management.commands import _lookup
from vogter.organisations.models import Organisation


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("--user", help="Only organisations this e-mail address belongs to.")


def _create_args(parser: CommandParser) -> None:
    parser.add_argument("name")
    parser.add_argument("--admin", required=True, help="E-mail of the first organisation admin.")
    parser.add_argument("--language", default="da", choices=[c for c, _ in settings.LANGUAGES])


def _update_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("--name")
    parser.add_argument("--language", choices=[c for c, _ in settings.LANGUAGES])


class Command(SubcommandCommand):
    help = "List, create and change organisations."
    subcommands = {
        "list": ("One line per organisation: code, name, language, members.", _list_args, "list"),
        "create": ("Create an organisation with its first admin.", _create_args, "create"),
        "update": ("Rename an organisation or change its language.", _update_args, "update"),
    }

    def list(self, user: str | None = None, **options: Any) -> None:
        orgs = Organisation.objects.annotate(members=Count("memberships")).order_by("name")
        if user:
            orgs = orgs.filter(memberships__user=_lookup.user(user))
        for org in orgs:
            self.line(org.code, org.name, org.default_language, org.members)

    def create(self, name: str, admin: str, language: str, **options: Any) -> None:
        org = actions.create_organisation(_lookup.user(admin), name, language)
        self.line(org.code, org.name)

    def update(self, org: str, name: str | None, language: str | None, **options: Any) -> None:
        organisation = actions.update_organisation(
            None, _lookup.organisation(org), name=name, default_language=language
        )
        self.line(organisation.code, organisation.name, organisation.default_language)
