"""When a workshop participant's phone offers to ask them again (actions/contacts.py): the
workshop has a unit, this browser holds a sheet of it that is handed in (or the writing
is over), it has not left an address here already, and the person is not a member of the
organisation (members get the members' mails)."""

from django.http import HttpRequest

from vogter.organisations.models import Membership
from vogter.workshops.access import sheet_for_request
from vogter.workshops.models import Sheet, Workshop

# Set on this browser alone, for the workshop's pages, once it has left an address: the
# card is not offered again. Nothing on the server remembers who asked.
ASKED_COOKIE = "vogter_asked"
ASKED_AGE = 60 * 60 * 24 * 60


def asked_path(workshop: Workshop) -> str:
    return f"/j/{workshop.join_code}/"


def offer(request: HttpRequest, workshop: Workshop, sheet: Sheet | None = None) -> bool:
    if workshop.unit_id is None or request.COOKIES.get(ASKED_COOKIE):
        return False
    sheet = sheet or sheet_for_request(request, workshop)
    if sheet is None or not (sheet.submitted or not workshop.is_editable):
        return False
    user = request.user
    return not (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=workshop.organisation_id).exists()
    )
