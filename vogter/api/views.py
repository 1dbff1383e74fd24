from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vogter.api import actions
from vogter.api.models import ApiToken
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest


@login_required
@require_POST
def create_token(request: AuthedHttpRequest) -> HttpResponse:
    days = request.POST.get("expires_in_days", "").strip()
    try:
        if days and not (days.isdecimal() and len(days) < 4):
            raise ActionError(_("Choose how long the token should last."), field="expires_in_days")
        token, raw = actions.issue_token(
            request.user,
            request.POST.get("name", ""),
            expires_in_days=int(days) if days else None,
            read_only=request.POST.get("read_only") == "on",
        )
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:profile")
    # The secret is rendered once, in this response, and never stored.
    response = render(request, "api/token_created.html", {"token": token, "raw": raw})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: AuthedHttpRequest, code: str) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, code=code).first()
    if token is None:
        raise Http404
    actions.revoke_token(request.user, token)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts:profile")
