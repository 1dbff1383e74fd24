"""Editing a draft's working copy: its principles (added, reworded, removed, moved) and
their level cells, each change kept with its reason. A change made from an older
revision of a principle than the saved one is refused as a conflict."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.actions.drafts import check_draft, person
from vogter.charters.models import (
    Charter,
    CharterCell,
    CharterChange,
    CharterPrinciple,
    CharterVersion,
)
from vogter.lib.errors import ActionError, record
from vogter.principles.checks import RATIONALE_MAX, clean_cell, clean_statements, clean_text

REASON_MAX = 500


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
        actor=person(actor),
    )


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
    version = check_draft(charter)
    da, en = clean_statements(statement_da, statement_en)
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
        actor,
        charter.organisation,
        "charter.principle.add",
        charter.code,
        principle=principle.code,
        scope=charter.unit,
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
    version = check_draft(charter)
    _check_revision(principle, revision)
    da, en = clean_statements(statement_da, statement_en)
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
            scope=charter.unit,
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
    check_draft(principle.charter)
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
    version = check_draft(charter)
    _change(actor, charter, version, principle.code, "", reason)
    record(
        actor,
        charter.organisation,
        "charter.principle.remove",
        charter.code,
        principle=principle.code,
        statement=principle.statement_da or principle.statement_en,
        reason=reason,
        scope=charter.unit,
    )
    principle.delete()


@transaction.atomic
def move_principle(actor: User | None, principle: CharterPrinciple, offset: int) -> None:
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    check_draft(charter)
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
        scope=charter.unit,
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
    version = check_draft(charter)
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
        scope=charter.unit,
    )
    return cell


@transaction.atomic
def merge_principles(
    actor: User | None, principle: CharterPrinciple, into: CharterPrinciple, reason: str = ""
) -> CharterPrinciple:
    """Merge `principle` into `into`, two principles saying the same thing (often from two
    workshops). `into` keeps its wording and cells, takes the other's cells for the levels
    it has not filled in, and takes its provenance: every workshop principle either came
    from, each with its own workshop, themes and quotes. The other is removed."""
    access.check_may_change(actor, principle.charter.organisation_id)
    charter = principle.charter
    if into.charter_id != charter.pk or into.pk == principle.pk:
        raise ActionError(_("Choose another principle of this charter."), field="into")
    version = check_draft(charter)
    sources = [p for p in (principle.source, *principle.merged_sources.all()) if p is not None]
    into.merged_sources.add(*(p for p in sources if p.pk != into.source_id))
    filled = set(into.cells.values_list("level", flat=True))
    principle.cells.exclude(level__in=filled).update(principle=into)
    into.revision += 1
    into.save(update_fields=["revision"])
    _change(actor, charter, version, into.code, "", reason)
    record(
        actor,
        charter.organisation,
        "charter.principle.merge",
        charter.code,
        principle=principle.code,
        into=into.code,
        reason=reason,
        scope=charter.unit,
    )
    principle.delete()
    return into
