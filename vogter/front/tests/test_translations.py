"""The Danish catalogue is complete, compiled and consistent, and the pages use it.

When one of the catalogue tests fails after adding strings: run `make messages`,
translate the new entries in django.po (terms in docs/glossary.md), and run it again.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"
PYTHON_FORMAT = re.compile(r"%\((\w+)\)[sdifr]|%[sdifr]")


def _entries(catalogue: polib._BaseFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def _label(entry: polib._BaseEntry) -> str:
    return entry.msgid if len(entry.msgid) < 60 else entry.msgid[:57] + "..."


def _translations(entry: polib._BaseEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _key(entry: polib._BaseEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOGUE / "django.po"))


@pytest.fixture(scope="module")
def mo() -> polib.MOFile:
    return polib.mofile(str(CATALOGUE / "django.mo"))


def test_header_is_danish(po: polib.POFile) -> None:
    assert po.metadata["Language"] == "da"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated(po: polib.POFile) -> None:
    untranslated = [
        _label(entry)
        for entry in _entries(po)
        if not all(text.strip() for text in _translations(entry))
    ]
    assert untranslated == [], "untranslated in django.po"


def test_no_entry_is_fuzzy(po: polib.POFile) -> None:
    fuzzy = [_label(entry) for entry in _entries(po) if "fuzzy" in entry.flags]
    assert fuzzy == [], "fuzzy in django.po: check the translation, then remove the flag"


def test_plural_entries_have_both_forms(po: polib.POFile) -> None:
    incomplete = [
        _label(entry)
        for entry in _entries(po)
        if entry.msgid_plural and sorted(entry.msgstr_plural) != [0, 1]
    ]
    assert incomplete == []


def test_placeholders_are_kept(po: polib.POFile) -> None:
    """A dropped or misspelt %(name)s raises KeyError, or silently loses a value, at run time."""
    wrong = []
    for entry in _entries(po):
        if "python-format" not in entry.flags:
            continue
        expected = set(PYTHON_FORMAT.findall(entry.msgid + " " + entry.msgid_plural))
        for text in _translations(entry):
            if set(PYTHON_FORMAT.findall(text)) != expected:
                wrong.append(f"{_label(entry)} -> {text}")
    assert wrong == []


def test_compiled_catalogue_matches_the_source(po: polib.POFile, mo: polib.MOFile) -> None:
    """django.mo is what Django reads; a stale one shows old or English text."""
    source = {_key(entry): _translations(entry) for entry in _entries(po) if entry.translated()}
    compiled = {_key(entry): _translations(entry) for entry in mo if entry.msgid}
    assert compiled == source, "django.mo is out of date: run `make messages`"


@pytest.mark.django_db
def test_front_page_is_in_danish_by_default(client: Client) -> None:
    page = client.get("/").content.decode()
    assert ">Log ind<" in page
    assert "Sådan foregår det" in page
    assert ">Log in<" not in page


@pytest.mark.django_db
def test_front_page_switches_to_english(client: Client) -> None:
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert ">Log in<" in page
    assert "How it works" in page
    assert ">Log ind<" not in page
