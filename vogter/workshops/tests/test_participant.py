"""A participant joins with the code, answers on a phone, and never loses a word."""

import json

import pytest
from django.test import Client

from vogter.workshops.access import cookie_name
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.kit import FIELDS
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.django_db


def joined(workshop: Workshop) -> Client:
    participant = Client()
    response = participant.post(f"/j/{workshop.join_code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/j/{workshop.join_code}/sheet/"
    return participant


def autosave(participant: Client, workshop: Workshop, field: str, text: str, seq: int):  # type: ignore[no-untyped-def]
    return participant.post(
        f"/j/{workshop.join_code}/save",
        json.dumps({"field": field, "text": text, "seq": seq}),
        content_type="application/json",
    )


def test_entering_the_code_leads_to_the_workshop(client: Client, workshop: Workshop) -> None:
    response = client.post("/j/", {"join_code": workshop.join_code.lower()})
    assert response["Location"] == f"/j/{workshop.join_code}/"


def test_a_wrong_code_gets_a_clear_message(client: Client, workshop: Workshop) -> None:
    response = client.post("/j/", {"join_code": "XXXXXX"})
    assert response.status_code == 200
    assert response.context["form"].errors["join_code"]


def test_the_sheet_shows_the_kit_fields_verbatim_in_order(workshop: Workshop) -> None:
    html = joined(workshop).get(f"/j/{workshop.join_code}/sheet/").content.decode()
    positions = [html.index(field.da) for field in FIELDS]
    assert positions == sorted(positions)
    assert "Etabler jeres socio-tekniske principper" in html
    assert "Hvilke grundlæggende værdier er vigtige at bibeholde i arbejdet?" in html


def test_the_sheet_follows_the_workshops_language(world, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    workshop.language = "en"
    workshop.save()
    html = joined(workshop).get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert '<html lang="en">' in html
    assert "<label" in html and "What value is added?" in html


def test_autosave_stores_the_text_and_is_idempotent(workshop: Workshop) -> None:
    participant = joined(workshop)
    first = autosave(participant, workshop, "q1", "Mere tid til borgerne", 3)
    assert first.json() == {"field": "q1", "seq": 3, "saved": True}
    # A retry of an older save, arriving late, changes nothing.
    late = autosave(participant, workshop, "q1", "Mere tid", 2)
    assert late.json()["seq"] == 3
    again = autosave(participant, workshop, "q1", "Mere tid til borgerne", 3)
    assert again.status_code == 200
    assert Entry.objects.get(field="q1").text == "Mere tid til borgerne"


def test_reloading_on_the_same_device_gives_the_same_sheet(workshop: Workshop) -> None:
    participant = joined(workshop)
    autosave(participant, workshop, "q2", "En sparringspartner", 1)
    again = participant.get(f"/j/{workshop.join_code}/")
    assert again["Location"] == f"/j/{workshop.join_code}/sheet/"
    html = participant.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert "En sparringspartner" in html
    assert Sheet.objects.count() == 1


def test_the_private_link_moves_the_sheet_to_another_device_after_asking(
    workshop: Workshop,
) -> None:
    participant = joined(workshop)
    autosave(participant, workshop, "q3", "Kortere sagsbehandling", 1)
    link = participant.get(f"/j/{workshop.join_code}/sheet/").context["resume_url"]
    path = link.split("testserver", 1)[1]
    phone = Client()
    # Opening the link (as a chat app does for a preview) changes nothing.
    asked = phone.get(path)
    assert asked.status_code == 200
    assert "workshops/resume_confirm.html" in [t.name for t in asked.templates]
    assert autosave(participant, workshop, "q3", "Kortere sagsbehandling!", 2).status_code == 200
    moved = phone.post(path)
    assert moved.status_code == 302
    assert "Kortere sagsbehandling!" in phone.get(moved["Location"]).content.decode()
    # The sheet now lives on the phone: the link and the first device's key are spent.
    assert autosave(participant, workshop, "q3", "Fra den gamle enhed", 3).status_code == 403
    assert Client().get(path).status_code == 404


def test_someone_elses_link_cannot_be_used_to_read_what_you_write(workshop: Workshop) -> None:
    sender = joined(workshop)
    link = sender.get(f"/j/{workshop.join_code}/sheet/").context["resume_url"]
    victim = Client()
    victim.post(link.split("testserver", 1)[1])
    autosave(victim, workshop, "q1", "Mit ærlige svar", 1)
    sheet_page = sender.get(f"/j/{workshop.join_code}/sheet/")
    assert sheet_page.status_code == 302  # back to the join page: no sheet any more
    assert "Mit ærlige svar" not in sender.get(sheet_page["Location"]).content.decode()


def test_the_short_code_moves_the_sheet_to_another_device(workshop: Workshop) -> None:
    participant = joined(workshop)
    autosave(participant, workshop, "q4", "Ro på", 1)
    page = participant.post(f"/j/{workshop.join_code}/resume/new/")
    code = page.context["code"]
    laptop = Client()
    moved = laptop.post(f"/j/{workshop.join_code}/resume/", {"code": code.lower()})
    assert moved.status_code == 302
    assert "Ro på" in laptop.get(moved["Location"]).content.decode()
    wrong = Client().post(f"/j/{workshop.join_code}/resume/", {"code": "AAAAA-AAAAA"})
    assert wrong.context["form"].errors["code"]


def test_too_long_an_answer_is_refused_with_a_message_and_the_old_text_kept(
    workshop: Workshop,
) -> None:
    participant = joined(workshop)
    autosave(participant, workshop, "q5", "Troværdighed", 1)
    response = autosave(participant, workshop, "q5", "x" * 5001, 2)
    assert response.status_code == 400
    assert "5000" in response.json()["detail"]
    assert Entry.objects.get(field="q5").text == "Troværdighed"


def test_the_sheet_is_read_only_after_the_reflection_closes(world, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    participant = joined(workshop)
    autosave(participant, workshop, "q1", "Før", 1)
    workshop_actions.set_phase(world.fiona, workshop, "themes")
    response = autosave(participant, workshop, "q1", "Efter", 2)
    assert response.status_code == 409
    assert Entry.objects.get(field="q1").text == "Før"
    html = participant.get(f"/j/{workshop.join_code}/sheet/").content.decode()
    assert "readonly" in html
    assert 'id="closed-banner" role="status" hidden' not in html


def test_without_javascript_the_whole_sheet_is_saved_and_submitted(workshop: Workshop) -> None:
    participant = joined(workshop)
    response = participant.post(
        f"/j/{workshop.join_code}/sheet/",
        {"q1": "Tid", "profession": "Webredaktør", "submit": "anyway"},
    )
    assert response.status_code == 302
    sheet = Sheet.objects.get()
    assert sheet.submitted
    assert {e.field: e.text for e in sheet.entries.all()} == {
        "q1": "Tid",
        "profession": "Webredaktør",
    }


def test_a_nearly_empty_sheet_is_saved_but_handed_in_only_after_a_question(
    workshop: Workshop,
) -> None:
    participant = joined(workshop)
    url = f"/j/{workshop.join_code}/sheet/"
    asked = participant.post(url, {"q1": "Tid", "profession": "", "submit": "1"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Du har kun udfyldt 1 af 7 felter. Aflevér alligevel?" in page
    assert 'name="submit" value="anyway"' in page
    sheet = Sheet.objects.get()
    assert not sheet.submitted
    assert Entry.objects.get(field="q1").text == "Tid"  # nothing typed is lost meanwhile
    assert participant.post(url, {"q1": "Tid", "submit": "anyway"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted


def test_the_question_before_submitting_is_in_english_too(workshop: Workshop) -> None:
    participant = joined(workshop)
    participant.cookies["vogter_language"] = "en"
    workshop.language = "en"
    workshop.save(update_fields=["language"])
    page = participant.post(
        f"/j/{workshop.join_code}/sheet/", {"q1": "Time", "q2": "Less", "submit": "1"}
    ).content.decode()
    assert "You have only filled in 2 of 7 fields. Submit anyway?" in page


def test_a_sheet_at_least_half_filled_is_handed_in_without_a_question(
    workshop: Workshop,
) -> None:
    participant = joined(workshop)
    answers = {"q1": "a", "q2": "b", "q3": "c", "q4": "d", "submit": "1"}
    assert participant.post(f"/j/{workshop.join_code}/sheet/", answers).status_code == 302
    assert Sheet.objects.get().submitted


def test_one_bad_field_in_a_posted_sheet_loses_nothing_of_the_others(workshop: Workshop) -> None:
    participant = joined(workshop)
    response = participant.post(
        f"/j/{workshop.join_code}/sheet/", {"q1": "Gemmes", "q2": "y" * 6000}
    )
    assert response.status_code == 400
    assert Entry.objects.get(field="q1").text == "Gemmes"
    assert "y" * 6000 in response.content.decode()  # what was typed is shown again


def test_a_closed_workshop_cannot_be_joined(world, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    for phase in ("themes", "principles", "agreement", "closed"):
        workshop_actions.set_phase(world.fiona, workshop, phase)
    response = Client().post(f"/j/{workshop.join_code}/")
    assert response.status_code == 400
    assert not Sheet.objects.exists()


def test_a_workshop_that_requires_login_refuses_anonymous_joining(
    world, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    workshop.require_login = True
    workshop.save()
    assert Client().post(f"/j/{workshop.join_code}/").status_code == 400
    member = Client()
    member.force_login(world.mads)
    assert member.post(f"/j/{workshop.join_code}/").status_code == 302


def test_an_organisation_can_require_login_for_every_workshop(
    world, alice_client: Client, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    settings_url = f"/o/{world.havneby.code}/settings/"
    alice_client.post(
        settings_url,
        {"name": world.havneby.name, "default_language": "da", "workshops_require_login": "on"},
    )
    world.havneby.refresh_from_db()
    assert world.havneby.workshops_require_login and not workshop.require_login
    assert Client().post(f"/j/{workshop.join_code}/").status_code == 400
    api_join = Client().post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    assert api_join.status_code == 400
    member = Client()
    member.force_login(world.mads)
    assert member.post(f"/j/{workshop.join_code}/").status_code == 302


def test_an_anonymous_sheet_stores_nothing_about_the_person(world, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    member = Client()
    member.force_login(world.mads)
    member.post(f"/j/{workshop.join_code}/", REMOTE_ADDR="10.1.2.3")
    sheet = Sheet.objects.get()
    assert sheet.user is None
    stored = [f.name for f in Sheet._meta.get_fields()] + [f.name for f in Entry._meta.get_fields()]
    assert not any("time" in name or "_at" in name or name == "ip" for name in stored)
    cookie = member.cookies[cookie_name(workshop)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie.value not in (sheet.token_hash, str(sheet.id))


def test_a_sheet_of_a_non_anonymous_workshop_belongs_to_the_person(
    world, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    workshop.anonymous = False
    workshop.save()
    member = Client()
    member.force_login(world.mads)
    member.post(f"/j/{workshop.join_code}/")
    member.cookies.clear()
    member.force_login(world.mads)
    member.post(f"/j/{workshop.join_code}/")  # a second device: the same sheet
    assert list(Sheet.objects.values_list("user", flat=True)) == [world.mads.pk]


def test_a_full_workshop_says_so(workshop: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_actions, "MAX_SHEETS_PER_WORKSHOP", 2)
    monkeypatch.setattr(sheet_actions, "WRITTEN_COUNT_SECONDS", 0.0)
    for _ in range(2):  # full counts sheets with something written on them
        assert autosave(joined(workshop), workshop, "q1", "Noget", 1).status_code == 200
    response = Client().post(f"/j/{workshop.join_code}/")
    assert response.status_code == 400
    assert Sheet.objects.count() == 2


def test_nothing_about_a_participant_reaches_the_logs(
    workshop: Workshop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    participant = Client(REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="Telefon/1.0 (Mads)")
    participant.post(f"/j/{workshop.join_code}/")
    autosave(participant, workshop, "q1", "Hemmeligt svar", 1)
    autosave(participant, workshop, "q1", "x" * 6000, 2)  # a refusal is not logged with text
    token = participant.cookies[cookie_name(workshop)].value
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("10.9.8.7", "Mads", "Hemmeligt svar", token):
        assert secret not in logged


def test_a_save_overtaken_by_another_device_says_it_was_not_stored(workshop: Workshop) -> None:
    participant = joined(workshop)
    autosave(participant, workshop, "q2", "Fra telefonen", 5)
    stale = autosave(participant, workshop, "q2", "Fra den gamle fane", 5)
    assert stale.json() == {"field": "q2", "seq": 5, "saved": False}
    assert Entry.objects.get(field="q2").text == "Fra telefonen"
