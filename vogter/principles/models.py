"""Steps 2-4 of a workshop: themes in the answers, principles drafted from them, what
each principle means at each level, and the agreement rounds.

Nothing here points at a participant. Themes hold answers (entries), never sheets;
a ballot in the agreement round is stored without its sheet (see AgreementBallot).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.lib.codes import new_code
from vogter.workshops.kit import PRINCIPLE_PROMPT
from vogter.workshops.models import Entry, Workshop


class Level(models.TextChoices):
    """The kit's table columns, from the individual to the national level."""

    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Department")
    CORPORATE_GROUP = "corporate_group", _("Organisation-wide")
    NATIONAL = "national", _("National")


LEVEL_ORDER = list(Level)


class Worded:
    """A principle's statement in Danish and/or English, read in a language."""

    statement_da: str
    statement_en: str

    def statement(self, language: str) -> str:
        if language == "en":
            return self.statement_en or self.statement_da
        return self.statement_da or self.statement_en

    def sentence_language(self, language: str) -> str:
        """The language the statement is shown in: the one asked for when it exists."""
        if language == "en":
            return "en" if self.statement_en else "da"
        return "da" if self.statement_da else "en"

    def sentence(self, language: str) -> str:
        """The whole sentence, prompt included, in the language it is written in."""
        shown = self.sentence_language(language)
        text = self.statement_en if shown == "en" else self.statement_da
        return f"{PRINCIPLE_PROMPT[shown]} {text}"  # the kit's sentence, verbatim

    @property
    def sentence_da(self) -> str:
        return self.sentence("da")

    @property
    def sentence_en(self) -> str:
        return self.sentence("en")


class Theme(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="themes")
    question = models.CharField(max_length=20)
    label = models.CharField(_("label"), max_length=120)
    # True while the label is the machine's suggestion; a person's rename makes it False.
    suggested = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("question", "position", "id")

    def __str__(self) -> str:
        return self.label


class ThemeAnswer(models.Model):
    """An answer's place in a theme: every answer is in at most one theme."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="theme_answer")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="answers")
    # A representative quote of its theme (suggested, or chosen by a person).
    quote = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"answer {self.entry_id} in theme {self.theme_id}"


class Principle(Worded, models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="principles")
    # Completes "Når vi bruger GenAI, …" / "When we use GenAI, we …"; either or both.
    statement_da = models.CharField(_("statement in Danish"), max_length=300, blank=True)
    statement_en = models.CharField(_("statement in English"), max_length=300, blank=True)
    rationale = models.TextField(_("rationale"), max_length=1000, blank=True)
    position = models.PositiveIntegerField(default=0)
    withdrawn = models.BooleanField(default=False)
    # From a participant's phone (no author kept) or the facilitator's screen.
    from_participant = models.BooleanField(default=False)
    # Raised by every edit: an edit made from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    themes = models.ManyToManyField(Theme, related_name="principles", blank=True)
    sources = models.ManyToManyField(Entry, related_name="principles", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.statement_da or self.statement_en


class LevelCell(models.Model):
    """What a principle means at one level. No row: not yet considered (a gap);
    a row with `empty_on_purpose`: the group decided there is nothing to say."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="cells")
    level = models.CharField(max_length=20, choices=Level.choices)
    text = models.TextField(_("what it means here"), max_length=1000, blank=True)
    responsible = models.CharField(_("who is responsible"), max_length=200, blank=True)
    empty_on_purpose = models.BooleanField(_("left empty on purpose"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principle", "level"], name="one_cell_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.level} of principle {self.principle_id}"


class AgreementRound(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="agreement_rounds"
    )
    number = models.PositiveSmallIntegerField()
    open = models.BooleanField(default=True)
    revealed = models.BooleanField(default=False)
    # Exact counts, however small: chosen before the vote, and said on every phone first.
    open_count = models.BooleanField(default=False)
    opened_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ("number",)
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_round_number")
        ]

    def __str__(self) -> str:
        return f"agreement round {self.number} of {self.workshop_id}"


class RoundItem(Worded, models.Model):
    """A principle as it was worded when the round opened: a later edit does not
    change what people voted on."""

    round = models.ForeignKey(AgreementRound, on_delete=models.CASCADE, related_name="items")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="+")
    statement_da = models.CharField(max_length=300, blank=True)
    statement_en = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ("position",)

    def __str__(self) -> str:
        return self.statement_da or self.statement_en


class AgreementBallot(models.Model):
    """That a sheet has voted in a round, and nothing about how.

    The votes themselves (AgreementVote) carry no sheet, no time and a random key,
    so neither the application nor its exports can tell whose vote is whose.
    """

    round = models.ForeignKey(AgreementRound, on_delete=models.CASCADE, related_name="ballots")
    sheet = models.ForeignKey("workshops.Sheet", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "sheet"], name="one_ballot_per_sheet")
        ]

    def __str__(self) -> str:
        return f"a ballot in round {self.round_id}"


class Choice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    PASS = "pass", _("Pass")


class AgreementVote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AgreementRound, on_delete=models.CASCADE, related_name="votes")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    comment = models.TextField(max_length=1000, blank=True)
    # Random: comments are shown in this order, never in the order they came.
    shuffle = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.choice} in round {self.round_id}"
