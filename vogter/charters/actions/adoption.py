"""A version's way to adoption: proposed, taken back to draft, adopted once every
required signature is in (the document frozen), and the next draft started."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import access, notices
from vogter.charters.actions.drafts import check_draft, person
from vogter.charters.document import build_document
from vogter.charters.models import Charter, CharterVersion, SignatureRole, Status
from vogter.charters.versions import current_version, missing_signatures
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Membership


@transaction.atomic
def propose(actor: User | None, charter: Charter) -> CharterVersion:
    access.check_may_change(actor, charter.organisation_id)
    version = check_draft(charter)
    if not charter.principles.exists():
        raise ActionError(_("A charter needs at least one principle."), field="principles")
    version.status = Status.PROPOSED
    version.save(update_fields=["status"])
    record(
        actor,
        charter.organisation,
        "charter.propose",
        charter.code,
        version=version.number,
        scope=charter.unit,
    )
    notices.signature_awaited(actor, charter)
    return version


@transaction.atomic
def back_to_draft(actor: User | None, charter: Charter) -> CharterVersion:
    """Take a proposed version back to draft; its signatures are void (they were given
    to a text that may now change)."""
    access.check_may_change(actor, charter.organisation_id)
    version = current_version(charter)
    if version.status != Status.PROPOSED:
        raise ActionError(_("Only a proposed version can go back to draft."), field="status")
    version.signatures.all().delete()
    version.status = Status.DRAFT
    version.save(update_fields=["status"])
    record(
        actor,
        charter.organisation,
        "charter.back_to_draft",
        charter.code,
        version=version.number,
        scope=charter.unit,
    )
    return version


@transaction.atomic
def adopt(actor: User, charter: Charter) -> CharterVersion:
    """Adopt the proposed version once every required signature is in: the document is
    frozen, and the version adopted before it is superseded."""
    membership = Membership.objects.filter(organisation=charter.organisation, user=actor).first()
    if membership is None or not access.may_adopt(membership, charter):
        raise PermissionDenied
    version = CharterVersion.objects.select_for_update().get(pk=current_version(charter).pk)
    if version.status != Status.PROPOSED:
        raise ActionError(_("Propose the charter for adoption first."), field="status")
    missing = missing_signatures(charter, version)
    if missing:
        raise ActionError(
            _("Signatures are missing: %(roles)s.")
            % {"roles": ", ".join(str(SignatureRole(r).label) for r in missing)},
            field="signatures",
        )
    for earlier in charter.versions.filter(status=Status.ADOPTED):
        earlier.status = Status.SUPERSEDED
        earlier.save(update_fields=["status"])
    version.status = Status.ADOPTED
    version.adopted_on = timezone.localdate()
    version.adopted_by = person(actor)
    version.document = dict(build_document(charter, version))
    version.save()
    record(
        actor,
        charter.organisation,
        "charter.adopt",
        charter.code,
        version=version.number,
        scope=charter.unit,
    )
    return version


@transaction.atomic
def new_draft(actor: User | None, charter: Charter) -> CharterVersion:
    access.check_may_change(actor, charter.organisation_id)
    version = current_version(charter)
    if version.status != Status.ADOPTED:
        raise ActionError(_("There is already a version being worked on."), field="status")
    draft = CharterVersion.objects.create(charter=charter, number=version.number + 1)
    record(
        actor,
        charter.organisation,
        "charter.new_draft",
        charter.code,
        version=draft.number,
        scope=charter.unit,
    )
    return draft
