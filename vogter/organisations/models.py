from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.lib.codes import new_code, new_token


class Organisation(models.Model):
    """A workplace. Its name fills the [X] in the charter preamble."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    name = models.CharField(_("name"), max_length=200)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
    # A policy for every workshop of the organisation, over each workshop's own setting.
    workshops_require_login = models.BooleanField(
        _("participants must log in to every workshop"), default=False
    )
    # No figure about people is shown over fewer than this many (docs/disclosure.md); a
    # workshop or a round may ask for more, never for less.
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    # Retention (docs/retention.md): empty keeps for ever. Workshop answers are reduced to
    # the themes and principles they fed this many months after the workshop's date.
    answers_kept_months = models.PositiveSmallIntegerField(
        _("months to keep workshop answers"), null=True, blank=True
    )
    audit_kept_months = models.PositiveSmallIntegerField(
        _("months to keep the audit log"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class UnitLevel(models.TextChoices):
    """The organisational levels of the kit's table that are units.

    The individual (a person) and the national level (above organisations) are
    not units. Ordered from the smallest to the largest.
    """

    GROUP = "group", _("Group")
    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Department")
    CORPORATE_GROUP = "corporate_group", _("Organisation-wide")


LEVEL_RANK = {level: rank for rank, level in enumerate(UnitLevel)}


class Unit(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def rank(self) -> int:
        return LEVEL_RANK[UnitLevel(self.level)]


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's place in an organisation: one role, optional representative roles."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_manager = models.BooleanField(_("manager"), default=False)
    is_union_rep = models.BooleanField(_("union representative (TR)"), default=False)
    is_safety_rep = models.BooleanField(_("work-environment representative (AMR)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_facilitate(self) -> bool:
        return self.role in (Role.ADMIN, Role.FACILITATOR)

    @property
    def representative_roles(self) -> list[str]:
        return _representative_labels(self)


def _representative_labels(holder: "Membership | Invitation") -> list[str]:
    labels = []
    if holder.is_manager:
        labels.append(str(_("Manager")))
    if holder.is_union_rep:
        labels.append(str(_("TR")))
    if holder.is_safety_rep:
        labels.append(str(_("AMR")))
    return labels


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> "InvitationQuerySet":
        """Not withdrawn, not expired, with a place left."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), uses__lt=models.F("max_uses")
        )


class Closed(models.TextChoices):
    """Why an invitation can no longer be used, for the message its link shows."""

    REVOKED = "revoked"
    EXPIRED = "expired"
    USED_UP = "used_up"


class Invitation(models.Model):
    """A link that lets people join an organisation with a given role.

    With an e-mail address it is sent there, is for one person, and only an account with
    that address may accept it (an admin may confirm another account that asked to, see
    `pending_user`). Without one the admin shares the link; `max_uses` above 1 makes it a
    team link that each of that many people may use once.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("unit")
    )
    # Carried onto the membership made on acceptance; never on a team link.
    is_manager = models.BooleanField(_("manager"), default=False)
    is_union_rep = models.BooleanField(_("union representative (TR)"), default=False)
    is_safety_rep = models.BooleanField(_("work-environment representative (AMR)"), default=False)
    max_uses = models.PositiveSmallIntegerField(_("people who may use it"), default=1)
    uses = models.PositiveSmallIntegerField(_("people who have used it"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    # The last use: for a link for one person, who accepted it and when.
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Someone logged in with another address than the invited one asked to join with
    # their own account; an admin may confirm them (the last to ask is kept).
    pending_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pending_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)
        constraints = [
            # The last guard against two people taking the last place at once.
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")), name="invitation_uses_lte_max"
            ),
            models.CheckConstraint(condition=models.Q(max_uses__gte=1), name="invitation_max_uses"),
        ]

    def __str__(self) -> str:
        return self.email or self.code

    @property
    def is_team_link(self) -> bool:
        return self.max_uses > 1

    @property
    def closed(self) -> Closed | None:
        """Why the link no longer works, or None while it does."""
        if self.revoked_at is not None:
            return Closed.REVOKED
        if self.uses >= self.max_uses:
            return Closed.USED_UP
        if self.expires_at <= timezone.now():
            return Closed.EXPIRED
        return None

    @property
    def is_open(self) -> bool:
        return self.closed is None

    @property
    def representative_roles(self) -> list[str]:
        return _representative_labels(self)


class AuditEntry(models.Model):
    """What changed, by whom, when. Written by the action functions only."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The unit whose charter, round or export the entry is about: what its TR and AMR may
    # read (vogter/audit). Empty for entries about the organisation as a whole.
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["unit", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"
