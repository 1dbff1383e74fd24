from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    """The top floor: features that read or write the whole database across every app
    (an organisation's portable file, a person's data, backups). Nothing below imports it."""

    name = "vogter.data"
    label = "data"
    verbose_name = _("Data")
