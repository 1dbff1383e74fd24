from typing import Any

from django.core.management.base import CommandError, CommandParser

from vogter.accounts.models import User
from vogter.lib.cli import SubcommandCommand
from vogter.organisations import lookup
from vogter.organisations.models import Role
from vogter.sso import config
from vogter.sso.actions import rules as rule_actions
from vogter.sso.actions import signin as signin_actions
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy


def _org_args(parser: CommandParser) -> None:
    parser.add_argument("org", help="The organisation's code.")


def _domain_args(parser: CommandParser) -> None:
    _org_args(parser)
    parser.add_argument("domain", help="An e-mail domain, such as kommune.dk.")


def _rule_add_args(parser: CommandParser) -> None:
    _org_args(parser)
    parser.add_argument("value", help="The claim's value (a group's name or id).")
    parser.add_argument("--claim", default="groups", help="The claim's name (default: groups).")
    parser.add_argument("--unit", help="Code of the unit it gives.")
    parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)
    parser.add_argument("--manager", action="store_true")
    parser.add_argument("--tr", action="store_true", help="Union representative.")
    parser.add_argument("--amr", action="store_true", help="Work-environment representative.")


def _rule_args(parser: CommandParser) -> None:
    _org_args(parser)
    parser.add_argument("rule", help="The rule's code.")


def _passwords_args(parser: CommandParser) -> None:
    _org_args(parser)
    parser.add_argument("state", choices=["on", "off"], help="Local passwords on or off.")


def _unlink_args(parser: CommandParser) -> None:
    parser.add_argument("email", help="The account's e-mail address.")


class Command(SubcommandCommand):
    help = "An organisation's single sign-on: e-mail domains, claim rules, local passwords."
    subcommands = {
        "show": ("The provider, domains, rules (in order) and passwords.", _org_args, "show"),
        "domain-add": ("Add an e-mail domain.", _domain_args, "domain_add"),
        "domain-remove": ("Remove an e-mail domain.", _domain_args, "domain_remove"),
        "rule-add": ("Add a claim rule (last in order).", _rule_add_args, "rule_add"),
        "rule-remove": ("Remove a claim rule.", _rule_args, "rule_remove"),
        "passwords": ("Switch local passwords on or off.", _passwords_args, "passwords"),
        "unlink": (
            "Unlink an account from the provider's person (the next sign-in links it again).",
            _unlink_args,
            "unlink",
        ),
    }

    def unlink(self, email: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email}")
        self.line(user.email, str(signin_actions.unlink(None, user)))

    def show(self, org: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        provider = config.provider()
        policy = SignInPolicy.objects.filter(organisation=organisation).first()
        self.line("provider", provider.name if provider else "-")
        off = policy is not None and policy.local_passwords_off
        self.line("local passwords", "off" if off else "on")
        for domain in SignInDomain.objects.filter(organisation=organisation):
            self.line("domain", domain.code, domain.domain)
        for rule in ClaimRule.objects.filter(organisation=organisation).select_related("unit"):
            marks = [
                name
                for name, on in (
                    ("manager", rule.is_manager),
                    ("tr", rule.is_union_rep),
                    ("amr", rule.is_safety_rep),
                )
                if on
            ]
            self.line(
                "rule",
                rule.code,
                f"{rule.claim}={rule.value}",
                rule.unit.code if rule.unit else "-",
                rule.role,
                ",".join(marks) or "-",
            )

    def domain_add(self, org: str, domain: str, **options: Any) -> None:
        found = rule_actions.add_domain(None, lookup.organisation(org), domain)
        self.line(found.code, found.domain)

    def domain_remove(self, org: str, domain: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        found = SignInDomain.objects.filter(
            organisation=organisation, domain=domain.strip().lower()
        ).first()
        if found is None:
            raise CommandError(f"{organisation.code} has no sign-in domain {domain}")
        rule_actions.remove_domain(None, found)

    def rule_add(
        self,
        org: str,
        value: str,
        claim: str,
        unit: str | None,
        role: str,
        manager: bool,
        tr: bool,
        amr: bool,
        **options: Any,
    ) -> None:
        organisation = lookup.organisation(org)
        rule = rule_actions.add_rule(
            None,
            organisation,
            claim=claim,
            value=value,
            unit=lookup.optional_unit(organisation, unit),
            role=role,
            is_manager=manager,
            is_union_rep=tr,
            is_safety_rep=amr,
        )
        self.line(rule.code, f"{rule.claim}={rule.value}")

    def rule_remove(self, org: str, rule: str, **options: Any) -> None:
        organisation = lookup.organisation(org)
        found = ClaimRule.objects.filter(organisation=organisation, code=rule).first()
        if found is None:
            raise CommandError(f"{organisation.code} has no claim rule {rule}")
        rule_actions.delete_rule(None, found)

    def passwords(self, org: str, state: str, **options: Any) -> None:
        rule_actions.set_local_passwords(None, lookup.organisation(org), off=state == "off")
