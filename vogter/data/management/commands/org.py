from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vogter.data import portable
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.organisations.actions import organisations as organisation_actions
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
    parser.add_argument(
        "--min-group-size",
        type=int,
        help="No figure about people over fewer than this (3-100; docs/disclosure.md).",
    )


def _export_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument(
        "-o", "--output", type=Path, help="Write to this file (standard output otherwise)."
    )


def _import_args(parser: CommandParser) -> None:
    parser.add_argument("file", type=Path, help="A file written by `vogter org export`.")


class Command(SubcommandCommand):
    help = "List, create and change organisations."
    subcommands = {
        "list": ("One line per organisation: code, name, language, members.", _list_args, "list"),
        "create": ("Create an organisation with its first admin.", _create_args, "create"),
        "update": ("Rename an organisation or change its language.", _update_args, "update"),
        "export": (
            "One organisation with everything it holds, as portable JSON (no secrets).",
            _export_args,
            "export",
        ),
        "import": (
            "Create an organisation from `org export`'s file, here or on another installation.",
            _import_args,
            "import_",
        ),
    }

    def list(self, user: str | None = None, **options: Any) -> None:
        orgs = Organisation.objects.annotate(members=Count("memberships")).order_by("name")
        if user:
            orgs = orgs.filter(memberships__user=lookup.user(user))
        for org in orgs:
            self.line(org.code, org.name, org.default_language, org.members)

    def create(self, name: str, admin: str, language: str, **options: Any) -> None:
        org = organisation_actions.create_organisation(lookup.user(admin), name, language)
        self.line(org.code, org.name)

    def update(
        self,
        org: str,
        name: str | None,
        language: str | None,
        min_group_size: int | None = None,
        **options: Any,
    ) -> None:
        organisation = organisation_actions.update_organisation(
            None,
            lookup.organisation(org),
            name=name,
            default_language=language,
            min_group_size=min_group_size,
        )
        self.line(
            organisation.code,
            organisation.name,
            organisation.default_language,
            organisation.min_group_size,
        )

    def export(self, org: str, output: Path | None, **options: Any) -> None:
        text = portable.dumps(portable.export_organisation(lookup.organisation(org)))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": error.strerror}
            ) from error
        self.line(output, len(text.encode()))

    def import_(self, file: Path, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        imported = portable.import_organisation(data)
        self.line(imported.organisation.code, imported.organisation.name)
        for label, count in imported.rows.items():
            self.line(label, count)
        if imported.people_created:
            self.stderr.write(
                ngettext(
                    "%(count)d person had no account here and now has one without a "
                    "password: they choose one through “Forgot your password?”.",
                    "%(count)d people had no account here and now have one without a "
                    "password: they choose one through “Forgot your password?”.",
                    imported.people_created,
                )
                % {"count": imported.people_created}
            )
