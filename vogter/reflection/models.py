"""Continuous reflection on an adopted charter (docs/reflection.md): rounds, anonymous
check-ins, actions.

A check-in carries no person, no time and a random key; a separate receipt records only
that a person has checked in to a round, which stops a second check-in.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.charters.models import Charter
from vogter.disclosure.rules import minimum
from vogter.lib.codes import new_code


class Kind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    EVENT = "event", _("After an event")


class Event(models.TextChoices):
    NEW_TOOL = "new_tool", _("A new AI tool")
    NEW_USE = "new_use", _("A new use case")
    INCIDENT = "incident", _("An incident")
    REORGANISATION = "reorganisation", _("A reorganisation")
    APV = "apv", _("The workplace assessment (APV)")
    OTHER = "other", _("Something else")


class Verdict(models.TextChoices):
    KEEP = "keep", _("Keep")
    REVISE = "revise", _("Revise")
    RETIRE = "retire", _("Retire")


AIMS = ("productivity", "wellbeing", "meaningfulness")


def over(today: datetime.date) -> models.Q:
    """Rounds no check-in can come to any more: closed early, or past their closing date.
    Only these show results (results.py)."""
    return models.Q(closed=True) | models.Q(closes_on__lt=today)


class Schedule(models.Model):
    """How often a charter is reflected on (quarterly by default)."""

    charter = models.OneToOneField(Charter, on_delete=models.CASCADE, related_name="schedule")
    every_months = models.PositiveSmallIntegerField(default=3)
    open_days = models.PositiveSmallIntegerField(default=14)
    next_opens_on = models.DateField()
    # Each scheduled round's minimum group size; None: the organisation's default.
    min_group_size = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"every {self.every_months} months for {self.charter_id}"


class Round(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="rounds")
    version_number = models.PositiveIntegerField()  # the adopted version reflected on
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True)
    description = models.TextField(max_length=1000, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    min_group_size = models.PositiveSmallIntegerField(default=5)
    # Closed before its closing date ("close now"): check-ins stop, results may show.
    closed = models.BooleanField(default=False)
    opened_mail_sent = models.BooleanField(default=False)
    closing_mail_sent = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("charter", "-opens_on", "-id")

    def __str__(self) -> str:
        return f"round {self.code} of {self.charter_id}"

    @property
    def group_minimum(self) -> int:
        """The minimum group size for this round's figures: its own, set when it opened
        (the organisation's default unless chosen), never below the floor
        (vogter/disclosure/rules.py)."""
        return minimum(self.min_group_size)


class Contact(models.Model):
    """A workshop participant without an account who asked, on their phone at the end of
    the workshop, to be asked again: an e-mail address for the unit's rounds, and nothing
    that links it to their sheet or their answers (no participant, no time)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.CASCADE, related_name="reflection_contacts"
    )
    email = models.EmailField()
    language = models.CharField(max_length=2, default="da")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "email"], name="one_contact_per_unit")
        ]

    def __str__(self) -> str:
        return f"a contact in {self.unit_id}"


class Link(models.Model):
    """A personal check-in link to one round, usable once: for a member (in their mail or
    on a slip), a workshop contact, or a printed slip with no name. Only the hash of its
    token is stored; the token is derived again from the secret key and the link's id when
    a reminder or a slip needs it. `used` is who has checked in, for reminders; nothing
    links it to the answers (docs/reflection.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    label = models.CharField(max_length=200, blank=True)  # printed on a slip with no person
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "membership"],
                condition=models.Q(membership__isnull=False),
                name="one_link_per_member",
            ),
            models.UniqueConstraint(
                fields=["round", "contact"],
                condition=models.Q(contact__isnull=False),
                name="one_link_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"a link to {self.round_id}"


class Receipt(models.Model):
    """That a person has checked in to a round, and nothing about what they said."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_checkin")]

    def __str__(self) -> str:
        return f"a check-in to {self.round_id}"


def _shuffle() -> int:
    return secrets.randbelow(2**31)


class Checkin(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="checkins")
    productivity = models.PositiveSmallIntegerField(null=True)
    wellbeing = models.PositiveSmallIntegerField(null=True)
    meaningfulness = models.PositiveSmallIntegerField(null=True)
    changed = models.TextField(max_length=2000, blank=True)
    shuffle = models.IntegerField(default=_shuffle)

    def __str__(self) -> str:
        return f"check-in to {self.round_id}"


class PrincipleAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="answers")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    principle_code = models.CharField(max_length=16)
    score = models.PositiveSmallIntegerField(null=True)  # 1-5; None: can't say
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "principle_code"])]

    def __str__(self) -> str:
        return f"answer on {self.principle_code}"


class AgreedAction(models.Model):
    """What the team agreed to do after a round: a description, who sees to it, by when."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    follow_up = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ("done", "due_on", "id")

    def __str__(self) -> str:
        return self.description
