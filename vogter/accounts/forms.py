from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User

# Higher floors refuse addresses here without this app knowing them (vogter.sso: an address
# at a domain that signs in through the provider). Each returns the reason, or None.
SIGNUP_REFUSALS: list[Callable[[str], str | None]] = []


class SignupForm(forms.ModelForm[User]):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("email", "name")
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {"name": _("Shown to your colleagues instead of your e-mail address.")}

    def __init__(self, *args: Any, invited_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invited_email:
            # Through an invitation sent to an address, the account gets that address:
            # only it may accept the invitation.
            field = self.fields["email"]
            field.initial = invited_email
            field.disabled = True
            field.help_text = _("The invitation was sent to this address.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("There is already an account with this e-mail address. Log in instead.")
            )
        for refusal in SIGNUP_REFUSALS:
            if reason := refusal(email):
                raise forms.ValidationError(reason)
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong."),
        "inactive": _("This account has been deactivated."),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case (UserManager, SignupForm); match them so.
        return str(self.cleaned_data["username"]).strip().lower()


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("name", "language")
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ResetForm(PasswordResetForm):
    """Django's reset form, which also reaches accounts that have never had a password.

    Accounts made by the directory sync or by an invitation to sign in through the provider
    have none (an unusable password), and Django's form passes them over: "Forgot your
    password?" would send them nothing. Holding the mailbox is the proof either way, and
    where the organisation switched local passwords off, vogter.sso refuses the reset
    before this form is reached."""

    def get_users(self, email: str) -> Any:
        return User.objects.filter(email__iexact=email, is_active=True).iterator()
