"""The directory page (organisation admins): SCIM tokens for the identity provider, and
the import of units and people from a spreadsheet (upload → preview → confirm).

The uploaded rows are kept in the cache between the upload and the confirmation, under a
random key bound to the person and the organisation; the plan is made again from them at
each look and at the confirmation, against the organisation as it is then.
"""

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from vogter.directory import imports
from vogter.directory.access import get_scim_token_for_admin
from vogter.directory.actions import tokens as token_actions
from vogter.directory.import_problems import Problem
from vogter.directory.models import ScimToken
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_membership_for_user
from vogter.organisations.models import Membership

PREVIEW_SECONDS = 20 * 60


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Entra ID”."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with units and people"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx). The first row names the columns: unit, level, email, "
            "name, role, manager, TR, AMR."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _admin(request: AuthedHttpRequest, org: str) -> Membership:
    return get_membership_for_user(request.user, org, roles=ADMIN_ROLES)


@login_required
def directory(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = _admin(request, org)
    organisation = membership.organisation
    form = TokenForm(request.POST or None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = token_actions.issue_scim_token(
                request.user, organisation, form.cleaned_data["name"]
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            form = TokenForm()
    return render(
        request,
        "directory/directory.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "raw_token": raw,
            "tokens": ScimToken.objects.filter(organisation=organisation),
            "endpoint": request.build_absolute_uri("/scim/v2/"),
        },
    )


@login_required
@require_POST
def revoke_token(request: AuthedHttpRequest, org: str, token_code: str) -> HttpResponse:
    token = get_scim_token_for_admin(request.user, org, token_code)
    token_actions.revoke_scim_token(request.user, token)
    messages.success(request, _("The token has been revoked."))
    return redirect("directory:directory", token.organisation.code)


# --- Import ------------------------------------------------------------------------------


def _cache_key(request: AuthedHttpRequest, org: str, token: str) -> str:
    return f"vogter:directory-import:{org}:{request.user.pk}:{token}"


def _kept(request: AuthedHttpRequest, org: str, token: str) -> imports.Preview | None:
    data = cache.get(_cache_key(request, org, token)) if token else None
    return imports.Preview.from_dict(data) if data else None


def _import_url(org: str, token: str = "") -> str:
    url = reverse("directory:import", args=[org])
    return f"{url}?preview={token}" if token else url


@login_required
def import_people(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = _admin(request, org)
    organisation = membership.organisation
    context: dict[str, Any] = {"organisation": organisation, "membership": membership}
    token = request.POST.get("preview") or request.GET.get("preview") or ""

    if token:
        preview = _kept(request, org, token)
        if preview is None:
            messages.warning(request, _("The preview has expired. Upload the file again."))
            return redirect(_import_url(org))
        if request.method == "POST" and "confirm" in request.POST:
            try:
                the_plan = imports.import_directory(request.user, organisation, preview)
            except ActionError as error:
                context["import_error"] = str(error.message)
            else:
                cache.delete(_cache_key(request, org, token))
                changed = the_plan.count("change")
                messages.success(
                    request,
                    ngettext(
                        "The file has been imported: %(count)d row changed something.",
                        "The file has been imported: %(count)d rows changed something.",
                        changed,
                    )
                    % {"count": changed},
                )
                return redirect("organisations:people", organisation.code)
        context.update(token=token, preview=preview, plan=imports.plan(organisation, preview))
        return render(request, "directory/import.html", context)

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            preview = imports.Preview(filename=upload.name)
            preview.errors.append(Problem("too_large", {"max": imports.MAX_FILE_BYTES // 2**20}))
        else:
            preview = imports.parse(upload.read(), upload.name)
        if not preview.errors:
            key = secrets.token_urlsafe(16)
            cache.set(_cache_key(request, org, key), preview.to_dict(), PREVIEW_SECONDS)
            return redirect(_import_url(org, key))
        for problem in preview.errors:
            form.add_error("file", problem.message)
    context["form"] = form
    return render(request, "directory/import.html", context)
