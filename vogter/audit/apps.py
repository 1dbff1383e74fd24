from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log for people: a page, the API and a download over the entries every
    action writes (vogter.lib.errors.record). On the top floor beside `data`, since it
    names the charters, rounds, workshops and units the entries are about."""

    name = "vogter.audit"
    label = "audit"
    verbose_name = _("Audit log")
