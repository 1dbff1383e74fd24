"""An organisation's sign-in settings over REST (tag `sso`), for its admins.

Thin: each handler fetches through `access` and changes through `actions.rules`.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vogter.api.schemas import ErrorOut
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_organisation_for_user, get_unit_in
from vogter.organisations.models import Organisation, Role, Unit
from vogter.sso import access, config
from vogter.sso.actions import rules as rule_actions
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy

router = Router(tags=["sso"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class SsoDomainOut(Schema):
    code: str
    domain: str


class SsoRuleOut(Schema):
    code: str
    position: int
    claim: str
    value: str
    unit: str | None
    role: Role
    is_manager: bool
    is_union_rep: bool
    is_safety_rep: bool


class SignInOut(Schema):
    provider: str | None
    local_passwords_off: bool
    domains: list[SsoDomainOut]
    rules: list[SsoRuleOut]


class SignInPatch(Schema):
    local_passwords_off: bool


class SsoDomainIn(Schema):
    domain: str


class SsoRuleIn(Schema):
    claim: str = "groups"
    value: str
    unit: str | None = None
    role: Role = Role.MEMBER
    is_manager: bool = False
    is_union_rep: bool = False
    is_safety_rep: bool = False


class SsoMoveIn(Schema):
    up: bool = True  # False: down


def _rule_out(rule: ClaimRule) -> SsoRuleOut:
    return SsoRuleOut(
        code=rule.code,
        position=rule.position,
        claim=rule.claim,
        value=rule.value,
        unit=rule.unit.code if rule.unit else None,
        role=Role(rule.role),
        is_manager=rule.is_manager,
        is_union_rep=rule.is_union_rep,
        is_safety_rep=rule.is_safety_rep,
    )


def _sign_in_out(organisation: Organisation) -> SignInOut:
    provider = config.provider()
    policy = SignInPolicy.objects.filter(organisation=organisation).first()
    rules = ClaimRule.objects.filter(organisation=organisation).select_related("unit")
    return SignInOut(
        provider=provider.name if provider else None,
        local_passwords_off=bool(policy and policy.local_passwords_off),
        domains=[
            SsoDomainOut(code=d.code, domain=d.domain)
            for d in SignInDomain.objects.filter(organisation=organisation)
        ],
        rules=[_rule_out(rule) for rule in rules],
    )


def _admin_org(request: AuthedHttpRequest, org: str) -> Organisation:
    return get_organisation_for_user(request.user, org, roles=ADMIN_ROLES)


def _unit(organisation: Organisation, code: str | None) -> Unit | None:
    if code is None:
        return None
    try:
        return get_unit_in(organisation, code)
    except Http404:
        raise ActionError(_("That unit does not exist."), field="unit") from None


@router.get(
    "/{org}/sign-in",
    response={200: SignInOut, **ERRORS},
    summary="Get the organisation's sign-in: domains, claim rules, local passwords",
)
def get_sign_in(request: AuthedHttpRequest, org: str) -> SignInOut:
    return _sign_in_out(_admin_org(request, org))


@router.patch(
    "/{org}/sign-in",
    response={200: SignInOut, **ERRORS},
    summary="Switch local passwords off or on for the organisation",
)
def update_sign_in(request: AuthedHttpRequest, org: str, body: SignInPatch) -> SignInOut:
    organisation = _admin_org(request, org)
    rule_actions.set_local_passwords(request.user, organisation, off=body.local_passwords_off)
    return _sign_in_out(organisation)


@router.post(
    "/{org}/sign-in/domains",
    response={201: SsoDomainOut, **ERRORS},
    summary="Add an e-mail domain whose people join the organisation when they sign in",
)
def add_domain(request: AuthedHttpRequest, org: str, body: SsoDomainIn) -> Status[SsoDomainOut]:
    found = rule_actions.add_domain(request.user, _admin_org(request, org), body.domain)
    return Status(201, SsoDomainOut(code=found.code, domain=found.domain))


@router.delete(
    "/{org}/sign-in/domains/{domain_code}",
    response={204: None, **ERRORS},
    summary="Remove a sign-in domain",
)
def remove_domain(request: AuthedHttpRequest, org: str, domain_code: str) -> Status[None]:
    domain = access.get_domain_for_admin(request.user, org, domain_code)
    rule_actions.remove_domain(request.user, domain)
    return Status(204, None)


@router.post(
    "/{org}/sign-in/rules",
    response={201: SsoRuleOut, **ERRORS},
    summary="Add a rule mapping a claim's value to a unit and role (last in order)",
)
def add_rule(request: AuthedHttpRequest, org: str, body: SsoRuleIn) -> Status[SsoRuleOut]:
    organisation = _admin_org(request, org)
    rule = rule_actions.add_rule(
        request.user,
        organisation,
        claim=body.claim,
        value=body.value,
        unit=_unit(organisation, body.unit),
        role=body.role,
        is_manager=body.is_manager,
        is_union_rep=body.is_union_rep,
        is_safety_rep=body.is_safety_rep,
    )
    return Status(201, _rule_out(rule))


@router.delete(
    "/{org}/sign-in/rules/{rule_code}",
    response={204: None, **ERRORS},
    summary="Remove a claim rule",
)
def delete_rule(request: AuthedHttpRequest, org: str, rule_code: str) -> Status[None]:
    rule_actions.delete_rule(request.user, access.get_rule_for_admin(request.user, org, rule_code))
    return Status(204, None)


@router.post(
    "/{org}/sign-in/rules/{rule_code}/move",
    response={200: SsoRuleOut, **ERRORS},
    summary="Move a claim rule one place up or down",
)
def move_rule(request: AuthedHttpRequest, org: str, rule_code: str, body: SsoMoveIn) -> SsoRuleOut:
    rule = access.get_rule_for_admin(request.user, org, rule_code)
    return _rule_out(rule_actions.move_rule(request.user, rule, up=body.up))
