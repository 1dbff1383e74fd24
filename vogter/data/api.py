"""You through the API: who you are, everything held about you, deleting your account, and
an admin's copy of what the organisation holds about one of its people."""

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vogter.accounts import limits
from vogter.api.schemas import ErrorOut
from vogter.data import personal_data
from vogter.lib.errors import ActionError, record
from vogter.lib.http import AuthedHttpRequest
from vogter.organisations.access import get_member_for_admin

# Tagged, and the operations named, as before the move: the published API reads the same.
router = Router(tags=["accounts"])


class MeOut(Schema):
    code: str
    email: str
    name: str
    language: str


class DeleteMeIn(Schema):
    password: str


# `GET /me` lives here too: one path, one router (ninja routes a path to one router only).
@router.get(
    "/me",
    response=MeOut,
    summary="The person the request is authenticated as",
    operation_id="vogter_accounts_api_me",
)
def me(request: AuthedHttpRequest) -> MeOut:
    user = request.user
    return MeOut(code=user.code, email=user.email, name=user.name, language=user.language)


@router.get(
    "/me/data",
    response=dict[str, Any],
    summary="Everything Vogter holds about you (schema vogter.person/1)",
    operation_id="vogter_accounts_api_my_data",
)
def my_data(request: AuthedHttpRequest) -> dict[str, Any]:
    return personal_data.export_person(request.user)


@router.delete(
    "/me",
    response={204: None, 400: ErrorOut, 429: ErrorOut},
    summary="Delete your account for good, confirmed with your password",
    operation_id="vogter_accounts_api_delete_me",
)
def delete_me(request: AuthedHttpRequest, body: DeleteMeIn) -> Status[Any] | HttpResponse:
    user = request.user
    # Confirming the password counts as logging in: it is no way around the limit.
    if refusal := limits.account_refusal(user.email):
        detail = _("Too many attempts.") + " " + limits.wait_message(refusal)
        response = JsonResponse({"detail": detail}, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if not user.check_password(body.password):
        limits.account_failed(user.email)
        raise ActionError(_("That is not your password."), field="password")
    personal_data.delete_person(user, user)
    return Status(204, None)


@router.get(
    "/organisations/{org}/memberships/{member}/data",
    response={200: dict[str, Any], 403: ErrorOut, 404: ErrorOut},
    summary="What the organisation holds about one of its people, for their request (admins)",
    operation_id="vogter_accounts_api_member_data",
)
def member_data(request: AuthedHttpRequest, org: str, member: str) -> dict[str, Any]:
    membership = get_member_for_admin(request.user, org, member)
    # Who looked at a person's data is itself worth knowing afterwards.
    record(request.user, membership.organisation, "person.export", membership.code)
    return personal_data.export_person(membership.user, membership.organisation)
