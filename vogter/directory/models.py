"""What the directory sync keeps beside the organisation's own tables: the SCIM tokens an
identity provider pushes with, and which account and which unit each SCIM resource is.

People and units themselves stay in `vogter.organisations` and `vogter.accounts`; these
rows only remember the identity provider's ids, so that a re-push finds the same person
and the same unit again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.lib.codes import new_code
from vogter.organisations.models import Organisation, Unit


class ScimToken(models.Model):
    """A bearer token for one organisation's SCIM endpoint. Only its hash is stored."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="scim_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ProvisionedPerson(models.Model):
    """A SCIM User: one account in one organisation, as the identity provider knows it.

    `code` is the SCIM `id`. A deactivated person keeps this row (`active` false) without a
    membership, so that reactivating them finds the same account again.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provisioned_people"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provisioned_as"
    )
    # The provider's userName (Entra ID: the user principal name). It need not be the
    # mailbox (ab12@kommune.dk beside anna.berg@kommune.dk): the account's address is the
    # primary e-mail address, and a re-push is found by this or by external_id.
    user_name = models.CharField(max_length=254, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    # Made by the provisioning, so the identity provider may rename it and change its
    # address; an account that existed before is only linked.
    created_account = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provisioned person")
        verbose_name_plural = _("provisioned people")
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_provisioned_person_per_org"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "external_id"]),
            models.Index(fields=["organisation", "user_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ProvisionedGroup(models.Model):
    """A SCIM Group: one unit of the organisation. `code` is the SCIM `id`."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provisioned_groups"
    )
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="provisioned_as")
    external_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provisioned group")
        verbose_name_plural = _("provisioned groups")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return str(self.unit)
