"""What the principles' actions check before they write, shared with the charters and
the national commons: texts trimmed and held to their limits, statements written in at
least one language, level cells, and the workshop being in a phase that allows the change.
"""

from django.utils.translation import gettext_lazy as _

from vogter.lib.errors import ActionError
from vogter.principles.models import Level
from vogter.workshops.models import Phase, Workshop

LABEL_MAX = 120
STATEMENT_MAX = 300
RATIONALE_MAX = 1000
CELL_MAX = 1000
RESPONSIBLE_MAX = 200
COMMENT_MAX = 1000
# Themes and principles are made once the answers are in, and kept until the end.
SYNTHESIS_PHASES = frozenset({Phase.THEMES, Phase.PRINCIPLES, Phase.AGREEMENT})


def check_phase(workshop: Workshop, phases: frozenset[Phase] = SYNTHESIS_PHASES) -> None:
    if workshop.phase not in phases:
        if workshop.phase == Phase.CLOSED:
            raise ActionError(_("The workshop is closed: nothing can be changed."), field="phase")
        raise ActionError(
            _("Close the reflection first: themes and principles come after the answers."),
            field="phase",
        )


def clean_text(text: str, limit: int, field: str, *, required: bool = False) -> str:
    """Trimmed text with Windows line ends made plain; refused (with the field named) when
    required and empty, too long, or holding a NUL character."""
    text = (text or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ActionError(_("This field is required."), field=field)
    if len(text) > limit:
        raise ActionError(
            _("This text is too long: at most %(max)d characters, and it has %(length)d.")
            % {"max": limit, "length": len(text)},
            field=field,
        )
    if "\x00" in text:
        raise ActionError(_("The text contains characters that cannot be saved."), field=field)
    return text


def clean_statements(statement_da: str, statement_en: str) -> tuple[str, str]:
    da = " ".join(clean_text(statement_da, STATEMENT_MAX, "statement_da").split())
    en = " ".join(clean_text(statement_en, STATEMENT_MAX, "statement_en").split())
    if not da and not en:
        raise ActionError(
            _("Write the principle in Danish, in English, or in both."), field="statement_da"
        )
    return da, en


def clean_cell(level: str, text: str, responsible: str, empty_on_purpose: bool) -> tuple[str, str]:
    """A level cell's text and responsible, checked (for workshops' and charters' cells)."""
    if level not in Level.values:
        raise ActionError(_("Unknown level."), field="level")
    text = clean_text(text, CELL_MAX, "text")
    responsible = " ".join(clean_text(responsible, RESPONSIBLE_MAX, "responsible").split())
    if empty_on_purpose and (text or responsible):
        raise ActionError(
            _("A cell left empty on purpose has no text; clear the text or untick the box."),
            field="empty_on_purpose",
        )
    return text, responsible
