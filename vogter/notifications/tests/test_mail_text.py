"""The tests' guard against machine dates in mail text finds them outside links only."""

from vogter.notifications.tests.smtp import machine_dates


def test_an_iso_date_or_utc_in_a_mails_text_is_found_but_not_inside_a_link() -> None:
    text = "Åben til 2026-11-10, kl. 05.10 UTC.\nhttps://vogter.example/eksport/2026-11-10/"
    assert machine_dates(text) == ["2026-11-10", "UTC"]
    assert machine_dates("Åben til og med den 10. november 2026:\nhttps://x/2026-11-10/") == []
