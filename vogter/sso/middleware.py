"""Says clearly, in the person's language, that their organisation signs in through the
provider, where a password login or a password reset was refused for that reason."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from vogter.sso import config, policy


def local_passwords_off(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and _is_password_reset(request)
            and policy.refused_at_once(request.POST.get("email", ""))
        ):
            return refusal(request)
        response = get_response(request)
        # Set by vogter.sso.backends.LocalPasswordsOff while the login was looked at.
        if getattr(request, "sso_passwords_off", False):
            return refusal(request)
        return response

    return middleware


def _is_password_reset(request: HttpRequest) -> bool:
    try:
        return request.path == reverse("accounts:password_reset")
    except NoReverseMatch:  # a URL configuration without accounts (some tests' servers)
        return False


def refusal(request: HttpRequest) -> HttpResponse:
    context = {"provider": config.provider()}
    return render(request, "sso/passwords_off.html", context, status=403)
