"""The cascade page of a charter: the adopted principles of the units above beside its
own, adopting from above, proposing upward, and the proposals from the units below."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vogter.charters import access, cascade
from vogter.charters.access import get_charter_for_user, get_charter_in
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.models import Charter, Status, UpwardProposal
from vogter.charters.versions import current_version
from vogter.charters.views import _language
from vogter.lib.errors import ActionError
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.models import Membership
from vogter.principles.models import LEVEL_ORDER


def _do(request: AuthedHttpRequest, charter: Charter, membership: Membership) -> str:
    if not access.may_change(membership):
        raise PermissionDenied
    do = request.POST.get("do", "")
    if do == "adopt":
        parent = get_charter_in(charter.organisation, request.POST.get("parent", ""))
        cascade_actions.adopt_from_parent(
            request.user, charter, parent, request.POST.get("principle", "")
        )
        return _("The principle is in your draft now. Say what it means here in the level cells.")
    if do == "propose":
        principle = charter.principles.filter(code=request.POST.get("principle", "")).first()
        if principle is None:
            raise Http404
        proposal = cascade_actions.propose_upward(
            request.user, principle, request.POST.get("note", "")
        )
        return _("The principle is proposed to %(unit)s.") % {"unit": proposal.to_unit.name}
    if do == "take":
        proposal = cascade.incoming_proposal(charter, request.POST.get("proposal", ""))
        cascade_actions.take_proposal(request.user, proposal, charter)
        return _("The proposal is in your draft now.")
    if do == "withdraw":
        own = UpwardProposal.objects.filter(
            from_charter=charter, code=request.POST.get("proposal", "")
        ).first()
        if own is None:
            raise Http404
        cascade_actions.withdraw_proposal(request.user, own)
        return _("The proposal is withdrawn.")
    if do == "decline":
        proposal = cascade.incoming_proposal(charter, request.POST.get("proposal", ""))
        cascade_actions.decline_proposal(request.user, proposal)
        return _("The proposal is declined.")
    raise Http404


@login_required
def charter_cascade(request: AuthedHttpRequest, org: str, code: str) -> HttpResponse:
    charter, membership = get_charter_for_user(request.user, org, code)
    if request.method == "POST":
        try:
            messages.success(request, _do(request, charter, membership))
        except ActionError as error:
            messages.error(request, str(error.message))
        return redirect("charters:cascade", org, code)
    version = current_version(charter)
    found = cascade.cascade(charter)
    language = _language(request)
    own = list(
        charter.principles.select_related("inherited_charter__unit", "proposal__from_charter__unit")
    )
    proposed_open = {p.principle_code for p in found.outgoing if p.status == "open"}
    return render(
        request,
        "charters/cascade.html",
        {
            "organisation": charter.organisation,
            "membership": membership,
            "charter": charter,
            "version": version,
            "cascade": found,
            "own": own,
            "proposed_open": proposed_open,
            "parent": charter.unit.parent,
            "language": language,
            "levels": LEVEL_ORDER,
            "may_edit": access.may_change(membership),
            "drafting": version.status == Status.DRAFT,
            "proposed": version.status == Status.PROPOSED,
        },
    )
