"""Charter pages: the list, a charter with its versions and sign-off, editing the draft,
the diff between versions, exports, the sign-off policy, and the public share page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vogter.charters import access
from vogter.charters.access import get_charter_for_user
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.changes import changes
from vogter.charters.document import document
from vogter.charters.exporters import CHARTER_EXPORTS, export_charter
from vogter.charters.exporters.common import table_rows
from vogter.charters.models import (
    Charter,
    CharterPrinciple,
    CharterVersion,
    ProposalStatus,
    SignatureRole,
    Status,
    UpwardProposal,
)
from vogter.charters.outcome import outcome_for
from vogter.charters.versions import (
    current_version,
    latest_adopted,
    missing_signatures,
    required_roles,
)
from vogter.lib import throttle
from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.lib.throttle import Rate, Throttled
from vogter.organisations.access import (
    ADMIN_ROLES,
    get_membership_for_user,
    get_unit_in,
)
from vogter.organisations.models import Membership
from vogter.principles.forms import level_fields, posted_cells
from vogter.principles.models import LEVEL_ORDER, Level
from vogter.workshops import kit
from vogter.workshops.access import get_workshop_by_join_code, sheet_for_request
from vogter.workshops.language import participant_language
from vogter.workshops.models import Workshop


def _charter_for(user: Any, org: str, code: str) -> tuple[Charter, Membership]:
    return get_charter_for_user(user, org, code)


FORMAT_NAMES = {
    "pdf": gettext_lazy("PDF"),
    "poster-a4": gettext_lazy("Poster on one page, A4 (PDF)"),
    "poster-a3": gettext_lazy("Poster on one page, A3 (PDF)"),
    "docx": gettext_lazy("Word (DOCX)"),
    "md": gettext_lazy("Markdown"),
    "json": gettext_lazy("JSON"),
}


def _gaps(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The principles with a level nobody has filled in (nor left empty on purpose), for
    the warning before adoption: it names them, and never stops anyone adopting."""
    found = []
    for row in rows:
        missing = [cell["label"] for cell in row["cells"] if cell["gap"]]
        if missing:
            found.append(
                {
                    "sentence": row["sentence"],
                    "lang": row["lang"],
                    "levels": missing,
                    "all": len(missing) == len(row["cells"]),
                }
            )
    return found


def _formats() -> list[tuple[str, str]]:
    """Each format with the name people know it by."""
    return [(f, str(FORMAT_NAMES.get(f, f.upper()))) for f in CHARTER_EXPORTS.formats]


def _language(request: HttpRequest) -> str:
    return "en" if translation.get_language() == "en" else "da"


@login_required
def charter_list(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org)
    organisation = membership.organisation
    form: dict[str, Any] = {"title": "", "unit": "", "workshops": []}
    if request.method == "POST":
        if not access.may_change(membership):
            raise PermissionDenied
        form = {
            "title": request.POST.get("title", ""),
            "unit": request.POST.get("unit", ""),
            "workshops": request.POST.getlist("workshops"),
        }
        try:
            unit = get_unit_in(organisation, form["unit"])
        except Http404:
            messages.error(request, _("Choose the unit the charter is for."))
        else:
            workshops = list(
                Workshop.objects.filter(organisation=organisation, code__in=form["workshops"])
            )
            try:
                charter = draft_actions.create_charter(
                    request.user, organisation, unit=unit, title=form["title"], workshops=workshops
                )
            except ActionError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The charter has been made as a draft."))
                return redirect("charters:detail", org, charter.code)
    charters = [
        (charter, current_version(charter), latest_adopted(charter))
        for charter in Charter.objects.filter(organisation=organisation).select_related("unit")
    ]
    return render(
        request,
        "charters/list.html",
        {
            "organisation": organisation,
            "membership": membership,
            "charters": charters,
            "may_edit": access.may_change(membership),
            "units": organisation.units.order_by("name"),
            "workshops": Workshop.objects.filter(organisation=organisation).order_by("-date"),
            "form": form,
        },
    )


def _detail_context(
    request: AuthedHttpRequest, charter: Charter, membership: Membership
) -> dict[str, Any]:
    version = current_version(charter)
    language = _language(request)
    doc = document(charter, version)
    required = required_roles(charter.organisation)
    signed = {s.role: s for s in version.signatures.all()}
    expected = access.expected_signers(charter)
    signatures = [
        {
            "role": role,
            "label": SignatureRole(role).label,
            "signature": signed.get(role),
            "expected": [m.user.display_name for m in expected.get(role, [])],
            "may_sign": version.status == Status.PROPOSED
            and role not in signed
            and access.may_sign(membership, charter, role, expected),
        }
        for role in required
    ]
    rows = table_rows(doc, language)
    return {
        "organisation": charter.organisation,
        "membership": membership,
        "charter": charter,
        "version": version,
        "doc": doc,
        "rows": rows,
        "gaps": _gaps(rows),
        "language": language,
        "levels": LEVEL_ORDER,
        "signatures": signatures,
        "missing": missing_signatures(charter, version),
        "versions": charter.versions.order_by("-number"),
        "may_edit": access.may_change(membership) and version.status == Status.DRAFT,
        "may_manage": access.may_change(membership),
        "may_adopt": access.may_adopt(membership, charter),
        "formats": _formats(),
        "workshops": Workshop.objects.filter(organisation=charter.organisation)
        .exclude(charters=charter)
        .order_by("-date"),
        "incoming_open": UpwardProposal.objects.filter(
            to_unit=charter.unit, status=ProposalStatus.OPEN
        ).count(),
    }


@login_required
def charter_detail(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, membership = _charter_for(request.user, org, code)
    return render(request, "charters/detail.html", _detail_context(request, charter, membership))


# One view for the charter's buttons: each posts `do` and goes back to the charter.
def _do(request: AuthedHttpRequest, charter: Charter, membership: Membership, do: str) -> str:
    editor = access.may_change(membership)
    if do == "sign":
        signature_actions.sign(request.user, charter, request.POST.get("role", ""))
        return _("Your signature has been added.")
    if do == "adopt":
        if not access.may_adopt(membership, charter):
            raise PermissionDenied
        version = adoption_actions.adopt(request.user, charter)
        return _("Version %(n)d is adopted.") % {"n": version.number}
    if not editor:
        raise PermissionDenied
    if do == "propose":
        adoption_actions.propose(request.user, charter)
        return _("The charter is proposed for adoption: the signatories can sign it now.")
    if do == "back_to_draft":
        adoption_actions.back_to_draft(request.user, charter)
        return _("The charter is a draft again; its signatures were removed.")
    if do == "new_draft":
        version = adoption_actions.new_draft(request.user, charter)
        return _("Version %(n)d is a new draft.") % {"n": version.number}
    if do == "add_workshop":
        workshop = Workshop.objects.filter(
            organisation=charter.organisation, code=request.POST.get("workshop", "")
        ).first()
        if workshop is None:
            raise ActionError(_("That workshop does not exist."), field="workshops")
        made = draft_actions.add_workshop(request.user, charter, workshop)
        return ngettext("%(n)d principle added.", "%(n)d principles added.", len(made)) % {
            "n": len(made)
        }
    if do == "add_principle":
        editing_actions.add_principle(
            request.user,
            charter,
            statement_da=request.POST.get("statement_da", ""),
            statement_en=request.POST.get("statement_en", ""),
            reason=request.POST.get("reason", ""),
        )
        return _("The principle has been added.")
    if do == "unshare":
        sharing_actions.revoke_share(request.user, charter)
        return _("The share link no longer works.")
    raise Http404


@login_required
@require_POST
def charter_action(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, membership = _charter_for(request.user, org, code)
    do = request.POST.get("do", "")
    if do == "share":
        if not access.may_change(membership):
            raise PermissionDenied
        token = sharing_actions.share(request.user, charter)
        context = _detail_context(request, charter, membership)
        context["share_url"] = request.build_absolute_uri(f"/c/{token}/")
        return render(request, "charters/detail.html", context)
    try:
        messages.success(request, _do(request, charter, membership, do))
    except ActionError as error:
        messages.error(request, str(error.message))
    return redirect("charters:detail", org, code)


def _principle_in(charter: Charter, code: str) -> CharterPrinciple:
    principle = charter.principles.filter(code=code).first()
    if principle is None:
        raise Http404
    return principle


@login_required
def principle_edit(request: AuthedHttpRequest, org: str, code: str, principle: str) -> HttpResponse:
    charter, membership = _charter_for(request.user, org, code)
    if not access.may_change(membership):
        raise PermissionDenied
    the_principle = _principle_in(charter, principle)
    posted = request.POST if request.method == "POST" else None
    conflict = None
    if posted is not None:
        do = posted.get("do", "save")
        reason = posted.get("reason", "")
        try:
            if do == "remove":
                editing_actions.remove_principle(request.user, the_principle, reason)
                messages.success(request, _("The principle has been removed from the draft."))
                return redirect("charters:detail", org, code)
            if do in ("up", "down"):
                editing_actions.move_principle(request.user, the_principle, -1 if do == "up" else 1)
                return redirect("charters:detail", org, code)
            if do == "merge":
                into = _principle_in(charter, posted.get("into", ""))
                editing_actions.merge_principles(request.user, the_principle, into, reason)
                messages.success(
                    request,
                    _("The principles have been merged. Where both came from is kept."),
                )
                return redirect("charters:detail", org, code)
            given = posted.get("revision", "")
            editing_actions.save_principle(
                request.user,
                the_principle,
                revision=int(given) if given.isdecimal() and len(given) < 10 else None,
                statement_da=posted.get("statement_da", ""),
                statement_en=posted.get("statement_en", ""),
                rationale=posted.get("rationale", ""),
                cells=posted_cells(posted),
                reason=reason,
            )
        except ActionError as error:
            messages.error(request, str(error.message))
            if error.field == "revision":
                # What the other person saved, beside what this one typed (kept in the form).
                saved = _principle_in(charter, principle)
                conflict = {
                    "statement": saved.sentence(_language(request)),
                    "cells": [(Level(c.level).label, c.text) for c in saved.cells.all() if c.text],
                }
        else:
            messages.success(request, _("The principle has been saved."))
            return redirect("charters:detail", org, code)
    levels = level_fields({c.level: c for c in the_principle.cells.all()}, posted)
    return render(
        request,
        "charters/principle.html",
        {
            "organisation": charter.organisation,
            "charter": charter,
            "principle": the_principle,
            "form": posted or the_principle,
            "levels": levels,
            "editable": current_version(charter).status == Status.DRAFT,
            "conflict": conflict if posted else None,
            "others": charter.principles.exclude(pk=the_principle.pk).select_related(
                "source__workshop"
            ),
        },
        status=(409 if posted and conflict else 400) if posted else 200,
    )


def _version(charter: Charter, number: str | int) -> CharterVersion:
    if not (str(number).isdecimal() and len(str(number)) < 6):
        raise Http404
    version = charter.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


@login_required
def version_detail(request: AuthedHttpRequest, org: str, code: str, number: int) -> HttpResponse:
    charter, _membership = _charter_for(request.user, org, code)
    version = _version(charter, number)
    doc = document(charter, version)
    return render(
        request,
        "charters/version.html",
        {
            "organisation": charter.organisation,
            "charter": charter,
            "version": version,
            "doc": doc,
            "rows": table_rows(doc, _language(request)),
            "language": _language(request),
            "formats": _formats(),
        },
    )


@login_required
def version_diff(request: AuthedHttpRequest, org: str, code: str, number: int) -> HttpResponse:
    """What version `number` changed against the version before it, side by side."""
    charter, _membership = _charter_for(request.user, org, code)
    version = _version(charter, number)
    earlier, rows = changes(charter, version)
    language = _language(request)
    level_labels = {key: (en if language == "en" else da) for key, da, en in kit.TABLE_LEVELS}
    return render(
        request,
        "charters/diff.html",
        {
            "organisation": charter.organisation,
            "charter": charter,
            "version": version,
            "earlier": earlier,
            "rows": rows,
            "language": language,
            "level_labels": level_labels,
        },
    )


@login_required
def charter_export(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, _membership = _charter_for(request.user, org, code)
    number = request.GET.get("version", "")
    version = _version(charter, number) if number else current_version(charter)
    fmt = request.GET.get("format", "pdf")
    language = request.GET.get("language", _language(request))
    try:
        CHARTER_EXPORTS.check(fmt, language)
    except ActionError as error:
        raise Http404 from error
    return file_response(export_charter(request.user, charter, version, fmt, language))


@login_required
def signoff_settings(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    if request.method == "POST":
        try:
            signature_actions.set_required_roles(
                request.user, organisation, request.POST.getlist("roles")
            )
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("charters:signoff", org)
    return render(
        request,
        "charters/signoff.html",
        {
            "organisation": organisation,
            "membership": membership,
            "roles": SignatureRole.choices,
            "required": required_roles(organisation),
        },
    )


@never_cache
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only page behind a share link: the latest adopted version, or the draft
    (marked as such) when none is adopted yet. A revoked link is a plain 404."""
    charter = access.charter_for_share_token(token)
    if charter is None:
        raise Http404
    version = latest_adopted(charter) or current_version(charter)
    doc = document(charter, version)
    language = request.GET.get("language", "")
    if language in ("da", "en"):
        translation.activate(language)
        request.LANGUAGE_CODE = language
    language = _language(request)
    response = render(
        request,
        "charters/shared.html",
        {
            "charter": charter,
            "version": version,
            "doc": doc,
            "rows": table_rows(doc, language),
            "language": language,
            "token": token,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


SHARED_PRINTS = ("pdf", "poster-a4", "poster-a3")


@never_cache
def shared_print(request: HttpRequest, token: str) -> HttpResponse:
    """The shared page's charter as a PDF to print: the whole charter, or the one-page
    poster with a QR code back to this page. The same version the page shows; the
    download is recorded without anyone's name (nobody is logged in)."""
    charter = access.charter_for_share_token(token)
    if charter is None:
        raise Http404
    fmt = request.GET.get("format", "pdf")
    language = request.GET.get("language", "da")
    if fmt not in SHARED_PRINTS or language not in ("da", "en"):
        raise Http404
    wait = throttle.count(
        "shared-print", throttle.client_key(request), Rate.setting("SHARED_PRINT_RATE_LIMIT")
    )
    if wait:
        raise Throttled(
            throttle.retry_after(wait), _("Too many downloads from here. Try again in a while.")
        )
    version = latest_adopted(charter) or current_version(charter)
    link = request.build_absolute_uri(reverse("charters:shared", args=[token]))
    response = file_response(
        export_charter(None, charter, version, fmt, language, link=link, public=True)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def participant_outcome(request: HttpRequest, join_code: str) -> HttpResponse:
    """What became of my answers: only this sheet's own answers, never anyone else's."""
    workshop = get_workshop_by_join_code(join_code, request)
    language = participant_language(request, workshop)
    sheet = sheet_for_request(request, workshop)
    if sheet is None:
        return redirect("workshops:join", workshop.join_code)
    return render(
        request,
        "charters/outcome.html",
        {"workshop": workshop, "outcome": outcome_for(sheet, language), "language": language},
    )
