"""Retention: an organisation chooses how long answers and audit entries are kept, the
participants are told the day, and the job deletes what is past it, saying how much."""

import datetime
import getpass
import json
from collections.abc import Callable
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import World
from vogter.accounts.models import User
from vogter.data.retention import run_retention
from vogter.organisations.models import AuditEntry, Organisation
from vogter.principles.models import Principle, Theme
from vogter.workshops.models import Entry, Workshop

HELD = datetime.date(2026, 11, 27)  # the workshop fixture's date


def _policy(organisation: Organisation, answers: int | None, audit: int | None = None) -> None:
    organisation.answers_kept_months = answers
    organisation.audit_kept_months = audit
    organisation.save()


def _run(today: str) -> list[list[str]]:
    out = StringIO()
    call_command("retention", "run", "--today", today, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


# --- The policy, three ways ---------------------------------------------------------------


def test_admin_sets_the_policy_on_the_settings_page(world: World, alice_client: Client) -> None:
    url = reverse("organisations:settings", args=[world.havneby.code])
    form = {"name": "Havneby Kommune", "default_language": "da", "min_group_size": 5}
    response = alice_client.post(url, {**form, "answers_kept_months": 6, "audit_kept_months": 24})
    assert response.status_code == 302
    world.havneby.refresh_from_db()
    assert (world.havneby.answers_kept_months, world.havneby.audit_kept_months) == (6, 24)
    entry = AuditEntry.objects.get(action="organisation.retention")
    assert entry.data == {"answers_kept_months": 6, "audit_kept_months": 24}
    # Empty keeps for ever again.
    alice_client.post(url, {**form, "answers_kept_months": "", "audit_kept_months": ""})
    world.havneby.refresh_from_db()
    assert world.havneby.answers_kept_months is None
    assert world.havneby.audit_kept_months is None


def test_the_settings_page_refuses_zero_months(world: World, alice_client: Client) -> None:
    url = reverse("organisations:settings", args=[world.havneby.code])
    form = {"name": "Havneby Kommune", "default_language": "da", "min_group_size": 5}
    response = alice_client.post(url, {**form, "answers_kept_months": 0})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    world.havneby.refresh_from_db()
    assert world.havneby.answers_kept_months is None


def test_the_api_sets_clears_and_leaves_the_policy(
    world: World, api_client_for: Callable[[User], Client]
) -> None:
    client = api_client_for(world.alice)
    url = f"/api/organisations/{world.havneby.code}"

    def patch(body: dict[str, object]) -> dict[str, object]:
        response = client.patch(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()

    assert patch({"answers_kept_months": 6, "audit_kept_months": 36})["audit_kept_months"] == 36
    body = patch({"name": "Havneby Kommune"})  # left out: unchanged
    assert (body["answers_kept_months"], body["audit_kept_months"]) == (6, 36)
    body = patch({"audit_kept_months": None})  # null: kept for ever
    assert (body["answers_kept_months"], body["audit_kept_months"]) == (6, None)
    too_many = client.patch(
        url, json.dumps({"answers_kept_months": 500}), content_type="application/json"
    )
    assert too_many.status_code == 422


def test_the_command_sets_and_shows_the_policy(world: World) -> None:
    out = StringIO()
    call_command(
        "retention", "set", world.havneby.code, "--answers-months", "12", "--audit-months", "keep",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue().split() == [world.havneby.code, "12", "keep"]
    world.havneby.refresh_from_db()
    assert world.havneby.answers_kept_months == 12


# --- What participants are told --------------------------------------------------------------


def test_the_join_page_and_the_sheet_say_when_answers_are_deleted(
    world: World, workshop: Workshop
) -> None:
    _policy(world.havneby, 6)
    phone = Client()
    join = reverse("workshops:join", args=[workshop.join_code])
    assert "Dine svar slettes den 27. maj 2027." in phone.get(join).content.decode()
    phone.post(join)
    sheet = phone.get(reverse("workshops:sheet", args=[workshop.join_code]))
    assert "Dine svar slettes den 27. maj 2027." in sheet.content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your answers are deleted on 27 May 2027." in english.get(join).content.decode()


def test_without_a_policy_nothing_is_promised(world: World, workshop: Workshop) -> None:
    page = Client().get(reverse("workshops:join", args=[workshop.join_code]))
    assert 'id="answers-deleted-on"' not in page.content.decode()


# --- The job ----------------------------------------------------------------------------------


def test_answers_go_on_the_day_and_themes_and_principles_keep_their_sources(
    world: World, drafted_workshop: Workshop
) -> None:
    _policy(world.havneby, 6)
    theme = Theme.objects.get(workshop=drafted_workshop)
    principle = Principle.objects.filter(workshop=drafted_workshop).first()
    assert principle is not None
    themed, sourced = theme.answers.count(), principle.sources.count()
    written = Entry.objects.filter(sheet__workshop=drafted_workshop).exclude(text="").count()

    assert _run("2027-05-26") == [[world.havneby.code, "0", "0", "0", "0", "0"]]
    assert Entry.objects.filter(sheet__workshop=drafted_workshop).exclude(text="").count()

    [[code, workshops, deleted, emptied, comments, audit]] = _run("2027-05-27")
    assert (code, workshops, comments, audit) == (world.havneby.code, "1", "0", "0")
    left = Entry.objects.filter(sheet__workshop=drafted_workshop)
    assert not left.exclude(text="").exists()
    assert not left.exclude(released_text="").exists()
    assert int(deleted) + int(emptied) == written
    fed = {
        *theme.answers.values_list("entry_id", flat=True),
        *principle.sources.values_list("pk", flat=True),
    }
    assert left.count() == int(emptied) == len(fed)
    assert theme.answers.count() == themed
    assert principle.sources.count() == sourced
    assert principle.statement_da == "bruger vi den sparede tid på borgerne"

    entry = AuditEntry.objects.get(action="retention.answers")
    assert entry.target == drafted_workshop.code
    # Counts, never contents; and that the command line did it, as whom.
    assert entry.data == {
        "answers_deleted": int(deleted),
        "answers_emptied": int(emptied),
        "comments": 0,
        "months": 6,
        "command_line": getpass.getuser(),
    }
    # Once is enough: a second run finds nothing and records nothing.
    assert _run("2027-06-01") == [[world.havneby.code, "0", "0", "0", "0", "0"]]
    assert AuditEntry.objects.filter(action="retention.answers").count() == 1


def test_a_workshop_still_taking_answers_is_left_alone(world: World, workshop: Workshop) -> None:
    from vogter.workshops.actions import sheets as sheet_actions

    sheet = sheet_actions.join(workshop).sheet
    sheet_actions.save_entry(sheet, "q1", "Jeg skriver stadig.", 1)
    _policy(world.havneby, 1)
    run_retention(datetime.date(2030, 1, 1))
    assert Entry.objects.get(sheet=sheet, field="q1").text == "Jeg skriver stadig."


def test_another_organisation_without_a_policy_keeps_everything(
    world: World, drafted_workshop: Workshop
) -> None:
    _policy(world.fjordby, 1, 1)
    run_retention(datetime.date(2030, 1, 1))
    assert Entry.objects.filter(sheet__workshop=drafted_workshop).exclude(text="").exists()


def test_old_audit_entries_go_and_the_deletion_is_recorded(world: World) -> None:
    _policy(world.havneby, None, 12)
    entries = AuditEntry.objects.filter(organisation=world.havneby)
    kept = entries.count()
    old = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
    for _ in range(3):
        AuditEntry.objects.create(organisation=world.havneby, action="unit.update", target="x")
    AuditEntry.objects.filter(organisation=world.havneby, target="x").update(created_at=old)
    AuditEntry.objects.create(organisation=world.fjordby, action="unit.update", target="x")
    AuditEntry.objects.filter(organisation=world.fjordby).update(created_at=old)

    report = run_retention(datetime.date(2026, 12, 7))
    assert [done.audit_entries for done in report.done] == [3]
    assert not entries.filter(target="x").exists()
    assert entries.exclude(action="retention.audit").count() == kept
    done = entries.get(action="retention.audit")
    assert done.data == {"entries": 3, "before": "2025-12-07"}
    assert AuditEntry.objects.filter(organisation=world.fjordby, target="x").exists()


def test_a_phone_joining_through_the_api_is_told_the_day(world: World, workshop: Workshop) -> None:
    join = {"join_code": workshop.join_code}
    phone = Client()
    body = phone.post("/api/worksheets/join", json.dumps(join), content_type="application/json")
    assert body.json()["answers_deleted_on"] is None
    _policy(world.havneby, 6)
    body = phone.post("/api/worksheets/join", json.dumps(join), content_type="application/json")
    assert body.json()["answers_deleted_on"] == "2027-05-27"


def test_the_daily_job_applies_the_policy(world: World) -> None:
    _policy(world.havneby, None, 12)
    AuditEntry.objects.create(organisation=world.havneby, action="unit.update", target="old")
    old = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
    AuditEntry.objects.filter(target="old").update(created_at=old)
    out = StringIO()
    call_command("daily", "--today", "2026-12-07", stdout=out)
    line = next(
        cells
        for cells in (row.split("\t") for row in out.getvalue().splitlines())
        if cells[0] == "retention"
    )
    assert line[1:] == [
        world.havneby.code,
        "workshops=0",
        "answers_deleted=0",
        "answers_emptied=0",
        "comments=0",
        "audit_entries=1",
    ]
    assert not AuditEntry.objects.filter(target="old").exists()
