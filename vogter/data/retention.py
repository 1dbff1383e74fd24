"""The retention job: what each organisation's policy says is past keeping, deleted
(docs/retention.md). Run daily (`vogter retention run`, and the daily job).

- **Workshop answers**, N months after the workshop's date: every answer's text goes.
  An answer that fed a theme or a principle stays as an empty row, so the theme and the
  principle still say how many answers they grew from; the others are deleted, as are
  the comments of the agreement votes. A workshop still taking answers is left alone.
- **Check-in comments** of reflection rounds, N months after the round closed.
- **Audit entries** older than M months.

Each organisation's deletions are recorded in its audit log with counts, never contents.
Running twice deletes nothing more: what is gone is not counted again.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vogter.disclosure.rules import minimum, small
from vogter.lib.errors import record
from vogter.organisations.models import AuditEntry, Organisation
from vogter.organisations.retention import add_months, answers_deleted_on, audit_kept_from
from vogter.principles.models import AgreementVote, ThemeAnswer
from vogter.reflection.models import Checkin, Round
from vogter.workshops.models import EDITABLE_PHASES, Entry, Workshop


@dataclass
class Done:
    """What the job deleted in one organisation."""

    organisation: str  # its code
    workshops: int = 0
    answers_deleted: int = 0
    answers_emptied: int = 0  # kept as the sources of themes and principles
    comments: int = 0  # agreement votes' and check-ins' comments
    audit_entries: int = 0

    @property
    def anything(self) -> bool:
        return any((self.answers_deleted, self.answers_emptied, self.comments, self.audit_entries))


@dataclass
class Report:
    today: datetime.date
    done: list[Done] = field(default_factory=list)


def run_retention(today: datetime.date) -> Report:
    """Apply every organisation's retention policy as of `today`."""
    report = Report(today)
    policies = Organisation.objects.filter(
        Q(answers_kept_months__isnull=False) | Q(audit_kept_months__isnull=False)
    ).order_by("pk")
    for organisation in policies:
        with transaction.atomic():
            done = Done(organisation.code)
            if organisation.answers_kept_months is not None:
                _answers(organisation, today, done)
                _checkins(organisation, today, done)
            if organisation.audit_kept_months is not None:
                _audit(organisation, today, done)
        report.done.append(done)
    return report


def _answers(organisation: Organisation, today: datetime.date, done: Done) -> None:
    months = organisation.answers_kept_months
    workshops = (
        Workshop.objects.filter(organisation=organisation, date__lte=today)
        .exclude(phase__in=EDITABLE_PHASES)
        .select_related("organisation")
    )
    for workshop in workshops:
        # The day participants were told (the month's last day where it has no such day).
        deleted_on = answers_deleted_on(organisation, workshop.date)
        if deleted_on is None or deleted_on > today:
            continue
        written = Entry.objects.filter(sheet__workshop=workshop).exclude(text="", released_text="")
        fed = Q(theme_answer__isnull=False) | Q(principles__isnull=False)
        fed_ids = set(written.filter(fed).values_list("pk", flat=True))
        emptied = Entry.objects.filter(pk__in=fed_ids).update(
            text="", released_text="", release_pending=False
        )
        ThemeAnswer.objects.filter(entry_id__in=fed_ids, quote=True).update(quote=False)
        _rows, by_model = written.exclude(pk__in=fed_ids).delete()
        deleted = by_model.get("workshops.Entry", 0)
        comments = (
            AgreementVote.objects.filter(round__workshop=workshop)
            .exclude(comment="")
            .update(comment="")
        )
        if emptied or deleted or comments:
            done.workshops += 1
            done.answers_emptied += emptied
            done.answers_deleted += deleted
            done.comments += comments
            record(
                None,
                organisation,
                "retention.answers",
                workshop.code,
                answers_deleted=deleted,
                answers_emptied=emptied,
                comments=_comment_count(comments, workshop.group_minimum),
                months=months,
            )


def _comment_count(count: int, k: int) -> int | str:
    """The number of comments emptied, as the log keeps it. A comment is one person's and
    optional, so a count under the group size would tell the admin reading the log how many
    of a small group wrote one, beside results that withhold it: "<k" then (docs/disclosure.md)."""
    return f"<{k}" if small(count, k) else count


def _checkins(organisation: Organisation, today: datetime.date, done: Done) -> None:
    months = organisation.answers_kept_months
    assert months is not None  # noqa: S101 - the caller asked
    closed_by = add_months(today, -months)
    commented = Checkin.objects.filter(
        round__charter__organisation=organisation, round__closes_on__lte=closed_by
    ).exclude(changed="")
    rounds = Round.objects.filter(pk__in=commented.values("round_id"))
    # The strictest of the rounds' group sizes, as their results use.
    k = max((r.group_minimum for r in rounds), default=minimum(organisation.min_group_size))
    comments = commented.update(changed="")
    if comments:
        done.comments += comments
        record(
            None,
            organisation,
            "retention.checkins",
            organisation.code,
            comments=_comment_count(comments, k),
        )


def _audit(organisation: Organisation, today: datetime.date, done: Done) -> None:
    kept_from = audit_kept_from(organisation, today)
    assert kept_from is not None  # noqa: S101 - the caller asked
    old = AuditEntry.objects.filter(
        organisation=organisation,
        created_at__lt=timezone.make_aware(datetime.datetime.combine(kept_from, datetime.time.min)),
    )
    deleted, _by_model = old.delete()
    if deleted:
        done.audit_entries = deleted
        record(
            None,
            organisation,
            "retention.audit",
            organisation.code,
            entries=deleted,
            before=kept_from.isoformat(),
        )
