"""A participant's sheet: joining (a fresh sheet and the secrets that open it again, resume
codes for another device), saving a field as it is written, and handing the sheet in.
None of these writes an audit entry."""

import secrets
import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import ActionError
from vogter.live import publish_after_commit
from vogter.workshops.access import SHEET_TOKEN_PREFIX, fingerprint
from vogter.workshops.board import counts
from vogter.workshops.channels import board_channel
from vogter.workshops.kit import FIELDS_BY_KEY
from vogter.workshops.models import JOIN_ALPHABET, Entry, Phase, Sheet, Workshop, written_sheets

# A workshop is a room of people, not a survey of the world. It is full when this many
# sheets have something written on them: empty sheets (a script joining in a loop with
# the code from the projector, vogter/workshops/limits.py) do not lock real people out,
# and the facilitator can remove them (vogter/workshops/removing.py).
MAX_SHEETS_PER_WORKSHOP = 5000
# ...and a ceiling on sheets of any kind keeps such a script from filling the database.
MAX_STORED_SHEETS = 4 * MAX_SHEETS_PER_WORKSHOP
RESUME_CODE_LENGTH = 10


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
