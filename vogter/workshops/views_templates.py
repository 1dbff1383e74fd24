"""An organisation's workshop templates, a workshop made from one, and "copy this
workshop": the facilitators' pages over vogter/workshops/actions/templates.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import FACILITATOR_ROLES, get_membership_for_user
from vogter.workshops.access import get_template_for_user, get_workshop_for_user
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.forms import NewWorkshopForm, TemplateForm
from vogter.workshops.models import WorkshopTemplate


def _refused(form: Form, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@login_required
def template_list(request: AuthedHttpRequest, org: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, org, roles=FACILITATOR_ROLES)
    organisation = membership.organisation
    form = TemplateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            template_actions.create_template(request.user, organisation, **form.settings())
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("workshops:templates", org)
    templates = WorkshopTemplate.objects.filter(organisation=organisation)
    return render(
        request,
        "workshops/templates.html",
        {
            "organisation": organisation,
            "membership": membership,
            "templates": [
                (t, NewWorkshopForm(organisation=organisation, prefix=t.code)) for t in templates
            ],
            "form": form,
        },
    )


@login_required
def template_edit(request: AuthedHttpRequest, org: str, template_code: str) -> HttpResponse:
    template = get_template_for_user(request.user, org, template_code)
    membership = get_membership_for_user(request.user, org)
    form = TemplateForm(
        request.POST or None,
        organisation=template.organisation,
        initial=TemplateForm.initial_for(template),
    )
    if request.method == "POST" and form.is_valid():
        try:
            template_actions.update_template(request.user, template, **form.settings())
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("workshops:templates", org)
    return render(
        request,
        "workshops/template_edit.html",
        {
            "organisation": template.organisation,
            "membership": membership,
            "template": template,
            "form": form,
        },
    )


@login_required
@require_POST
def template_delete(request: AuthedHttpRequest, org: str, template_code: str) -> HttpResponse:
    template = get_template_for_user(request.user, org, template_code)
    template_actions.delete_template(request.user, template)
    messages.success(
        request, _("The template has been deleted. Workshops made from it are unchanged.")
    )
    return redirect("workshops:templates", org)


@login_required
@require_POST
def template_use(request: AuthedHttpRequest, org: str, template_code: str) -> HttpResponse:
    template = get_template_for_user(request.user, org, template_code)
    form = NewWorkshopForm(request.POST, organisation=template.organisation, prefix=template.code)
    if form.is_valid():
        try:
            workshop = template_actions.create_from_template(
                request.user, template, **form.cleaned_data
            )
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The workshop is ready. Show the join code when you start.")
            )
            return redirect("workshops:detail", org, workshop.code)
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect("workshops:templates", org)


@login_required
def copy(request: AuthedHttpRequest, org: str, workshop_code: str) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, org, workshop_code)
    membership = get_membership_for_user(request.user, org)
    initial = {"unit": workshop.unit.code if workshop.unit else None}
    form = NewWorkshopForm(
        request.POST or None, organisation=workshop.organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = template_actions.copy_workshop(request.user, workshop, **form.cleaned_data)
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("The copy is ready, with its own join code. Nothing was written in it yet."),
            )
            return redirect("workshops:detail", org, new.code)
    return render(
        request,
        "workshops/copy.html",
        {
            "organisation": workshop.organisation,
            "membership": membership,
            "workshop": workshop,
            "form": form,
        },
    )
