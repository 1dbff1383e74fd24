"""The Step-1 worksheet of the workshop kit, verbatim.

These texts are not run through gettext on purpose: the Danish wording must stay
exactly as the kit has it, whatever a translator does to the catalogue. Both
languages live here, side by side (see ../shared/DOMAIN.md).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class KitField:
    key: str
    da: str
    en: str
    max_length: int
    is_question: bool

    def label(self, language: str) -> str:
        return self.da if language == "da" else self.en

    @property
    def number(self) -> int | None:
        """The question's number in the kit (1-5); None for Profession and AI use-case."""
        return int(self.key[1:]) if self.is_question else None


STEP_1_TITLE = {
    "da": "Etabler jeres socio-tekniske principper",
    "en": "Establish your socio-technical principles",
}

QUESTIONS = (
    KitField("q1", "Hvilken værdi tilføres?", "What value is added?", 5000, True),
    KitField(
        "q2",
        "Hvilken rolle agerer AI-modellen i dit arbejde?",
        "What role does the AI model play in your work?",
        5000,
        True,
    ),
    KitField(
        "q3",
        "Hvilke ændringer ser du på kort og lang sigt?",
        "What changes do you see in the short and the long term?",
        5000,
        True,
    ),
    KitField(
        "q4",
        "Hvordan sikres trivsel og effektivitet?",
        "How are well-being and efficiency ensured?",
        5000,
        True,
    ),
    KitField(
        "q5",
        "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?",
        "Which fundamental values are important to keep in the work?",
        5000,
        True,
    ),
)
PROFESSION = KitField("profession", "Profession", "Profession", 200, False)
USE_CASE = KitField("use_case", "AI use-case", "AI use case", 600, False)

# The kit's order, as the kit's sheet asks: questions 1-4, then Profession and AI
# use-case, then question 5. The web sheet, the paper sheet and the API follow it; the
# questions keep their numbers 1-5 (`KitField.number`).
FIELDS = (*QUESTIONS[:4], PROFESSION, USE_CASE, QUESTIONS[4])
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)

# --- The charter (STEP 4): the kit's preamble and table, word for word -------------------
# "[X]" is the organisation's name. Each preamble is two paragraphs.
ORGANISATION_PLACEHOLDER = "[X]"
PREAMBLE = {
    "da": (
        "Når vi implementerer og anvender generativ AI vil vi sikre produktivitet, trivsel og "
        "meningsfuldhed i vores arbejdsgange.",
        "Derfor har vi hos [X] udviklet følgende sociotekniske principper, der vil hjælpe os "
        "med at reflektere løbende over vores brug af AI – og tjene som vogtere af hvad vi ser "  # noqa: RUF001
        "som en ansvarlig og afbalanceret tilgang i den daglige brug af kunstig intelligens.",
    ),
    "en": (
        "When we implement and use generative AI, we will ensure productivity, well-being and "
        "meaningfulness in our ways of working.",
        "That is why we at [X] have developed the following socio-technical principles, which "
        "will help us reflect continuously on our use of AI – and serve as guardians of what we "  # noqa: RUF001
        "see as a responsible and balanced approach to the everyday use of artificial "
        "intelligence.",
    ),
}
TABLE_TITLE = {
    "da": "Principper til socioteknisk AI refleksion: Når vi bruger GenAI…",
    "en": "Principles for socio-technical AI reflection: When we use GenAI…",
}
TABLE_FIRST_COLUMN = {"da": "ST-princip", "en": "ST principle"}
# The table's level columns, in the kit's order.
TABLE_LEVELS = (
    ("individual", "Individ", "Individual"),
    ("group", "Gruppe", "Group"),
    ("unit", "Enhed", "Unit"),
    ("department", "Afdeling", "Department"),
    ("corporate_group", "Koncern", "Organisation-wide"),
    ("national", "Nationalt", "National"),
)
# The sentence every principle completes.
PRINCIPLE_PROMPT = {"da": "Når vi bruger GenAI,", "en": "When we use GenAI, we"}


def preamble(language: str, organisation_name: str) -> tuple[str, ...]:
    """The preamble's paragraphs with the organisation's name in place of [X]."""
    return tuple(p.replace(ORGANISATION_PLACEHOLDER, organisation_name) for p in PREAMBLE[language])
