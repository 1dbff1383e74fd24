"""Printing check-in slips for a round (for those who may manage it): which members get a
named slip, how many unnamed ones, in which language; the answer is the PDF."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from vogter.lib.errors import ActionError
from vogter.lib.exporting import file_response
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.models import Membership
from vogter.reflection.access import get_round_for_user
from vogter.reflection.actions import slips as slip_actions
from vogter.reflection.rounds import is_over, members
from vogter.reflection.slips import slips_pdf


@login_required
def slips(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    reflection, _membership = get_round_for_user(request.user, org, code, manage=True)
    organisation = reflection.charter.organisation
    people = sorted(members(reflection.charter), key=lambda m: m.user.display_name.casefold())
    language = organisation.default_language if organisation.default_language == "en" else "da"
    chosen = {m.code for m in people}
    extra, error, status = "0", "", 200
    if request.method == "POST":
        chosen = set(request.POST.getlist("member"))
        extra = request.POST.get("extra", "").strip() or "0"
        wanted = request.POST.get("language", "")
        language = wanted if wanted in ("da", "en") else language
        try:
            # Not a number: one the action refuses, with its own message.
            number = int(extra) if extra.isdecimal() and len(extra) < 6 else -1
            made = slip_actions.make_slips(
                request.user,
                reflection,
                chosen=Membership.objects.filter(
                    organisation=organisation, code__in=list(chosen)[:10_000]
                ).select_related("user"),
                extra=number,
            )
        except ActionError as exc:
            error, status = str(exc.message), 400
        else:
            return file_response(slips_pdf(reflection, made, language, settings.SITE_URL))
    return render(
        request,
        "reflection/slips.html",
        {
            "organisation": organisation,
            "charter": reflection.charter,
            "round": reflection,
            "over": is_over(reflection),
            "people": people,
            "chosen": chosen,
            "extra": extra,
            "max_extra": slip_actions.MAX_EXTRA,
            "language": language,
            "error": error,
        },
        status=status,
    )
