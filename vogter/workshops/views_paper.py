"""Paper and files: the printable worksheet, exports of the answers, and the import of
typed-up paper answers (upload → preview → confirm).

Facilitators and organisation admins only; everyone else gets what
`get_workshop_for_user` gives them (404 from outside the organisation).
The preview is kept in the cache between the upload and the confirmation, under
a random key bound to the person and the workshop, so confirming never means
uploading again and nothing is saved before it.
"""

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import get_membership_for_user
from vogter.workshops import imports
from vogter.workshops.access import get_workshop_for_user
from vogter.workshops.exporters import LAYOUTS, LISTS, export_workshop
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import Workshop
from vogter.workshops.paper import worksheet

# Long enough to read a preview and confirm it; answers do not linger in the cache.
PREVIEW_SECONDS = 20 * 60
PREVIEW_COLUMNS = ("profession", "use_case", "q1", "q2", "q3", "q4", "q5")


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def export(request: AuthedHttpRequest, org: str, workshop_code: str, fmt: str) -> HttpResponse:
    """`?layout=sheets` for one row per sheet, where the participants were told so."""
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    layout = request.GET.get("layout", LISTS)
    if layout not in LAYOUTS:
        raise Http404
    try:
        return file_response(export_workshop(request.user, workshop, fmt, layout))
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("workshops:detail", org, workshop_code)


@login_required
def paper_pdf(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    language = request.GET.get("lang")
    if language not in ("da", "en"):
        language = workshop.language
    return file_response(worksheet(workshop, language, site_url(request)), inline=True)


# --- Import ---------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with the typed-up answers"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx). The first row names the columns: profession, use_case and "
            "q1 to q5 (or the questions themselves); a workshop column is optional."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _cache_key(request: AuthedHttpRequest, workshop: Workshop, token: str) -> str:
    return f"vogter:workshop-import:{workshop.code}:{request.user.pk}:{token}"


def _keep(request: AuthedHttpRequest, workshop: Workshop, preview: imports.Preview) -> str:
    token = secrets.token_urlsafe(16)
    cache.set(_cache_key(request, workshop, token), preview.to_dict(), PREVIEW_SECONDS)
    return token


def _kept(request: AuthedHttpRequest, workshop: Workshop, token: str) -> imports.Preview | None:
    data = cache.get(_cache_key(request, workshop, token)) if token else None
    return imports.Preview.from_dict(data) if data else None


def _import_url(org: str, workshop_code: str, token: str | None = None) -> str:
    url = reverse("workshops:import_answers", args=[org, workshop_code])
    return f"{url}?preview={token}" if token else url


def _preview_context(workshop: Workshop, preview: imports.Preview) -> dict[str, Any]:
    language = get_language() or workshop.language
    lang = "da" if language.startswith("da") else "en"
    return {
        "preview": preview,
        "headers": [FIELDS_BY_KEY[k].label(lang) for k in PREVIEW_COLUMNS],
        "rows": [
            {
                "number": row.number,
                "workshop": row.workshop,
                "cells": [row.values[k] for k in PREVIEW_COLUMNS],
                "problems": [p.message for p in row.problems],
            }
            for row in preview.selected
        ],
        "good_count": len(preview.good),
        "bad_count": len(preview.bad),
        "other_name": preview.names_other_workshop(workshop),
        "has_workshop_column": any(v for v, _n in preview.workshops),
    }


@login_required
def import_answers(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    context: dict[str, Any] = {
        "organisation": workshop.organisation,
        "membership": get_membership_for_user(request.user, org),
        "workshop": workshop,
    }
    token = request.POST.get("preview") or request.GET.get("preview") or ""

    if request.method == "POST" and "confirm" in request.POST:
        preview = _kept(request, workshop, token)
        if preview is None:
            messages.warning(request, _("The preview has expired. Upload the file again."))
            return redirect(_import_url(org, workshop_code))
        preview.choose(request.POST.get("workshop_value"))
        try:
            count = imports.import_sheets(
                request.user,
                workshop,
                preview,
                only_valid=request.POST.get("only_valid") == "1",
            )
        except ActionError as error:
            context["import_error"] = str(error.message)
        else:
            cache.delete(_cache_key(request, workshop, token))
            messages.success(
                request,
                ngettext(
                    "%(count)d sheet has been imported.",
                    "%(count)d sheets have been imported.",
                    count,
                )
                % {"count": count},
            )
            return redirect("workshops:detail", org, workshop_code)
        context.update(token=token, **_preview_context(workshop, preview))
        return render(request, "workshops/paper/import.html", context)

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > imports.MAX_FILE_BYTES:
                preview = imports.Preview(filename=upload.name)
                preview.errors.append(
                    imports.Problem("too_large", {"max": imports.MAX_FILE_BYTES // 2**20})
                )
            else:
                preview = imports.parse(upload.read(), upload.name)
            if not preview.errors:
                preview.guess(workshop)
                return redirect(_import_url(org, workshop_code, _keep(request, workshop, preview)))
            for problem in preview.errors:
                form.add_error("file", problem.message)
        context["form"] = form
        return render(request, "workshops/paper/import.html", context)

    if token:
        preview = _kept(request, workshop, token)
        if preview is None:
            messages.warning(request, _("The preview has expired. Upload the file again."))
            return redirect(_import_url(org, workshop_code))
        if "workshop_value" in request.GET:
            preview.choose(request.GET["workshop_value"])
        context.update(token=token, **_preview_context(workshop, preview))
        return render(request, "workshops/paper/import.html", context)

    context["form"] = UploadForm()
    return render(request, "workshops/paper/import.html", context)
