"""What the base layout needs to know about the kind of page it frames."""

from django.http import HttpRequest


def participant_page(request: HttpRequest) -> bool:
    """A participant's page (joining, the sheet, the agreement round) is under /j/.

    People there came with a join code, not for an account: the header offers them no
    "Log in" or "Sign up" (a workshop that asks for a login says so on its own page).
    """
    return request.path.startswith("/j/")


def page_kind(request: HttpRequest) -> dict[str, bool]:
    return {"participant_page": participant_page(request)}
