"""The read-only share link of a charter: made anew (any earlier link stops working) or
revoked. Only its fingerprint is stored; the link is found through access.py."""

import secrets

from django.db import transaction

from vogter.accounts.models import User
from vogter.charters import access
from vogter.charters.access import SHARE_PREFIX, share_fingerprint
from vogter.charters.models import Charter
from vogter.lib.errors import record


@transaction.atomic
def share(actor: User | None, charter: Charter) -> str:
    """A new read-only link (any earlier one stops working). The secret is shown once."""
    access.check_may_change(actor, charter.organisation_id)
    token = SHARE_PREFIX + secrets.token_urlsafe(24)
    charter.share_hash = share_fingerprint(token)
    charter.save(update_fields=["share_hash"])
    record(actor, charter.organisation, "charter.share", charter.code, scope=charter.unit)
    return token


@transaction.atomic
def revoke_share(actor: User | None, charter: Charter) -> None:
    access.check_may_change(actor, charter.organisation_id)
    if charter.share_hash:
        charter.share_hash = ""
        charter.save(update_fields=["share_hash"])
        record(actor, charter.organisation, "charter.unshare", charter.code, scope=charter.unit)
