"""The one shape of every download: an ExportKind checks the format and the option, an
exporter returns an Export, and file_response serves it (docs/exports.md)."""

import pytest
from django.utils import translation

from vogter.lib.errors import ActionError
from vogter.lib.exporting import KINDS, Export, ExportKind, Rendered, file_response, stem

NOTES: ExportKind[str] = ExportKind("lib-test-notes")
NOTES.register(
    Rendered(
        "txt",
        "text/plain; charset=utf-8",
        lambda text, language: f"{language}: {text}".encode(),
        lambda text, language, extension: f"{stem(text)}-{language}.{extension}",
    )
)


def test_a_kind_exports_a_named_file_in_the_chosen_language() -> None:
    export = NOTES.export("Ærø og Åbenrå", "txt", "da")
    assert export == Export(
        "aeroe-og-aabenraa-da.txt",
        "text/plain; charset=utf-8",
        b"da: \xc3\x86r\xc3\xb8 og \xc3\x85benr\xc3\xa5",
    )
    assert KINDS["lib-test-notes"] is NOTES
    assert NOTES.formats == ("txt",) and NOTES.media_types == ("text/plain; charset=utf-8",)


@pytest.mark.parametrize(
    ("fmt", "language", "field", "message"),
    [
        ("odt", "da", "format", "Unknown format 'odt'; expected one of txt."),
        ("txt", "de", "language", "Unknown language 'de'; expected one of da, en."),
    ],
)
def test_an_unknown_format_or_language_is_refused_naming_the_field(
    fmt: str, language: str, field: str, message: str
) -> None:
    with translation.override("en"), pytest.raises(ActionError) as refused:
        NOTES.export("x", fmt, language)
    assert refused.value.field == field
    assert str(refused.value.message) == message


def test_the_refusal_is_in_the_persons_language() -> None:
    with translation.override("da"), pytest.raises(ActionError) as refused:
        NOTES.check("odt", "da")
    assert str(refused.value.message).startswith("Ukendt format 'odt'")


def test_a_file_is_served_privately_under_a_safe_name() -> None:
    response = file_response(Export('"rapport"\r\nøl.pdf', "application/pdf", b"%PDF"))
    assert response.content == b"%PDF"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%22rapport%22%0D%0A%C3%B8l.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    shown = file_response(Export("ark.pdf", "application/pdf", b"%PDF"), inline=True)
    assert shown["Content-Disposition"] == 'inline; filename="ark.pdf"'


def test_a_filename_stem_is_ascii_and_hyphenated() -> None:
    assert stem("Sønderå Kommune", "Kommunikation -- og  borgerservice") == (
        "soenderaa-kommune-kommunikation-og-borgerservice"
    )
    assert stem("", "Økonomi", length=3) == "oek"
    assert stem("«»") == ""
