"""`find`: where a text holds personal data, for the board's check before the reveal."""

import pytest

from vogter.llm.scrub import blank, find


def found(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find(text, names)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mit CPR er 010190-1234.", [("cpr", "010190-1234")]),
        ("Mit CPR er 0101901234.", [("cpr", "0101901234")]),
        ("Født 290200 1234.", [("cpr", "290200 1234")]),
    ],
)
def test_a_danish_cpr_number_is_found_with_and_without_a_dash(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text) == expected


def test_a_number_that_cannot_be_a_birthday_is_not_taken_for_a_cpr_number() -> None:
    assert ("cpr", "991390-1234") not in found("Sag 991390-1234 er lukket.")


def test_an_email_address_is_found() -> None:
    assert found("Skriv til kontakt@kommune.dk i morgen.") == [("email", "kontakt@kommune.dk")]


@pytest.mark.parametrize(
    "text, number",
    [
        ("Ring på 23456789.", "23456789"),
        ("Ring på 23 45 67 89.", "23 45 67 89"),
        ("Ring på +45 23456789.", "+45 23456789"),
        ("Ring på +45 23 45 67 89.", "+45 23 45 67 89"),
        ("Ring på 0045 2345 6789.", "0045 2345 6789"),
    ],
)
def test_a_danish_phone_number_is_found_with_and_without_plus_45(text: str, number: str) -> None:
    assert found(text) == [("phone", number)]


def test_a_year_or_a_date_is_not_taken_for_a_phone_number() -> None:
    assert found("Fra 2024 2025 og den 12-03-2024.") == []


def test_a_members_name_is_found_even_when_no_list_knows_it() -> None:
    text = "Ziggy i økonomi brugte det, og Stardust også."
    assert found(text) == []
    assert found(text, ("Ziggy Stardust",)) == [("name", "Ziggy"), ("name", "Stardust")]


def test_a_common_name_and_a_name_after_a_cue_are_found() -> None:
    assert found("Min kollega Ib skrev det, og Mette Hansen læste det.") == [
        ("name", "Ib"),
        ("name", "Mette Hansen"),
    ]


def test_the_spans_are_those_of_the_text_as_written_whatever_was_found_before() -> None:
    text = "a@b.dk, 010190-1234, +45 23456789 og Ziggy"
    assert [kind for kind, _ in found(text, ("Ziggy",))] == ["email", "cpr", "phone", "name"]


def test_a_link_is_not_reported_and_its_digits_are_not_a_phone_number() -> None:
    assert found("Se https://intra.dk/sager/23456789 for mere.") == []


def test_a_text_with_nothing_personal_has_no_findings() -> None:
    assert found("Vi bruger ChatGPT og Copilot til mødereferater i Teams.") == []


def test_blanking_replaces_each_finding_and_nothing_else() -> None:
    text = "Mit CPR er 010190-1234, ring 23456789."
    assert blank(text, find(text), "[fjernet]") == "Mit CPR er [fjernet], ring [fjernet]."


def test_a_members_name_that_is_also_a_word_counts_only_with_the_rest_of_the_name() -> None:
    # "Per" and "Bo" are members' first names here, and ordinary words too.
    members = ("Per Madsen", "Bo Ziegler")
    assert found("Per uge sparer jeg en time. Bo i byen er dyrt.", members) == []
    assert found("Bo Ziegler skrev det, og Madsen læste det.", members) == [
        ("name", "Bo Ziegler"),
        ("name", "Madsen"),
    ]
