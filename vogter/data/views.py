"""Your data, on your profile: download everything held about you, delete your account
(docs/personal-data.md). The account pages link here; the work is in personal_data.py."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vogter.accounts import limits
from vogter.accounts.models import User
from vogter.accounts.views import rate_limited
from vogter.data import personal_data
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest


def data_filename(user: User) -> str:
    return f"vogter-{user.code}-{timezone.localdate().isoformat()}.json"


@login_required
def download_data(request: AuthedHttpRequest) -> HttpResponse:
    response = JsonResponse(
        personal_data.export_person(request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{data_filename(request.user)}"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Signed in through the organisation's provider (docs/sso.md): no password to
            # type, so the address confirms that this is meant.
            self.fields["password"] = forms.CharField(
                label=gettext_lazy("Type your e-mail address to confirm"),
                widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            )

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.has_usable_password():
            if password.strip().lower() != self.user.email.lower():
                raise forms.ValidationError(gettext_lazy("That is not your e-mail address."))
            return password
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("That is not your password."))
        return password


@login_required
def delete_account(request: AuthedHttpRequest) -> HttpResponse:
    """Confirm with the password, then delete the account for good."""
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST":
        # Confirming the password counts as logging in: it is no way around the limit.
        if refusal := limits.account_refusal(user.email):
            return rate_limited(request, refusal, kind="delete_account")
        if form.is_valid():
            try:
                personal_data.delete_person(user, user)
            except ActionError as error:
                form.add_error(None, str(error.message))
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted."))
                return redirect("front:home")
        elif "password" in form.errors and request.POST.get("password"):
            limits.account_failed(user.email)
    context = {
        "form": form,
        "stranded": personal_data.last_admin_of(user),
        "kept_signatures": personal_data.kept_signatures(user),
        "pending_signatures": personal_data.pending_signatures(user),
    }
    return render(request, "data/delete_account.html", context)
