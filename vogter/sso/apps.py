from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "vogter.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from vogter.accounts.forms import SIGNUP_REFUSALS
        from vogter.sso.policy import signup_refusal

        SIGNUP_REFUSALS.append(signup_refusal)
