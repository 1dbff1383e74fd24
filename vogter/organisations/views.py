from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import (
    ADMIN_ROLES,
    get_invitation_by_token,
    get_invitation_for_admin,
    get_member_for_admin,
    get_membership_for_user,
    get_unit_for_user,
)
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.forms import (
    InvitationForm,
    MembershipForm,
    OrganisationForm,
    OrganisationSettingsForm,
    UnitForm,
)
from vogter.organisations.invitations import invitation_url, is_for
from vogter.organisations.models import Invitation, Membership
from vogter.organisations.tree import flatten, unit_tree

PEOPLE_PER_PAGE = 50


def _apply(form: forms.Form, error: ActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def create_organisation(request: AuthedHttpRequest) -> HttpResponse:
    form = OrganisationForm(
        request.POST or None, initial={"default_language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_actions.create_organisation(
                request.user, **form.cleaned_data
            )
        except ActionError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The organisation has been created. Add its units next."))
            return redirect("organisations:units", organisation.code)
    return render(request, "organisations/create.html", {"form": form})


@login_required
def overview(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org)
    organisation = membership.organisation
    return render(
        request,
        "organisations/overview.html",
        {
            "organisation": organisation,
            "membership": membership,
            "units": flatten(unit_tree(organisation)),
            "member_count": organisation.memberships.count(),
        },
    )


@login_required
def settings_view(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    form = OrganisationSettingsForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "default_language": organisation.default_language,
            "workshops_require_login": organisation.workshops_require_login,
            "min_group_size": organisation.min_group_size,
            "answers_kept_months": organisation.answers_kept_months,
            "audit_kept_months": organisation.audit_kept_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        retention = {key: data.pop(key) for key in ("answers_kept_months", "audit_kept_months")}
        try:
            organisation_actions.update_organisation(request.user, organisation, **data)
            organisation_actions.set_retention(request.user, organisation, **retention)
        except ActionError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("organisations:settings", organisation.code)
    return render(
        request,
        "organisations/settings.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@login_required
def units(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_actions.create_unit(request.user, organisation, **form.cleaned_data)
        except ActionError as error:
            _apply(form, error)
        else:
            messages.success(request, _("%(unit)s has been added.") % {"unit": unit.name})
            return redirect("organisations:units", organisation.code)
    return render(
        request,
        "organisations/units.html",
        {
            "organisation": organisation,
            "membership": membership,
            "units": flatten(unit_tree(organisation)),
            "form": form,
        },
    )


@login_required
def edit_unit(request: AuthedHttpRequest, org: str, unit_code: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    unit = get_unit_for_user(request.user, org, unit_code, roles=ADMIN_ROLES)
    initial = {
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent else None,
    }
    form = UnitForm(
        request.POST or None, organisation=unit.organisation, unit=unit, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit_actions.update_unit(request.user, unit, **form.cleaned_data)
        except ActionError as error:
            _apply(form, error)
        else:
            messages.success(request, _("%(unit)s has been saved.") % {"unit": unit.name})
            return redirect("organisations:units", org)
    return render(
        request,
        "organisations/unit_edit.html",
        {
            "organisation": unit.organisation,
            "membership": membership,
            "unit": unit,
            "form": form,
        },
    )


@login_required
@require_POST
def delete_unit(request: AuthedHttpRequest, org: str, unit_code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, org, unit_code, roles=ADMIN_ROLES)
    try:
        unit_actions.delete_unit(request.user, unit)
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("organisations:edit_unit", org, unit_code)
    messages.success(request, _("%(unit)s has been deleted.") % {"unit": unit.name})
    return redirect("organisations:units", org)


@login_required
def people(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        emails = form.cleaned_data.pop("email")
        try:
            if emails:
                invitation_actions.invite_many(
                    request.user,
                    organisation,
                    emails,
                    site_url=_site_url(request),
                    **form.cleaned_data,
                )
            else:
                invitation_actions.invite(
                    request.user, organisation, site_url=_site_url(request), **form.cleaned_data
                )
        except ActionError as error:
            _apply(form, error)
        else:
            if len(emails) == 1:
                messages.success(
                    request, _("An invitation has been sent to %(email)s.") % {"email": emails[0]}
                )
            elif emails:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d invitation has been sent.",
                        "%(count)d invitations have been sent.",
                        len(emails),
                    )
                    % {"count": len(emails)},
                )
            elif form.cleaned_data["max_uses"] > 1:
                messages.success(
                    request,
                    _(
                        "The team link is ready. Copy it and share it: up to %(count)d people "
                        "can join through it."
                    )
                    % {"count": form.cleaned_data["max_uses"]},
                )
            else:
                messages.success(request, _("The invitation link is ready. Copy it and share it."))
            return redirect("organisations:people", organisation.code)
    query = request.GET.get("q", "").strip()[:100]
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("user__name", "user__email", "pk")
    )
    if query:
        members = members.filter(
            Q(user__email__icontains=query)
            | Q(user__name__icontains=query)
            | Q(unit__name__icontains=query)
        )
    page = Paginator(members, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    open_invitations = list(
        Invitation.objects.open()
        .filter(organisation=organisation)
        .select_related("unit", "pending_user")
    )
    for inv in open_invitations:
        inv.url = invitation_url(inv, _site_url(request))  # type: ignore[attr-defined]
    return render(
        request,
        "organisations/people.html",
        {
            "organisation": organisation,
            "membership": membership,
            "page": page,
            "query": query,
            "invitations": open_invitations,
            "form": form,
        },
    )


@login_required
def edit_member(request: AuthedHttpRequest, org: str, member: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    target = get_member_for_admin(request.user, org, member)
    initial: dict[str, Any] = {
        "role": target.role,
        "unit": target.unit.code if target.unit else None,
        "is_manager": target.is_manager,
        "is_union_rep": target.is_union_rep,
        "is_safety_rep": target.is_safety_rep,
    }
    form = MembershipForm(request.POST or None, organisation=target.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_actions.change_membership(request.user, target, **form.cleaned_data)
        except ActionError as error:
            _apply(form, error)
        else:
            messages.success(
                request, _("%(person)s has been saved.") % {"person": target.user.display_name}
            )
            if target.user_id == request.user.pk and not target.is_admin:
                # An admin who just stepped down may no longer see the people page.
                return redirect("organisations:overview", org)
            return redirect("organisations:people", org)
    return render(
        request,
        "organisations/member_edit.html",
        {
            "organisation": target.organisation,
            "membership": membership,
            "member": target,
            "form": form,
        },
    )


@login_required
@require_POST
def remove_member(request: AuthedHttpRequest, org: str, member: str) -> HttpResponse:
    target = get_member_for_admin(request.user, org, member)
    try:
        membership_actions.remove_membership(request.user, target)
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("organisations:edit_member", org, member)
    messages.success(
        request,
        _("%(person)s has been removed from the organisation.")
        % {"person": target.user.display_name},
    )
    if target.user_id == request.user.pk:
        return redirect("front:home")
    return redirect("organisations:people", org)


@login_required
@require_POST
def revoke_invitation(request: AuthedHttpRequest, org: str, invitation: str) -> HttpResponse:
    inv = get_invitation_for_admin(request.user, org, invitation)
    invitation_actions.revoke_invitation(request.user, inv)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:people", org)


@login_required
@require_POST
def confirm_invitation(request: AuthedHttpRequest, org: str, invitation: str) -> HttpResponse:
    inv = get_invitation_for_admin(request.user, org, invitation)
    try:
        membership = joining_actions.confirm_invitation(
            request.user, inv, request.POST.get("email", "")
        )
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(person)s (%(email)s) has joined the organisation.")
            % {"person": membership.user.display_name, "email": membership.user.email},
        )
    return redirect("organisations:people", org)


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    return render(
        request,
        "organisations/invitation_closed.html",
        {"invitation": invitation, "closed": invitation.closed},
        status=410,
    )


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page: join, or, logged in with another address than the invited one,
    ask the admin to let this account join instead."""
    invitation = get_invitation_by_token(token)
    if not invitation.is_open:
        return _closed(request, invitation)
    user = request.user if isinstance(request.user, User) else None
    if request.method == "POST" and user is not None:
        asking = request.POST.get("do") == "ask"
        try:
            if asking:
                joining_actions.ask_to_join(user, invitation)
            else:
                membership = joining_actions.accept_invitation(user, invitation)
        except ActionError as error:
            invitation.refresh_from_db()
            if not invitation.is_open:
                return _closed(request, invitation)
            messages.error(request, str(error.message))
            return redirect("organisations:accept_invitation", token)
        if asking:
            messages.success(
                request,
                _(
                    "Your request has been sent. An admin of %(organisation)s can now let you "
                    "join with this account."
                )
                % {"organisation": invitation.organisation.name},
            )
            return redirect("organisations:accept_invitation", token)
        messages.success(
            request,
            _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name},
        )
        return redirect("organisations:overview", membership.organisation.code)
    context: dict[str, Any] = {
        "invitation": invitation,
        "next": reverse("organisations:accept_invitation", args=[token]),
        "for_me": user is None or is_for(invitation, user),
        # Someone already in only needs the way in: the invitation's place and roles stay
        # for the person it was made for.
        "member": user is not None
        and Membership.objects.filter(organisation=invitation.organisation, user=user).exists(),
        "asked": user is not None and invitation.pending_user_id == user.pk,
    }
    return render(request, "organisations/invitation.html", context)
