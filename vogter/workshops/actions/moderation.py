"""The check before the reveal: answers that look like they hold personal data are held
back from the room until the facilitator hides them, blanks what was found, or shows
them as written (docs/workshops.md, "Checked before the room sees it").

Audited by card, never by person: an entry names the card's own random id and its
question, never its sheet or author, and holds no word of the answer.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vogter.accounts.models import User
from vogter.lib.errors import record
from vogter.live import publish_after_commit
from vogter.llm.scrub import blank, find
from vogter.workshops.board import card_event
from vogter.workshops.channels import board_channel
from vogter.workshops.kit import QUESTION_KEYS
from vogter.workshops.models import Entry, Workshop
from vogter.workshops.moderation import CHECKED_FIELDS, member_names

# What takes the place of a blanked finding, in the workshop's language.
REMOVED = _("[removed]")


class Decision(TextChoices):
    BLANK = "blank", _("Blank what was found")
    HIDE = "hide", _("Hide the answer")
    SHOW = "show", _("Show it as written")


AUDIT_ACTIONS = {
    Decision.BLANK: "card.blank",
    Decision.HIDE: "card.hide",
    Decision.SHOW: "card.clear",
}


def to_hold(workshop: Workshop, entries: Iterable[Entry]) -> list[Entry]:
    """Of entries about to go up with a new text, those to hold back for a check. The
    members' names are read once, and only when there is a text to check."""
    candidates = [e for e in entries if e.field in CHECKED_FIELDS and not e.hidden and e.text]
    if not candidates:
        return []
    names = member_names(workshop)
    return [e for e in candidates if find(e.text, names)]


@transaction.atomic
def moderate_entry(actor: User | None, entry: Entry, decision: str) -> Entry:
    """Decide on a held answer. `blank` replaces every finding with "[removed]" in the
    workshop's language, in the text on the board and in the sheet itself (so the
    reflection's closing does not put the original back); `hide` takes the card off the
    board; `show` lets it go up as written. Either way it is no longer held.

    The author's phone is not told: what it shows changes only for the author, when the
    sheet is opened again."""
    decision = Decision(decision)
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    workshop = entry.sheet.workshop
    fields = ["held"]
    if decision is Decision.BLANK:
        names = member_names(workshop)
        with translation.override(workshop.language):
            removed = str(REMOVED)
        locked.released_text = blank(
            locked.released_text, find(locked.released_text, names), removed
        )
        locked.text = blank(locked.text, find(locked.text, names), removed)
        fields += ["released_text", "text"]
    elif decision is Decision.HIDE:
        locked.hidden = True
        fields.append("hidden")
    locked.held = False
    locked.save(update_fields=fields)
    for name in ("held", "hidden", "text", "released_text"):
        setattr(entry, name, getattr(locked, name))
    record(
        actor,
        workshop.organisation,
        AUDIT_ACTIONS[decision],
        str(entry.id),
        workshop=workshop.code,
        field=entry.field,
    )
    # The overview is redrawn either way: it says how many answers still wait.
    question = entry.field in QUESTION_KEYS
    publish_after_commit(
        board_channel(workshop),
        "cards",
        {
            "cards": [card_event(entry, workshop.answers_revealed)] if question else [],
            "overview": True,
        },
    )
    return entry
