from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vogter.organisations.forms import OrganisationUnitsMixin, UnitChoiceField
from vogter.organisations.models import Organisation, Role, Unit


class ClaimRuleForm(OrganisationUnitsMixin, forms.Form):
    # The claims the operator allows (VOGTER_OIDC_RULE_CLAIMS), set in __init__.
    claim = forms.ChoiceField(
        label=_("Claim"),
        initial="groups",
        help_text=_("The name of the claim in the provider's token, usually groups or roles."),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=200,
        help_text=_("The group's name or id exactly as the provider sends it."),
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(leave the unit as it is)"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    is_manager = forms.BooleanField(label=_("Manager"), required=False)
    is_union_rep = forms.BooleanField(label=_("Union representative (TR)"), required=False)
    is_safety_rep = forms.BooleanField(
        label=_("Work-environment representative (AMR)"), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units("unit", organisation)
        claim = cast(forms.ChoiceField, self.fields["claim"])
        claim.choices = [(name, name) for name in settings.VOGTER_OIDC_RULE_CLAIMS]


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("E-mail domain"),
        max_length=253,
        help_text=_("People who sign in with an address at this domain join the organisation."),
    )


class PasswordsForm(forms.Form):
    local_passwords_off = forms.BooleanField(
        label=_("Switch local passwords off"),
        required=False,
        help_text=_(
            "The organisation's members then sign in through the provider only: logging in "
            "with a password and resetting one are refused."
        ),
    )
