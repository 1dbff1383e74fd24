from django.http import HttpRequest

from vogter.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """The request of a view behind login (or API auth): `user` is a real person."""

    user: User
