"""Your notifications through the API: which kinds of e-mail you get, and switching them."""

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from vogter.api.schemas import ErrorOut
from vogter.lib.http import AuthedHttpRequest
from vogter.notifications import actions
from vogter.notifications.preferences import settings_for

router = Router(tags=["notifications"])


class NotificationsOut(Schema):
    """Each kind of notification, and whether you get it by e-mail."""

    signature: bool
    proposal: bool
    flag: bool
    action_due: bool
    round_opening: bool
    round_closing: bool


class NotificationsIn(Schema):
    """The kinds to switch on (true) or off (false); kinds left out keep their setting."""

    signature: bool | None = None
    proposal: bool | None = None
    flag: bool | None = None
    action_due: bool | None = None
    round_opening: bool | None = None
    round_closing: bool | None = None


@router.get(
    "/me/notifications",
    response=NotificationsOut,
    summary="Which kinds of notification you get by e-mail",
    operation_id="vogter_notifications_api_my_notifications",
)
def my_notifications(request: AuthedHttpRequest) -> NotificationsOut:
    return NotificationsOut(**settings_for(request.user))


@router.put(
    "/me/notifications",
    response={200: NotificationsOut, 400: ErrorOut},
    summary="Switch kinds of notification on or off",
    description=str(_("Kinds left out keep their setting; every kind is on until switched off.")),
    operation_id="vogter_notifications_api_set_my_notifications",
)
def set_my_notifications(request: AuthedHttpRequest, body: NotificationsIn) -> NotificationsOut:
    wanted = {kind: value for kind, value in body.dict().items() if value is not None}
    return NotificationsOut(**actions.set_preferences(request.user, request.user, wanted))
