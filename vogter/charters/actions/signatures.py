"""Signatures: which ones the organisation asks for (its sign-off policy), and signing a
version proposed for adoption in one of those roles."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.models import Charter, Signature, SignatureRole, SignoffPolicy, Status
from vogter.charters.versions import current_version, required_roles
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Membership, Organisation


@transaction.atomic
def set_required_roles(
    actor: User | None, organisation: Organisation, roles: Iterable[str]
) -> list[str]:
    chosen = [r for r in SignatureRole.values if r in set(roles)]
    unknown = set(roles) - set(SignatureRole.values)
    if unknown:
        raise ActionError(_("Unknown signature role."), field="roles")
    if not chosen:
        raise ActionError(
            _("Choose at least one signature: a charter is adopted by people, not by default."),
            field="roles",
        )
    SignoffPolicy.objects.update_or_create(organisation=organisation, defaults={"roles": chosen})
    record(actor, organisation, "charter.signoff_policy", organisation.code, roles=chosen)
    return chosen


@transaction.atomic
def sign(user: User, charter: Charter, role: str) -> Signature:
    version = current_version(charter)
    if version.status != Status.PROPOSED:
        raise ActionError(_("Only a version proposed for adoption can be signed."), field="status")
    if role not in required_roles(charter.organisation):
        raise ActionError(_("This organisation does not ask for that signature."), field="role")
    membership = Membership.objects.filter(organisation=charter.organisation, user=user).first()
    if membership is None or not access.may_sign(membership, charter, role):
        raise ActionError(_signer_refusal(charter, role), field="role")
    if version.signatures.filter(user=user).exclude(role=role).exists():
        # One person, one signature: the lines stand for different parties (the manager,
        # the employees' representatives, the committee), and one person cannot be both.
        raise ActionError(
            _("You have already signed this version in another role: ask someone else to sign."),
            field="role",
        )
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version, role=role, user=user, name=user.display_name
            )
    except IntegrityError:
        raise ActionError(_("This signature has already been given."), field="role") from None
    record(
        user,
        charter.organisation,
        "charter.sign",
        charter.code,
        version=version.number,
        role=role,
        scope=charter.unit,
    )
    return signature


def _signer_refusal(charter: Charter, role: str) -> str:
    names = [m.user.display_name for m in access.expected_signers(charter).get(role, [])]
    label = SignatureRole(role).label
    if not names:
        return str(
            _(
                "Nobody holds the role “%(role)s” for %(unit)s or a unit above it yet. "
                "An organisation admin can give it to someone on the People page."
            )
            % {"role": label, "unit": charter.unit.name}
        )
    return str(
        _("For %(unit)s, “%(role)s” is signed by %(names)s.")
        % {"unit": charter.unit.name, "role": label, "names": ", ".join(names)}
    )
