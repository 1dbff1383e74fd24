import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vogter.accounts import limits
from vogter.accounts.forms import LanguageForm, LoginForm, ProfileForm, ResetForm, SignupForm
from vogter.api.models import ApiToken
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import invited_email_for_link


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, reverse("front:home")))
    if request.method == "POST" and (refusal := limits.signup_refusal(request)):
        return rate_limited(request, refusal, kind="signup")
    form = SignupForm(
        request.POST or None, invited_email=invited_email_for_link(_safe_next(request, ""))
    )
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Vogter. Your account has been created."))
        return redirect(_safe_next(request, reverse("front:home")))
    return render(
        request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _limit_logins(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Asks the limits before an attempt to log in is even looked at (the attempts are
    counted as they fail: vogter/accounts/limits.py). Our page and Django admin's share
    one set of counters, so the admin's form is no way around them."""

    @functools.wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        identifier = request.POST.get("username", "")
        # Without both there is no attempt to count, only a form to correct.
        if request.method == "POST" and identifier.strip() and request.POST.get("password"):
            refusal = limits.login_refusal(request, identifier)
            if refusal:
                return login_refused(request, refusal)
        response = view(request, *args, **kwargs)
        if request.method == "POST" and request.user.is_authenticated:
            # This browser now counts as the person's own: a stranger's guessing at the
            # account no longer makes it wait (vogter/accounts/limits.py).
            response.set_cookie(
                limits.DEVICE_COOKIE,
                limits.device_cookie(request.user.email),
                max_age=limits.DEVICE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return limited


@method_decorator(_limit_logins, name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        # A next pointing back at this page makes Django refuse a signed-in person
        # with a 500 ("redirection loop"); send them to the default page instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url


def login_refused(request: HttpRequest, refusal: limits.Refusal) -> HttpResponse:
    """The login page again, the e-mail address kept, saying when to try again."""
    if request.path != reverse("accounts:login"):
        return rate_limited(request, refusal)
    form = LoginForm(request, initial={"username": request.POST.get("username", "").strip()})
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "refusal": refusal,
        "wait": limits.wait_message(refusal),
    }
    response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def rate_limited(
    request: HttpRequest, refusal: limits.Refusal, kind: str = "login"
) -> HttpResponse:
    context = {"kind": kind, "refusal": refusal, "wait": limits.wait_message(refusal)}
    response = render(request, "accounts/rate_limited.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@_limit_logins
def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Django admin's own login form, held to the same limits as ours."""
    return admin.site.login(request, extra_context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:
        # How long the link works, as the mail says it.
        return {"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        refusal = limits.password_reset_refusal(request, request.POST.get("email", ""))
        if refusal:
            return rate_limited(request, refusal, kind="password_reset")
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        # Whoever holds the mailbox has proved it is theirs: the wrong passwords typed
        # before no longer make them wait.
        limits.account_succeeded(self.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, user.language)
        return response
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    context = {"form": form, "tokens": tokens, "now": timezone.now()}
    return render(request, "accounts/profile.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered on the account and in a cookie for everyone."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(_safe_next(request, reverse("front:home")))
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    _set_language_cookie(response, language)
    return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
