from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vogter.organisations.forms import OrganisationUnitsMixin, UnitChoiceField
from vogter.organisations.models import Organisation, Unit
from vogter.workshops.models import (
    MAX_MINUTES,
    TIMED_PHASES,
    USUAL_MINUTES,
    Phase,
    WorkshopTemplate,
)


class WorkshopForm(OrganisationUnitsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    unit = UnitChoiceField(
        label=_("For which unit"), queryset=Unit.objects.none(), empty_label=None
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        initial=True,
        help_text=_(
            "Recommended. Nothing links an answer to a person, and nobody \N{EN DASH} not even "
            "you \N{EN DASH} can see who wrote what."
        ),
    )
    require_login = forms.BooleanField(
        label=_("Participants must log in"),
        required=False,
        help_text=_("Otherwise anyone with the join code can take part, without an account."),
    )
    participants_propose = forms.BooleanField(
        label=_("Participants may propose principles"),
        required=False,
        help_text=_(
            "In the principles phase, participants can send a draft principle from their "
            "phone. It arrives without a name."
        ),
    )
    per_sheet_export = forms.BooleanField(
        label=_("Answers may be exported sheet by sheet"),
        required=False,
        help_text=_(
            "Only if you need each person's profession, use case and answers together, for "
            "instance to import them elsewhere. Every participant is told so on their phone "
            "before they write, so it can only be chosen before anyone joins. Otherwise an "
            "export gives each question's answers as a list of its own."
        ),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=3,
        max_value=100,
        initial=5,
        help_text=_("Counts over fewer people than this are never shown."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        kwargs["initial"].setdefault("language", organisation.default_language)
        kwargs["initial"].setdefault("min_group_size", organisation.min_group_size)
        super().__init__(*args, **kwargs)
        self.fields["min_group_size"].help_text = _(
            "Counts over fewer people than this are never shown. The organisation's "
            "minimum (%(n)d) applies if it is larger."
        ) % {"n": organisation.min_group_size}
        self._limit_units("unit", organisation)


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class JoinCodeForm(forms.Form):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )


MINUTES_LABELS = {
    Phase.REFLECT: _("Minutes for the reflection"),
    Phase.THEMES: _("Minutes for the themes"),
    Phase.PRINCIPLES: _("Minutes for the principles"),
    Phase.AGREEMENT: _("Minutes for the agreement"),
}


class TemplateForm(forms.Form):
    """An organisation's workshop template: the settings, and minutes per phase."""

    name = forms.CharField(
        label=_("Name of the template"),
        max_length=120,
        help_text=_(
            "For you and the other facilitators, for instance "
            "\N{LEFT DOUBLE QUOTATION MARK}Team workshop\N{RIGHT DOUBLE QUOTATION MARK}."
        ),
    )
    title_pattern = forms.CharField(
        label=_("Title of the workshops"),
        max_length=200,
        help_text=_(
            "{unit} is replaced by the name of the unit, for instance "
            "\N{LEFT DOUBLE QUOTATION MARK}AI in {unit}\N{RIGHT DOUBLE QUOTATION MARK}."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    anonymous = WorkshopForm.base_fields["anonymous"]
    require_login = WorkshopForm.base_fields["require_login"]
    participants_propose = WorkshopForm.base_fields["participants_propose"]
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=3,
        max_value=100,
        initial=5,
        help_text=_("Counts over fewer people than this are never shown."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("language", organisation.default_language)
        kwargs["initial"].setdefault("min_group_size", organisation.min_group_size)
        super().__init__(*args, **kwargs)
        for phase in TIMED_PHASES:
            self.fields[f"minutes_{phase.value}"] = forms.IntegerField(
                label=MINUTES_LABELS[phase],
                min_value=1,
                max_value=MAX_MINUTES,
                required=False,
                help_text=_("Leave empty for the usual %(minutes)s minutes.")
                % {"minutes": USUAL_MINUTES[phase]},
                widget=forms.NumberInput(attrs={"placeholder": USUAL_MINUTES[phase]}),
            )

    @staticmethod
    def initial_for(template: WorkshopTemplate) -> dict[str, Any]:
        return {
            "name": template.name,
            "title_pattern": template.title_pattern,
            "language": template.language,
            "anonymous": template.anonymous,
            "require_login": template.require_login,
            "participants_propose": template.participants_propose,
            "min_group_size": template.min_group_size,
            **{f"minutes_{p}": m for p, m in template.phase_minutes.items()},
        }

    def settings(self) -> dict[str, Any]:
        """The cleaned data in the shape the template actions take."""
        data = dict(self.cleaned_data)
        data["phase_minutes"] = {p.value: data.pop(f"minutes_{p.value}") for p in TIMED_PHASES}
        return data


class NewWorkshopForm(OrganisationUnitsMixin, forms.Form):
    """For which unit and when: what a workshop made from a template or a copy needs."""

    unit = UnitChoiceField(
        label=_("For which unit"), queryset=Unit.objects.none(), empty_label=None
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self._limit_units("unit", organisation)
