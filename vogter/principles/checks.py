"""What the principles' actions check before they write, shared with the charters and
the national commons: texts trimmed and held to their limits, statements written in at
least one language, level cells, and the workshop being in a phase that allows the change.
"""

import re

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


# A statement completes the kit's sentence, "Når vi bruger GenAI, …" / "When we use GenAI,
# we …". People often write the subject again ("vi tjekker …", "we check …"), which reads
# "Når vi bruger GenAI, vi tjekker …" / "When we use GenAI, we we check …"; some type the
# whole sentence. The sentence's start is taken off, and the subject is put where the
# sentence needs it: after the verb in Danish ("tjekker vi …"), once in English.
_TYPED_PROMPT = {
    "da": re.compile(r"^når\s+vi\s+bruger\s+genai\s*,?\s*(?:…|\.\.\.)?\s*", re.IGNORECASE),
    "en": re.compile(r"^when\s+we\s+use\s+genai\s*,?\s*(?:…|\.\.\.)?\s*", re.IGNORECASE),
}
_SUBJECT_DA = re.compile(r"^(?:vi\s+)+(?P<verb>\S+)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_SUBJECT_EN = re.compile(r"^(?:we\s+)+|^we'll\s+|^we're\s+", re.IGNORECASE)
_EN_CONTRACTIONS = {"we'll": "will ", "we're": "are "}
# A Danish finite verb after "vi": a modal, or the present tense's -r ("tjekker", "har").
_DA_MODALS = frozenset({"vil", "skal", "kan", "må", "bør", "tør", "gider", "ville", "skulle"})
# Words after "vi" that end in -r but are no verbs ("vi andre", "vi mennesker").
_DA_NOT_VERBS = frozenset({"andre", "mennesker", "kolleger", "borgere", "selv"})


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def completion(text: str, language: str) -> str:
    """`text` as the completion of the kit's sentence in `language`, without a repeated
    sentence start or subject ("vi tjekker" becomes "tjekker vi", "we check" "check")."""
    rest = _TYPED_PROMPT[language].sub("", text, count=1)
    if language == "en":
        found = _SUBJECT_EN.match(rest)
        if found:
            rest = _EN_CONTRACTIONS.get(found.group(0).strip().casefold(), "") + rest[found.end() :]
    else:
        found = _SUBJECT_DA.match(rest)
        if found:
            verb = found.group("verb")
            word = verb.casefold()
            if word in _DA_MODALS or (word.endswith("r") and word not in _DA_NOT_VERBS):
                rest = f"{verb} vi{found.group('rest')}"
            else:  # not a verb we know: only the repeated "vi vi" goes
                rest = re.sub(r"^(vi\s+)+", "vi ", rest, flags=re.IGNORECASE)
    if rest != text and rest:
        rest = _lower_first(rest)
    return rest.strip()


def clean_statements(statement_da: str, statement_en: str) -> tuple[str, str]:
    da = completion(" ".join(clean_text(statement_da, STATEMENT_MAX, "statement_da").split()), "da")
    en = completion(" ".join(clean_text(statement_en, STATEMENT_MAX, "statement_en").split()), "en")
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
