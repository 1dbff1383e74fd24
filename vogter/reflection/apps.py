from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionConfig(AppConfig):
    name = "vogter.reflection"
    verbose_name = _("Continuous reflection")

    def ready(self) -> None:
        # The daily sweep (`vogter notify due`) runs reflection's notices too.
        from vogter.notifications import sweeps
        from vogter.reflection import notices

        sweeps.register("flags", notices.flag_sweep)
        sweeps.register("actions_due", notices.action_due_sweep)
