"""Signing in and out through the provider, and the organisation's sign-in page."""

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import ADMIN_ROLES, get_membership_for_user
from vogter.sso import access, config
from vogter.sso.actions import rules as rule_actions
from vogter.sso.forms import ClaimRuleForm, DomainForm, PasswordsForm
from vogter.sso.models import ClaimRule, SignInDomain, SignInPolicy

logger = logging.getLogger(__name__)
ID_TOKEN = "oidc_id_token"  # noqa: S105 - the session key mozilla-django-oidc keeps it under


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; a 404 where no provider is configured."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if config.provider() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here. A refused sign-in gets a page saying so,
    not a silent redirect to the front page."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if config.provider() is None:
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except SuspiciousOperation as error:
            # The reason, never the person: the token's claims stay out of the log.
            logger.warning("Single sign-on refused: %s", error)
            return refused(request)
        except requests.RequestException as error:
            logger.warning("Single sign-on: the provider did not answer: %s", type(error).__name__)
            message = _("The sign-in service did not answer. Please try again in a moment.")
            return refused(request, message, status=502)

    def login_failure(self) -> HttpResponse:
        return refused(self.request, getattr(self.request, "sso_refusal", None))


def refused(request: HttpRequest, message: Any = None, status: int = 403) -> HttpResponse:
    provider = config.provider()
    context = {
        "message": message or _("The sign-in was refused. Please try again."),
        "provider": provider,
    }
    return render(request, "sso/refused.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session here and, where the provider offers it, there too (RP-initiated
    logout), so the next person at a shared computer is asked who they are."""
    provider = config.provider()
    id_token = request.session.get(ID_TOKEN)
    target = request.build_absolute_uri(reverse("front:home"))
    auth.logout(request)
    if provider is not None and provider.end_session_endpoint and id_token:
        query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": target})
        return HttpResponseRedirect(f"{provider.end_session_endpoint}?{query}")
    return HttpResponseRedirect(target)


def _apply(form: Any, error: ActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def settings_page(request: AuthedHttpRequest, org: str) -> HttpResponse:
    """The organisation's sign-in: its domains, the claim rules and the password switch."""
    membership = get_membership_for_user(request.user, org, roles=ADMIN_ROLES)
    organisation = membership.organisation
    data = request.POST if request.method == "POST" else None
    form_name = request.POST.get("form") if data else None
    rule_form = ClaimRuleForm(data if form_name == "rule" else None, organisation=organisation)
    domain_form = DomainForm(data if form_name == "domain" else None)
    policy = SignInPolicy.objects.filter(organisation=organisation).first()
    passwords_form = PasswordsForm(
        data if form_name == "passwords" else None,
        initial={"local_passwords_off": bool(policy and policy.local_passwords_off)},
    )
    if form_name == "rule" and rule_form.is_valid():
        try:
            rule_actions.add_rule(request.user, organisation, **rule_form.cleaned_data)
        except ActionError as error:
            _apply(rule_form, error)
        else:
            messages.success(request, _("The rule has been added."))
            return redirect("sso:sign_in", organisation.code)
    if form_name == "domain" and domain_form.is_valid():
        try:
            rule_actions.add_domain(request.user, organisation, domain_form.cleaned_data["domain"])
        except ActionError as error:
            _apply(domain_form, error)
        else:
            messages.success(request, _("The domain has been added."))
            return redirect("sso:sign_in", organisation.code)
    if form_name == "passwords" and passwords_form.is_valid():
        try:
            rule_actions.set_local_passwords(
                request.user, organisation, off=passwords_form.cleaned_data["local_passwords_off"]
            )
        except ActionError as error:
            _apply(passwords_form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("sso:sign_in", organisation.code)
    context = {
        "organisation": organisation,
        "membership": membership,
        "provider": config.provider(),
        "rules": ClaimRule.objects.filter(organisation=organisation).select_related("unit"),
        "domains": SignInDomain.objects.filter(organisation=organisation),
        "rule_form": rule_form,
        "domain_form": domain_form,
        "passwords_form": passwords_form,
    }
    status = 400 if form_name else 200
    return render(request, "sso/settings.html", context, status=status)


@login_required
@require_POST
def delete_rule(request: AuthedHttpRequest, org: str, rule_code: str) -> HttpResponse:
    rule = access.get_rule_for_admin(request.user, org, rule_code)
    rule_actions.delete_rule(request.user, rule)
    messages.success(request, _("The rule has been removed."))
    return redirect("sso:sign_in", org)


@login_required
@require_POST
def move_rule(request: AuthedHttpRequest, org: str, rule_code: str) -> HttpResponse:
    rule = access.get_rule_for_admin(request.user, org, rule_code)
    rule_actions.move_rule(request.user, rule, up=request.POST.get("direction") == "up")
    return redirect("sso:sign_in", org)


@login_required
@require_POST
def remove_domain(request: AuthedHttpRequest, org: str, domain_code: str) -> HttpResponse:
    domain = access.get_domain_for_admin(request.user, org, domain_code)
    rule_actions.remove_domain(request.user, domain)
    messages.success(request, _("The domain has been removed."))
    return redirect("sso:sign_in", org)
