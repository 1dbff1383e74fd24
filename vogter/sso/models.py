"""Which organisation a sign-in belongs to, how the provider's claims become a place in
it, and whether its people may still use a local password (docs/sso.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.lib.codes import new_code
from vogter.organisations.models import Organisation, Role, Unit


class SignInPolicy(models.Model):
    """An organisation's single sign-on settings; an organisation without one has none."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    # Then password login and password reset are refused for the organisation's people
    # (not for the installation's superusers: they are the way in when the provider is down).
    local_passwords_off = models.BooleanField(_("local passwords switched off"), default=False)

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policies")

    def __str__(self) -> str:
        return str(self.organisation)


class SignInDomain(models.Model):
    """A new account whose e-mail address ends in @domain joins this organisation."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sign_in_domains"
    )
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("sign-in domain")
        verbose_name_plural = _("sign-in domains")
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain


class ClaimRule(models.Model):
    """When the provider's claim holds the value, the person gets this place.

    Every matching rule counts: the first one (in position order) naming a unit decides the
    unit, the highest role among them wins, and the representative flags add up.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="claim_rules"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    claim = models.CharField(_("claim"), max_length=100, default="groups")
    value = models.CharField(_("value"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_manager = models.BooleanField(_("manager"), default=False)
    is_union_rep = models.BooleanField(_("union representative (TR)"), default=False)
    is_safety_rep = models.BooleanField(_("work-environment representative (AMR)"), default=False)

    class Meta:
        verbose_name = _("claim rule")
        verbose_name_plural = _("claim rules")
        ordering = ("position", "id")
        indexes = [models.Index(fields=["organisation", "position"])]

    def __str__(self) -> str:
        return f"{self.claim}={self.value}"


class SignInIdentity(models.Model):
    """The provider's person (issuer and subject, which the person cannot change) linked to
    an account here. After the first sign-in the account is found by this, never again by
    the e-mail address, which some providers let people edit (docs/sso.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
