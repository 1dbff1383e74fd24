"""Personal check-in links (docs/reflection.md): one per person per round, usable once,
for people with no password account as much as for those with one.

A link's token is never stored. It is derived from the secret key and the link's random
id (so a reminder and a reprinted slip carry the same token), and only its SHA-256 is
kept, to find the link again. `used` says who has checked in, for reminders; the answers
are stored apart, with nothing that pairs them with a link (actions/checkins.py).
"""

import base64
import hashlib

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import salted_hmac

from vogter.organisations.models import Membership
from vogter.reflection.models import Contact, Link, Round
from vogter.reflection.rounds import members, subtree

SALT = "vogter.reflection.link"
TOKEN_LENGTH = 26  # base32 characters: 130 bits, easy to type from a slip if need be


def token_of(link: Link) -> str:
    digest = salted_hmac(SALT, str(link.id), algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_LENGTH]


def hash_of(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode("utf-8")).hexdigest()


def find(token: str) -> Link | None:
    """The link a token belongs to, with its round, charter and organisation; None for an
    unknown or malformed token (every wrong token looks the same)."""
    token = (token or "").strip().lower()
    if len(token) != TOKEN_LENGTH or not token.isalnum():
        return None
    return (
        Link.objects.select_related(
            "round__charter__organisation", "round__charter__unit", "contact", "membership__user"
        )
        .filter(token_hash=hash_of(token))
        .first()
    )


def url_of(link: Link, base_url: str = "") -> str:
    base = (base_url or getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return base + reverse("reflection:link", args=[token_of(link)])


def _saved(link: Link) -> Link:
    link.token_hash = hash_of(token_of(link))
    link.save()
    return link


def _current(link: Link) -> Link:
    """A link found again for a reminder or a reprint, its token as the secret key derives
    it now. After the key has changed, the old token (in mails and on slips already out)
    no longer matches: the link is given the new one, so what goes out now works."""
    if not link.used and link.token_hash != hash_of(token_of(link)):
        link.token_hash = hash_of(token_of(link))
        link.save(update_fields=["token_hash"])
    return link


def for_member(reflection: Round, membership: Membership) -> Link:
    """The member's link to this round, made the first time it is asked for."""
    found = Link.objects.filter(round=reflection, membership=membership).first()
    return _current(found) if found else _saved(Link(round=reflection, membership=membership))


def for_contact(reflection: Round, contact: Contact) -> Link:
    found = Link.objects.filter(round=reflection, contact=contact).first()
    return _current(found) if found else _saved(Link(round=reflection, contact=contact))


def blank(reflection: Round, label: str = "") -> Link:
    """A link for a printed slip with no name on it."""
    return _saved(Link(round=reflection, label=label[:200]))


def contacts(reflection: Round) -> "QuerySet[Contact]":
    """Workshop participants who asked to be asked again, in the charter's unit or below,
    and who are not members already (they get the members' mail)."""
    member_emails = (
        members(reflection.charter)
        .annotate(address=Lower("user__email"))
        .values_list("address", flat=True)
    )
    return (
        Contact.objects.filter(unit_id__in=subtree(reflection.charter.unit))
        .annotate(address=Lower("email"))
        .exclude(address__in=member_emails)
    )
