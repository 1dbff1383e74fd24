import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vogter.organisations.actions.invitations import (
    DEFAULT_VALID_DAYS,
    MAX_USES_RANGE,
    VALID_DAYS_RANGE,
)
from vogter.organisations.models import Organisation, Role, Unit, UnitLevel
from vogter.organisations.tree import flatten, unit_tree

MAX_INVITATIONS_AT_ONCE = 200


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        help_text=_("Shown in the charter: “That is why we at … have developed”."),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=settings.LANGUAGES, initial="da"
    )
    workshops_require_login = forms.BooleanField(
        label=_("Participants must log in to every workshop"),
        required=False,
        help_text=_(
            "Off: anyone with the join code can take part without an account (anonymous "
            "workshops stay anonymous either way). On: every workshop asks participants to log in."
        ),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=3,
        max_value=100,
        initial=5,
        required=False,
        help_text=_(
            "No figure about people is shown for fewer than this many, anywhere: results, "
            "roll-ups, exports. A workshop or a reflection round may ask for more, never for "
            "less. At least 3; 5 is the usual choice."
        ),
    )


class OrganisationSettingsForm(OrganisationForm):
    """The settings page: the organisation's form and how long data is kept."""

    answers_kept_months = forms.IntegerField(
        label=_("Delete workshop answers after … months"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_(
            "Counted from each workshop's date. The answers' texts are deleted; the themes "
            "and principles they fed stay, with how many answers each grew from. "
            "Participants are told the date when they join. Empty: kept until deleted by hand."
        ),
    )
    audit_kept_months = forms.IntegerField(
        label=_("Delete audit log entries after … months"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Empty: the audit log is kept for good."),
    )


class UnitChoiceField(forms.ModelChoiceField[Unit]):
    def label_from_instance(self, obj: Unit) -> str:
        depth = getattr(obj, "tree_depth", 0)
        return "\u2003" * depth + f"{obj.name} ({UnitLevel(obj.level).label.lower()})"


def _unit_choices(organisation: Organisation, exclude: Unit | None = None) -> list[Unit]:
    units = []
    for node in flatten(unit_tree(organisation, with_counts=False)):
        if exclude is not None and node.unit.pk == exclude.pk:
            continue
        node.unit.tree_depth = node.depth  # type: ignore[attr-defined]
        units.append(node.unit)
    return units


class OrganisationUnitsMixin:
    """Limits a unit field to the organisation's own units, shown as a tree."""

    def _limit_units(
        self, field_name: str, organisation: Organisation, exclude: Unit | None = None
    ) -> None:
        field = self.fields[field_name]  # type: ignore[attr-defined]
        units = _unit_choices(organisation, exclude)
        # Choices carry the units' codes, never their database ids.
        field.queryset = Unit.objects.filter(organisation=organisation)
        field.to_field_name = "code"
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = empty + [(u.code, field.label_from_instance(u)) for u in units]


class UnitForm(OrganisationUnitsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=UnitLevel.choices)
    parent = UnitChoiceField(
        label=_("Part of"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(top of the organisation)"),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units("parent", organisation, exclude=unit)


class MembershipForm(OrganisationUnitsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(no unit)"),
    )
    is_manager = forms.BooleanField(label=_("Manager"), required=False)
    is_union_rep = forms.BooleanField(label=_("Union representative (TR)"), required=False)
    is_safety_rep = forms.BooleanField(
        label=_("Work-environment representative (AMR)"), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units("unit", organisation)


class InvitationForm(OrganisationUnitsMixin, forms.Form):
    email = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "One or more addresses, separated by commas or new lines. Each gets its own "
            "invitation, which only an account with that address can accept. Leave empty "
            "to get a link you can share yourself."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(no unit)"),
    )
    is_manager = forms.BooleanField(label=_("Manager"), required=False)
    is_union_rep = forms.BooleanField(label=_("Union representative (TR)"), required=False)
    is_safety_rep = forms.BooleanField(
        label=_("Work-environment representative (AMR)"), required=False
    )
    # The bounds are the action's; it says so in the person's language.
    max_uses = forms.IntegerField(
        label=_("How many people may use the link"),
        initial=1,
        required=False,
        widget=forms.NumberInput(attrs={"min": MAX_USES_RANGE[0], "max": MAX_USES_RANGE[1]}),
        help_text=_(
            "Only for a link without e-mail addresses. More than 1 makes a team link: each "
            "person who opens it joins as a member, until the number is reached. A team link "
            "cannot make anyone facilitator, admin, manager, TR or AMR."
        ),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        initial=DEFAULT_VALID_DAYS,
        required=False,
        widget=forms.NumberInput(attrs={"min": VALID_DAYS_RANGE[0], "max": VALID_DAYS_RANGE[1]}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units("unit", organisation)

    # Left empty: a link for one person, valid for the usual time.
    def clean_max_uses(self) -> int:
        value = self.cleaned_data.get("max_uses")
        return 1 if value is None else value

    def clean_valid_days(self) -> int:
        value = self.cleaned_data.get("valid_days")
        return DEFAULT_VALID_DAYS if value is None else value

    def clean_email(self) -> list[str]:
        """The addresses, in order, without repeats; [] for a shareable link."""
        raw = self.cleaned_data.get("email", "")
        addresses = list(dict.fromkeys(a.lower() for a in re.split(r"[\s,;]+", raw) if a))
        if len(addresses) > MAX_INVITATIONS_AT_ONCE:
            raise forms.ValidationError(
                _("At most %(max)d addresses at a time.") % {"max": MAX_INVITATIONS_AT_ONCE}
            )
        return addresses
