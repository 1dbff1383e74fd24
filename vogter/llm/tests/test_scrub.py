"""Personal data is replaced before anything leaves Vogter; ordinary text is left alone."""

import pytest

from vogter.llm.scrub import scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skriv til mette.hansen@havnestad.dk.", "Skriv til [e-mail]."),
        ("Mail: j.o'neil+ai@example.co.uk", "Mail: [e-mail]"),
        ("skriv til mette(at)havnestad(dot)dk", "skriv til [e-mail]"),
        ("Ring på 22334455.", "Ring på [telefon]."),
        ("Ring på 22 33 44 55 eller 2233 4455.", "Ring på [telefon] eller [telefon]."),
        ("Tlf. +45 22 33 44 55, +4522334455 eller 0045 2233 4455", None),
        ("Mobil (+45) 22-33-44-55.", "Mobil [telefon]."),
        ("CPR 010190-1234 og 0101901234.", "CPR [CPR] og [CPR]."),
        ("Født 290200-1234.", "Født [CPR]."),
    ],
)
def test_danish_contact_details_and_cpr_numbers_are_replaced(
    text: str, expected: str | None
) -> None:
    result = scrub(text, "da")
    if expected is not None:
        assert result.text == expected
    assert not any(char.isdigit() for char in result.text.replace("[", ""))


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +44 20 7946 0958.",
        "Call me on +1 (555) 123-4567.",
        "Call me on (555) 123-4567 or 555-123-4567.",
        "My mobile is 07700 900123, the office 020 7946 0958.",
        "Reach me at +49 30 12345678.",
    ],
)
def test_international_phone_numbers_are_replaced(text: str) -> None:
    result = scrub(text, "en")
    assert "[phone]" in result.text
    assert not any(char.isdigit() for char in result.text)


def test_counts_say_what_was_replaced() -> None:
    result = scrub("Mette (mette@x.dk, 22334455) og Jens, CPR 010190-1234.", "da")
    assert result.replaced == {"email": 1, "phone": 1, "cpr": 1, "name": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeg hedder Mette Hansen.", "Jeg hedder [navn]."),
        ("Min kollega Ulrikke sagde det.", "Min kollega [navn] sagde det."),
        ("min nærmeste leder, Bodil Stærmose, er glad.", "min nærmeste leder, [navn], er glad."),
        ("Borgeren Abdi fik svar hurtigere.", "Borgeren [navn] fik svar hurtigere."),
        ("Fru Stærmose og hr. Olsen kom.", "Fru [navn] og hr. [navn] kom."),
        ("Jens og Pernille bruger Copilot.", "[navn] og [navn] bruger Copilot."),
        ("Mettes kollega er glad.", "[navn]s kollega er glad."),
        ("Per Nielsen skrev det.", "[navn] skrev det."),
        ("min kollega mette skrev det", "min kollega [navn] skrev det"),
    ],
)
def test_danish_names_after_cues_or_from_the_list_are_replaced(text: str, expected: str) -> None:
    assert scrub(text, "da").text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My manager Priya told me.", "My manager [name] told me."),
        ("I asked my colleague, Tomasz Nowak, first.", "I asked my colleague, [name], first."),
        ("Dr. Okafor and Ms Lindqvist agreed.", "Dr. [name] and Ms [name] agreed."),
        ("Sarah's notes helped.", "[name]'s notes helped."),
        ("Will Smith was there.", "[name] was there."),
        ("The patient Ahmed waited less.", "The patient [name] waited less."),
    ],
)
def test_english_names_after_cues_or_from_the_list_are_replaced(text: str, expected: str) -> None:
    assert scrub(text, "en").text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Copilot sparer os 30 % tid, og ChatGPT hjælper med udkast.",
        "I 2024 brugte vi 1.500 timer; i 2025 2026 forventer vi færre.",
        "Mødet er den 12-03-2024 kl. 10.30, og budgettet er 10 000 000 kr.",
        "Per uge sparer vi 5 timer. Line managers need training.",
        "Will AI replace us? Mark my words: hope is not a plan.",
        "HR og DR taler om GenAI. TR og AMR skal med.",
        "Trivsel, effektivitet og faglig stolthed er vigtige værdier.",
        "Vi bruger Claude, Gemini og Microsoft Teams i Havnestad Kommune.",
        "Se https://www.ft.dk for loven og version 4.2 af værktøjet.",
        "Sagsnummer 2024-123456 og id 1234567890 er ikke personlige.",
        "The EU AI Act article 4 applies since February 2025.",
        "When we use GenAI, we keep the human in the loop.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    result = scrub(text, "da")
    assert result.text == text
    assert result.replaced == {}


def test_personal_paths_in_links_are_dropped_but_the_site_is_kept() -> None:
    result = scrub("Se https://www.linkedin.com/in/mette-hansen/ og www.example.dk/~mh.", "da")
    assert result.text == "Se https://www.linkedin.com/[link] og www.example.dk/[link]."
    assert result.replaced == {"url": 2}


def test_placeholders_follow_the_language() -> None:
    assert scrub("Jeg hedder Mette, tlf 22334455", "en").text == "Jeg hedder [name], tlf [phone]"
    assert scrub("My name is Sam, phone 22334455", "da").text == (
        "My name is [navn], phone [telefon]"
    )
