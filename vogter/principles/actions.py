"""Every change to themes, principles, level cells and agreement rounds, for the web
pages, the API and the CLI alike.

Facilitators' changes are written to the audit log, so every change to the themes
and the principles is kept. A participant's ballot is not: see AgreementBallot.
"""

import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter import live
from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.principles.models import (
    LEVEL_ORDER,
    AgreementBallot,
    AgreementRound,
    AgreementVote,
    Choice,
    Level,
    LevelCell,
    Principle,
    RoundItem,
    Theme,
    ThemeAnswer,
)
from vogter.workshops.actions import board_channel, participants_channel
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Phase, Sheet, Workshop

LABEL_MAX = 120
STATEMENT_MAX = 300
RATIONALE_MAX = 1000
CELL_MAX = 1000
RESPONSIBLE_MAX = 200
COMMENT_MAX = 1000
# Themes and principles are made once the answers are in, and kept until the end.
SYNTHESIS_PHASES = frozenset({Phase.THEMES, Phase.PRINCIPLES, Phase.AGREEMENT})
# A principle has consensus when at least this share of those who took a position agree.


def _publish_after_commit(channel: str, event: str, data: dict[str, Any]) -> None:
    transaction.on_commit(lambda: live.publish(channel, event, data))


def _check_phase(workshop: Workshop, phases: frozenset[Phase] = SYNTHESIS_PHASES) -> None:
    if workshop.phase not in phases:
        if workshop.phase == Phase.CLOSED:
            raise ActionError(_("The workshop is closed: nothing can be changed."), field="phase")
        raise ActionError(
            _("Close the reflection first: themes and principles come after the answers."),
            field="phase",
        )


def clean_text(text: str, limit: int, field: str, *, required: bool = False) -> str:
    """Trimmed text with Windows line ends made plain; refused (with the field named) when
    required and empty, too long, or holding a NUL character."""
    text = (text or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ActionError(_("This field is required."), field=field)
    if len(text) > limit:
        raise ActionError(
            _("This text is too long: at most %(max)d characters, and it has %(length)d.")
            % {"max": limit, "length": len(text)},
            field=field,
        )
    if "\x00" in text:
        raise ActionError(_("The text contains characters that cannot be saved."), field=field)
    return text


def _clean_label(label: str) -> str:
    return " ".join(clean_text(label, LABEL_MAX, "label", required=True).split())


# --- Themes -------------------------------------------------------------------------


def theme_entries(workshop: Workshop, question: str | None = None) -> Any:
    """The answers that themes are made of: written, not hidden by the facilitator."""
    entries = Entry.objects.filter(sheet__workshop=workshop, hidden=False).exclude(text="")
    if question is None:
        return entries.filter(field__in=QUESTION_KEYS)
    return entries.filter(field=question)


def _check_question(question: str) -> str:
    if question not in QUESTION_KEYS:
        raise ActionError(_("Unknown question."), field="question")
    return question


@transaction.atomic
def suggest_themes(
    actor: User | None,
    workshop: Workshop,
    *,
    question: str | None = None,
    k: int | None = None,
    replace: bool = False,
) -> list[Theme]:
    """Group the answers into suggested themes, question by question.

    A question that already has themes keeps them (people may have worked on them)
    unless `replace` is given; its answers not yet in a theme are left for people
    to place.
    """
    # Imported here: the suggestion loads its word lists on first use.
    from vogter.themes.suggest import Answer
    from vogter.themes.suggest import suggest_themes as suggest

    _check_phase(workshop)
    if k is not None and not 1 <= k <= 30:
        raise ActionError(_("The number of themes must be between 1 and 30."), field="k")
    questions = [_check_question(question)] if question else list(QUESTION_KEYS)
    made: list[Theme] = []
    for key in questions:
        existing = Theme.objects.filter(workshop=workshop, question=key)
        if existing.exists():
            if not replace:
                continue
            record(actor, workshop.organisation, "themes.replace", workshop.code, question=key)
            existing.delete()
        entries = list(theme_entries(workshop, key))
        if not entries:
            continue
        suggestions = suggest(
            [Answer(str(e.id), key, e.text) for e in entries], k=k, language=workshop.language
        )
        by_id = {str(e.id): e for e in entries}
        for position, suggestion in enumerate(suggestions):
            theme = Theme.objects.create(
                workshop=workshop,
                question=key,
                label=suggestion.label[:LABEL_MAX],
                suggested=True,
                position=position,
            )
            ThemeAnswer.objects.bulk_create(
                ThemeAnswer(
                    entry=by_id[answer_id], theme=theme, quote=answer_id in suggestion.quote_ids
                )
                for answer_id in suggestion.answer_ids
            )
            made.append(theme)
        record(
            actor,
            workshop.organisation,
            "themes.suggest",
            workshop.code,
            question=key,
            themes=len(suggestions),
            k=k,
        )
    _themes_changed(workshop)
    return made


def _themes_changed(workshop: Workshop) -> None:
    _publish_after_commit(board_channel(workshop), "themes", {})


@transaction.atomic
def rename_theme(actor: User | None, theme: Theme, label: str) -> Theme:
    _check_phase(theme.workshop)
    label = _clean_label(label)
    if label != theme.label or theme.suggested:
        record(
            actor,
            theme.workshop.organisation,
            "theme.rename",
            theme.code,
            before=theme.label,
            after=label,
        )
        theme.label, theme.suggested = label, False
        theme.save(update_fields=["label", "suggested"])
        _themes_changed(theme.workshop)
    return theme


def _entries_of(workshop: Workshop, question: str, answer_ids: Iterable[str]) -> list[Entry]:
    ids = list(dict.fromkeys(str(a) for a in answer_ids))
    try:
        entries = list(theme_entries(workshop, question).filter(id__in=ids))
    except ValidationError:  # a malformed id: no such answer
        entries = []
    if len(entries) != len(ids):
        raise ActionError(
            _("Some of these answers are not answers to this question."), field="answers"
        )
    return entries


def _place(entries: Sequence[Entry], theme: Theme | None) -> None:
    ThemeAnswer.objects.filter(entry__in=entries).delete()
    if theme is not None:
        ThemeAnswer.objects.bulk_create(ThemeAnswer(entry=e, theme=theme) for e in entries)


@transaction.atomic
def move_answers(
    actor: User | None, workshop: Workshop, answer_ids: Iterable[str], theme: Theme | None
) -> None:
    """Move answers into `theme`, or out of every theme (None: not yet placed)."""
    _check_phase(workshop)
    if theme is not None and theme.workshop_id != workshop.pk:
        raise ActionError(_("Unknown theme."), field="theme")
    ids = list(answer_ids)
    if not ids:
        raise ActionError(_("Choose at least one answer."), field="answers")
    question = theme.question if theme else _question_of(workshop, ids)
    entries = _entries_of(workshop, question, ids)
    _place(entries, theme)
    record(
        actor,
        workshop.organisation,
        "theme.move",
        theme.code if theme else "",
        workshop=workshop.code,
        answers=len(entries),
    )
    _themes_changed(workshop)


def _question_of(workshop: Workshop, answer_ids: Sequence[str]) -> str:
    try:
        fields = set(
            theme_entries(workshop).filter(id__in=answer_ids).values_list("field", flat=True)
        )
    except ValidationError:  # a malformed id
        fields = set()
    if len(fields) != 1:
        raise ActionError(
            _("Some of these answers are not answers to this question."), field="answers"
        )
    return fields.pop()


@transaction.atomic
def new_theme(
    actor: User | None,
    workshop: Workshop,
    question: str,
    label: str,
    answer_ids: Iterable[str] = (),
) -> Theme:
    """A theme of people's own, empty or made of the given answers (a split)."""
    _check_phase(workshop)
    _check_question(question)
    label = _clean_label(label)
    entries = _entries_of(workshop, question, answer_ids)
    last = Theme.objects.filter(workshop=workshop, question=question).aggregate(
        last=Max("position")
    )["last"]
    theme = Theme.objects.create(
        workshop=workshop, question=question, label=label, position=(last or 0) + 1
    )
    _place(entries, theme)
    record(
        actor,
        workshop.organisation,
        "theme.create",
        theme.code,
        workshop=workshop.code,
        question=question,
        label=label,
        answers=len(entries),
    )
    _themes_changed(workshop)
    return theme


@transaction.atomic
def merge_themes(actor: User | None, source: Theme, into: Theme) -> Theme:
    """All of `source`'s answers go to `into`; principles that grew from `source` keep
    their link, now to `into`."""
    _check_phase(into.workshop)
    if source.pk == into.pk:
        raise ActionError(_("A theme cannot be merged into itself."), field="into")
    if source.workshop_id != into.workshop_id or source.question != into.question:
        raise ActionError(_("Only themes of the same question can be merged."), field="into")
    ThemeAnswer.objects.filter(theme=source).update(theme=into)
    for principle in source.principles.all():
        principle.themes.add(into)
    record(
        actor,
        into.workshop.organisation,
        "theme.merge",
        into.code,
        merged=source.code,
        merged_label=source.label,
        label=into.label,
    )
    source.delete()
    _themes_changed(into.workshop)
    return into


@transaction.atomic
def delete_theme(actor: User | None, theme: Theme) -> None:
    """Only an empty theme: answers are never dropped, they are moved or merged."""
    _check_phase(theme.workshop)
    if theme.answers.exists():
        raise ActionError(
            _("Move or merge this theme's answers first: no answer is ever dropped."),
            field="theme",
        )
    record(actor, theme.workshop.organisation, "theme.delete", theme.code, label=theme.label)
    theme.delete()
    _themes_changed(theme.workshop)


@dataclass(frozen=True)
class ThemeView:
    theme: Theme
    answers: list[Entry]
    quotes: list[Entry]


@dataclass(frozen=True)
class QuestionThemes:
    question: str
    themes: list[ThemeView]
    unplaced: list[Entry]

    @property
    def answers(self) -> int:
        return sum(len(t.answers) for t in self.themes) + len(self.unplaced)


def themes_by_question(workshop: Workshop) -> list[QuestionThemes]:
    """Every question's themes with their answers, and the answers not yet placed."""
    entries = list(theme_entries(workshop).select_related("theme_answer").order_by("shuffle"))
    themes = list(Theme.objects.filter(workshop=workshop))
    members: dict[int, list[Entry]] = {t.pk: [] for t in themes}
    quotes: dict[int, list[Entry]] = {t.pk: [] for t in themes}
    unplaced: dict[str, list[Entry]] = {key: [] for key in QUESTION_KEYS}
    for entry in entries:
        placed = getattr(entry, "theme_answer", None)
        if placed is None or placed.theme_id not in members:
            unplaced[entry.field].append(entry)
            continue
        members[placed.theme_id].append(entry)
        if placed.quote:
            quotes[placed.theme_id].append(entry)
    result = []
    for key in QUESTION_KEYS:
        views = [
            ThemeView(t, members[t.pk], (quotes[t.pk] or members[t.pk])[:3])
            for t in themes
            if t.question == key
        ]
        result.append(QuestionThemes(key, views, unplaced[key]))
    return result


# --- Principles ---------------------------------------------------------------------


def _clean_statements(statement_da: str, statement_en: str) -> tuple[str, str]:
    da = " ".join(clean_text(statement_da, STATEMENT_MAX, "statement_da").split())
    en = " ".join(clean_text(statement_en, STATEMENT_MAX, "statement_en").split())
    if not da and not en:
        raise ActionError(
            _("Write the principle in Danish, in English, or in both."), field="statement_da"
        )
    return da, en


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


def _check_principles_phase(workshop: Workshop) -> None:
    _check_phase(workshop)


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
    _check_principles_phase(workshop)
    da, en = _clean_statements(statement_da, statement_en)
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
    da, en = _clean_statements(statement_da, statement_en)
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
    _publish_after_commit(board_channel(workshop), "principles", {})


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
    _check_principles_phase(locked.workshop)
    if version != locked.version:
        raise ActionError(
            _(
                "Someone else changed this principle while you were editing it. "
                "Their version is shown now; copy your wording into it if you still want it."
            ),
            field="version",
        )
    da, en = _clean_statements(statement_da, statement_en)
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
    _check_principles_phase(principle.workshop)
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
    _check_principles_phase(principle.workshop)
    ordered = list(Principle.objects.select_for_update().filter(workshop=principle.workshop))
    index = next(i for i, p in enumerate(ordered) if p.pk == principle.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    return _renumber(actor, principle.workshop, ordered)


@transaction.atomic
def reorder_principles(
    actor: User | None, workshop: Workshop, codes: Sequence[str]
) -> list[Principle]:
    _check_principles_phase(workshop)
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


# --- The level matrix ---------------------------------------------------------------


def clean_cell(level: str, text: str, responsible: str, empty_on_purpose: bool) -> tuple[str, str]:
    """A level cell's text and responsible, checked (for workshops' and charters' cells)."""
    if level not in Level.values:
        raise ActionError(_("Unknown level."), field="level")
    text = clean_text(text, CELL_MAX, "text")
    responsible = " ".join(clean_text(responsible, RESPONSIBLE_MAX, "responsible").split())
    if empty_on_purpose and (text or responsible):
        raise ActionError(
            _("A cell left empty on purpose has no text; clear the text or untick the box."),
            field="empty_on_purpose",
        )
    return text, responsible


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
    _check_principles_phase(principle.workshop)
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


def matrix(workshop: Workshop, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """Each principle with a cell per level: filled, empty on purpose, or a gap (None)."""
    principles = Principle.objects.filter(workshop=workshop).prefetch_related("cells")
    if not include_withdrawn:
        principles = principles.filter(withdrawn=False)
    rows = []
    for principle in principles:
        cells = {c.level: c for c in principle.cells.all()}
        rows.append(
            {"principle": principle, "cells": [(level, cells.get(level)) for level in LEVEL_ORDER]}
        )
    return rows


def coverage(workshop: Workshop) -> dict[str, Any]:
    """How much of the table is filled: per level, and the gaps by name."""
    rows = matrix(workshop)
    per_level = {level.value: Counter[str]() for level in LEVEL_ORDER}
    gaps = []
    for row in rows:
        for level, cell in row["cells"]:
            state = "gap" if cell is None else "empty" if cell.empty_on_purpose else "filled"
            per_level[level][state] += 1
            if state == "gap":
                gaps.append((row["principle"], level))
    return {
        "principles": len(rows),
        "per_level": {k: dict(v) for k, v in per_level.items()},
        "gaps": gaps,
    }


# --- The agreement round ------------------------------------------------------------


@transaction.atomic
def open_round(
    actor: User | None, workshop: Workshop, *, open_count: bool = False
) -> AgreementRound:
    """A new agreement round on the principles as they stand; an open one is closed.

    With `open_count` the results show exact counts however small (docs/disclosure.md):
    chosen here, before anyone votes, and said on every phone before the ballot."""
    _check_phase(workshop, frozenset({Phase.AGREEMENT}))
    principles = list(Principle.objects.filter(workshop=workshop, withdrawn=False))
    if not principles:
        raise ActionError(_("Draft at least one principle first."), field="principles")
    AgreementRound.objects.filter(workshop=workshop, open=True).update(open=False)
    last = AgreementRound.objects.filter(workshop=workshop).aggregate(last=Max("number"))["last"]
    agreement = AgreementRound.objects.create(
        workshop=workshop, number=(last or 0) + 1, open_count=open_count
    )
    RoundItem.objects.bulk_create(
        RoundItem(
            round=agreement,
            principle=p,
            statement_da=p.statement_da,
            statement_en=p.statement_en,
            position=position,
        )
        for position, p in enumerate(principles, start=1)
    )
    record(
        actor,
        workshop.organisation,
        "agreement.open",
        workshop.code,
        number=agreement.number,
        principles=[p.code for p in principles],
        open_count=open_count,
    )
    _agreement_changed(workshop)
    return agreement


def _agreement_changed(workshop: Workshop) -> None:
    _publish_after_commit(participants_channel(workshop), "agreement", {})
    _publish_after_commit(board_channel(workshop), "agreement", {})


@transaction.atomic
def close_round(actor: User | None, agreement: AgreementRound) -> AgreementRound:
    if agreement.open:
        agreement.open = False
        agreement.save(update_fields=["open"])
        record(
            actor,
            agreement.workshop.organisation,
            "agreement.close",
            agreement.workshop.code,
            number=agreement.number,
        )
        _agreement_changed(agreement.workshop)
    return agreement


@transaction.atomic
def reveal_round(
    actor: User | None, agreement: AgreementRound, revealed: bool = True
) -> AgreementRound:
    if revealed and agreement.open:
        # Results shown while ballots still come in would give each new voter away.
        close_round(actor, agreement)
    if agreement.revealed != revealed:
        agreement.revealed = revealed
        agreement.save(update_fields=["revealed"])
        record(
            actor,
            agreement.workshop.organisation,
            "agreement.reveal",
            agreement.workshop.code,
            number=agreement.number,
            revealed=revealed,
        )
        _agreement_changed(agreement.workshop)
    return agreement


def current_round(workshop: Workshop) -> AgreementRound | None:
    return AgreementRound.objects.filter(workshop=workshop).order_by("-number").first()


def has_voted(agreement: AgreementRound, sheet: Sheet) -> bool:
    return AgreementBallot.objects.filter(round=agreement, sheet=sheet).exists()


@transaction.atomic
def cast_ballot(sheet: Sheet, agreement: AgreementRound, votes: dict[str, tuple[str, str]]) -> None:
    """A participant's ballot: a choice (and perhaps a comment) for every principle of
    the round, given once. The votes are stored without the sheet; the ballot row only
    says that this sheet has voted, so no one can vote twice."""
    if agreement.workshop_id != sheet.workshop_id:
        raise ActionError(_("This round belongs to another workshop."), field="round")
    if not agreement.open:
        raise ActionError(_("This agreement round is closed."), field="round")
    principles = {
        item.principle.code: item.principle for item in agreement.items.select_related("principle")
    }
    missing = [code for code in principles if code not in votes]
    if missing or set(votes) - set(principles):
        raise ActionError(_("Choose agree, disagree or pass for every principle."), field="votes")
    cleaned = []
    for code, (choice, comment) in votes.items():
        if choice not in Choice.values:
            raise ActionError(
                _("Choose agree, disagree or pass for every principle."), field="votes"
            )
        cleaned.append((principles[code], choice, clean_text(comment, COMMENT_MAX, "comment")))
    try:
        with transaction.atomic():
            AgreementBallot.objects.create(round=agreement, sheet=sheet)
    except IntegrityError:
        raise ActionError(_("You have already voted in this round."), field="round") from None
    AgreementVote.objects.bulk_create(
        AgreementVote(
            round=agreement,
            principle=principle,
            choice=choice,
            comment=comment,
            shuffle=secrets.randbelow(2**31),
        )
        for principle, choice, comment in cleaned
    )
    ballots = AgreementBallot.objects.filter(round=agreement).count()
    _publish_after_commit(
        board_channel(sheet.workshop), "ballots", {"round": agreement.number, "ballots": ballots}
    )
