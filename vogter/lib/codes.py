"""Unguessable public identifiers.

URLs never carry sequential primary keys; every tenant object gets a random code
from this module instead.
"""

import secrets

# No 0/O, 1/l/I: codes are sometimes read aloud or typed from a projector.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_code(length: int = 12) -> str:
    """A random lowercase code; 12 characters carry about 59 bits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_token(nbytes: int = 32) -> str:
    """A URL-safe secret for links that grant access (invitations, API tokens)."""
    return secrets.token_urlsafe(nbytes)
