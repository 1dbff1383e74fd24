"""Every change to workshops and worksheets, for the web pages, the API and the CLI alike.

Facilitator actions write an audit entry. Participant actions never do: in an
anonymous workshop even the fact that someone saved at a certain time is not kept.
Changes that others should see at once are published to the live channels after
the transaction commits (see docs/live.md).
"""

import datetime
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vogter import live
from vogter.accounts.models import User
from vogter.lib.errors import ActionError, record
from vogter.organisations.models import Organisation, Unit
from vogter.workshops import runner
from vogter.workshops.access import SHEET_TOKEN_PREFIX, fingerprint
from vogter.workshops.kit import FIELDS_BY_KEY, QUESTION_KEYS
from vogter.workshops.models import (
    EDITABLE_PHASES,
    JOIN_ALPHABET,
    PHASE_ORDER,
    Entry,
    Phase,
    Sheet,
    Workshop,
    written_sheets,
)

MIN_GROUP_SIZE_RANGE = (3, 100)
# A workshop is a room of people, not a survey of the world. It is full when this many
# sheets have something written on them: empty sheets (a script joining in a loop with
# the code from the projector, vogter/workshops/limits.py) do not lock real people out,
# and the facilitator can remove them (vogter/workshops/removing.py).
MAX_SHEETS_PER_WORKSHOP = 5000
# ...and a ceiling on sheets of any kind keeps such a script from filling the database.
MAX_STORED_SHEETS = 4 * MAX_SHEETS_PER_WORKSHOP
RESUME_CODE_LENGTH = 10
# The audit entry of an export (vogter/workshops/exporters).
EXPORT_ACTION = "workshop.export"
# What `update_workshop` writes.
SETTINGS_FIELDS = (
    "unit",
    "title",
    "date",
    "language",
    "min_group_size",
    "anonymous",
    "require_login",
    "participants_propose",
    "per_sheet_export",
)


def board_channel(workshop: Workshop) -> str:
    return f"workshop.{workshop.code}.board"


def participants_channel(workshop: Workshop) -> str:
    return f"workshop.{workshop.join_code}.participants"


def publish_after_commit(channel: str, event: str, data: dict[str, Any]) -> None:
    """Publish the live event once the change is committed (never one that was rolled back)."""
    transaction.on_commit(lambda: live.publish(channel, event, data))


# --- Facilitators -------------------------------------------------------------------


def _clean_settings(title: str, language: str, min_group_size: int) -> tuple[str, str, int]:
    title = " ".join((title or "").split())
    if not title:
        raise ActionError(_("A title is required."), field="title")
    if len(title) > 200:
        raise ActionError(_("The title can be at most 200 characters."), field="title")
    if language not in ("da", "en"):
        raise ActionError(_("Choose Danish or English."), field="language")
    low, high = MIN_GROUP_SIZE_RANGE
    if not low <= min_group_size <= high:
        raise ActionError(
            _("The minimum group size must be between %(low)d and %(high)d.")
            % {"low": low, "high": high},
            field="min_group_size",
        )
    return title, language, min_group_size


@transaction.atomic
def create_workshop(
    actor: User | None,
    organisation: Organisation,
    *,
    unit: Unit,
    title: str,
    date: datetime.date,
    language: str,
    anonymous: bool = True,
    require_login: bool = False,
    min_group_size: int = 5,
    participants_propose: bool = False,
    per_sheet_export: bool = False,
) -> Workshop:
    if unit.organisation_id != organisation.pk:
        raise ActionError(_("That unit does not exist."), field="unit")
    title, language, min_group_size = _clean_settings(title, language, min_group_size)
    workshop = Workshop.objects.create(
        organisation=organisation,
        unit=unit,
        title=title,
        date=date,
        language=language,
        anonymous=anonymous,
        require_login=require_login,
        min_group_size=min_group_size,
        participants_propose=participants_propose,
        per_sheet_export=per_sheet_export,
        created_by=actor,
    )
    record(actor, organisation, "workshop.create", workshop.code, title=title)
    return workshop


@transaction.atomic
def update_workshop(
    actor: User | None,
    workshop: Workshop,
    *,
    unit: Unit,
    title: str,
    date: datetime.date,
    language: str,
    anonymous: bool,
    require_login: bool,
    min_group_size: int,
    participants_propose: bool | None = None,
    per_sheet_export: bool | None = None,
) -> Workshop:
    if unit.organisation_id != workshop.organisation_id:
        raise ActionError(_("That unit does not exist."), field="unit")
    title, language, min_group_size = _clean_settings(title, language, min_group_size)
    if per_sheet_export and not workshop.per_sheet_export and workshop.sheets.exists():
        # Only those who were told before they wrote may be exported sheet by sheet.
        raise ActionError(
            _(
                "People have already joined without being told that their answers could be "
                "exported sheet by sheet. Participants must be told before they write, so "
                "this can only be chosen before anyone joins."
            ),
            field="per_sheet_export",
        )
    if min_group_size != workshop.min_group_size and answers_exported(workshop):
        # The professions in an export follow the minimum: two exports under different
        # minimums, put side by side, could pin down a group smaller than either.
        raise ActionError(
            _(
                "The answers have been exported, so the minimum group size can no longer "
                "change: exports under two different minimums could be compared to work out "
                "a smaller group."
            ),
            field="min_group_size",
        )
    if workshop.anonymous and not anonymous and workshop.sheets.exists():
        # People answered on the promise of anonymity; that promise holds.
        raise ActionError(
            _("People have already answered anonymously. The workshop stays anonymous."),
            field="anonymous",
        )
    if anonymous and not workshop.anonymous:
        # From now on the workshop says it is anonymous: no sheet may still point at
        # its author, or the export and the database would belie it.
        workshop.sheets.exclude(user=None).update(user=None)
    workshop.unit, workshop.title, workshop.date = unit, title, date
    workshop.language, workshop.min_group_size = language, min_group_size
    workshop.anonymous, workshop.require_login = anonymous, require_login
    if participants_propose is not None:
        workshop.participants_propose = participants_propose
    if per_sheet_export is not None:
        workshop.per_sheet_export = per_sheet_export
    # Only the settings: `exported_at`, `phase` and the like are their own actions' to write.
    workshop.save(update_fields=[*SETTINGS_FIELDS])
    record(actor, workshop.organisation, "workshop.update", workshop.code, title=title)
    return workshop


@transaction.atomic
def set_phase(actor: User | None, workshop: Workshop, phase: str) -> Workshop:
    """Move to a neighbouring phase (forwards, or back one step to undo a click)."""
    if phase not in Phase.values:
        raise ActionError(_("Unknown phase."), field="phase")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    current = PHASE_ORDER.index(Phase(locked.phase))
    wanted = PHASE_ORDER.index(Phase(phase))
    if abs(wanted - current) != 1:
        raise ActionError(_("A workshop moves one phase at a time."), field="phase")
    if Phase(phase) in EDITABLE_PHASES and not locked.is_editable and answers_exported(locked):
        raise ActionError(
            _(
                "The answers have been exported, so the reflection cannot be opened again: "
                "an export taken afterwards could be compared with the first to single out "
                "what one person wrote."
            ),
            field="phase",
        )
    was_editable = locked.is_editable
    locked.phase = workshop.phase = phase
    locked.save(update_fields=["phase"])
    if was_editable and not locked.is_editable:
        # Nobody writes any more: every text is finished, and all go up together.
        release_answers(locked, everything=True)
    record(actor, locked.organisation, "workshop.phase", locked.code, phase=phase)
    event = {"phase": phase, "editable": locked.is_editable}
    publish_after_commit(participants_channel(locked), "phase", event)
    publish_after_commit(board_channel(locked), "phase", event)
    return locked


@transaction.atomic
def reveal_answers(actor: User | None, workshop: Workshop, revealed: bool = True) -> Workshop:
    if workshop.answers_revealed != revealed:
        workshop.answers_revealed = revealed
        workshop.save(update_fields=["answers_revealed"])
        # The facilitator's moment, not a participant's: what waits goes up with it.
        release_answers(workshop)
        record(actor, workshop.organisation, "workshop.reveal", workshop.code, revealed=revealed)
        publish_after_commit(board_channel(workshop), "reveal", {"revealed": revealed})
    return workshop


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


def answers_exported(workshop: Workshop) -> bool:
    """Whether the answers have ever left Vogter in an export: from then on they are fixed.
    Asked of the database, since the object in hand may predate the export."""
    return Workshop.objects.filter(pk=workshop.pk, exported_at__isnull=False).exists()


def card_event(entry: Entry, revealed: bool) -> dict[str, Any]:
    """What the board may know of a card: never its sheet, never a time, and only the
    text as its author last finished it (`released_text`), never what is being typed."""
    text = entry.released_text
    return {
        "id": str(entry.id),
        "field": entry.field,
        "shuffle": entry.shuffle,
        "hidden": entry.hidden,
        "text": text if revealed and not entry.hidden else None,
        "empty": not text.strip(),
    }


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
            "id", "field", "shuffle", "hidden", "text", "released_text"
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
    cards = []
    overview = False
    for entry in entries:
        if entry.released_text == entry.text:
            continue  # finished as it already stood on the board
        entry.released_text = entry.text
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
    return len(entries)


# --- Participants -------------------------------------------------------------------


@dataclass
class Joined:
    sheet: Sheet
    token: str
    resume_code: str


def _new_resume_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


@transaction.atomic
def join(workshop: Workshop, user: User | None = None) -> Joined:
    """Give a participant a fresh sheet and the secrets that open it again.

    In a workshop that is not anonymous, a logged-in person gets one sheet; joining
    again gives the same sheet with new secrets.
    """
    if workshop.phase == Phase.CLOSED:
        raise ActionError(_("This workshop has closed."))
    if workshop.login_required and (user is None or not user.is_authenticated):
        raise ActionError(_("Log in to take part in this workshop."))
    _check_room(workshop)
    token = SHEET_TOKEN_PREFIX + secrets.token_urlsafe(32)
    resume_code = _new_resume_code()
    owner = None if workshop.anonymous or user is None else user
    sheet = Sheet.objects.filter(workshop=workshop, user=owner).first() if owner else None
    if sheet is None:
        sheet = Sheet(workshop=workshop, user=owner)
    sheet.token_hash, sheet.resume_hash = fingerprint(token), fingerprint(resume_code)
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError:
        # The same person joined from another device at the same moment: one sheet.
        sheet = Sheet.objects.get(workshop=workshop, user=owner)
        sheet.token_hash, sheet.resume_hash = fingerprint(token), fingerprint(resume_code)
        sheet.save(update_fields=["token_hash", "resume_hash"])
    publish_after_commit(board_channel(workshop), "counts", counts(workshop))
    return Joined(sheet, token, resume_code)


# How long a process reuses its count of a workshop's written sheets (seconds).
WRITTEN_COUNT_SECONDS = 10.0
_written_counts: dict[int, tuple[float, int]] = {}


def _written_count(workshop: Workshop) -> int:
    """The workshop's sheets with something written, counted at most every few seconds
    per process: the count probes an index once per sheet (80 ms for 10,000 sheets on
    SQLite), and a flood of joins would otherwise run it on every one, on the thread the
    participants' saves share. A few seconds late, a full workshop lets in a few more."""
    now = time.monotonic()
    cached = _written_counts.get(workshop.pk)
    if cached is not None and cached[0] > now:
        return cached[1]
    count = written_sheets(workshop).count()
    if len(_written_counts) > 1000:
        _written_counts.clear()
    _written_counts[workshop.pk] = (now + WRITTEN_COUNT_SECONDS, count)
    return count


def _check_room(workshop: Workshop) -> None:
    """Refuse a join when the workshop is full. Sheets are counted first (the index on
    the workshop alone, 1 ms for 10,000); only when there are that many is it asked how
    many have something written, so an ordinary join costs one count."""
    stored = Sheet.objects.filter(workshop=workshop).count()
    if stored < MAX_SHEETS_PER_WORKSHOP:
        return
    if stored >= MAX_STORED_SHEETS or _written_count(workshop) >= MAX_SHEETS_PER_WORKSHOP:
        raise ActionError(_("This workshop is full."))


def new_secrets(sheet: Sheet) -> Joined:
    """Issue a new token and resume code (the old ones stop working)."""
    token = SHEET_TOKEN_PREFIX + secrets.token_urlsafe(32)
    resume_code = _new_resume_code()
    sheet.token_hash, sheet.resume_hash = fingerprint(token), fingerprint(resume_code)
    sheet.save(update_fields=["token_hash", "resume_hash"])
    return Joined(sheet, token, resume_code)


def new_resume_code(sheet: Sheet) -> str:
    """A fresh short code for another device; the previous code stops working."""
    code = _new_resume_code()
    sheet.resume_hash = fingerprint(code)
    sheet.save(update_fields=["resume_hash"])
    return code


def _check_editable(workshop: Workshop) -> None:
    if not workshop.is_editable:
        raise ActionError(
            _("The reflection is closed, so the sheet can no longer be changed."), field="phase"
        )


@dataclass(frozen=True)
class Autosaved:
    entry: Entry  # as stored now
    # False when the stored text is another one: a newer save (from another device, or a
    # later request that overtook this one) has the last word.
    saved: bool


def save_entry(sheet: Sheet, field: str, text: str, seq: int, *, final: bool = False) -> Entry:
    """`autosave`, for callers that need only the entry as stored (a posted sheet, the demo)."""
    return autosave(sheet, field, text, seq, final=final).entry


@transaction.atomic
def autosave(sheet: Sheet, field: str, text: str, seq: int, *, final: bool = False) -> Autosaved:
    """Save one field. Idempotent: a save whose `seq` is not newer than the stored one
    changes nothing and returns what is stored, and whether it holds this text.

    `final` says its author finished the text (left the field, paused, submitted): it then
    waits for the next batch to the board (see `release_due`). A save that is not final
    is never shown on the board, and takes back a finished text still waiting: its author
    is writing again. A final save of the stored `seq` and text only marks it finished,
    so a page can finish a field whose last save went out unfinished.

    This is the participants' hot path: the same queries, finished or not, and nothing
    published (the board hears of answers in batches).
    """
    kit_field = FIELDS_BY_KEY.get(field)
    if kit_field is None:
        raise ActionError(_("Unknown field."), field="field")
    workshop = sheet.workshop
    _check_editable(workshop)
    text = (text or "").replace("\r\n", "\n")
    if len(text) > kit_field.max_length:
        raise ActionError(
            _("This answer is too long: at most %(max)d characters, and it has %(length)d.")
            % {"max": kit_field.max_length, "length": len(text)},
            field="text",
        )
    if "\x00" in text:
        raise ActionError(_("The text contains characters that cannot be saved."), field="text")
    entry, _created = Entry.objects.select_for_update().get_or_create(sheet=sheet, field=field)
    finishing = final and seq == entry.seq and text == entry.text
    if seq < entry.seq or (seq == entry.seq and not finishing):
        return Autosaved(entry, saved=entry.text == text)
    # Finished as it already stands on the board: nothing waits.
    pending = final and text != entry.released_text
    if finishing:
        if pending and not entry.release_pending:
            entry.release_pending = True
            entry.save(update_fields=["release_pending"])
        return Autosaved(entry, saved=True)
    entry.text, entry.seq, entry.release_pending = text, seq, pending
    entry.save(update_fields=["text", "seq", "release_pending"])
    return Autosaved(entry, saved=True)


@transaction.atomic
def submit_sheet(sheet: Sheet, submitted: bool = True) -> Sheet:
    _check_editable(sheet.workshop)
    if sheet.submitted != submitted:
        sheet.submitted = submitted
        sheet.save(update_fields=["submitted"])
        publish_after_commit(board_channel(sheet.workshop), "counts", counts(sheet.workshop))
    if submitted:
        # Handing in finishes every field. They go up with the next batch, which the open
        # board asks for (`release_due`), never here: a submission is seen on the board
        # (the count), and cards appearing with it would be known as this person's. Nor is
        # a participant's hand-in the place for the whole workshop's batch work.
        sheet.entries.filter(release_pending=False).exclude(released_text=F("text")).update(
            release_pending=True
        )
    return sheet


def counts(workshop: Workshop) -> dict[str, int]:
    sheets = Sheet.objects.filter(workshop=workshop)
    return {"joined": sheets.count(), "submitted": sheets.filter(submitted=True).count()}
