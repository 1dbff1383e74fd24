from typing import Any

from django.core.management.base import CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import UnitLevel
from vogter.organisations.tree import flatten, unit_tree


def _list_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _add_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("name")
    parser.add_argument("--level", required=True, choices=UnitLevel.values)
    parser.add_argument("--parent", help="Code of the unit it is part of.")


def _update_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("unit", help="The unit's code.")
    parser.add_argument("--name")
    parser.add_argument("--level", choices=UnitLevel.values)
    parser.add_argument("--parent", help="Code of the unit to move it under.")
    parser.add_argument("--top", action="store_true", help="Move it to the top.")


def _delete_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")
    parser.add_argument("unit", help="The unit's code.")


class Command(SubcommandCommand):
    help = "List, add, change and delete an organisation's units."
    subcommands = {
        "list": ("The unit tree: code, level, name (indented), members.", _list_args, "list"),
        "add": ("Add a unit.", _add_args, "add"),
        "update": ("Rename a unit, change its level or move it.", _update_args, "update"),
        "delete": ("Delete a unit that has no parts.", _delete_args, "delete"),
    }

    def list(self, org: str, **options: Any) -> None:
        for node in flatten(unit_tree(lookup.organisation(org))):
            self.line(
                node.unit.code,
                node.unit.level,
                "  " * node.depth + node.unit.name,
                node.member_count,
            )

    def add(self, org: str, name: str, level: str, parent: str | None, **options: Any) -> None:
        organisation = lookup.organisation(org)
        unit = unit_actions.create_unit(
            None, organisation, name, level, lookup.optional_unit(organisation, parent)
        )
        self.line(unit.code, unit.level, unit.name)

    def update(
        self,
        org: str,
        unit: str,
        name: str | None,
        level: str | None,
        parent: str | None,
        top: bool,
        **options: Any,
    ) -> None:
        organisation = lookup.organisation(org)
        the_unit = lookup.unit(organisation, unit)
        kwargs: dict[str, Any] = {"name": name, "level": level}
        if top:
            kwargs["parent"] = None
        elif parent:
            kwargs["parent"] = lookup.unit(organisation, parent)
        the_unit = unit_actions.update_unit(None, the_unit, **kwargs)
        self.line(the_unit.code, the_unit.level, the_unit.name)

    def delete(self, org: str, unit: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        the_unit = lookup.unit(organisation, unit)
        unit_actions.delete_unit(None, the_unit)
        self.line(unit, "deleted")
