"""Reflection rounds through their pages and the run-due command: anonymous check-ins,
results that never show a figure over too few people, trends, flags and reminders."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.models import Checkin, PrincipleAnswer, Receipt, Round
from vogter.reflection.results import results, trends
from vogter.reflection.tests.conftest import close
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _codes(charter: Charter) -> list[str]:
    return [p["code"] for p in charter.versions.get(number=1).document["principles"]]


def _answer(client: Client, reflection: Round, codes: list[str], score: str, **extra: str) -> int:
    form = {f"score-{c}": score for c in codes} | {f"verdict-{c}": "keep" for c in codes}
    form |= {"productivity": "4", "wellbeing": score, "meaningfulness": "", **extra}
    return client.post(f"/r/{reflection.code}/", form).status_code


def test_an_event_round_takes_one_anonymous_check_in_per_person(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    page = fiona_client.post(
        f"/o/{world.havneby.code}/charters/{adopted_charter.code}/reflection/",
        {"kind": "event", "event": "new_tool", "description": "Copilot i Outlook"},
    )
    reflection = Round.objects.get()
    assert page["Location"].endswith(f"/reflection/{reflection.code}/")
    codes = _codes(adopted_charter)
    phone = _client(colleagues[0])
    assert "Når vi bruger GenAI" in phone.get(f"/r/{reflection.code}/").content.decode()
    assert _answer(phone, reflection, codes, "4", changed="Mere tid til borgerne") == 302
    assert _answer(phone, reflection, codes, "1") == 302  # once per person: it is in already
    assert Checkin.objects.count() == 1 and Receipt.objects.count() == 1
    stored = {f.name for f in Checkin._meta.get_fields()} | {
        f.name for f in PrincipleAnswer._meta.get_fields()
    }
    assert not stored & {"user", "receipt", "created_at", "sheet"}
    outsider = _client(world.olga)
    assert outsider.get(f"/r/{reflection.code}/").status_code == 404


def test_results_are_withheld_below_the_minimum_group_size(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    codes = _codes(adopted_charter)
    for person in colleagues[:4]:
        _answer(_client(person), reflection, codes, "4", changed="hemmelig tekst")
    url = f"/o/{world.havneby.code}/reflection/{reflection.code}/"
    page = fiona_client.get(url).content.decode()
    assert "hemmelig tekst" not in page and "<svg" not in page
    # The fifth gives scores, but says "can't say" about well-being.
    _answer(_client(colleagues[4]), reflection, codes, "2", wellbeing="")
    still_open = fiona_client.get(url).content.decode()
    assert "hemmelig tekst" not in still_open and "<svg" not in still_open
    close(reflection)  # results show once the round has closed
    result = results(reflection)
    assert result["withheld"] is False
    first = result["principles"][0]["score"]
    assert first.n == 5 and first.mean == pytest.approx(3.6)
    assert result["aims"]["productivity"].mean == 4.0
    assert result["aims"]["wellbeing"].withheld  # only four gave a well-being score
    assert result["aims"]["meaningfulness"].withheld
    page = fiona_client.get(url).content.decode()
    # The mean the Danish way (a "3.6" would match a chart's coordinates by chance).
    assert ">3,6</strong>" in page and "hemmelig tekst" in page and 'role="img"' in page


def test_run_due_opens_scheduled_rounds_and_reminds_once(
    signatories: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    today = datetime.date(2026, 12, 1)
    schedule_actions.set_schedule(
        None, adopted_charter, every_months=3, open_days=5, next_opens_on=today
    )
    first = schedule_actions.run_due("https://vogter.example", today)
    assert len(first.opened) == 1 and first.opening_mails >= 6
    assert "https://vogter.example/tjek/" in mail.outbox[0].body
    again = schedule_actions.run_due("https://vogter.example", today)
    assert not again.opened and again.opening_mails == 0 and again.closing_mails == 0
    closing = schedule_actions.run_due("https://vogter.example", today + datetime.timedelta(days=3))
    assert closing.closing_mails >= 6
    assert (
        schedule_actions.run_due(
            "https://vogter.example", today + datetime.timedelta(days=4)
        ).closing_mails
        == 0
    )
    adopted_charter.schedule.refresh_from_db()
    assert adopted_charter.schedule.next_opens_on == datetime.date(2027, 3, 1)
    call_command("reflection", "run-due", "--base-url", "https://vogter.example")


def test_a_falling_principle_is_flagged_and_a_revisit_workshop_starts_from_it(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    codes = _codes(adopted_charter)
    for weeks_ago, score in ((12, "5"), (8, "4"), (4, "2")):
        reflection = round_actions.open_round(world.fiona, adopted_charter, event="other")
        for person in colleagues[:5]:
            _answer(_client(person), reflection, codes, score)
        day = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
        Round.objects.filter(pk=reflection.pk).update(opens_on=day, closes_on=day)
    trend = trends(adopted_charter)
    assert trend["principles"][0]["means"] == [5.0, 4.0, 2.0]
    assert {f["code"] for f in trend["flags"] if f["reason"] == "falling"} == set(codes)
    url = f"/o/{world.havneby.code}/charters/{adopted_charter.code}/reflection/"
    assert "<svg" in fiona_client.get(url).content.decode()
    response = fiona_client.post(url, {"do": "revisit", "principle": codes[0]})
    workshop = Workshop.objects.exclude(
        pk__in=[w.pk for w in adopted_charter.workshops.all()]
    ).get()
    assert response["Location"].endswith(f"/workshops/{workshop.code}/")
    copied = workshop.principles.get()
    assert copied.statement_da == "bruger vi den sparede tid på borgerne"
    assert copied.cells.count() == 3


def test_the_ai_literacy_record_lists_the_reflection_rounds_held(
    signatories: World, alice_client: Client, adopted_charter: Charter
) -> None:
    round_actions.open_round(signatories.fiona, adopted_charter, event="new_tool")
    url = f"/o/{signatories.havneby.code}/ai-literacy/"
    csv_text = alice_client.get(url + "?format=csv&language=en").content.decode("utf-8-sig")
    assert "Reflection rounds;" in csv_text and "Vores principper" in csv_text
    assert "Vores principper" in alice_client.get(url).content.decode()


def test_results_wait_for_the_round_to_close_and_odd_input_gets_a_clear_answer(
    signatories: World, fiona_client: Client, adopted_charter: Charter, colleagues: list[User]
) -> None:
    world = signatories
    reflection = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    codes = _codes(adopted_charter)
    for person in colleagues[:6]:
        _answer(_client(person), reflection, codes, "4", changed="hemmelig tekst")
    assert results(reflection)["withheld"] is True  # six in, but still open
    url = f"/o/{world.havneby.code}/charters/{adopted_charter.code}/reflection/"
    far = fiona_client.post(url, {"kind": "event", "event": "other", "opens_on": "9999-12-31"})
    assert far.status_code == 400 and Round.objects.count() == 1
    assert 'id="event-error"' in far.content.decode()
    odd = fiona_client.post(
        f"/o/{world.havneby.code}/reflection/{reflection.code}/", {"do": "follow_up", "action": "x"}
    )
    assert odd.status_code == 404


def test_the_daily_job_opens_a_due_round_and_mails_its_people(
    signatories: World, adopted_charter: Charter, colleagues: list[User], settings: Any
) -> None:
    settings.SITE_URL = "https://vogter.example"
    today = datetime.date(2026, 12, 1)
    schedule_actions.set_schedule(
        None, adopted_charter, every_months=3, open_days=5, next_opens_on=today
    )
    call_command("daily", "--today", today.isoformat())
    assert adopted_charter.rounds.filter(opens_on=today).exists()
    assert any("https://vogter.example/tjek/" in m.body for m in mail.outbox)
