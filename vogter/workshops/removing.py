"""The facilitator removes sheets: the empty ones in bulk, or the sheet behind one card.

A join code on the projector lets anyone start sheets, and a script can start many
(vogter/workshops/limits.py slows it down; empty sheets do not make a workshop full).
These actions clear up afterwards. The facilitator never learns whose sheet it was: the
audit entry holds a count, or the card's own id, never the sheet, its account or a time.
What is left of a removed sheet is the fingerprint of its key (`RemovedSheet`), so the
phone that holds it is told that the facilitator removed it rather than shown an error.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.live import publish_after_commit
from vogter.workshops.access import fingerprint
from vogter.workshops.board import counts
from vogter.workshops.channels import board_channel
from vogter.workshops.exporters import answers_exported
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, RemovedSheet, Sheet, Workshop

# What the phone of a removed sheet is told (the page, its autosave, the API).
REMOVED_MESSAGE = _(
    "The facilitator has removed your sheet from this workshop. You can join again."
)
# Deleted in pieces of this many sheets (a flood may have left thousands).
_CHUNK = 500


def _tombstones(workshop: Workshop, token_hashes: list[str]) -> None:
    RemovedSheet.objects.bulk_create(
        [RemovedSheet(workshop=workshop, token_hash=h) for h in token_hashes],
        batch_size=_CHUNK,
        ignore_conflicts=True,
    )


@transaction.atomic
def remove_empty_sheets(actor: User | None, workshop: Workshop) -> int:
    """Remove every sheet of the workshop with nothing written on it; how many.

    Includes the sheets of people who have joined but not yet written: they are told
    on their phone, and may join again."""
    written = Entry.objects.filter(sheet=OuterRef("pk")).exclude(text="", released_text="")
    empty = (
        Sheet.objects.filter(workshop=workshop)
        .exclude(Exists(written))
        .select_for_update()
        .values_list("id", "token_hash")
    )
    rows = list(empty)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        _tombstones(workshop, [token_hash for _id, token_hash in chunk])
        Sheet.objects.filter(id__in=[sheet_id for sheet_id, _hash in chunk]).delete()
    record(
        actor, workshop.organisation, "workshop.remove_empty_sheets", workshop.code, count=len(rows)
    )
    if rows:
        publish_after_commit(board_channel(workshop), "counts", counts(workshop))
    return len(rows)


@transaction.atomic
def remove_card_sheet(actor: User | None, entry: Entry) -> int:
    """Remove the whole sheet a card came from (an abusive participant): all its answers,
    profession and use case. Returns how many of its cards left the board.

    The board is told which cards went, so it can take them down; that they came from
    one sheet is then plain, but they are gone. Refused once the answers have been
    exported: an export taken afterwards, compared with the first, would single out
    everything this one person wrote."""
    sheet = (
        Sheet.objects.select_for_update()
        .select_related("workshop__organisation")
        .get(pk=entry.sheet_id)
    )
    workshop = sheet.workshop
    if answers_exported(workshop):
        raise ActionError(
            _(
                "The answers have been exported, so no sheet with answers can be removed: "
                "an export taken afterwards could be compared with the first to single out "
                "what one person wrote."
            )
        )
    cards = [
        str(card_id)
        for card_id in sheet.entries.filter(field__in=QUESTION_KEYS)
        .exclude(released_text="")
        .values_list("id", flat=True)
    ]
    overview = sheet.entries.exclude(field__in=QUESTION_KEYS).exclude(released_text="").exists()
    _tombstones(workshop, [sheet.token_hash])
    sheet.delete()
    record(
        actor,
        workshop.organisation,
        "card.remove_sheet",
        str(entry.id),
        workshop=workshop.code,
        cards=len(cards),
    )
    publish_after_commit(board_channel(workshop), "removed", {"cards": cards, "overview": overview})
    publish_after_commit(board_channel(workshop), "counts", counts(workshop))
    return len(cards)


def was_removed(token: str | None) -> bool:
    """Whether this key opened a sheet the facilitator has since removed."""
    if not token:
        return False
    return RemovedSheet.objects.filter(token_hash=fingerprint(token)).exists()
