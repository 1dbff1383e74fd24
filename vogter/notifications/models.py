from django.conf import settings
from django.db import models

from vogter.notifications.kinds import Kind


class Preferences(models.Model):
    """The kinds of notification a person has switched off; none until they do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    switched_off = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return ", ".join(self.switched_off)


class Sent(models.Model):
    """A notification that was sent once and must not go again (a daily sweep meeting the
    same due action twice): by kind, a key naming what it was about, and the person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
