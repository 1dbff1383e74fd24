"""A unit's charter: the preamble and the principles table, adopted, signed and kept in
versions (docs/charters.md).

The charter's principles and cells (CharterPrinciple, CharterCell) are its working
copy, edited while the current version is a draft. Adopting a version freezes the
whole charter as a document (vogter.charters.document) into CharterVersion.document,
which nothing changes afterwards: a later change starts a new draft version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.lib.codes import new_code
from vogter.organisations.models import Organisation, Unit
from vogter.principles.models import Level, Principle, Worded
from vogter.workshops.models import Workshop


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class SignatureRole(models.TextChoices):
    """Who signs a charter, as Danish workplaces typically adopt one."""

    MANAGER = "manager", _("Manager")
    UNION_REP = "union_rep", _("Union representative (TR)")
    SAFETY_REP = "safety_rep", _("Work-environment representative (AMR)")
    COMMITTEE = "committee", _("Cooperation committee (MED/SU)")


DEFAULT_REQUIRED_SIGNATURES = [SignatureRole.MANAGER.value, SignatureRole.UNION_REP.value]


class SignoffPolicy(models.Model):
    """Which signatures an organisation requires before a charter is adopted."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="signoff_policy"
    )
    roles = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"sign-off of {self.organisation_id}: {', '.join(self.roles)}"


class Charter(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charters"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="charters")
    title = models.CharField(_("title"), max_length=200)
    workshops = models.ManyToManyField(Workshop, related_name="charters", blank=True)
    # A fingerprint of the share link's secret; empty: no link (or revoked).
    share_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class CharterPrinciple(Worded, models.Model):
    """A principle in the charter's working copy, with the workshop principle it came
    from (its provenance), if any."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="principles")
    statement_da = models.CharField(_("statement in Danish"), max_length=300, blank=True)
    statement_en = models.CharField(_("statement in English"), max_length=300, blank=True)
    rationale = models.TextField(_("rationale"), max_length=1000, blank=True)
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(
        Principle, on_delete=models.SET_NULL, null=True, blank=True, related_name="charter_copies"
    )
    # The workshop principles of the principles merged into this one (from the same or
    # other workshops): its provenance too, each keeping its workshop, themes and quotes.
    merged_sources = models.ManyToManyField(Principle, blank=True, related_name="+")
    # Adopted from a parent unit's charter: which charter, which of its principles (its
    # code, stable across versions) and the adopted version it was taken from.
    inherited_charter = models.ForeignKey(
        "Charter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inherited_code = models.CharField(max_length=16, blank=True)
    inherited_version = models.PositiveIntegerField(null=True, blank=True)
    # Accepted from a unit below (UpwardProposal) or started from a template principle
    # of the national commons (its code).
    proposal = models.ForeignKey(
        "UpwardProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template_code = models.CharField(max_length=16, blank=True)
    # Raised by every change to the wording or the cells: a change made from an older
    # revision (two people editing at once) is refused as a conflict, nothing is lost.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("position", "id")
        indexes = [models.Index(fields=["inherited_charter", "inherited_code"])]

    def __str__(self) -> str:
        return self.statement_da or self.statement_en


class CharterCell(models.Model):
    principle = models.ForeignKey(CharterPrinciple, on_delete=models.CASCADE, related_name="cells")
    level = models.CharField(max_length=20, choices=Level.choices)
    text = models.TextField(max_length=1000, blank=True)
    responsible = models.CharField(max_length=200, blank=True)
    empty_on_purpose = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principle", "level"], name="one_charter_cell")
        ]

    def __str__(self) -> str:
        return f"{self.level} of {self.principle_id}"


class FrozenVersionError(Exception):
    """An adopted version is never changed."""


class CharterVersion(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The frozen document (vogter.charters.document.CharterDoc) once adopted; empty before.
    document = models.JSONField(default=dict, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("charter", "-number")
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.charter_id} v{self.number} ({self.status})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            stored = CharterVersion.objects.filter(pk=self.pk).values("status", "document").first()
            frozen = (Status.ADOPTED, Status.SUPERSEDED)
            # Only the step from adopted to superseded is allowed, and nothing else.
            if (
                stored
                and stored["status"] in frozen
                and (stored["document"] != self.document or self.status not in frozen)
            ):
                raise FrozenVersionError("An adopted version cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def frozen(self) -> bool:
        return self.status in (Status.ADOPTED, Status.SUPERSEDED)


class Signature(models.Model):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=20, choices=SignatureRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The name as it was when signing, as on paper.
    name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("signed_at",)
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="one_signature_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.role} on {self.version_id}"


class CharterChange(models.Model):
    """One change to the working copy, with its reason: the diff between versions shows
    these beside what changed."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="changes")
    version_number = models.PositiveIntegerField()  # the draft it was made in
    principle_code = models.CharField(max_length=16)
    level = models.CharField(max_length=20, blank=True)  # "" for the wording
    reason = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"change to {self.principle_code} in v{self.version_number}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TAKEN = "taken", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class UpwardProposal(Worded, models.Model):
    """A unit's principle proposed to the unit above it, with where it came from.

    The statement and cells are copied when proposed, so the parent reads what was
    proposed even if the unit's own charter changes later.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="upward_proposals"
    )
    from_charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="proposed")
    principle_code = models.CharField(max_length=16)
    # The adopted version of from_charter the principle is in; None: in its draft only.
    from_version = models.PositiveIntegerField(null=True, blank=True)
    to_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="proposals")
    statement_da = models.CharField(max_length=300, blank=True)
    statement_en = models.CharField(max_length=300, blank=True)
    cells = models.JSONField(default=dict, blank=True)  # {level: text}
    note = models.TextField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    taken_into = models.ForeignKey(
        Charter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-proposed_at", "-id")
        indexes = [models.Index(fields=["to_unit", "status"])]

    def __str__(self) -> str:
        return f"proposal {self.code} to {self.to_unit_id}"
