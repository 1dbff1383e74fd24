from django.db import models

from vogter.organisations.models import Organisation, Unit


class Release(models.Model):
    """A figure about people as it was once shown (vogter/disclosure/memory.py).

    `members` are the groups (reflection rounds) whose answers the figure holds and that
    no other figure shown accounts for; `values` what it said of them. One row per
    distinct release: showing the same figure again adds nothing.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    surface = models.CharField(max_length=40)
    measure = models.CharField(max_length=40)
    members = models.JSONField(default=list)
    digest = models.CharField(max_length=64)
    values = models.JSONField(default=dict)
    # Where and for whom it was first shown: for reading the memory, not for deciding.
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, related_name="+")
    period = models.CharField(max_length=20, blank=True)
    audience = models.CharField(max_length=20, blank=True)
    first_shown_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "digest"], name="one_release_each")
        ]
        indexes = [models.Index(fields=["organisation", "surface", "measure"])]

    def __str__(self) -> str:
        return f"{self.surface}:{self.measure} over {len(self.members)} groups"
