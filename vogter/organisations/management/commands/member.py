from typing import Any

from django.core.management.base import CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.organisations import actions
from vogter.organisations.management.commands import _lookup
from vogter.organisations.models import Membership, Role


def _org_arg(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _invite_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("--email", default="", help="Send the invitation to this address.")
    parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)
    parser.add_argument("--unit", help="Code of the unit the person will belong to.")


def _change_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("member", help="The membership's code or the person's e-mail.")
    parser.add_argument("--role", choices=Role.values)
    parser.add_argument("--unit", help="Code of the person's unit.")
    for flag, label in (
        ("manager", "manager"),
        ("tr", "union representative (TR)"),
        ("amr", "work-environment representative (AMR)"),
    ):
        parser.add_argument(f"--{flag}", action="store_true", default=None, help=f"Is {label}.")
        parser.add_argument(f"--no-{flag}", dest=flag, action="store_false", help=f"Not {label}.")


def _remove_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("member", help="The membership's code or the person's e-mail.")


class Command(SubcommandCommand):
    help = "List, invite, change and remove an organisation's people."
    subcommands = {
        "list": (
            "One line per person: code, e-mail, role, unit, representative roles.",
            _org_arg,
            "list",
        ),
        "invite": ("Create an invitation and print its link.", _invite_args, "invite"),
        "change": ("Change a person's role, unit or representative roles.", _change_args, "change"),
        "remove": ("Remove a person from the organisation.", _remove_args, "remove"),
    }

    def list(self, org: str, **options: Any) -> None:
        members = (
            Membership.objects.filter(organisation=_lookup.organisation(org))
            .select_related("user", "unit")
            .order_by("user__email")
        )
        for m in members:
            flags = ",".join(
                name
                for name, on in (
                    ("manager", m.is_manager),
                    ("TR", m.is_union_rep),
                    ("AMR", m.is_safety_rep),
                )
                if on
            )
            self.line(m.code, m.user.email, m.role, m.unit.code if m.unit else "", flags)

    def invite(self, org: str, email: str, role: str, unit: str | None, **options: Any) -> None:
        organisation = _lookup.organisation(org)
        invitation = actions.invite(
            None,
            organisation,
            role=role,
            email=email,
            unit=_lookup.optional_unit(organisation, unit),
        )
        self.line(invitation.code, actions.invitation_url(invitation))

    def change(
        self,
        org: str,
        member: str,
        role: str | None,
        unit: str | None,
        manager: bool | None,
        tr: bool | None,
        amr: bool | None,
        **options: Any,
    ) -> None:
        organisation = _lookup.organisation(org)
        kwargs: dict[str, Any] = {
            "role": role,
            "is_manager": manager,
            "is_union_rep": tr,
            "is_safety_rep": amr,
        }
        if unit is not None:
            kwargs["unit"] = _lookup.unit(organisation, unit)
        m = actions.change_membership(None, _lookup.membership(organisation, member), **kwargs)
        self.line(m.code, m.user.email, m.role)

    def remove(self, org: str, member: str, **options: Any) -> None:
        organisation = _lookup.organisation(org)
        m = _lookup.membership(organisation, member)
        actions.remove_membership(None, m)
        self.line(m.code, m.user.email, "removed")
