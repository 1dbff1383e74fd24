from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.charters import lookup as charter_lookup
from vogter.commons import actions, search
from vogter.commons.models import (
    CommonsPrinciple,
    Coordinator,
    Publication,
    Sector,
    SizeBand,
    TemplatePrinciple,
)
from vogter.lib.cli import SubcommandCommand, no_arguments
from vogter.organisations import lookup
from vogter.principles.models import Level


def _publish_args(parser: CommandParser) -> None:
    parser.add_argument("charter", help="The charter's code (see `vogter charter list`).")
    parser.add_argument("--sector", required=True, choices=Sector.values)
    parser.add_argument("--size", required=True, choices=SizeBand.values, dest="size_band")
    parser.add_argument(
        "--show-name", action="store_true", help="Publish the organisation's name too."
    )
    parser.add_argument(
        "--share-reflection",
        action="store_true",
        help="Count the charter's reflection in the national averages by sector.",
    )


def _charter_arg(parser: CommandParser) -> None:
    parser.add_argument("charter", help="The charter's code.")


def _preview_args(parser: CommandParser) -> None:
    parser.add_argument("charter", help="The charter's code.")
    parser.add_argument("--show-name", action="store_true", help="As if the name were shown.")


def _search_args(parser: CommandParser) -> None:
    parser.add_argument("query", help="Words to look for, in Danish or English.")
    parser.add_argument("--limit", type=int, default=20)


def _template_add_args(parser: CommandParser) -> None:
    parser.add_argument("--da", default="", help="The statement in Danish.")
    parser.add_argument("--en", default="", help="The statement in English.")
    parser.add_argument(
        "--cell",
        action="append",
        default=[],
        metavar="LEVEL=TEXT",
        help=f"What it means at a level ({', '.join(Level.values)}); repeat for each.",
    )
    parser.add_argument("--note", default="")
    parser.add_argument("--from", dest="source", help="A published principle's code.")


def _code_arg(parser: CommandParser) -> None:
    parser.add_argument("code", help="The template's code (see `vogter commons templates`).")


def _email_arg(parser: CommandParser) -> None:
    parser.add_argument("email", help="The person's e-mail address.")


class Command(SubcommandCommand):
    help = "The national commons: publish charters, search them, curate template principles."
    subcommands = {
        "publish": (
            "Publish a charter's latest adopted version to the commons, anonymised.",
            _publish_args,
            "publish",
        ),
        "preview": (
            "Show what publishing a charter would put in the commons, anonymised.",
            _preview_args,
            "preview",
        ),
        "unpublish": ("Withdraw a charter from the commons.", _charter_arg, "unpublish"),
        "list": (
            "Publications: code, organisation, charter, sector, size, version, name or -.",
            no_arguments,
            "list_publications",
        ),
        "search": ("Search the published principles.", _search_args, "search"),
        "templates": (
            "Template principles: code, offered or withdrawn, statement.",
            no_arguments,
            "templates",
        ),
        "template-add": ("Offer a new template principle.", _template_add_args, "template_add"),
        "template-withdraw": (
            "Stop offering a template principle.",
            _code_arg,
            "template_withdraw",
        ),
        "coordinators": ("The national coordinators.", no_arguments, "coordinators"),
        "coordinator-add": (
            "Make a person a national coordinator of this installation.",
            _email_arg,
            "coordinator_add",
        ),
        "coordinator-remove": (
            "Take the national coordinator role from a person.",
            _email_arg,
            "coordinator_remove",
        ),
    }

    def publish(
        self,
        charter: str,
        sector: str,
        size_band: str,
        show_name: bool,
        share_reflection: bool,
        **options: Any,
    ) -> None:
        publication = actions.publish(
            None,
            charter_lookup.charter(charter),
            sector=sector,
            size_band=size_band,
            show_name=show_name,
            share_reflection=share_reflection,
        )
        self.line(publication.code, publication.version_number, publication.principles.count())

    def preview(self, charter: str, show_name: bool, **options: Any) -> None:
        for item in actions.anonymised_copy(charter_lookup.charter(charter), show_name=show_name):
            self.line(item["statement_da"], item["statement_en"])
            for level, text in item["cells"].items():
                self.line("", level, text)

    def unpublish(self, charter: str, **options: Any) -> None:
        actions.unpublish(None, charter_lookup.charter(charter))

    def list_publications(self, **options: Any) -> None:
        for p in Publication.objects.select_related("organisation", "charter").order_by("code"):
            self.line(
                p.code,
                p.organisation.code,
                p.charter.code,
                p.sector,
                p.size_band,
                p.version_number,
                p.shown_name or "-",
            )

    def search(self, query: str, limit: int, **options: Any) -> None:
        found = search.matching(
            CommonsPrinciple.objects.select_related("publication").order_by("code"), query
        )
        for p in found[: max(1, limit)]:
            self.line(p.code, p.publication.code, p.publication.sector, p.sentence("da"))

    def templates(self, **options: Any) -> None:
        for t in TemplatePrinciple.objects.all():
            self.line(t.code, "offered" if t.active else "withdrawn", t.sentence("da"))

    def template_add(
        self, da: str, en: str, cell: list[str], note: str, source: str | None, **options: Any
    ) -> None:
        cells = {}
        for item in cell:
            level, sep, text = item.partition("=")
            if not sep:
                raise CommandError(f"--cell {item!r}: write LEVEL=TEXT.")
            cells[level.strip()] = text
        origin = None
        if source:
            origin = CommonsPrinciple.objects.filter(code=source).first()
            if origin is None:
                raise CommandError(f"No published principle with the code {source!r}.")
        template = actions.create_template(
            None, statement_da=da, statement_en=en, cells=cells, note=note, from_principle=origin
        )
        self.line(template.code)

    def template_withdraw(self, code: str, **options: Any) -> None:
        template = TemplatePrinciple.objects.filter(code=code).first()
        if template is None:
            raise CommandError(f"No template principle with the code {code!r}.")
        actions.update_template(
            None,
            template,
            statement_da=template.statement_da,
            statement_en=template.statement_en,
            cells=template.cells,
            note=template.note,
            active=False,
        )

    def coordinators(self, **options: Any) -> None:
        for c in Coordinator.objects.select_related("user").order_by("user__email"):
            self.line(c.user.email, c.user.display_name)

    def coordinator_add(self, email: str, **options: Any) -> None:
        actions.grant_coordinator(None, lookup.user(email))

    def coordinator_remove(self, email: str, **options: Any) -> None:
        actions.revoke_coordinator(None, lookup.user(email))
