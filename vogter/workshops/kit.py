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

# The kit's order: the five questions, then Profession and AI use-case.
FIELDS = (*QUESTIONS, PROFESSION, USE_CASE)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)
