"""The language a participant's pages speak (the worksheet, the agreement round on the
phone, the outcome page): the workshop's, unless this browser or person has chosen one."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from vogter.accounts.models import User
from vogter.workshops.models import Workshop


def participant_language(request: HttpRequest, workshop: Workshop) -> str:
    """The workshop's language, unless this browser or person has chosen one; activated
    for the rest of the request."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if not chosen and isinstance(request.user, User):
        chosen = request.user.language
    language = chosen if chosen in dict(settings.LANGUAGES) else workshop.language
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return str(language)
