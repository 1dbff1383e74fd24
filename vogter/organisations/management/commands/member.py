from typing import Any

from django.core.management.base import CommandParser

from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.invitations import invitation_url
from vogter.organisations.models import Invitation, Membership, Role


def _org_arg(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


REPRESENTATIVE_FLAGS = (
    ("manager", "manager"),
    ("tr", "union representative (TR)"),
    ("amr", "work-environment representative (AMR)"),
)


def _invite_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument(
        "--email",
        default="",
        help="Send the invitation to this address; only an account with it may accept.",
    )
    parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)
    parser.add_argument("--unit", help="Code of the unit the person will belong to.")
    for flag, label in REPRESENTATIVE_FLAGS:
        parser.add_argument(f"--{flag}", action="store_true", help=f"Will be {label}.")
    parser.add_argument(
        "--max-uses",
        type=int,
        default=1,
        help="How many people may join through the link (1-500; above 1 a team link, "
        "without --email and without admin or representative roles).",
    )
    parser.add_argument(
        "--valid-days", type=int, default=invitation_actions.DEFAULT_VALID_DAYS, help="1-90 days."
    )


def _invitation_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("invitation", help="The invitation's code (see `member invitations`).")


def _change_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("member", help="The membership's code or the person's e-mail.")
    parser.add_argument("--role", choices=Role.values)
    parser.add_argument("--unit", help="Code of the person's unit.")
    for flag, label in REPRESENTATIVE_FLAGS:
        parser.add_argument(f"--{flag}", action="store_true", default=None, help=f"Is {label}.")
        parser.add_argument(f"--no-{flag}", dest=flag, action="store_false", help=f"Not {label}.")


def _confirm_args(parser: CommandParser) -> None:
    _invitation_args(parser)
    parser.add_argument(
        "email", help="The asking account's address, as `member invitations` shows it."
    )


def _remove_args(parser: CommandParser) -> None:
    _org_arg(parser)
    parser.add_argument("member", help="The membership's code or the person's e-mail.")


def _flags(holder: Membership | Invitation) -> str:
    return ",".join(
        name
        for name, on in (
            ("manager", holder.is_manager),
            ("TR", holder.is_union_rep),
            ("AMR", holder.is_safety_rep),
        )
        if on
    )


class Command(SubcommandCommand):
    help = "List, invite, change and remove an organisation's people."
    subcommands = {
        "list": (
            "One line per person: code, e-mail, role, unit, representative roles.",
            _org_arg,
            "list",
        ),
        "invite": ("Create an invitation and print its link.", _invite_args, "invite"),
        "invitations": (
            "One line per open invitation: code, e-mail, role, unit, representative roles, "
            "uses/max, expiry, the account asking to join instead.",
            _org_arg,
            "invitations",
        ),
        "confirm": (
            "Let in the account that asked to join through an invitation sent to another address.",
            _confirm_args,
            "confirm",
        ),
        "withdraw": ("Withdraw an open invitation.", _invitation_args, "withdraw"),
        "change": ("Change a person's role, unit or representative roles.", _change_args, "change"),
        "remove": ("Remove a person from the organisation.", _remove_args, "remove"),
    }

    def list(self, org: str, **options: Any) -> None:
        members = (
            Membership.objects.filter(organisation=lookup.organisation(org))
            .select_related("user", "unit")
            .order_by("user__email")
        )
        for m in members:
            self.line(m.code, m.user.email, m.role, m.unit.code if m.unit else "", _flags(m))

    def invite(
        self,
        org: str,
        email: str,
        role: str,
        unit: str | None,
        manager: bool,
        tr: bool,
        amr: bool,
        max_uses: int,
        valid_days: int,
        **options: Any,
    ) -> None:
        organisation = lookup.organisation(org)
        invitation = invitation_actions.invite(
            None,
            organisation,
            role=role,
            email=email,
            unit=lookup.optional_unit(organisation, unit),
            is_manager=manager,
            is_union_rep=tr,
            is_safety_rep=amr,
            max_uses=max_uses,
            valid_days=valid_days,
        )
        self.line(invitation.code, invitation_url(invitation))

    def invitations(self, org: str, **options: Any) -> None:
        invitations = (
            Invitation.objects.open()
            .filter(organisation=lookup.organisation(org))
            .select_related("unit", "pending_user")
            .order_by("created_at")
        )
        for inv in invitations:
            self.line(
                inv.code,
                inv.email,
                inv.role,
                inv.unit.code if inv.unit else "",
                _flags(inv),
                f"{inv.uses}/{inv.max_uses}",
                inv.expires_at.isoformat(timespec="seconds"),
                inv.pending_user.email if inv.pending_user else "",
            )

    def confirm(self, org: str, invitation: str, email: str, **options: Any) -> None:
        inv = lookup.invitation(lookup.organisation(org), invitation)
        m = joining_actions.confirm_invitation(None, inv, email)
        self.line(m.code, m.user.email, m.role)

    def withdraw(self, org: str, invitation: str, **options: Any) -> None:
        inv = lookup.invitation(lookup.organisation(org), invitation)
        invitation_actions.revoke_invitation(None, inv)
        self.line(inv.code, "withdrawn")

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
        organisation = lookup.organisation(org)
        kwargs: dict[str, Any] = {
            "role": role,
            "is_manager": manager,
            "is_union_rep": tr,
            "is_safety_rep": amr,
        }
        if unit is not None:
            kwargs["unit"] = lookup.unit(organisation, unit)
        m = membership_actions.change_membership(
            None, lookup.membership(organisation, member), **kwargs
        )
        self.line(m.code, m.user.email, m.role)

    def remove(self, org: str, member: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        m = lookup.membership(organisation, member)
        membership_actions.remove_membership(None, m)
        self.line(m.code, m.user.email, "removed")
