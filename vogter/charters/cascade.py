"""Principles across the unit tree (docs/charters.md, "Cascade"): a unit's charter beside
the adopted charters of the units above it; adopting a parent's principle (keeping the
link); proposing one of its own to the unit above, which can take it into its next version.

A parent's principle is read from its latest adopted version, never from a draft: a unit
adopts what was agreed above it. Adopting copies the statement and the parent's own level
cells (its level and the levels above it); the levels below are left to the unit to say
what the principle means locally.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import actions
from vogter.charters.document import PrincipleDoc
from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    CharterVersion,
    ProposalStatus,
    Status,
    UpwardProposal,
)
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Unit
from vogter.principles.actions import clean_text
from vogter.principles.models import LEVEL_ORDER

NOTE_MAX = 1000


def ancestors(unit: Unit) -> list[Unit]:
    """The units above `unit`, nearest first."""
    found: list[Unit] = []
    seen = {unit.pk}
    current = unit
    while current.parent_id is not None and current.parent_id not in seen:
        current = Unit.objects.get(pk=current.parent_id)
        seen.add(current.pk)
        found.append(current)
    return found


@dataclass
class Above:
    """An adopted charter of a unit above; which of its principles this charter has
    already adopted, and which came from this charter's own proposals."""

    unit: Unit
    charter: Charter
    version: CharterVersion
    principles: list[PrincipleDoc]
    adopted: set[str] = field(default_factory=set)
    from_us: set[str] = field(default_factory=set)


@dataclass
class Cascade:
    charter: Charter
    above: list[Above]
    incoming: list[UpwardProposal]  # proposals to this charter's unit, open ones first
    outgoing: list[UpwardProposal]  # proposals made from this charter
    # For each principle adopted from above (by its code here): "changed" when the unit
    # above has reworded it in a later adopted version, "removed" when that version no
    # longer has it; absent when it is as adopted.
    changed_above: dict[str, str] = field(default_factory=dict)


def cascade(charter: Charter) -> Cascade:
    units = ancestors(charter.unit)
    charters = list(Charter.objects.filter(unit__in=units).select_related("unit").order_by("title"))
    latest = actions.latest_adopted_of(charters)
    taken: dict[int, set[str]] = {}
    inherited = list(
        charter.principles.filter(inherited_charter__isnull=False).values_list(
            "code",
            "inherited_charter_id",
            "inherited_code",
            "inherited_version",
            "statement_da",
            "statement_en",
        )
    )
    for _code, parent_id, parent_code, *_rest in inherited:
        taken.setdefault(parent_id, set()).add(parent_code)
    from_us: dict[int, set[str]] = {}
    for parent_id, code in CharterPrinciple.objects.filter(
        charter__in=charters, proposal__from_charter=charter
    ).values_list("charter_id", "code"):
        from_us.setdefault(parent_id, set()).add(code)
    rank = {unit.pk: i for i, unit in enumerate(units)}
    above = [
        Above(
            unit=c.unit,
            charter=c,
            version=latest[c.pk],
            principles=latest[c.pk].document.get("principles", []),
            adopted=taken.get(c.pk, set()),
            from_us=from_us.get(c.pk, set()),
        )
        for c in charters
        if c.pk in latest
    ]
    above.sort(key=lambda a: (rank[a.unit.pk], a.charter.title))
    changed: dict[str, str] = {}
    for code, parent_id, parent_code, version, *_statements in inherited:
        if parent_id not in latest or latest[parent_id].number == version:
            continue
        now = next(
            (
                p
                for p in latest[parent_id].document.get("principles", [])
                if p["code"] == parent_code
            ),
            None,
        )
        if now is None:
            changed[code] = "removed"
        elif _was(parent_id, parent_code, version) != now["statement"]:
            changed[code] = "changed"
    incoming = sorted(
        UpwardProposal.objects.filter(to_unit=charter.unit).select_related(
            "from_charter__unit", "to_unit", "taken_into"
        ),
        key=lambda p: (p.status != ProposalStatus.OPEN, -p.proposed_at.timestamp()),
    )
    outgoing = list(UpwardProposal.objects.filter(from_charter=charter).select_related("to_unit"))
    return Cascade(
        charter=charter,
        above=above,
        incoming=incoming,
        outgoing=outgoing,
        changed_above=changed,
    )


def _was(parent_id: int, code: str, number: int | None) -> object:
    """A principle's statement in the version of a charter it was adopted from."""
    if number is None:
        return None
    version = CharterVersion.objects.filter(charter_id=parent_id, number=number).first()
    if version is None:
        return None
    return next(
        (p["statement"] for p in version.document.get("principles", []) if p["code"] == code),
        None,
    )


def _draft(actor: User | None, charter: Charter) -> None:
    """Changes from the cascade go into the charter's next version: when the current
    version is adopted, a new draft is started (a proposed one must go back first)."""
    if actions.current_version(charter).status == Status.ADOPTED:
        actions.new_draft(actor, charter)


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
        raise ActionError(_("That charter is not one of the units above."), field="charter")
    version = actions.latest_adopted(parent)
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
    _draft(actor, charter)
    made = actions.add_principle(
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
        actions.set_cell(actor, made, level, text=text)
    record(
        actor,
        charter.organisation,
        "charter.cascade.adopt",
        charter.code,
        parent=parent.code,
        principle=principle_code,
        version=version.number,
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
    adopted = actions.latest_adopted(charter)
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
        proposed_by=actions._person(actor),
    )
    record(
        actor,
        charter.organisation,
        "charter.cascade.propose",
        charter.code,
        principle=principle.code,
        to_unit=parent.code,
        proposal=proposal.code,
    )
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
    _draft(actor, charter)
    made = actions.add_principle(
        actor,
        charter,
        statement_da=proposal.statement_da,
        statement_en=proposal.statement_en,
        reason=str(_("Proposed by %(unit)s") % {"unit": proposal.from_charter.unit.name}),
    )
    made.proposal = proposal
    made.save(update_fields=["proposal"])
    for level, text in proposal.cells.items():
        actions.set_cell(actor, made, level, text=text)
    proposal.taken_into = charter
    _decide(actor, proposal, ProposalStatus.TAKEN)
    record(
        actor,
        charter.organisation,
        "charter.cascade.take",
        charter.code,
        proposal=proposal.code,
        principle=made.code,
    )
    return made


def _decide(actor: User | None, proposal: UpwardProposal, status: ProposalStatus) -> None:
    proposal.status = status
    proposal.decided_by = actions._person(actor)
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
    record(actor, proposal.organisation, "charter.cascade.decline", proposal.code)
    return proposal


@transaction.atomic
def withdraw_proposal(actor: User | None, proposal: UpwardProposal) -> UpwardProposal:
    """The proposing unit takes back a proposal that is still open."""
    proposal = _open_for_update(proposal)
    _decide(actor, proposal, ProposalStatus.WITHDRAWN)
    record(actor, proposal.organisation, "charter.cascade.withdraw", proposal.code)
    return proposal


def incoming_proposal(charter: Charter, code: str) -> UpwardProposal:
    """A proposal made to the charter's unit (for the page and the API alike)."""
    found = (
        UpwardProposal.objects.select_related("from_charter__unit", "to_unit", "taken_into")
        .filter(organisation=charter.organisation, to_unit=charter.unit, code=code)
        .first()
    )
    if found is None:
        raise Http404
    return found


def provenance(principle: CharterPrinciple) -> str:
    """Where a charter principle came from in the unit tree, in words ("" if from here)."""
    if principle.inherited_charter_id is not None and principle.inherited_charter is not None:
        return str(
            _("Adopted from %(unit)s (version %(version)s)")
            % {
                "unit": principle.inherited_charter.unit.name,
                "version": principle.inherited_version,
            }
        )
    if principle.proposal_id is not None and principle.proposal is not None:
        return str(_("Proposed by %(unit)s") % {"unit": principle.proposal.from_charter.unit.name})
    if principle.template_code:
        return str(_("Started from a template of the national commons"))
    return ""
