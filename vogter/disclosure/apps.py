from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "vogter.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure control")
