"""Printed check-in slips, for teams without work e-mail: a personal link per chosen member
(the same link however often it is printed) and unnamed slips for whoever else comes
(docs/reflection.md, "Personal links and slips"). Drawn by `reflection/slips.py`."""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Membership
from vogter.reflection import access, links
from vogter.reflection.models import Link, Round
from vogter.reflection.rounds import is_over, members

MAX_EXTRA = 200


class Slip(NamedTuple):
    link: Link
    name: str  # printed so that the slip reaches its person; "" on an unnamed slip


def _new(reflection: Round, membership: Membership | None = None) -> Link:
    """A link not yet saved, with its token's hash (the token comes from its random id)."""
    link = Link(round=reflection, membership=membership)
    link.token_hash = links.hash_of(links.token_of(link))
    return link


@transaction.atomic
def make_slips(
    actor: User | None,
    reflection: Round,
    *,
    chosen: Iterable[Membership] | None = None,
    extra: int = 0,
) -> list[Slip]:
    """A slip for each chosen member (all the round's members when `chosen` is None),
    sorted by name, then `extra` unnamed slips. A member's slip carries their own link to
    the round, the same one each time it is printed (and the one a reminder would mail);
    each unnamed slip is a new link. A round that has closed gets none. The audit entry
    holds the numbers only."""
    access.check_may_manage(actor, reflection.charter)
    if is_over(reflection):
        raise ActionError(
            _("This round has closed, so no slips can be printed for it."), field="round"
        )
    if not 0 <= extra <= MAX_EXTRA:
        raise ActionError(
            _("Print from 0 to %(max)d unnamed slips.") % {"max": MAX_EXTRA}, field="extra"
        )
    eligible = {m.pk: m for m in members(reflection.charter)}
    if chosen is None:
        people = list(eligible.values())
    else:
        people = []
        for membership in chosen:
            if membership.pk not in eligible:
                raise ActionError(
                    _("%(name)s is not placed in the charter's unit or below it.")
                    % {"name": membership.user.display_name},
                    field="members",
                )
            people.append(eligible[membership.pk])
    people = sorted(set(people), key=lambda m: (m.user.display_name.casefold(), m.pk))
    if not people and not extra:
        raise ActionError(_("Choose at least one person, or some unnamed slips."), field="members")
    # In bulk: a unit of 500 costs as many queries as a team of five.
    found = {
        link.membership_id: link
        for link in Link.objects.filter(round=reflection, membership__in=people)
    }
    missing = [_new(reflection, m) for m in people if m.pk not in found]
    unnamed = [_new(reflection) for _ in range(extra)]
    Link.objects.bulk_create(missing + unnamed)
    found |= {link.membership_id: link for link in missing}
    slips = [Slip(found[m.pk], m.user.display_name) for m in people]
    slips += [Slip(link, "") for link in unnamed]
    record(
        actor,
        reflection.charter.organisation,
        "reflection.slips",
        reflection.code,
        named=len(people),
        unnamed=extra,
        scope=reflection.charter.unit,
    )
    return slips
