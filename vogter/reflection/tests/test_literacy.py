"""The AI-literacy record as PDF, read back: tagged in its language with headed tables,
the AI Act's Danish term, dates as each language writes them, and long profession names
hyphenated rather than cut mid-word."""

import re

import pytest
from django.test import Client

from conftest import World
from vogter.lib.tests.pdfcheck import accessibility, broken_words, page_texts
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

PROFESSION = "Kommunikationsmedarbejder"


@pytest.fixture
def record_workshop(world: World, workshop: Workshop) -> Workshop:
    """Five communication officers and a photographer took part."""
    for profession in [PROFESSION] * 5 + ["Fotograf"]:
        sheet = sheet_actions.join(workshop).sheet
        sheet_actions.save_entry(sheet, "profession", profession, 1)
    return workshop


def _pdf(client: Client, world: World, language: str) -> bytes:
    response = client.get(f"/o/{world.havneby.code}/ai-literacy/?format=pdf&language={language}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return response.content


def _flat(pdf: bytes) -> str:
    text = "".join(page_texts(pdf))
    return " ".join(re.sub(r"\N{SOFT HYPHEN}\s*", "", text).split())


@pytest.mark.parametrize(
    ("language", "tag", "title"),
    [("da", "da-DK", "AI-færdigheder"), ("en", "en-GB", "AI literacy")],
)
def test_the_record_is_tagged_in_its_language_with_headed_tables(
    world: World,
    alice_client: Client,
    record_workshop: Workshop,
    language: str,
    tag: str,
    title: str,
) -> None:
    tags = accessibility(_pdf(alice_client, world, language))
    assert tags.lang == tag and tags.title.startswith(title)
    assert tags.marked and tags.display_title
    assert {"H1", "H2", "Table", "THead", "TH", "TD"} <= tags.kinds


def test_the_danish_record_says_ai_faerdigheder_and_dates_as_danes_write_them(
    world: World, alice_client: Client, record_workshop: Workshop
) -> None:
    danish = _flat(_pdf(alice_client, world, "da"))
    assert "AI-færdigheder" in danish and "AI-kompetencer" not in danish
    day = record_workshop.date
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
    months += ["september", "oktober", "november", "december"]
    assert f"{day.day}. {months[day.month - 1]} {day.year}" in danish
    assert re.search(r"Udskrevet \d{1,2}\. [a-z]+ \d{4} kl\. \d\d\.\d\d", danish)
    assert not re.search(r"\d{4}-\d\d-\d\d|UTC", danish)
    assert PROFESSION in danish

    english = _flat(_pdf(alice_client, world, "en"))
    assert f"{day.day} {day:%B} {day.year}" in english
    assert re.search(r"Produced \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", english)
    assert not re.search(r"\d{4}-\d\d-\d\d|UTC", english)


@pytest.mark.parametrize("language", ["da", "en"])
def test_long_profession_names_and_headers_never_break_mid_word(
    world: World, alice_client: Client, record_workshop: Workshop, language: str
) -> None:
    pdf = _pdf(alice_client, world, language)
    source = [PROFESSION, "Participants", "Deltagere", "Professions", "Faggrupper"]
    assert broken_words(pdf, source) == []
