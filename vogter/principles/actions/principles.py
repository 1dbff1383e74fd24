"""Principles and their level cells: drafted by the facilitator or proposed from a
phone, edited (a conflict when someone else saved in between), withdrawn and reordered;
what each means at each level. Facilitators' changes are in the audit log."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.principles.checks import (
    RATIONALE_MAX,
    check_phase,
    clean_cell,
    clean_statements,
    clean_text,
)
from vogter.principles.models import LevelCell, Principle, Theme
from vogter.principles.themes import theme_entries
from vogter.workshops.channels import board_channel
from vogter.workshops.models import Entry, Phase, Sheet, Workshop


def _sources(
    workshop: Workshop, theme_codes: Iterable[str], answer_ids: Iterable[str]
) -> tuple[list[Theme], list[Entry]]:
    codes = list(dict.fromkeys(theme_codes))
    themes = list(Theme.objects.filter(workshop=workshop, code__in=codes))
    if len(themes) != len(codes):
        raise ActionError(_("Unknown theme."), field="themes")
    ids = list(dict.fromkeys(str(a) for a in answer_ids))
    try:
        entries = list(theme_entries(workshop).filter(id__in=ids))
    except ValidationError:  # a malformed id
        entries = []
    if len(entries) != len(ids):
        raise ActionError(_("Some of these answers cannot be quoted."), field="sources")
    return themes, entries


@transaction.atomic
def create_principle(
    actor: User | None,
    workshop: Workshop,
    *,
    statement_da: str = "",
    statement_en: str = "",
    rationale: str = "",
    theme_codes: Iterable[str] = (),
    answer_ids: Iterable[str] = (),
) -> Principle:
    check_phase(workshop)
    da, en = clean_statements(statement_da, statement_en)
    rationale = clean_text(rationale, RATIONALE_MAX, "rationale")
    themes, entries = _sources(workshop, theme_codes, answer_ids)
    last = Principle.objects.filter(workshop=workshop).aggregate(last=Max("position"))["last"]
    principle = Principle.objects.create(
        workshop=workshop,
        statement_da=da,
        statement_en=en,
        rationale=rationale,
        position=(last or 0) + 1,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    principle.themes.set(themes)
    principle.sources.set(entries)
    record(
        actor,
        workshop.organisation,
        "principle.create",
        principle.code,
        workshop=workshop.code,
        statement_da=da,
        statement_en=en,
        themes=[t.code for t in themes],
        sources=len(entries),
    )
    _principles_changed(workshop)
    return principle


# A ceiling on participants' proposals, so a script cannot fill the list.
MAX_PROPOSALS_PER_WORKSHOP = 300


@transaction.atomic
def propose_principle(
    sheet: Sheet, *, statement_da: str = "", statement_en: str = "", rationale: str = ""
) -> Principle:
    """A participant's draft principle, sent from the phone when the workshop allows it.
    It keeps no author: not the sheet, not the account, not the time."""
    workshop = sheet.workshop
    if not workshop.participants_propose:
        raise ActionError(_("In this workshop, the facilitator drafts the principles."))
    if workshop.phase != Phase.PRINCIPLES:
        raise ActionError(
            _("Principles can be proposed while the group drafts them."), field="phase"
        )
    da, en = clean_statements(statement_da, statement_en)
    rationale = clean_text(rationale, RATIONALE_MAX, "rationale")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if Principle.objects.filter(workshop=locked, from_participant=True).count() >= (
        MAX_PROPOSALS_PER_WORKSHOP
    ):
        raise ActionError(_("This workshop has received as many proposals as it can take."))
    last = Principle.objects.filter(workshop=locked).aggregate(last=Max("position"))["last"]
    principle = Principle.objects.create(
        workshop=locked,
        statement_da=da,
        statement_en=en,
        rationale=rationale,
        position=(last or 0) + 1,
        from_participant=True,
    )
    _principles_changed(locked)
    return principle


def _principles_changed(workshop: Workshop) -> None:
    publish_after_commit(board_channel(workshop), "principles", {})


@transaction.atomic
def update_principle(
    actor: User | None,
    principle: Principle,
    *,
    version: int,
    statement_da: str,
    statement_en: str,
    rationale: str,
    theme_codes: Iterable[str],
    answer_ids: Iterable[str],
    reason: str = "",
) -> Principle:
    """Edit a principle. `version` is the one the editor started from: if someone
    else saved in between, the edit is refused as a conflict and nothing is lost."""
    locked = Principle.objects.select_for_update().get(pk=principle.pk)
    check_phase(locked.workshop)
    if version != locked.version:
        raise ActionError(
            _(
                "Someone else changed this principle while you were editing it. "
                "Their version is shown now; copy your wording into it if you still want it."
            ),
            field="version",
        )
    da, en = clean_statements(statement_da, statement_en)
    rationale = clean_text(rationale, RATIONALE_MAX, "rationale")
    themes, entries = _sources(locked.workshop, theme_codes, answer_ids)
    before = {"statement_da": locked.statement_da, "statement_en": locked.statement_en}
    locked.statement_da, locked.statement_en, locked.rationale = da, en, rationale
    locked.version += 1
    locked.save(update_fields=["statement_da", "statement_en", "rationale", "version"])
    locked.themes.set(themes)
    locked.sources.set(entries)
    record(
        actor,
        locked.workshop.organisation,
        "principle.update",
        locked.code,
        before=before,
        statement_da=da,
        statement_en=en,
        themes=[t.code for t in themes],
        sources=len(entries),
        version=locked.version,
        reason=clean_text(reason, 500, "reason"),
    )
    _principles_changed(locked.workshop)
    return locked


@transaction.atomic
def withdraw_principle(
    actor: User | None, principle: Principle, withdrawn: bool = True
) -> Principle:
    check_phase(principle.workshop)
    if principle.withdrawn != withdrawn:
        principle.withdrawn = withdrawn
        principle.version += 1
        principle.save(update_fields=["withdrawn", "version"])
        record(
            actor,
            principle.workshop.organisation,
            "principle.withdraw" if withdrawn else "principle.restore",
            principle.code,
        )
        _principles_changed(principle.workshop)
    return principle


@transaction.atomic
def move_principle(actor: User | None, principle: Principle, offset: int) -> list[Principle]:
    """Move a principle up (-1) or down (+1) in the list."""
    check_phase(principle.workshop)
    ordered = list(Principle.objects.select_for_update().filter(workshop=principle.workshop))
    index = next(i for i, p in enumerate(ordered) if p.pk == principle.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    return _renumber(actor, principle.workshop, ordered)


@transaction.atomic
def reorder_principles(
    actor: User | None, workshop: Workshop, codes: Sequence[str]
) -> list[Principle]:
    check_phase(workshop)
    current = {p.code: p for p in Principle.objects.select_for_update().filter(workshop=workshop)}
    if sorted(codes) != sorted(current) or len(set(codes)) != len(codes):
        raise ActionError(
            _("Give every principle of the workshop exactly once."), field="principles"
        )
    return _renumber(actor, workshop, [current[c] for c in codes])


def _renumber(actor: User | None, workshop: Workshop, ordered: list[Principle]) -> list[Principle]:
    for position, principle in enumerate(ordered, start=1):
        if principle.position != position:
            principle.position = position
            principle.save(update_fields=["position"])
    record(
        actor,
        workshop.organisation,
        "principle.reorder",
        workshop.code,
        order=[p.code for p in ordered],
    )
    _principles_changed(workshop)
    return ordered


@transaction.atomic
def set_cell(
    actor: User | None,
    principle: Principle,
    level: str,
    *,
    text: str = "",
    responsible: str = "",
    empty_on_purpose: bool = False,
) -> LevelCell | None:
    """What the principle means at `level`. All empty and not on purpose: the cell goes
    back to being a gap (not yet considered)."""
    check_phase(principle.workshop)
    text, responsible = clean_cell(level, text, responsible, empty_on_purpose)
    existing = LevelCell.objects.filter(principle=principle, level=level).first()
    if not text and not responsible and not empty_on_purpose:
        if existing is not None:
            existing.delete()
            record(
                actor, principle.workshop.organisation, "cell.clear", principle.code, level=level
            )
            _principles_changed(principle.workshop)
        return None
    cell = existing or LevelCell(principle=principle, level=level)
    changed = (cell.text, cell.responsible, cell.empty_on_purpose) != (
        text,
        responsible,
        empty_on_purpose,
    )
    cell.text, cell.responsible, cell.empty_on_purpose = text, responsible, empty_on_purpose
    if changed or existing is None:
        cell.save()
        record(
            actor,
            principle.workshop.organisation,
            "cell.set",
            principle.code,
            level=level,
            text=text,
            responsible=responsible,
            empty_on_purpose=empty_on_purpose,
        )
        _principles_changed(principle.workshop)
    return cell
