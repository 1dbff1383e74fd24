"""An organisation's sign-in settings changed by its admin: the claim rules, the e-mail
domains, and whether local passwords are switched off."""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.actions.checks import check_role, check_unit_in
from vogter.organisations.models import Membership, Organisation, Unit
from vogter.sso import config
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy

# Mail services anyone may have an address at: no organisation owns their addresses, so none
# may claim them (a claim decides where a sign-in goes and who may use a password).
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.dk", "outlook.com",
        "outlook.dk", "live.com", "live.dk", "msn.com", "yahoo.com", "yahoo.dk", "icloud.com",
        "me.com", "mac.com", "aol.com", "gmx.com", "gmx.net", "protonmail.com", "proton.me",
        "pm.me", "mail.dk", "jubii.dk", "ofir.dk", "sol.dk", "get2net.dk", "stofanet.dk",
        "youmail.dk", "privat.dk", "webspeed.dk", "tdcadsl.dk", "post.tele.dk", "mail.tele.dk",
        "email.dk", "city.dk", "forum.dk", "yousee.dk", "c.dk", "fibermail.dk",
    }
)  # fmt: skip

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _clean(text: str, field: str, limit: int) -> str:
    text = text.strip()
    if not text:
        raise ActionError(_("This field is required."), field=field)
    if len(text) > limit:
        raise ActionError(
            _("At most %(limit)d characters, please.") % {"limit": limit}, field=field
        )
    return text


@transaction.atomic
def add_rule(
    actor: User | None,
    organisation: Organisation,
    *,
    value: str,
    claim: str = "groups",
    unit: Unit | None = None,
    role: str = "member",
    is_manager: bool = False,
    is_union_rep: bool = False,
    is_safety_rep: bool = False,
) -> ClaimRule:
    claim = _clean(claim, "claim", 100)
    if claim not in settings.VOGTER_OIDC_RULE_CLAIMS:
        raise ActionError(
            _("Rules may use these claims: %(claims)s.")
            % {"claims": ", ".join(settings.VOGTER_OIDC_RULE_CLAIMS)},
            field="claim",
        )
    value = _clean(value, "value", 200)
    check_role(role)
    check_unit_in(organisation, unit)
    last = ClaimRule.objects.filter(organisation=organisation).aggregate(Max("position"))
    rule = ClaimRule.objects.create(
        organisation=organisation,
        position=(last["position__max"] or 0) + 1,
        claim=claim,
        value=value,
        unit=unit,
        role=role,
        is_manager=is_manager,
        is_union_rep=is_union_rep,
        is_safety_rep=is_safety_rep,
    )
    record(
        actor,
        organisation,
        "sso.rule.add",
        rule.code,
        claim=claim,
        value=value,
        unit=unit.code if unit else None,
        role=role,
        is_manager=is_manager,
        is_union_rep=is_union_rep,
        is_safety_rep=is_safety_rep,
    )
    return rule


@transaction.atomic
def delete_rule(actor: User | None, rule: ClaimRule) -> None:
    record(actor, rule.organisation, "sso.rule.delete", rule.code)
    rule.delete()


@transaction.atomic
def move_rule(actor: User | None, rule: ClaimRule, *, up: bool) -> ClaimRule:
    """Swap the rule with its neighbour above (or below); the ends stay where they are."""
    rules = list(ClaimRule.objects.select_for_update().filter(organisation=rule.organisation_id))
    index = next(i for i, other in enumerate(rules) if other.pk == rule.pk)
    other_index = index - 1 if up else index + 1
    if 0 <= other_index < len(rules):
        rules[index], rules[other_index] = rules[other_index], rules[index]
        for position, each in enumerate(rules, start=1):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
        record(actor, rule.organisation, "sso.rule.move", rule.code, up=up)
    rule.refresh_from_db()
    return rule


@transaction.atomic
def add_domain(actor: User | None, organisation: Organisation, domain: str) -> SignInDomain:
    domain = domain.strip().lower().removeprefix("@")
    if not DOMAIN.match(domain):
        raise ActionError(_("Enter a domain such as kommune.dk."), field="domain")
    if domain in PUBLIC_MAIL_DOMAINS:
        raise ActionError(
            _(
                "%(domain)s is a public e-mail service: its addresses belong to people, not "
                "to an organisation."
            )
            % {"domain": domain},
            field="domain",
        )
    if SignInDomain.objects.filter(domain=domain).exists():
        raise ActionError(
            _("%(domain)s is already used for sign-in by an organisation.") % {"domain": domain},
            field="domain",
        )
    if (
        Membership.objects.filter(user__email__iendswith="@" + domain)
        .exclude(organisation=organisation)
        .exists()
    ):
        # Their sign-ins would go to this organisation from now on.
        raise ActionError(
            _(
                "People with addresses at %(domain)s are members of another organisation in "
                "Vogter, so it cannot be this organisation's domain."
            )
            % {"domain": domain},
            field="domain",
        )
    found = SignInDomain.objects.create(organisation=organisation, domain=domain)
    record(actor, organisation, "sso.domain.add", found.code, domain=domain)
    return found


@transaction.atomic
def remove_domain(actor: User | None, domain: SignInDomain) -> None:
    record(actor, domain.organisation, "sso.domain.remove", domain.code, domain=domain.domain)
    domain.delete()


@transaction.atomic
def set_local_passwords(
    actor: User | None, organisation: Organisation, *, off: bool
) -> SignInPolicy:
    if off and config.provider() is None:
        raise ActionError(
            _(
                "Single sign-on is not set up for this installation, so local passwords "
                "cannot be switched off."
            ),
            field="local_passwords_off",
        )
    policy, _created = SignInPolicy.objects.get_or_create(organisation=organisation)
    if policy.local_passwords_off != off:
        policy.local_passwords_off = off
        policy.save(update_fields=["local_passwords_off"])
        record(actor, organisation, "sso.local_passwords", organisation.code, off=off)
    return policy
