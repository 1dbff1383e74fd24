"""Changes across the unit tree (docs/charters.md, "Cascade"): adopting a parent's
principle (keeping the link), proposing one of this charter's own to the unit above, and
the unit above taking, declining or the proposer withdrawing that proposal. What the
cascade looks like is read in ../cascade.py.

Adopting copies the statement and the parent's own level cells (its level and the levels
above it); the levels below are left to the unit to say what the principle means locally.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import notices
from vogter.charters.actions.adoption import new_draft
from vogter.charters.actions.drafts import person
from vogter.charters.actions.editing import add_principle, set_cell
from vogter.charters.cascade import ancestors
from vogter.charters.document import PrincipleDoc
from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    ProposalStatus,
    Status,
    UpwardProposal,
)
from vogter.charters.versions import current_version, latest_adopted
from vogter.lib.errors import ActionError, record
from vogter.principles.checks import clean_text
from vogter.principles.models import LEVEL_ORDER

NOTE_MAX = 1000


def ensure_draft(actor: User | None, charter: Charter) -> None:
    """Changes from the cascade go into the charter's next version: when the current
    version is adopted, a new draft is started (a proposed one must go back first)."""
    if current_version(charter).status == Status.ADOPTED:
        new_draft(actor, charter)


def _cells_from(principle: PrincipleDoc, from_level: str) -> dict[str, str]:
    """The cells of `principle` at `from_level` and above, as text."""
    keys = [level.value for level in LEVEL_ORDER]
    start = keys.index(from_level) if from_level in keys else 0
    cells = {}
    for key in keys[start:]:
        cell = principle["cells"].get(key)
        if cell and cell["text"]:
            cells[key] = cell["text"]
    return cells


@transaction.atomic
def adopt_from_parent(
    actor: User | None, charter: Charter, parent: Charter, principle_code: str
) -> CharterPrinciple:
    """Take a principle of a parent unit's adopted charter into this charter's draft."""
    if parent.organisation_id != charter.organisation_id or parent.unit_id not in {
        u.pk for u in ancestors(charter.unit)
    }:
        raise ActionError(_("That charter does not belong to a parent unit."), field="charter")
    version = latest_adopted(parent)
    found = next(
        (
            p
            for p in (version.document.get("principles", []) if version else [])
            if p["code"] == principle_code
        ),
        None,
    )
    if version is None or found is None:
        raise ActionError(
            _("That principle is not in the adopted charter above."), field="principle"
        )
    Charter.objects.select_for_update().filter(pk=charter.pk).first()  # one at a time
    if charter.principles.filter(inherited_charter=parent, inherited_code=principle_code).exists():
        raise ActionError(_("That principle is already in this charter."), field="principle")
    ensure_draft(actor, charter)
    made = add_principle(
        actor,
        charter,
        statement_da=found["statement"]["da"],
        statement_en=found["statement"]["en"],
        reason=str(_("Adopted from %(unit)s") % {"unit": parent.unit.name}),
    )
    made.inherited_charter = parent
    made.inherited_code = principle_code
    made.inherited_version = version.number
    made.save(update_fields=["inherited_charter", "inherited_code", "inherited_version"])
    for level, text in _cells_from(found, parent.unit.level).items():
        set_cell(actor, made, level, text=text)
    record(
        actor,
        charter.organisation,
        "charter.cascade.adopt",
        charter.code,
        parent=parent.code,
        principle=principle_code,
        version=version.number,
        scope=charter.unit,
    )
    return made


@transaction.atomic
def propose_upward(
    actor: User | None, principle: CharterPrinciple, note: str = ""
) -> UpwardProposal:
    """Propose a principle of this charter to the unit directly above."""
    charter = principle.charter
    parent = charter.unit.parent
    if parent is None:
        raise ActionError(_("This unit has no unit above it."), field="unit")
    if principle.inherited_charter_id is not None:
        raise ActionError(
            _("This principle was adopted from a unit above: it is theirs already."),
            field="principle",
        )
    if not Charter.objects.filter(unit=parent).exists():
        raise ActionError(
            _("%(unit)s has no charter yet to take a proposal into.") % {"unit": parent.name},
            field="unit",
        )
    note = clean_text(note, NOTE_MAX, "note")
    Charter.objects.select_for_update().filter(pk=charter.pk).first()  # one at a time
    if UpwardProposal.objects.filter(
        from_charter=charter,
        principle_code=principle.code,
        to_unit=parent,
        status=ProposalStatus.OPEN,
    ).exists():
        raise ActionError(
            _("This principle has already been proposed to %(unit)s.") % {"unit": parent.name},
            field="principle",
        )
    adopted = latest_adopted(charter)
    # "In their adopted version N" only while the text is still the adopted one.
    in_adopted = adopted is not None and any(
        p["code"] == principle.code
        and p["statement"] == {"da": principle.statement_da, "en": principle.statement_en}
        for p in adopted.document.get("principles", [])
    )
    proposal = UpwardProposal.objects.create(
        organisation=charter.organisation,
        from_charter=charter,
        principle_code=principle.code,
        from_version=adopted.number if adopted is not None and in_adopted else None,
        to_unit=parent,
        statement_da=principle.statement_da,
        statement_en=principle.statement_en,
        cells={c.level: c.text for c in principle.cells.all() if c.text},
        note=note,
        proposed_by=person(actor),
    )
    record(
        actor,
        charter.organisation,
        "charter.cascade.propose",
        charter.code,
        principle=principle.code,
        to_unit=parent.code,
        proposal=proposal.code,
        scope=charter.unit,
    )
    notices.proposal_made(actor, proposal)
    return proposal


def _check_open(proposal: UpwardProposal) -> None:
    if proposal.status != ProposalStatus.OPEN:
        raise ActionError(_("This proposal has already been decided."), field="status")


@transaction.atomic
def take_proposal(
    actor: User | None, proposal: UpwardProposal, charter: Charter
) -> CharterPrinciple:
    """Take a proposal from a unit below into `charter` (a charter of the unit it was
    proposed to), as a principle of its next version with the proposal as provenance."""
    proposal = _open_for_update(proposal)
    if charter.unit_id != proposal.to_unit_id:
        raise ActionError(_("Choose a charter of the unit it was proposed to."), field="charter")
    ensure_draft(actor, charter)
    made = add_principle(
        actor,
        charter,
        statement_da=proposal.statement_da,
        statement_en=proposal.statement_en,
        reason=str(_("Proposed by %(unit)s") % {"unit": proposal.from_charter.unit.name}),
    )
    made.proposal = proposal
    made.save(update_fields=["proposal"])
    for level, text in proposal.cells.items():
        set_cell(actor, made, level, text=text)
    proposal.taken_into = charter
    _decide(actor, proposal, ProposalStatus.TAKEN)
    record(
        actor,
        charter.organisation,
        "charter.cascade.take",
        charter.code,
        proposal=proposal.code,
        principle=made.code,
        scope=charter.unit,
    )
    return made


def _decide(actor: User | None, proposal: UpwardProposal, status: ProposalStatus) -> None:
    proposal.status = status
    proposal.decided_by = person(actor)
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "taken_into", "decided_by", "decided_at"])


def _open_for_update(proposal: UpwardProposal) -> UpwardProposal:
    locked = UpwardProposal.objects.select_for_update().get(pk=proposal.pk)
    _check_open(locked)
    return locked


@transaction.atomic
def decline_proposal(actor: User | None, proposal: UpwardProposal) -> UpwardProposal:
    proposal = _open_for_update(proposal)
    _decide(actor, proposal, ProposalStatus.DECLINED)
    record(
        actor,
        proposal.organisation,
        "charter.cascade.decline",
        proposal.code,
        scope=proposal.to_unit,
    )
    return proposal


@transaction.atomic
def withdraw_proposal(actor: User | None, proposal: UpwardProposal) -> UpwardProposal:
    """The proposing unit takes back a proposal that is still open."""
    proposal = _open_for_update(proposal)
    _decide(actor, proposal, ProposalStatus.WITHDRAWN)
    record(
        actor,
        proposal.organisation,
        "charter.cascade.withdraw",
        proposal.code,
        scope=proposal.from_charter.unit,
    )
    return proposal
