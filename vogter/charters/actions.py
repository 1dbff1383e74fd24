"""Every change to charters, for the pages, the API and the CLI alike.

The working copy (principles and cells) changes only while the current version is a
draft; each change is kept with its reason (CharterChange) and in the audit log.
Adopting needs every signature the organisation requires and freezes the document.
"""

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.document import (
    SCHEMA,
    CharterDoc,
    OriginDoc,
    PrincipleDoc,
    SignatureDoc,
    both_languages,
)
from vogter.charters.models import (
    DEFAULT_REQUIRED_SIGNATURES,
    Charter,
    CharterCell,
    CharterChange,
    CharterPrinciple,
    CharterVersion,
    Signature,
    SignatureRole,
    SignoffPolicy,
    Status,
)
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Membership, Organisation, Unit, UnitLevel
from vogter.principles.actions import (
    RATIONALE_MAX,
    STATEMENT_MAX,
    clean_cell,
    clean_text,
)
from vogter.principles.models import LEVEL_ORDER, Principle
from vogter.workshops import kit
from vogter.workshops.models import Workshop

SHARE_PREFIX = "vch_"
TITLE_MAX = 200
REASON_MAX = 500

# --- Sign-off policy ----------------------------------------------------------------


def required_roles(organisation: Organisation) -> list[str]:
    policy = SignoffPolicy.objects.filter(organisation=organisation).first()
    return list(policy.roles) if policy is not None else list(DEFAULT_REQUIRED_SIGNATURES)


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


# --- Charters and their working copy ------------------------------------------------


def current_version(charter: Charter) -> CharterVersion:
    # A charter is made with its first version, and versions are never deleted.
    return charter.versions.order_by("-number")[0]


def current_versions(charters: Iterable[Charter]) -> dict[int, CharterVersion]:
    """The current version of each charter (by the charter's pk), in one query, for lists."""
    found: dict[int, CharterVersion] = {}
    for version in CharterVersion.objects.filter(charter__in=list(charters)).order_by("number"):
        found[version.charter_id] = version  # the highest number comes last
    return found


def latest_adopted(charter: Charter) -> CharterVersion | None:
    return charter.versions.filter(status=Status.ADOPTED).order_by("-number").first()


def latest_adopted_of(charters: Iterable[Charter]) -> dict[int, CharterVersion]:
    """The latest adopted version of each charter that has one (by pk), in one query."""
    found: dict[int, CharterVersion] = {}
    versions = CharterVersion.objects.filter(
        charter__in=list(charters), status=Status.ADOPTED
    ).order_by("number")
    for version in versions:
        found[version.charter_id] = version  # the highest number comes last
    return found


def _check_draft(charter: Charter) -> CharterVersion:
    version = current_version(charter)
    if version.status == Status.PROPOSED:
        raise ActionError(
            _("This version is proposed for adoption. Take it back to draft to change it."),
            field="status",
        )
    if version.status != Status.DRAFT:
        raise ActionError(
            _("An adopted version cannot be changed. Start a new draft to change the charter."),
            field="status",
        )
    return version


@transaction.atomic
def create_charter(
    actor: User | None,
    organisation: Organisation,
    *,
    unit: Unit,
    title: str,
    workshops: Sequence[Workshop] = (),
) -> Charter:
    access.check_may_change(actor, organisation.pk)
    if unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")
    title = " ".join(clean_text(title, TITLE_MAX, "title", required=True).split())
    charter = Charter.objects.create(
        organisation=organisation, unit=unit, title=title, created_by=_person(actor)
    )
    CharterVersion.objects.create(charter=charter, number=1)
    record(actor, organisation, "charter.create", charter.code, title=title, unit=unit.code)
    for workshop in workshops:
        add_workshop(actor, charter, workshop)
    return charter


def _person(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def add_workshop(
    actor: User | None, charter: Charter, workshop: Workshop
) -> list[CharterPrinciple]:
    """Take a workshop's principles (not withdrawn) and their level cells into the draft,
    each keeping its link to the workshop principle it came from."""
    access.check_may_change(actor, charter.organisation_id)
    if workshop.organisation_id != charter.organisation_id:
        raise ActionError(_("That workshop does not exist."), field="workshops")
    version = _check_draft(charter)
    charter.workshops.add(workshop)
    taken = set(
        CharterPrinciple.objects.filter(charter=charter, source__isnull=False).values_list(
            "source_id", flat=True
        )
    )
    last = charter.principles.aggregate(last=Max("position"))["last"] or 0
    made = []
    for principle in Principle.objects.filter(workshop=workshop, withdrawn=False).prefetch_related(
        "cells"
    ):
        if principle.pk in taken:
            continue
        last += 1
        copy = CharterPrinciple.objects.create(
            charter=charter,
            statement_da=principle.statement_da,
            statement_en=principle.statement_en,
            rationale=principle.rationale,
            position=last,
            source=principle,
        )
        CharterCell.objects.bulk_create(
            CharterCell(
                principle=copy,
                level=cell.level,
                text=cell.text,
                responsible=cell.responsible,
                empty_on_purpose=cell.empty_on_purpose,
            )
            for cell in principle.cells.all()
        )
        made.append(copy)
    record(
        actor,
        charter.organisation,
        "charter.add_workshop",
        charter.code,
        workshop=workshop.code,
        principles=len(made),
        version=version.number,
    )
    return made


def _change(
    actor: User | None,
    charter: Charter,
    version: CharterVersion,
    code: str,
    level: str,
    reason: str,
) -> None:
    CharterChange.objects.create(
        charter=charter,
        version_number=version.number,
        principle_code=code,
        level=level,
        reason=clean_text(reason, REASON_MAX, "reason"),
        actor=_person(actor),
    )


def _statements(statement_da: str, statement_en: str) -> tuple[str, str]:
    da = " ".join(clean_text(statement_da, STATEMENT_MAX, "statement_da").split())
    en = " ".join(clean_text(statement_en, STATEMENT_MAX, "statement_en").split())
    if not da and not en:
        raise ActionError(
            _("Write the principle in Danish, in English, or in both."), field="statement_da"
        )
    return da, en


@transaction.atomic
def add_principle(
    actor: User | None,
    charter: Charter,
    *,
    statement_da: str = "",
    statement_en: str = "",
    rationale: str = "",
    reason: str = "",
) -> CharterPrinciple:
    access.check_may_change(actor, charter.organisation_id)
    version = _check_draft(charter)
    da, en = _statements(statement_da, statement_en)
    last = charter.principles.aggregate(last=Max("position"))["last"] or 0
    principle = CharterPrinciple.objects.create(
        charter=charter,
        statement_da=da,
        statement_en=en,
        rationale=clean_text(rationale, RATIONALE_MAX, "rationale"),
        position=last + 1,
    )
    _change(actor, charter, version, principle.code, "", reason)
    record(
        actor, charter.organisation, "charter.principle.add", charter.code, principle=principle.code
    )
    return principle


@transaction.atomic
def update_principle(
    actor: User | None,
    principle: CharterPrinciple,
    *,
    statement_da: str,
    statement_en: str,
    rationale: str,
    reason: str = "",
    revision: int | None = None,
) -> CharterPrinciple:
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    version = _check_draft(charter)
    _check_revision(principle, revision)
    da, en = _statements(statement_da, statement_en)
    rationale = clean_text(rationale, RATIONALE_MAX, "rationale")
    if (da, en, rationale) != (principle.statement_da, principle.statement_en, principle.rationale):
        principle.statement_da, principle.statement_en, principle.rationale = da, en, rationale
        principle.revision += 1
        principle.save(update_fields=["statement_da", "statement_en", "rationale", "revision"])
        _change(actor, charter, version, principle.code, "", reason)
        record(
            actor,
            charter.organisation,
            "charter.principle.update",
            charter.code,
            principle=principle.code,
            reason=reason,
        )
    return principle


def _check_revision(principle: CharterPrinciple, revision: int | None) -> None:
    """Lock the principle; refuse a change made from an older revision than the saved one."""
    saved = CharterPrinciple.objects.select_for_update().values_list("revision", flat=True)
    current = saved.get(pk=principle.pk)
    principle.revision = current
    if revision is not None and revision != current:
        raise ActionError(
            _(
                "Someone else changed this principle while you were editing it. "
                "Their version is shown now; copy your wording into it if you still want it."
            ),
            field="revision",
        )


@transaction.atomic
def save_principle(
    actor: User | None,
    principle: CharterPrinciple,
    *,
    revision: int | None,
    statement_da: str,
    statement_en: str,
    rationale: str,
    cells: dict[str, tuple[str, str, bool]],
    reason: str = "",
) -> CharterPrinciple:
    """The wording and every cell at once, as the principle's page saves them, refused
    as a whole if someone else saved the principle since `revision`."""
    _check_draft(principle.charter)
    _check_revision(principle, revision)
    update_principle(
        actor,
        principle,
        statement_da=statement_da,
        statement_en=statement_en,
        rationale=rationale,
        reason=reason,
    )
    for level, (text, responsible, empty) in cells.items():
        set_cell(
            actor,
            principle,
            level,
            text=text,
            responsible=responsible,
            empty_on_purpose=empty,
            reason=reason,
        )
    return principle


@transaction.atomic
def remove_principle(actor: User | None, principle: CharterPrinciple, reason: str = "") -> None:
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    version = _check_draft(charter)
    _change(actor, charter, version, principle.code, "", reason)
    record(
        actor,
        charter.organisation,
        "charter.principle.remove",
        charter.code,
        principle=principle.code,
        statement=principle.statement_da or principle.statement_en,
        reason=reason,
    )
    principle.delete()


@transaction.atomic
def move_principle(actor: User | None, principle: CharterPrinciple, offset: int) -> None:
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    _check_draft(charter)
    ordered = list(charter.principles.select_for_update())
    index = next(i for i, p in enumerate(ordered) if p.pk == principle.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, each in enumerate(ordered, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    record(
        actor,
        charter.organisation,
        "charter.principle.move",
        charter.code,
        principle=principle.code,
    )


@transaction.atomic
def set_cell(
    actor: User | None,
    principle: CharterPrinciple,
    level: str,
    *,
    text: str = "",
    responsible: str = "",
    empty_on_purpose: bool = False,
    reason: str = "",
    revision: int | None = None,
) -> CharterCell | None:
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    version = _check_draft(charter)
    _check_revision(principle, revision)
    text, responsible = clean_cell(level, text, responsible, empty_on_purpose)
    cell = CharterCell.objects.filter(principle=principle, level=level).first()
    before = (cell.text, cell.responsible, cell.empty_on_purpose) if cell else ("", "", False)
    after = (text, responsible, empty_on_purpose)
    if before == after:
        return cell
    if after == ("", "", False):
        if cell is not None:
            cell.delete()
        cell = None
    else:
        cell = cell or CharterCell(principle=principle, level=level)
        cell.text, cell.responsible, cell.empty_on_purpose = after
        cell.save()
    principle.revision += 1
    principle.save(update_fields=["revision"])
    _change(actor, charter, version, principle.code, level, reason)
    record(
        actor,
        charter.organisation,
        "charter.cell",
        charter.code,
        principle=principle.code,
        level=level,
        reason=reason,
    )
    return cell


# --- Proposal, signatures, adoption, new drafts --------------------------------------


@transaction.atomic
def propose(actor: User | None, charter: Charter) -> CharterVersion:
    access.check_may_change(actor, charter.organisation_id)
    version = _check_draft(charter)
    if not charter.principles.exists():
        raise ActionError(_("A charter needs at least one principle."), field="principles")
    version.status = Status.PROPOSED
    version.save(update_fields=["status"])
    record(actor, charter.organisation, "charter.propose", charter.code, version=version.number)
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
        actor, charter.organisation, "charter.back_to_draft", charter.code, version=version.number
    )
    return version


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
        user, charter.organisation, "charter.sign", charter.code, version=version.number, role=role
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


def missing_signatures(charter: Charter, version: CharterVersion | None = None) -> list[str]:
    version = version or current_version(charter)
    signed = set(version.signatures.values_list("role", flat=True))
    return [role for role in required_roles(charter.organisation) if role not in signed]


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
    version.adopted_by = _person(actor)
    version.document = dict(build_document(charter, version))
    version.save()
    record(actor, charter.organisation, "charter.adopt", charter.code, version=version.number)
    return version


@transaction.atomic
def new_draft(actor: User | None, charter: Charter) -> CharterVersion:
    access.check_may_change(actor, charter.organisation_id)
    version = current_version(charter)
    if version.status != Status.ADOPTED:
        raise ActionError(_("There is already a version being worked on."), field="status")
    draft = CharterVersion.objects.create(charter=charter, number=version.number + 1)
    record(actor, charter.organisation, "charter.new_draft", charter.code, version=draft.number)
    return draft


# --- The document ---------------------------------------------------------------------


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _origin(principle: CharterPrinciple) -> OriginDoc | None:
    if principle.inherited_charter is not None:
        return {
            "kind": "above",
            "unit": principle.inherited_charter.unit.name,
            "version": principle.inherited_version,
        }
    if principle.proposal is not None:
        return {"kind": "below", "unit": principle.proposal.from_charter.unit.name, "version": None}
    if principle.template_code:
        return {"kind": "template", "unit": "", "version": None}
    return None


def build_document(charter: Charter, version: CharterVersion) -> CharterDoc:
    """The charter as it stands (the working copy), as the document of `version`."""
    organisation = charter.organisation
    principles: list[PrincipleDoc] = []
    rows = charter.principles.select_related(
        "source__workshop", "inherited_charter__unit", "proposal__from_charter__unit"
    ).prefetch_related("cells", "source__themes", "source__sources")
    for position, principle in enumerate(rows, start=1):
        cells = {c.level: c for c in principle.cells.all()}
        doc: PrincipleDoc = {
            "code": principle.code,
            "position": position,
            "statement": {"da": principle.statement_da, "en": principle.statement_en},
            "rationale": principle.rationale,
            "cells": {
                level.value: (
                    {
                        "text": cells[level.value].text,
                        "responsible": cells[level.value].responsible,
                        "empty_on_purpose": cells[level.value].empty_on_purpose,
                    }
                    if level.value in cells
                    else None
                )
                for level in LEVEL_ORDER
            },
            "sources": [],
        }
        origin = _origin(principle)
        if origin is not None:
            doc["origin"] = origin
        source = principle.source
        if source is not None:
            doc["sources"].append(
                {
                    "workshop": source.workshop.title,
                    "date": source.workshop.date.isoformat(),
                    "themes": [t.label for t in source.themes.all()],
                    "quotes": [e.text for e in source.sources.all() if not e.hidden],
                }
            )
        principles.append(doc)
    signatures: list[SignatureDoc] = [
        {
            "role": s.role,
            "role_label": both_languages(SignatureRole(s.role).label),
            "name": s.name,
            "signed_at": s.signed_at.isoformat(),
        }
        for s in version.signatures.all()
    ]
    adopted_by = version.adopted_by.display_name if version.adopted_by else None
    return {
        "schema": SCHEMA,
        "code": charter.code,
        "organisation": organisation.name,
        "unit": charter.unit.name,
        "unit_level": both_languages(UnitLevel(charter.unit.level).label),
        "title": {"da": charter.title, "en": charter.title},
        "version": version.number,
        "status": version.status,
        "adopted_on": _iso(version.adopted_on),
        "adopted_by": adopted_by,
        "preamble": {
            language: list(kit.preamble(language, organisation.name)) for language in ("da", "en")
        },
        "table_title": dict(kit.TABLE_TITLE),  # type: ignore[typeddict-item]
        "first_column": dict(kit.TABLE_FIRST_COLUMN),  # type: ignore[typeddict-item]
        "levels": [{"key": key, "da": da, "en": en} for key, da, en in kit.TABLE_LEVELS],
        "principles": principles,
        "signatures": signatures,
        "required_signatures": [
            both_languages(SignatureRole(r).label) for r in required_roles(organisation)
        ],
        "generated_at": timezone.now().isoformat(),
    }


def document(charter: Charter, version: CharterVersion | None = None) -> CharterDoc:
    """A version's document: frozen if adopted, built from the working copy otherwise."""
    version = version or current_version(charter)
    if version.frozen:
        frozen: CharterDoc = version.document
        return frozen
    return build_document(charter, version)


# --- What changed between two versions ------------------------------------------------


def changes(
    charter: Charter, version: CharterVersion
) -> tuple[CharterVersion | None, list[dict[str, Any]]]:
    """What `version` changed against the version before it: (that version, the rows)."""
    earlier = charter.versions.filter(number=version.number - 1).first()
    old = document(charter, earlier) if earlier else None
    return earlier, diff(charter, old, document(charter, version), version.number)


def diff(
    charter: Charter, old: CharterDoc | None, new: CharterDoc, new_number: int
) -> list[dict[str, Any]]:
    """Per principle: added, removed or changed (wording, which cells), with the reasons
    given for the changes made in version `new_number`."""
    reasons: dict[tuple[str, str], list[str]] = {}
    for change in CharterChange.objects.filter(charter=charter, version_number=new_number):
        if change.reason:
            reasons.setdefault((change.principle_code, change.level), []).append(change.reason)
    before = {p["code"]: p for p in (old["principles"] if old else [])}
    after = {p["code"]: p for p in new["principles"]}
    rows: list[dict[str, Any]] = []
    for code, principle in after.items():
        earlier = before.get(code)
        if earlier is None:
            rows.append(
                {
                    "kind": "added",
                    "old": None,
                    "new": principle,
                    "cells": [],
                    "reasons": reasons.get((code, ""), []),
                }
            )
            continue
        cells = [
            {
                "level": level,
                "old": earlier["cells"].get(level),
                "new": principle["cells"].get(level),
                "reasons": reasons.get((code, level), []),
            }
            for level in principle["cells"]
            if earlier["cells"].get(level) != principle["cells"].get(level)
        ]
        wording = (earlier["statement"], earlier["rationale"]) != (
            principle["statement"],
            principle["rationale"],
        )
        if wording or cells:
            rows.append(
                {
                    "kind": "changed",
                    "old": earlier,
                    "new": principle,
                    "wording": wording,
                    "cells": cells,
                    "reasons": reasons.get((code, ""), []),
                }
            )
    for code, principle in before.items():
        if code not in after:
            rows.append(
                {
                    "kind": "removed",
                    "old": principle,
                    "new": None,
                    "cells": [],
                    "reasons": reasons.get((code, ""), []),
                }
            )
    return rows


# --- The share link -------------------------------------------------------------------


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def share(actor: User | None, charter: Charter) -> str:
    """A new read-only link (any earlier one stops working). The secret is shown once."""
    access.check_may_change(actor, charter.organisation_id)
    token = SHARE_PREFIX + secrets.token_urlsafe(24)
    charter.share_hash = _fingerprint(token)
    charter.save(update_fields=["share_hash"])
    record(actor, charter.organisation, "charter.share", charter.code)
    return token


@transaction.atomic
def revoke_share(actor: User | None, charter: Charter) -> None:
    access.check_may_change(actor, charter.organisation_id)
    if charter.share_hash:
        charter.share_hash = ""
        charter.save(update_fields=["share_hash"])
        record(actor, charter.organisation, "charter.unshare", charter.code)


def charter_for_share_token(token: str) -> Charter | None:
    if not token.startswith(SHARE_PREFIX):
        return None
    return (
        Charter.objects.select_related("organisation", "unit")
        .filter(share_hash=_fingerprint(token))
        .first()
    )
