"""At the end of a workshop, a participant without an account may leave an e-mail address to
be asked again when their unit reflects on the charter: kept with nothing that links it to
their sheet, the same answer whether it was there already, a plain form that works
without JavaScript, and then a personal link to the unit's rounds."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from conftest import World
from vogter.charters.models import Charter
from vogter.organisations.models import AuditEntry
from vogter.reflection import links
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Contact
from vogter.workshops.access import cookie_name
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.django_db

CARD = "Vil du gerne spørges igen?"
THANKS = "Tak. Når din enhed reflekterer over principsættet, sender vi dig et personligt link."


def _handed_in(workshop: Workshop, language: str = "") -> Client:
    """A phone that joined the workshop and handed its sheet in, without JavaScript."""
    phone = Client()
    if language:
        phone.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert phone.post(f"/j/{workshop.join_code}/").status_code == 302
    handed = phone.post(
        f"/j/{workshop.join_code}/sheet/",
        {"q1": "Tid til borgerne", "profession": "Webredaktør", "submit": "anyway"},
    )
    assert handed.status_code == 302
    return phone


def _ask(phone: Client, workshop: Workshop, email: str, language: str = "da", **more: str):  # type: ignore[no-untyped-def]
    return phone.post(
        f"/j/{workshop.join_code}/ask-again/", {"email": email, "language": language, **more}
    )


def _rows() -> list[dict[str, object]]:
    return [
        *Sheet.objects.order_by("pk").values(),
        *Entry.objects.order_by("pk").values(),
    ]


def test_the_card_is_offered_once_the_sheet_is_handed_in(workshop: Workshop) -> None:
    phone = Client()
    phone.post(f"/j/{workshop.join_code}/")
    assert CARD not in phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    phone.post(f"/j/{workshop.join_code}/sheet/", {"q1": "Tid", "submit": "anyway"})
    page = phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert CARD in page
    assert f'action="/j/{workshop.join_code}/ask-again/"' in page
    assert 'type="email"' in page and 'value="da" checked' in page  # the page's language


def test_the_card_is_offered_on_the_outcome_page_once_the_writing_is_over(
    world: World, workshop: Workshop
) -> None:
    phone = Client()
    phone.post(f"/j/{workshop.join_code}/")
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    outcome = phone.get(f"/j/{workshop.join_code}/outcome/").content.decode()
    assert CARD in outcome and 'name="back" value="outcome"' in outcome
    saved = _ask(phone, workshop, "Signe@Example.DK", back="outcome")
    assert saved["Location"] == f"/j/{workshop.join_code}/outcome/"


def test_saying_yes_keeps_an_address_and_nothing_that_links_it_to_the_sheet(
    world: World, workshop: Workshop
) -> None:
    phone = _handed_in(workshop)
    before, audit = _rows(), AuditEntry.objects.count()
    saved = _ask(phone, workshop, "  Signe.Hansen@Example.DK ", "en")
    assert saved.status_code == 302
    assert saved["Location"] == f"/j/{workshop.join_code}/sheet/"
    # An address, its language and the unit: nothing else is there to be stored.
    assert {f.name for f in Contact._meta.concrete_fields} == {"id", "unit", "email", "language"}
    contact = Contact.objects.get()
    assert (contact.unit, contact.email, contact.language) == (
        world.unit,
        "signe.hansen@example.dk",
        "en",
    )
    assert _rows() == before  # the sheet and its answers are as they were
    assert AuditEntry.objects.count() == audit  # no entry: it would carry the time
    # It is said, and the card is not offered again.
    page = phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert THANKS in page and CARD not in page


def test_asking_twice_keeps_one_address_and_answers_the_same(workshop: Workshop) -> None:
    first, second = _handed_in(workshop), _handed_in(workshop)
    one = _ask(first, workshop, "signe@example.dk")
    two = _ask(second, workshop, "SIGNE@example.dk", "en")
    assert (one.status_code, one["Location"]) == (two.status_code, two["Location"])
    after_one = first.get(one["Location"]).content.decode()
    after_two = second.get(two["Location"]).content.decode()
    assert THANKS in after_one and THANKS in after_two
    assert Contact.objects.count() == 1
    assert Contact.objects.get().language == "en"  # the latest choice


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Skriv en hel e-mailadresse, fx navn@eksempel.dk."),
        ("en", "Write a whole e-mail address, such as name@example.dk."),
    ],
)
def test_a_bad_address_is_refused_in_the_pages_language_and_kept_to_correct(
    workshop: Workshop, language: str, message: str
) -> None:
    phone = _handed_in(workshop, language)
    refused = _ask(phone, workshop, "signe@example", language)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert message in page
    assert 'value="signe@example"' in page and 'aria-invalid="true"' in page
    assert f'value="{language}" checked' in page
    assert not Contact.objects.exists()


def test_a_workshop_without_a_unit_does_not_ask(workshop: Workshop) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(unit=None)
    phone = _handed_in(workshop)
    assert CARD not in phone.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert _ask(phone, workshop, "signe@example.dk").status_code == 404
    assert not Contact.objects.exists()


def test_only_a_phone_with_a_sheet_of_the_workshop_can_ask(workshop: Workshop) -> None:
    stranger = _ask(Client(), workshop, "signe@example.dk")
    assert stranger["Location"] == f"/j/{workshop.join_code}/"  # to the join page
    writing = Client()
    writing.post(f"/j/{workshop.join_code}/")  # joined, still writing: not yet
    assert _ask(writing, workshop, "signe@example.dk")["Location"].endswith("/sheet/")
    assert not Contact.objects.exists()


def test_the_address_does_not_reach_the_logs(
    workshop: Workshop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    phone = _handed_in(workshop)
    _ask(phone, workshop, "signe.hemmelig@example.dk")
    _ask(_handed_in(workshop), workshop, "ikke-en-adresse")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    token = phone.cookies[cookie_name(workshop)].value
    for secret in ("signe.hemmelig", "ikke-en-adresse", token):
        assert secret not in logged


def test_the_contact_gets_a_personal_link_to_the_units_rounds(
    world: World, adopted_charter: Charter
) -> None:
    # A later workshop of the Web team, below the unit whose charter is reflected on.
    later = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.web_team,
        title="AI på webben",
        date=datetime.date(2026, 12, 1),
        language="da",
    )
    later = workshop_actions.set_phase(world.fiona, later, "reflect")
    _ask(_handed_in(later), later, "signe@example.dk")
    contact = Contact.objects.get()
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    assert list(links.contacts(reflection)) == [contact]  # the charter is the unit's
    link = links.for_contact(reflection, contact)
    assert "Send min check-in" in Client().get(links.url_of(link, "")).content.decode()


def test_the_addresses_lie_in_a_random_order_and_keep_their_links(
    world: World, workshop: Workshop, adopted_charter: Charter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read later, the database does not tell which address came with which sheet: each
    new one is written with the unit's others, in the mixer's order, in one transaction."""
    from django.db import connection

    from vogter.reflection.actions import contacts as contact_actions

    orders: list[list[str]] = []
    real = contact_actions.shuffled

    def recorded(items: list[Contact]) -> list[Contact]:
        mixed = real(items)
        orders.append([c.email for c in mixed])
        return mixed

    monkeypatch.setattr(contact_actions, "shuffled", recorded)
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="new_tool")
    kept_links = []
    for number in range(4):
        contact_actions.ask_again(workshop, f"deltager{number}@example.dk", "da")
        contact = Contact.objects.get(email=f"deltager{number}@example.dk")
        kept_links.append(links.token_of(links.for_contact(reflection, contact)))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT email, xmin::text FROM reflection_contact "
                    "ORDER BY reflection_contact.ctid"
                )
            else:
                cursor.execute("SELECT email, rowid FROM reflection_contact ORDER BY rowid")
            rows = cursor.fetchall()
        assert [email for email, _stamp in rows] == orders[-1]
        if connection.vendor == "postgresql":
            assert len({stamp for _email, stamp in rows}) == 1
    # Every link made before a later address came still finds its contact.
    assert all(links.find(token) is not None for token in kept_links)
