"""What the facilitator's board shows: hiding a card, and releasing finished answers to
the board in batches."""

import secrets
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q

from vogter.accounts.models import User
from vogter.lib.errors import record
from vogter.live import publish_after_commit
from vogter.workshops import runner
from vogter.workshops.actions import moderation
from vogter.workshops.board import card_event
from vogter.workshops.channels import board_channel
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Workshop


@transaction.atomic
def hide_entry(actor: User | None, entry: Entry, hidden: bool = True) -> Entry:
    """Take a card off the board. It stays in the data, marked hidden; the hiding is logged
    by the card's own id, which says nothing about who wrote it."""
    if entry.hidden != hidden:
        entry.hidden = hidden
        entry.save(update_fields=["hidden"])
        workshop = entry.sheet.workshop
        record(
            actor,
            workshop.organisation,
            "card.hide" if hidden else "card.show",
            str(entry.id),
            workshop=workshop.code,
            field=entry.field,
        )
        publish_after_commit(
            board_channel(workshop), "card", card_event(entry, workshop.answers_revealed)
        )
    return entry


# --- Releasing finished answers to the board ----------------------------------------
#
# The board shows an answer only once its author has finished it (left the field, paused,
# submitted: the save says `final`), and then not at once: finished answers wait, and go
# up for the whole workshop together, in random order, as one `cards` event. So the
# board never shows who is typing, and the moment a card appears does not say who just
# put their phone down. Nothing records when anyone saved: an entry only says whether
# a finished text waits (`release_pending`); the one time kept is the workshop's next
# release, in the cache. See docs/workshops.md, "Finished answers go up in batches".

# A batch goes up as soon as finished answers from this many sheets wait...
RELEASE_BATCH_SHEETS = 3
# ...and otherwise after a random wait in this range (seconds) from when an open board
# first saw one waiting: a lone finisher's card does not appear just as they finish.
RELEASE_WAIT_SECONDS = (20.0, 60.0)
# How often an open board asks whether a batch is due (the page's script; API readers
# of the board ask by reading it).
RELEASE_CHECK_SECONDS = 5.0
# Updates in pieces of this many ids (SQLite's limit on parameters is far above).
_RELEASE_CHUNK = 500


# Written, and not (yet) as it stands on the board.
_NOT_ON_THE_BOARD = Q(release_pending=True) | ~Q(released_text=F("text"))


def _release_deadline_key(workshop: Workshop) -> str:
    return f"workshops:release-deadline:{workshop.code}"


def release_due(workshop: Workshop) -> int:
    """Release the finished answers if their batch is due; the number of entries released.

    Called whenever the board is looked at (every few seconds while a board is open, when
    its stream connects, when it is read through the API). When the reflection has closed,
    everything written goes up (a save that raced the closing is not left behind).

    Runs on the participants' database threads (vogter/workshops/runner.py), in turn with
    their saves: on SQLite a release written from a request thread would make the saves
    wait for the write lock by polling for it (the live bench's save p95 doubled).
    """
    return runner.run(_release_due, workshop)


def _release_due(workshop: Workshop) -> int:
    entries = Entry.objects.filter(sheet__workshop=workshop)
    if not workshop.is_editable:
        if entries.filter(_NOT_ON_THE_BOARD).exists():
            return release_answers(workshop, everything=True)
        return 0
    waiting = entries.filter(release_pending=True).values("sheet_id").distinct().count()
    key = _release_deadline_key(workshop)
    if not waiting:
        # Taken back (the author wrote on): the next one gets a fresh wait. Read first:
        # with the database cache a delete is a write, and the board asks every few seconds.
        if cache.get(key) is not None:
            cache.delete(key)
        return 0
    if waiting < RELEASE_BATCH_SHEETS:
        low, high = RELEASE_WAIT_SECONDS
        wait = low + secrets.randbelow(int((high - low) * 1000) + 1) / 1000
        # The first board to see it decides; others read the same deadline.
        cache.add(key, time.time() + wait, timeout=int(high) * 2)
        deadline = cache.get(key)
        if deadline is not None and time.time() < deadline:
            return 0
    return release_answers(workshop)


def warm_theme_vectors(workshop: Workshop) -> None:
    """Once nobody writes any more, make the sentence vectors of the answers not made yet, in
    the background at the lowest priority, so that the facilitator's theme suggestion finds
    them ready. Most were made as they reached the board (release_answers)."""
    # The answers themes are made of (principles.themes.theme_entries): not one the facilitator
    # hid or the check holds, whose vector would outlive its blanking by days.
    texts = list(
        Entry.objects.filter(
            sheet__workshop=workshop, field__in=QUESTION_KEYS, hidden=False, held=False
        )
        .exclude(text="")
        .values_list("text", flat=True)
    )
    if texts:
        transaction.on_commit(lambda: _warm_later(texts))


def _warm_later(texts: list[str]) -> None:
    # Imported here: numpy and the model load when the first workshop closes, not with the site.
    from vogter.themes import embed

    embed.warm_later(texts)


@transaction.atomic
def release_answers(workshop: Workshop, *, everything: bool = False) -> int:
    """Put every finished answer that waits on the board now, as one batch in random
    order; with `everything`, also what was written but never finished (the reflection
    has closed). Returns the number of entries released.

    Two boards may ask at the same moment: the workshop's row is locked, so one releases
    and the other finds nothing waiting. Entries are locked too, so a save cannot slip
    a newer text under the one being released.
    """
    locked = Workshop.objects.select_for_update().only("id", "answers_revealed").get(pk=workshop.pk)
    waiting = Entry.objects.filter(
        _NOT_ON_THE_BOARD if everything else Q(release_pending=True), sheet__workshop=workshop
    )
    entries = list(
        waiting.select_for_update(of=("self",)).only(
            "id", "field", "shuffle", "hidden", "held", "text", "released_text"
        )
    )
    if not entries:
        return 0
    cache.delete(_release_deadline_key(workshop))
    ids = [e.id for e in entries]
    for start in range(0, len(ids), _RELEASE_CHUNK):
        Entry.objects.filter(id__in=ids[start : start + _RELEASE_CHUNK]).update(
            released_text=F("text"), release_pending=False
        )
    # A new text is checked again: one that looks like it holds personal data is held
    # back from the room until the facilitator has decided (actions/moderation.py).
    changed = [e for e in entries if e.released_text != e.text]
    held = {e.id for e in moderation.to_hold(workshop, changed)}
    if held:
        Entry.objects.filter(id__in=held).update(held=True)
    cleared = [e.id for e in changed if e.held and e.id not in held]
    if cleared:
        Entry.objects.filter(id__in=cleared).update(held=False)
    cards = []
    overview = False
    finished_answers = []
    for entry in entries:
        if entry.released_text == entry.text:
            continue  # finished as it already stood on the board
        entry.released_text = entry.text
        entry.held = entry.id in held
        if entry.field in QUESTION_KEYS and entry.text and not entry.held and not entry.hidden:
            # Not an answer held for looking like personal data: the facilitator may blank it,
            # and its vector would outlive it for days.
            finished_answers.append(entry.text)
        if entry.field in QUESTION_KEYS:
            cards.append(card_event(entry, locked.answers_revealed))
        else:
            overview = True
    # In random order, whatever order the database gave: cards of one sheet never
    # come together in the list.
    secrets.SystemRandom().shuffle(cards)
    if cards or overview:
        publish_after_commit(
            board_channel(workshop), "cards", {"cards": cards, "overview": overview}
        )
    if finished_answers:
        # Their sentence vectors, at the lowest priority while people write, so that the
        # themes of even a large workshop are ready when the reflection closes: ~25 ms of
        # CPU an answer, which the saves take from it (docs/themes.md, docs/benchmarks.md).
        transaction.on_commit(lambda: _warm_later(finished_answers))
    return len(entries)
