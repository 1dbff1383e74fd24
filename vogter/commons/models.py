"""The national commons (docs/commons.md): adopted charters that organisations choose to
publish, anonymised, for everyone on the installation to learn from; the national
coordinators who read across them; and the template principles they curate.

A publication is a copy made when publishing: principles and level cells only, with no
people, no units, no quotes, no rationale, and the organisation's name only when it
chose to show it. Unpublishing deletes the copy. Nothing else of an organisation is
read by the commons, except the reflection aims of organisations that said so, and only
as national counts and averages by sector.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vogter.charters.models import Charter
from vogter.lib.codes import new_code
from vogter.organisations.models import Organisation
from vogter.principles.models import Worded


class Sector(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    HEALTH_AND_CARE = "health_and_care", _("Health and care")
    EDUCATION = "education", _("Education and research")
    INDUSTRY = "industry", _("Industry and construction")
    FINANCE = "finance", _("Finance and insurance")
    RETAIL = "retail", _("Retail and services")
    TRANSPORT = "transport", _("Transport and logistics")
    IT_AND_MEDIA = "it_and_media", _("IT, media and communication")
    CULTURE = "culture", _("Culture and associations")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    """Employees, in the bands Danish statistics use."""

    SMALL = "1-49", _("1-49 employees")
    MEDIUM = "50-249", _("50-249 employees")
    LARGE = "250-999", _("250-999 employees")
    VERY_LARGE = "1000-4999", _("1,000-4,999 employees")
    HUGE = "5000+", _("5,000 employees or more")


class Coordinator(models.Model):
    """A national coordinator of this installation (granted with `vogter commons
    coordinator add`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"coordinator {self.user_id}"


class Publication(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="publications"
    )
    charter = models.OneToOneField(Charter, on_delete=models.CASCADE, related_name="publication")
    version_number = models.PositiveIntegerField()
    # The organisation's name as published; empty: anonymous.
    shown_name = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices)
    adopted_on = models.DateField(null=True, blank=True)  # the first of the month it was
    # Whether the organisation's reflection aims count in the national averages.
    share_reflection = models.BooleanField(default=False)
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-published_at", "-id")
        indexes = [models.Index(fields=["sector", "size_band"])]

    def __str__(self) -> str:
        return f"publication {self.code}"


class CommonsPrinciple(Worded, models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="principles"
    )
    position = models.PositiveIntegerField()
    # The charter principle it copies (its code), so publishing again keeps this one's code.
    source_code = models.CharField(max_length=16, blank=True)
    statement_da = models.CharField(max_length=300, blank=True)
    statement_en = models.CharField(max_length=300, blank=True)
    cells = models.JSONField(default=dict, blank=True)  # {level: text}, filled levels only
    # Stems of every word in both languages, space-padded (vogter.commons.search).
    search_terms = models.TextField(blank=True)

    class Meta:
        ordering = ("publication", "position")

    def __str__(self) -> str:
        return self.statement_da or self.statement_en


class CommonsTheme(models.Model):
    """A theme (a concept of the themes lexicon) that a published principle touches, kept
    with the publication's sector and organisation for counting across organisations."""

    principle = models.ForeignKey(CommonsPrinciple, on_delete=models.CASCADE, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sector = models.CharField(max_length=30, choices=Sector.choices)
    concept = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["concept", "sector", "organisation"])]

    def __str__(self) -> str:
        return self.concept


class TemplatePrinciple(Worded, models.Model):
    """A principle with its level cells, curated by a national coordinator, that any
    organisation can start a charter principle from."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    statement_da = models.CharField(_("statement in Danish"), max_length=300, blank=True)
    statement_en = models.CharField(_("statement in English"), max_length=300, blank=True)
    cells = models.JSONField(default=dict, blank=True)  # {level: text}
    note = models.TextField(_("note"), max_length=1000, blank=True)
    # The published principle it was made from, if any (its code; it may be unpublished).
    from_principle_code = models.CharField(max_length=16, blank=True)
    active = models.BooleanField(default=True)
    # Its published source was withdrawn: not offered until a coordinator has rewritten it.
    source_withdrawn = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-active", "statement_da", "id")

    def __str__(self) -> str:
        return self.statement_da or self.statement_en
