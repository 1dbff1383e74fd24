import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.disclosure.rules import minimum
from vogter.lib.codes import new_code
from vogter.organisations.models import Organisation, Unit
from vogter.workshops.kit import PROFESSION, QUESTIONS, USE_CASE

# Join codes are typed from a projector: upper case, no look-alikes (0/O, 1/I/L).
JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Phase(models.TextChoices):
    LOBBY = "lobby", _("Lobby")
    REFLECT = "reflect", _("Reflection")
    THEMES = "themes", _("Themes")
    PRINCIPLES = "principles", _("Principles")
    AGREEMENT = "agreement", _("Agreement")
    CLOSED = "closed", _("Closed")


PHASE_ORDER = list(Phase)
# Participants may write on their sheet until the reflect phase is closed.
EDITABLE_PHASES = frozenset({Phase.LOBBY, Phase.REFLECT})


class Workshop(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshops"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, related_name="workshops", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    require_login = models.BooleanField(_("participants must log in"), default=False)
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    # Answers may be exported sheet by sheet (profession, use case and answers together):
    # chosen before anyone joins, and said on every phone before they write.
    per_sheet_export = models.BooleanField(
        _("answers may be exported sheet by sheet"), default=False
    )
    participants_propose = models.BooleanField(
        _("participants may propose principles"), default=False
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.LOBBY)
    answers_revealed = models.BooleanField(default=False)
    # Phase timings (vogter/workshops/timer.py): minutes per phase where the facilitator
    # changed the kit's default, and the one countdown, for the phase it was started in.
    phase_minutes = models.JSONField(_("minutes per phase"), default=dict, blank=True)
    timer_phase = models.CharField(max_length=20, blank=True, default="", editable=False)
    timer_seconds = models.PositiveIntegerField(default=0, editable=False)
    timer_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the answers first left Vogter in an export: from then on they are fixed, so two
    # exports always hold the same (docs/workshop-exports.md). A field, not the audit log,
    # so that it travels with the workshop when an organisation moves.
    exported_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ("-date", "title")

    def __str__(self) -> str:
        return self.title

    @property
    def login_required(self) -> bool:
        """The workshop's own setting, or the organisation's policy for all workshops."""
        return self.require_login or self.organisation.workshops_require_login

    @property
    def is_editable(self) -> bool:
        return self.phase in EDITABLE_PHASES

    @property
    def group_minimum(self) -> int:
        """The minimum group size for every figure about this workshop's people: its own,
        or the organisation's when that is larger (vogter/disclosure/rules.py).

        Fixed once the answers have been exported: two exports under two minimums could be
        compared to work out a smaller group (docs/disclosure.md)."""
        if self.exported_at is not None:
            return minimum(self.min_group_size)
        return minimum(self.organisation.min_group_size, self.min_group_size)


class Sheet(models.Model):
    """One participant's worksheet.

    In an anonymous workshop nothing here points at a person: no account, no
    address, no time. The primary key is random, so not even the order of rows
    tells who came first. The participant holds the only key: a secret token
    (and a short resume code), of which only fingerprints are stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sheets")
    token_hash = models.CharField(max_length=64, unique=True)
    resume_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only in workshops that are not anonymous.",
    )
    submitted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("worksheet")
        verbose_name_plural = _("worksheets")
        constraints = [
            # In a workshop that is not anonymous, one person has one sheet, even when
            # they join from two devices at the same moment.
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_sheet_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"worksheet in {self.workshop_id}"


# Stored keys, in the order of the first migration (the kit's order is kit.FIELDS).
FIELD_CHOICES = [(f.key, f.en) for f in (*QUESTIONS, PROFESSION, USE_CASE)]


def _shuffle_key() -> int:
    return secrets.randbelow(2**31)


class Entry(models.Model):
    """What one sheet says in one field. An entry for a question is a card on the board."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="entries")
    field = models.CharField(max_length=20, choices=FIELD_CHOICES)
    text = models.TextField(blank=True)
    # The participant's own counter: a save with a lower or equal number than the
    # one stored changes nothing, so retries and reordered requests are harmless.
    seq = models.PositiveBigIntegerField(default=0)
    # Cards are shown in this random order, never in the order they were written.
    shuffle = models.IntegerField(default=_shuffle_key)
    hidden = models.BooleanField(default=False)
    # Held back from the room: the text on the board holds what looks like personal data
    # (a CPR number, an address, a phone number, a name), and the facilitator has not yet
    # decided to hide it, blank what was found, or show it as written. Set when a text
    # goes up (vogter/workshops/actions/moderation.py); a new text is checked again.
    held = models.BooleanField(default=False)
    # What the board may show: the text as its author last finished it (left the field,
    # paused, submitted), never half-written. Finished texts wait (`release_pending`) and
    # go up together, in shuffled batches, so the board never shows who is typing what.
    released_text = models.TextField(blank=True, default="")
    release_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "field"], name="one_entry_per_field")
        ]
        indexes = [models.Index(fields=["field", "shuffle"])]

    def __str__(self) -> str:
        return f"{self.field}: {self.text[:40]}"


def written_sheets(workshop: Workshop) -> "models.QuerySet[Sheet]":
    """The workshop's sheets with something written on them (a text, or one that was on
    the board). What counts towards a full workshop, and what "remove empty sheets"
    leaves alone. One probe of Entry's (sheet, field) index per sheet."""
    something = Entry.objects.filter(sheet=models.OuterRef("pk")).exclude(text="", released_text="")
    return Sheet.objects.filter(workshop=workshop).filter(models.Exists(something))


class RemovedSheet(models.Model):
    """What is left of a sheet the facilitator removed: the fingerprint of its token, so
    the phone that still holds the token can be told why the sheet no longer opens.
    Nothing else: no text, no time, no account. Goes with the workshop."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("removed worksheet")
        verbose_name_plural = _("removed worksheets")

    def __str__(self) -> str:
        return f"removed worksheet in {self.workshop_id}"


# The phases a template may time, in order: the lobby waits for people, and a closed
# workshop has nothing left to time.
TIMED_PHASES = (Phase.REFLECT, Phase.THEMES, Phase.PRINCIPLES, Phase.AGREEMENT)
# Minutes per phase when neither the workshop nor its template says otherwise. The kit
# gives the reflection 15 to 20 minutes; the rest are our estimate of a two-hour workshop.
USUAL_MINUTES: dict[str, int] = {
    Phase.LOBBY: 5,
    Phase.REFLECT: 20,
    Phase.THEMES: 20,
    Phase.PRINCIPLES: 25,
    Phase.AGREEMENT: 15,
}
# The longest a phase may be planned to take.
MAX_MINUTES = 180


class WorkshopTemplate(models.Model):
    """An organisation's own starting point for workshops it runs again and again: the
    settings a new workshop starts with, and how long each phase is meant to take.

    Nothing here is about people or answers; a workshop made from it keeps no link to it.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshop_templates"
    )
    name = models.CharField(_("name"), max_length=120)
    # "{unit}" is replaced by the name of the unit the workshop is for.
    title_pattern = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    require_login = models.BooleanField(_("participants must log in"), default=False)
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    participants_propose = models.BooleanField(
        _("participants may propose principles"), default=False
    )
    # Minutes per phase ({"reflect": 20, ...}), only the phases of TIMED_PHASES; a phase
    # left out takes the usual minutes (USUAL_MINUTES), as on a workshop. A workshop made
    # from the template starts with them (docs/workshops.md).
    phase_minutes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop template")
        verbose_name_plural = _("workshop templates")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def timings(self) -> list[tuple[Phase, int, bool]]:
        """(phase, minutes, whether the template sets them) of every timed phase, in the
        order of the phases: one the template leaves out takes the usual minutes."""
        return [
            (p, self.phase_minutes.get(p.value, USUAL_MINUTES[p]), p.value in self.phase_minutes)
            for p in TIMED_PHASES
        ]
