"""Themes: suggested from the answers, renamed, split, merged and deleted, and answers
moved between them. Every change is in the audit log."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.principles.checks import LABEL_MAX, check_phase, clean_text
from vogter.principles.models import Theme, ThemeAnswer
from vogter.principles.themes import theme_entries
from vogter.workshops.channels import board_channel
from vogter.workshops.kit import QUESTION_KEYS, QUESTIONS
from vogter.workshops.models import Entry, Workshop

if TYPE_CHECKING:
    from vogter.principles.grouping import Proposal


def _clean_label(label: str) -> str:
    return " ".join(clean_text(label, LABEL_MAX, "label", required=True).split())


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

    check_phase(workshop)
    _check_k(k)
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


def propose_grouping(
    actor: User | None,
    workshop: Workshop,
    question: str,
    *,
    language: str,
    k: int | None = None,
) -> "Proposal":
    """Ask the language model how `question`'s answers group (docs/llm.md). Nothing on
    the wall changes: the facilitator accepts the proposal, edited or not, through
    `accept_grouping`. When the model cannot give a usable grouping the proposal is
    Vogter's own suggestion, with the reason in `fallback`."""
    # Imported here, as in suggest_themes: the built-in fallback loads its word lists.
    from vogter.llm import assist
    from vogter.principles.grouping import propose
    from vogter.themes.suggest import Answer

    check_phase(workshop)
    _check_question(question)
    _check_k(k)
    if not assist.is_enabled():
        raise ActionError(_("Language-model assistance is not switched on for this installation."))
    entries = list(theme_entries(workshop, question).order_by("shuffle", "id"))
    if not entries:
        raise ActionError(_("There are no answers to group yet."), field="question")
    kit = next(q for q in QUESTIONS if q.key == question)
    proposal = propose(
        [Answer(str(e.id), question, e.text) for e in entries],
        kit.en if language == "en" else kit.da,
        language,
        k=k,
    )
    record(
        actor,
        workshop.organisation,
        "assist.group_answers",
        workshop.code,
        question=question,
        model=proposal.grouping.model if proposal.grouping else "",
        replaced=proposal.grouping.replaced if proposal.grouping else {},
        used=proposal.by_assistant,
        reason=proposal.reason,
    )
    return proposal


@transaction.atomic
def accept_grouping(
    actor: User | None,
    workshop: Workshop,
    question: str,
    groups: Sequence[tuple[str, Sequence[str]]],
    *,
    replace: bool = False,
) -> list[Theme]:
    """Put a proposed grouping, as the facilitator accepted or edited it, on the wall as
    suggested themes. Each answer may be in one group at most; answers left out stay
    unplaced for people to place. A question's existing themes are replaced only with
    `replace`."""
    check_phase(workshop)
    _check_question(question)
    groups = [(label, list(dict.fromkeys(str(a) for a in ids))) for label, ids in groups]
    groups = [(label, ids) for label, ids in groups if ids]
    if not groups:
        raise ActionError(_("Choose at least one answer."), field="answers")
    if len(groups) > 30:
        raise ActionError(_("The number of themes must be between 1 and 30."), field="themes")
    all_ids = [answer_id for _label, ids in groups for answer_id in ids]
    if len(set(all_ids)) != len(all_ids):
        raise ActionError(_("An answer can be in one theme only."), field="answers")
    labels = [_clean_label(label) for label, _ids in groups]
    entries = {str(e.id): e for e in _entries_of(workshop, question, all_ids)}
    existing = Theme.objects.filter(workshop=workshop, question=question)
    if existing.exists():
        if not replace:
            raise ActionError(
                _("This question has themes already. Confirm that they are to be replaced."),
                field="replace",
            )
        record(actor, workshop.organisation, "themes.replace", workshop.code, question=question)
        existing.delete()
    made = []
    for position, (label, (_label, ids)) in enumerate(zip(labels, groups, strict=True)):
        theme = Theme.objects.create(
            workshop=workshop, question=question, label=label, suggested=True, position=position
        )
        ThemeAnswer.objects.bulk_create(
            ThemeAnswer(entry=entries[answer_id], theme=theme) for answer_id in ids
        )
        made.append(theme)
    record(
        actor,
        workshop.organisation,
        "themes.suggest",
        workshop.code,
        question=question,
        themes=len(made),
        source="assistant",
    )
    _themes_changed(workshop)
    return made


def _check_k(k: int | None) -> None:
    if k is not None and not 1 <= k <= 30:
        raise ActionError(_("The number of themes must be between 1 and 30."), field="k")


def _themes_changed(workshop: Workshop) -> None:
    publish_after_commit(board_channel(workshop), "themes", {})


@transaction.atomic
def rename_theme(actor: User | None, theme: Theme, label: str) -> Theme:
    check_phase(theme.workshop)
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
    check_phase(workshop)
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
    check_phase(workshop)
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
    check_phase(into.workshop)
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
    check_phase(theme.workshop)
    if theme.answers.exists():
        raise ActionError(
            _("Move or merge this theme's answers first: no answer is ever dropped."),
            field="theme",
        )
    record(actor, theme.workshop.organisation, "theme.delete", theme.code, label=theme.label)
    theme.delete()
    _themes_changed(theme.workshop)
