"""Everything Vogter holds about a person: export it (GDPR art. 15 and 20) and delete the
account (art. 17). The decisions per reference are in docs/personal-data.md.

What people answered anonymously — worksheets of anonymous workshops, agreement votes,
reflection check-ins — carries no person by design, so it is neither in an export nor
touched by a deletion. What does point at a person is listed in REFERENCES; a test
fails when a model gains a reference to the account that is not listed there.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.api.models import ApiToken
from vogter.charters.models import (
    Charter,
    CharterCell,
    CharterChange,
    CharterVersion,
    Signature,
    Status,
    UpwardProposal,
)
from vogter.commons.models import Coordinator, TemplatePrinciple
from vogter.directory.models import ProvisionedPerson, ScimToken
from vogter.lib.errors import ActionError, record
from vogter.notifications.models import Preferences, Sent
from vogter.notifications.preferences import switched_off
from vogter.organisations.actions.invitations import revoke_invitation
from vogter.organisations.actions.memberships import remove_membership
from vogter.organisations.models import AuditEntry, Invitation, Membership, Organisation, Role
from vogter.principles.models import AgreementBallot, LevelCell, Principle
from vogter.reflection.models import AgreedAction, Receipt, Round
from vogter.sso.models import SignInIdentity
from vogter.workshops.models import Sheet, Workshop

SCHEMA = "vogter.person/1"

# The record stays; the reference to the account is cleared.
CLEARED: list[tuple[type[models.Model], str]] = [
    (AuditEntry, "actor"),
    (Invitation, "created_by"),
    (Invitation, "accepted_by"),
    (Invitation, "pending_user"),  # a request to join with another address goes with it
    (Workshop, "created_by"),
    (Sheet, "user"),  # the answers stay, as if the workshop had been anonymous
    (Principle, "created_by"),
    (Charter, "created_by"),
    (CharterVersion, "adopted_by"),  # the frozen document keeps the name
    (CharterChange, "actor"),
    (UpwardProposal, "proposed_by"),
    (UpwardProposal, "decided_by"),
    (Round, "created_by"),
    (TemplatePrinciple, "created_by"),
    (ScimToken, "created_by"),  # the organisation's token keeps working
]
# Deleted with the account: they are about the person and nothing else.
DELETED: list[tuple[type[models.Model], str]] = [
    (Membership, "user"),  # through remove_membership, one audit entry per organisation
    (ApiToken, "user"),
    (Coordinator, "user"),
    (Receipt, "user"),  # never linked to a check-in, which stays
    (LogEntry, "user"),  # Django admin's own log of what staff did there
    (Preferences, "user"),  # the kinds of notification switched off
    (Sent, "user"),  # which notifications went, so none goes twice
    (ProvisionedPerson, "user"),  # the directory's id for them; a re-push makes a new one
    (SignInIdentity, "user"),  # the provider's id for them; the next sign-in links anew
]
# Kept: a signature on an adopted version is the record of the adoption.
KEPT: list[tuple[type[models.Model], str]] = [(Signature, "user")]

REFERENCES = {f"{m._meta.label}.{f}" for m, f in (*CLEARED, *DELETED, *KEPT)}

FROZEN = (Status.ADOPTED, Status.SUPERSEDED)


def _iso(moment: datetime.date | datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _org(organisation: Organisation | None) -> dict[str, str] | None:
    return None if organisation is None else {"code": organisation.code, "name": organisation.name}


def _charter(charter: Charter) -> dict[str, str]:
    return {"code": charter.code, "title": charter.title}


def _names(user: User) -> list[str]:
    """How the person may be written in a free text that someone else typed."""
    return [text for text in (user.name.strip(), user.email) if text]


def _named(names: list[str], field_name: str) -> Q:
    found = Q(pk__in=[])
    for name in names:
        found |= Q(**{f"{field_name}__iexact": name})
    return found


def _own_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """An audit entry's details without other people's e-mail addresses."""
    return {
        key: value
        for key, value in data.items()
        if not (key == "email" and value and value != user.email)
    }


# --- Export -----------------------------------------------------------------------------


def export_person(user: User, organisation: Organisation | None = None) -> dict[str, Any]:
    """Everything held about the person, as JSON-ready data (schema `vogter.person/1`).

    With an organisation: only what relates to it, for its admin answering a request.
    That leaves out the account's settings, API tokens and national-coordinator role,
    and the reflection receipts: which rounds someone checked in to is the person's to
    see, never their organisation's, or the check-in would become a way to watch people.
    """
    scoped = organisation is not None
    in_org = {"organisation": organisation} if scoped else {}
    memberships = list(
        Membership.objects.filter(user=user, **in_org).select_related("organisation", "unit")
    )
    organisations = [m.organisation for m in memberships]
    sheets = (
        Sheet.objects.filter(user=user, **_via("workshop", organisation))
        .select_related("workshop__organisation")
        .prefetch_related("entries")
    )
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_at": _iso(timezone.now()),
        "scope": {"organisation": _org(organisation)} if scoped else "account",
        "account": _account(user, scoped),
        "memberships": [_membership(m) for m in memberships],
        "invitations_received": _invitations_received(user, in_org),
        "invitations_sent": _invitations_sent(user, in_org),
        "signatures": _signatures(user, organisation),
        "adoptions": _adoptions(user, organisation),
        "created": _created(user, organisation),
        "worksheets": [_sheet(s) for s in sheets],
        "named_as_responsible": _named_in(_names(user), organisations),
        "audit_log": _audit_log(user, memberships, in_org),
    }
    if not scoped:
        data.update(_account_only(user))
    return data


def _account(user: User, scoped: bool) -> dict[str, Any]:
    if scoped:
        return {"email": user.email, "name": user.name}
    return {
        "code": user.code,
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def _membership(m: Membership) -> dict[str, Any]:
    return {
        "organisation": _org(m.organisation),
        "code": m.code,
        "role": m.role,
        "unit": {"code": m.unit.code, "name": m.unit.name} if m.unit else None,
        "manager": m.is_manager,
        "union_rep": m.is_union_rep,
        "safety_rep": m.is_safety_rep,
        "since": _iso(m.created_at),
    }


def _invitations_received(user: User, in_org: dict[str, Any]) -> list[dict[str, Any]]:
    invited = Q(accepted_by=user) | Q(email=user.email) | Q(pending_user=user)
    return [
        {
            "organisation": _org(i.organisation),
            "role": i.role,
            "created_at": _iso(i.created_at),
            "accepted_at": _iso(i.accepted_at),
            "revoked_at": _iso(i.revoked_at),
            "asked_to_join_at": _iso(i.pending_at) if i.pending_user_id == user.pk else None,
        }
        for i in Invitation.objects.filter(invited, **in_org).select_related("organisation")
    ]


def _invitations_sent(user: User, in_org: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "organisation": _org(i.organisation),
            "code": i.code,
            "role": i.role,
            "by_email": bool(i.email),
            "created_at": _iso(i.created_at),
            "accepted_at": _iso(i.accepted_at),
            "revoked_at": _iso(i.revoked_at),
        }
        for i in Invitation.objects.filter(created_by=user, **in_org).select_related("organisation")
    ]


def _signatures(user: User, organisation: Organisation | None) -> list[dict[str, Any]]:
    return [
        {
            "organisation": _org(s.version.charter.organisation),
            "charter": _charter(s.version.charter),
            "version": s.version.number,
            "version_status": s.version.status,
            "role": s.role,
            "name": s.name,
            "signed_at": _iso(s.signed_at),
        }
        for s in Signature.objects.filter(
            user=user, **_via("version__charter", organisation)
        ).select_related("version__charter__organisation")
    ]


def _adoptions(user: User, organisation: Organisation | None) -> list[dict[str, Any]]:
    return [
        {
            "organisation": _org(v.charter.organisation),
            "charter": _charter(v.charter),
            "version": v.number,
            "adopted_on": _iso(v.adopted_on),
        }
        for v in CharterVersion.objects.filter(
            adopted_by=user, **_via("charter", organisation)
        ).select_related("charter__organisation")
    ]


def _audit_log(
    user: User, memberships: list[Membership], in_org: dict[str, Any]
) -> list[dict[str, Any]]:
    audit = AuditEntry.objects.filter(
        Q(actor=user)
        | Q(target__in=[m.code for m in memberships] + [user.email])
        | Q(data__email=user.email),
        **in_org,
    ).select_related("organisation")
    return [
        {
            "organisation": _org(e.organisation),
            "by_you": e.actor_id == user.pk,
            "action": e.action,
            "target": e.target if e.target == user.email or "@" not in e.target else "",
            "data": _own_data(user, e.data),
            "at": _iso(e.created_at),
        }
        for e in audit
    ]


def _account_only(user: User) -> dict[str, Any]:
    """What only the person sees: never part of an organisation's copy."""
    coordinator = Coordinator.objects.filter(user=user).first()
    return {
        "national_coordinator": {"since": _iso(coordinator.created_at)} if coordinator else None,
        "notifications_switched_off": switched_off(user),
        "notifications_sent": [
            {"kind": n.kind, "about": n.key, "sent_at": _iso(n.sent_at)}
            for n in Sent.objects.filter(user=user).order_by("sent_at", "pk")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
                "expires_at": _iso(t.expires_at),
                "read_only": t.read_only,
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        # Only that the person checked in to a round: what they answered carries no
        # person, and nothing here (not even the receipt's own number) leads to it.
        "reflection_checkins": [
            {
                "organisation": _org(r.round.charter.organisation),
                "charter": _charter(r.round.charter),
                "round": r.round.code,
                "opens_on": _iso(r.round.opens_on),
                "closes_on": _iso(r.round.closes_on),
            }
            for r in Receipt.objects.filter(user=user)
            .select_related("round__charter__organisation")
            .order_by("round__opens_on", "round__code")
        ],
    }


def _via(path: str, organisation: Organisation | None) -> dict[str, Organisation]:
    return {f"{path}__organisation": organisation} if organisation is not None else {}


def _created(user: User, organisation: Organisation | None) -> dict[str, list[dict[str, Any]]]:
    in_org = {"organisation": organisation} if organisation is not None else {}
    created: dict[str, list[dict[str, Any]]] = {
        "workshops": [
            {
                "organisation": _org(w.organisation),
                "code": w.code,
                "title": w.title,
                "date": _iso(w.date),
            }
            for w in Workshop.objects.filter(created_by=user, **in_org).select_related(
                "organisation"
            )
        ],
        "workshop_principles": [
            {
                "organisation": _org(p.workshop.organisation),
                "workshop": p.workshop.code,
                "code": p.code,
                "statement": {"da": p.statement_da, "en": p.statement_en},
            }
            for p in Principle.objects.filter(
                created_by=user, **_via("workshop", organisation)
            ).select_related("workshop__organisation")
        ],
        "charters": [
            {"organisation": _org(c.organisation), **_charter(c)}
            for c in Charter.objects.filter(created_by=user, **in_org).select_related(
                "organisation"
            )
        ],
        "charter_changes": [
            {
                "organisation": _org(c.charter.organisation),
                "charter": _charter(c.charter),
                "version": c.version_number,
                "principle": c.principle_code,
                "level": c.level,
                "reason": c.reason,
                "at": _iso(c.at),
            }
            for c in CharterChange.objects.filter(
                actor=user, **_via("charter", organisation)
            ).select_related("charter__organisation")
        ],
        "upward_proposals": [
            {
                "organisation": _org(p.organisation),
                "code": p.code,
                "statement": {"da": p.statement_da, "en": p.statement_en},
                "status": p.status,
                "proposed_by_you": p.proposed_by_id == user.pk,
                "decided_by_you": p.decided_by_id == user.pk,
                "proposed_at": _iso(p.proposed_at),
            }
            for p in UpwardProposal.objects.filter(
                Q(proposed_by=user) | Q(decided_by=user), **in_org
            ).select_related("organisation")
        ],
        "reflection_rounds": [
            {
                "organisation": _org(r.charter.organisation),
                "charter": _charter(r.charter),
                "code": r.code,
                "opens_on": _iso(r.opens_on),
            }
            for r in Round.objects.filter(
                created_by=user, **_via("charter", organisation)
            ).select_related("charter__organisation")
        ],
    }
    if organisation is None:
        created["template_principles"] = [
            {"code": t.code, "statement": {"da": t.statement_da, "en": t.statement_en}}
            for t in TemplatePrinciple.objects.filter(created_by=user)
        ]
    return created


def _sheet(sheet: Sheet) -> dict[str, Any]:
    """A worksheet of a workshop that was not anonymous: it carries the person."""
    workshop = sheet.workshop
    return {
        "organisation": _org(workshop.organisation),
        "workshop": {"code": workshop.code, "title": workshop.title, "date": _iso(workshop.date)},
        "submitted": sheet.submitted,
        "answers": [{"field": e.field, "text": e.text} for e in sheet.entries.all()],
        # That the sheet voted, as the workshop records it; how it voted is not kept.
        "agreement_rounds_voted": sorted(
            AgreementBallot.objects.filter(sheet=sheet).values_list("round__number", flat=True)
        ),
    }


def _named_in(names: list[str], organisations: list[Organisation]) -> list[dict[str, Any]]:
    """Texts others typed that give the person's full name or e-mail as responsible or
    owner, in the person's own organisations only (a namesake elsewhere is not them)."""
    if not names or not organisations:
        return []
    found: list[dict[str, Any]] = []
    for cell in CharterCell.objects.filter(
        _named(names, "responsible"), principle__charter__organisation__in=organisations
    ).select_related("principle__charter__organisation"):
        charter = cell.principle.charter
        found.append(
            {
                "organisation": _org(charter.organisation),
                "where": "charter_cell",
                "charter": _charter(charter),
                "principle": cell.principle.code,
                "level": cell.level,
            }
        )
    for level_cell in LevelCell.objects.filter(
        _named(names, "responsible"), principle__workshop__organisation__in=organisations
    ).select_related("principle__workshop__organisation"):
        workshop = level_cell.principle.workshop
        found.append(
            {
                "organisation": _org(workshop.organisation),
                "where": "workshop_cell",
                "workshop": workshop.code,
                "principle": level_cell.principle.code,
                "level": level_cell.level,
            }
        )
    for action in AgreedAction.objects.filter(
        _named(names, "owner"), round__charter__organisation__in=organisations
    ).select_related("round__charter__organisation"):
        found.append(
            {
                "organisation": _org(action.round.charter.organisation),
                "where": "reflection_action",
                "round": action.round.code,
                "description": action.description,
                "due_on": _iso(action.due_on),
                "done": action.done,
            }
        )
    return found


# --- Deletion ---------------------------------------------------------------------------


@dataclass
class Deletion:
    """What a deletion did, for the person or the operator to see."""

    account_removed: bool  # False: an empty, inactive shell remains for kept signatures
    organisations: list[str] = field(default_factory=list)
    kept_signatures: list[dict[str, Any]] = field(default_factory=list)


def last_admin_of(user: User) -> list[Organisation]:
    """The organisations that would be left without an admin."""
    administered = Membership.objects.filter(user=user, role=Role.ADMIN).values("organisation")
    return list(
        Organisation.objects.filter(pk__in=administered)
        .annotate(admins=Count("memberships", filter=Q(memberships__role=Role.ADMIN)))
        .filter(admins=1)
    )


def check_deletable(user: User) -> None:
    stranded = last_admin_of(user)
    if stranded:
        raise ActionError(
            _(
                "The account cannot be deleted while it is the last organisation admin of "
                "%(organisations)s. Make someone else admin there first."
            )
            % {"organisations": ", ".join(o.name for o in stranded)}
        )


def kept_signatures(user: User) -> "models.QuerySet[Signature]":
    """Signatures that stay after a deletion, with the name: adopted versions' records."""
    return Signature.objects.filter(user=user, version__status__in=FROZEN).select_related(
        "version__charter__organisation"
    )


def pending_signatures(user: User) -> "models.QuerySet[Signature]":
    """Signatures on versions proposed but not adopted: a deletion withdraws them."""
    return (
        Signature.objects.filter(user=user)
        .exclude(version__status__in=FROZEN)
        .select_related("version__charter__organisation")
    )


def deleted_person_text(organisation: Organisation) -> str:
    """What stands where a deleted person's name was typed, in the organisation's language."""
    with translation.override(organisation.default_language):
        return str(_("(deleted person)"))


@transaction.atomic
def delete_person(actor: User | None, user: User) -> Deletion:
    """Delete the account and every reference to the person, as docs/personal-data.md
    says for each; `actor` is the person themselves or None (an operator).

    Anonymous answers are not touched: they never pointed at anyone.
    """
    check_deletable(user)
    by = "self" if actor is not None and actor.pk == user.pk else "operator"
    names = _names(user)
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    for membership in memberships:
        _replace_names(names, membership.organisation)
        # Checks the last admin again under the organisation's lock, and logs the removal.
        remove_membership(None, membership)
    for signature in pending_signatures(user):
        # Given to a version not yet adopted: void, as when it goes back to draft.
        charter = signature.version.charter
        record(
            None,
            charter.organisation,
            "charter.signature.void",
            charter.code,
            role=signature.role,
            scope=charter.unit,
        )
        signature.delete()
    for invitation in Invitation.objects.filter(
        email=user.email, accepted_at=None, revoked_at=None
    ).select_related("organisation"):
        revoke_invitation(None, invitation)
    Invitation.objects.filter(email=user.email).update(email="")
    AuditEntry.objects.filter(target=user.email).update(target="")
    for entry in AuditEntry.objects.filter(data__email=user.email):
        entry.data = {**entry.data, "email": ""}
        entry.save(update_fields=["data"])
    for model, name in CLEARED:
        model._default_manager.filter(**{name: user}).update(**{name: None})
    for model, name in DELETED:
        model._default_manager.filter(**{name: user}).delete()
    kept = [
        {
            "organisation": s.version.charter.organisation.name,
            "charter": s.version.charter.title,
            "version": s.version.number,
            "role": s.role,
        }
        for s in kept_signatures(user)
    ]
    record(None, None, "person.delete", user.code, by=by)
    return Deletion(
        account_removed=_remove_account(user),
        organisations=[m.organisation.name for m in memberships],
        kept_signatures=kept,
    )


def _replace_names(names: list[str], organisation: Organisation) -> None:
    """The person's full name or e-mail typed as responsible or owner in the
    organisation's working texts; frozen documents keep what was adopted."""
    if not names:
        return
    text = deleted_person_text(organisation)
    CharterCell.objects.filter(
        _named(names, "responsible"), principle__charter__organisation=organisation
    ).update(responsible=text)
    LevelCell.objects.filter(
        _named(names, "responsible"), principle__workshop__organisation=organisation
    ).update(responsible=text)
    AgreedAction.objects.filter(
        _named(names, "owner"), round__charter__organisation=organisation
    ).update(owner=text)


def _remove_account(user: User) -> bool:
    """Delete the account row; while a kept signature still points at it (Signature.user
    cannot be empty), empty it instead: no address, no name, no password, inactive."""
    if not Signature.objects.filter(user=user).exists():
        user.delete()
        return True
    user.email = f"{user.code}@deleted.invalid"
    user.name = ""
    user.language = settings.LANGUAGE_CODE
    user.last_login = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return False
