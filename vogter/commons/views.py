"""The national commons' pages: an organisation publishing its charters and starting from
templates, and the national pages (dashboard, search, publications, templates)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from vogter.charters.access import get_charter_in
from vogter.charters.models import Charter, Status
from vogter.charters.versions import current_version, latest_adopted_of
from vogter.commons import actions, search
from vogter.commons.dashboard import dashboard
from vogter.commons.models import (
    CommonsPrinciple,
    Publication,
    Sector,
    SizeBand,
    TemplatePrinciple,
)
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, FACILITATOR_ROLES, get_membership_for_user
from vogter.principles.models import LEVEL_ORDER
from vogter.reflection.models import AIMS

PAGE_SIZE = 25


def _language(request: HttpRequest) -> str:
    return "en" if translation.get_language() == "en" else "da"


# --- An organisation and the commons ------------------------------------------------


@login_required
def organisation_commons(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """For admins: which adopted charters are published, and publishing or withdrawing."""
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    preview = None
    if request.method == "POST" and request.POST.get("do") == "preview":
        charter = get_charter_in(organisation, request.POST.get("charter", ""))
        sector = request.POST.get("sector", "")
        size_band = request.POST.get("size_band", "")
        show_name = request.POST.get("show_name") == "on"
        options = {
            "sector": sector,
            "size_band": size_band,
            "show_name": show_name,
            "share_reflection": request.POST.get("share_reflection") == "on",
        }
        try:
            actions.check_options(sector, size_band)
            preview = {
                "charter": charter,
                "options": options,
                "copy": actions.anonymised_copy(charter, show_name=show_name),
                "sector_label": dict(Sector.choices)[sector],
                "size_label": dict(SizeBand.choices)[size_band],
            }
        except ActionError as error:
            messages.error(request, str(error.message))
            return redirect("commons:organisation", org)
    elif request.method == "POST":
        charter = get_charter_in(organisation, request.POST.get("charter", ""))
        try:
            if request.POST.get("do") == "unpublish":
                actions.unpublish(request.user, charter)
                messages.success(request, _("The charter is no longer in the commons."))
            else:
                actions.publish(
                    request.user,
                    charter,
                    sector=request.POST.get("sector", ""),
                    size_band=request.POST.get("size_band", ""),
                    show_name=request.POST.get("show_name") == "on",
                    share_reflection=request.POST.get("share_reflection") == "on",
                )
                messages.success(request, _("The charter is published to the commons."))
        except ActionError as error:
            messages.error(request, str(error.message))
        return redirect("commons:organisation", org)
    published = {p.charter_id: p for p in Publication.objects.filter(organisation=organisation)}
    found = list(Charter.objects.filter(organisation=organisation).select_related("unit"))
    adopted = latest_adopted_of(found)
    rows = [
        {"charter": c, "adopted": adopted.get(c.pk), "publication": published.get(c.pk)}
        for c in found
    ]
    any_publication = next(iter(published.values()), None)
    return render(
        request,
        "commons/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "rows": rows,
            "sectors": Sector.choices,
            "size_bands": SizeBand.choices,
            "current_sector": any_publication.sector if any_publication else "",
            "current_size": any_publication.size_band if any_publication else "",
            "preview": preview,
            "levels": LEVEL_ORDER,
        },
    )


@login_required
def organisation_templates(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """For facilitators: the template principles, each to start a charter principle from."""
    membership = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES)
    organisation = membership.organisation
    if request.method == "POST":
        charter = get_charter_in(organisation, request.POST.get("charter", ""))
        template = TemplatePrinciple.objects.filter(
            code=request.POST.get("template", ""), active=True
        ).first()
        if template is None:
            raise Http404
        try:
            made = actions.start_from_template(request.user, charter, template)
        except ActionError as error:
            messages.error(request, str(error.message))
            return redirect("commons:organisation_templates", org)
        messages.success(
            request, _("The principle is in the charter's draft now: adapt it to you.")
        )
        return redirect("charters:principle", org, charter.code, made.code)
    open_charters = [
        c
        for c in Charter.objects.filter(organisation=organisation).select_related("unit")
        if current_version(c).status != Status.PROPOSED
    ]
    return render(
        request,
        "commons/organisation_templates.html",
        {
            "organisation": organisation,
            "membership": membership,
            "templates": TemplatePrinciple.objects.filter(active=True),
            "charters": open_charters,
            "language": _language(request),
            "levels": LEVEL_ORDER,
        },
    )


# --- The national pages --------------------------------------------------------------


@login_required
def national_dashboard(request: AuthedHttpRequest) -> HttpResponse:
    actions.require_coordinator(request.user)
    return render(
        request,
        "commons/dashboard.html",
        {"board": dashboard(_language(request)), "aims": AIMS, "is_coordinator": True},
    )


@login_required
def national_search(request: AuthedHttpRequest) -> HttpResponse:
    actions.require_reader(request.user)
    query = request.GET.get("q", "").strip()[:200]
    sector = request.GET.get("sector", "")
    # By code: random and stable, so the order tells nothing of when anything was published.
    found = CommonsPrinciple.objects.select_related("publication").order_by("code")
    if sector in Sector.values:
        found = found.filter(publication__sector=sector)
    page = publications = None
    if query:
        page = Paginator(search.matching(found, query), PAGE_SIZE).get_page(request.GET.get("page"))
    else:  # no words: browse the published charters (of a sector)
        listed = Publication.objects.order_by("code")
        if sector in Sector.values:
            listed = listed.filter(sector=sector)
        publications = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "commons/search.html",
        {
            "query": query,
            "sector": sector,
            "sectors": Sector.choices,
            "page": page if page is not None else publications,
            "publications": publications,
            "language": _language(request),
            "levels": LEVEL_ORDER,
            "is_coordinator": actions.is_coordinator(request.user),
        },
    )


@login_required
def national_publication(request: AuthedHttpRequest, code: str) -> HttpResponse:
    actions.require_reader(request.user)
    publication = Publication.objects.filter(code=code).first()
    if publication is None:
        raise Http404
    return render(
        request,
        "commons/publication.html",
        {
            "publication": publication,
            "principles": publication.principles.all(),
            "language": _language(request),
            "levels": LEVEL_ORDER,
            "is_coordinator": actions.is_coordinator(request.user),
        },
    )


def _template_form(request: HttpRequest) -> dict[str, Any]:
    return {
        "statement_da": request.POST.get("statement_da", ""),
        "statement_en": request.POST.get("statement_en", ""),
        "cells": {
            level.value: request.POST.get(f"cell_{level.value}", "") for level in LEVEL_ORDER
        },
        "note": request.POST.get("note", ""),
    }


@login_required
def national_templates(request: AuthedHttpRequest) -> HttpResponse:
    actions.require_coordinator(request.user)
    source = None
    if request.GET.get("from") or request.POST.get("from"):
        source = CommonsPrinciple.objects.filter(
            code=request.GET.get("from") or request.POST.get("from")
        ).first()
    form: dict[str, Any] = {"statement_da": "", "statement_en": "", "cells": {}, "note": ""}
    if source is not None:
        form = {
            "statement_da": source.statement_da,
            "statement_en": source.statement_en,
            "cells": dict(source.cells),
            "note": "",
        }
    if request.method == "POST":
        form = _template_form(request)
        try:
            actions.create_template(request.user, **form, from_principle=source)
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The template principle is offered to every organisation."))
            return redirect("commons:templates")
    return render(
        request,
        "commons/templates.html",
        {
            "templates": TemplatePrinciple.objects.all(),
            "form": form,
            "source": source,
            "levels": LEVEL_ORDER,
            "language": _language(request),
            "is_coordinator": True,
        },
    )


@login_required
def national_template(request: AuthedHttpRequest, code: str) -> HttpResponse:
    actions.require_coordinator(request.user)
    template = TemplatePrinciple.objects.filter(code=code).first()
    if template is None:
        raise Http404
    form: dict[str, Any] = {
        "statement_da": template.statement_da,
        "statement_en": template.statement_en,
        "cells": dict(template.cells),
        "note": template.note,
    }
    if request.method == "POST":
        form = _template_form(request)
        try:
            actions.update_template(
                request.user, template, **form, active=request.POST.get("active") == "on"
            )
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The template principle is saved."))
            return redirect("commons:templates")
    return render(
        request,
        "commons/template.html",
        {
            "template": template,
            "form": form,
            "levels": LEVEL_ORDER,
            "language": _language(request),
            "is_coordinator": True,
        },
    )
