"""Workshop templates, a workshop made from one, and "copy this workshop": through the
pages, the API and `vogter workshop`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from conftest import World
from vogter.organisations.models import AuditEntry
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.models import Sheet, Workshop, WorkshopTemplate

pytestmark = pytest.mark.django_db

TEMPLATE_FORM = {
    "name": "Teamworkshop",
    "title_pattern": "AI i {unit}",
    "language": "da",
    "min_group_size": "6",
    "require_login": "on",
    "anonymous": "on",
    "minutes_reflect": "20",
    "minutes_themes": "15",
    "minutes_principles": "",
    "minutes_agreement": "10",
}


def _template(world: World, **changes: object) -> WorkshopTemplate:
    settings: dict = {
        "name": "Teamworkshop",
        "title_pattern": "AI i {unit}",
        "language": "en",
        "min_group_size": 7,
        "require_login": True,
        "phase_minutes": {"reflect": 20, "agreement": 10},
    }
    return template_actions.create_template(world.fiona, world.havneby, **(settings | changes))


def test_a_facilitator_saves_a_template_with_minutes_per_phase(
    fiona_client: Client, world: World
) -> None:
    url = f"/o/{world.havneby.code}/workshops/templates/"
    response = fiona_client.post(url, TEMPLATE_FORM)
    assert response.status_code == 302, response.content.decode()
    template = WorkshopTemplate.objects.get(organisation=world.havneby)
    assert (template.title_pattern, template.min_group_size, template.require_login) == (
        "AI i {unit}",
        6,
        True,
    )
    # In the order of the phases (PostgreSQL's jsonb keeps no key order: `timings` gives
    # it); a phase left empty takes the usual minutes, as on a workshop.
    assert [(phase.value, minutes, own) for phase, minutes, own in template.timings()] == [
        ("reflect", 20, True),
        ("themes", 15, True),
        ("principles", 25, False),
        ("agreement", 10, True),
    ]
    page = fiona_client.get(url).content.decode()
    assert "Teamworkshop" in page and "20 minutter" in page


def test_a_workshop_made_from_a_template_names_its_unit_and_keeps_the_settings(
    fiona_client: Client, world: World
) -> None:
    template = _template(world)
    response = fiona_client.post(
        f"/o/{world.havneby.code}/workshops/templates/{template.code}/use/",
        {f"{template.code}-unit": world.web_team.code, f"{template.code}-date": "2027-01-12"},
    )
    workshop = Workshop.objects.get(organisation=world.havneby)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/workshops/{workshop.code}/")
    assert (workshop.title, workshop.unit, workshop.date) == (
        "AI i Web",
        world.web_team,
        datetime.date(2027, 1, 12),
    )
    assert (workshop.language, workshop.min_group_size, workshop.require_login) == ("en", 7, True)
    # The template's minutes per phase are the workshop's plan for its phase timer.
    assert workshop.phase_minutes == template.phase_minutes
    assert AuditEntry.objects.filter(action="workshop.from_template", target=workshop.code).exists()


def test_a_template_is_edited_and_deleted_without_touching_its_workshops(
    fiona_client: Client, world: World
) -> None:
    template = _template(world)
    made = template_actions.create_from_template(
        world.fiona, template, unit=world.unit, date=datetime.date(2027, 1, 12)
    )
    base = f"/o/{world.havneby.code}/workshops/templates/{template.code}/"
    edited = fiona_client.post(base, TEMPLATE_FORM | {"name": "Afdelingsworkshop"})
    assert edited.status_code == 302
    template.refresh_from_db()
    assert template.name == "Afdelingsworkshop"
    assert fiona_client.post(base + "delete/").status_code == 302
    assert not WorkshopTemplate.objects.exists()
    made.refresh_from_db()
    assert made.title == "AI i Kommunikation"


def test_a_member_cannot_see_or_use_templates_and_an_outsider_gets_404(
    world: World, mads_client: Client, olga_client: Client
) -> None:
    template = _template(world)
    base = f"/o/{world.havneby.code}/workshops/templates/"
    assert mads_client.get(base).status_code == 403
    assert mads_client.post(f"{base}{template.code}/use/").status_code == 403
    assert olga_client.get(f"{base}{template.code}/").status_code == 404
    # Olga's own organisation does not hold Havneby's template either.
    assert (
        olga_client.get(f"/o/{world.fjordby.code}/workshops/templates/{template.code}/").status_code
        == 404
    )


def test_a_template_refuses_a_phase_that_is_not_timed(world: World) -> None:
    with pytest.raises(template_actions.ActionError):
        _template(world, phase_minutes={"lobby": 5})
    with pytest.raises(template_actions.ActionError):
        _template(world, phase_minutes={"reflect": 500})


def test_copying_a_workshop_takes_the_settings_but_nothing_written_in_it(
    fiona_client: Client, world: World, answered_workshop: Workshop
) -> None:
    assert Sheet.objects.filter(workshop=answered_workshop).exists()
    url = f"/o/{world.havneby.code}/workshops/{answered_workshop.code}/copy/"
    page = fiona_client.get(url)
    assert page.status_code == 200
    response = fiona_client.post(url, {"unit": world.web_team.code, "date": "2027-02-01"})
    assert response.status_code == 302
    copy = Workshop.objects.exclude(pk=answered_workshop.pk).get()
    assert (copy.title, copy.unit) == ("AI i kommunikationen", world.web_team)
    assert copy.join_code != answered_workshop.join_code
    assert (copy.phase, copy.answers_revealed) == ("lobby", False)
    assert (copy.language, copy.anonymous, copy.min_group_size) == (
        answered_workshop.language,
        answered_workshop.anonymous,
        answered_workshop.min_group_size,
    )
    assert not copy.sheets.exists() and not copy.themes.exists() and not copy.principles.exists()


# --- API ------------------------------------------------------------------------------


def test_templates_over_the_api_from_creation_to_a_workshop(api_client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    api = api_client_for(world.fiona)
    base = f"/api/organisations/{world.havneby.code}/workshop-templates"
    created = api.post(
        base,
        {
            "name": "Team",
            "title_pattern": "AI in {unit}",
            "language": "en",
            "phase_minutes": {"themes": 15, "reflect": 20},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    assert created.json()["phase_minutes"] == {"reflect": 20, "themes": 15}
    patched = api.patch(f"{base}/{code}", {"min_group_size": 8}, content_type="application/json")
    assert patched.json()["min_group_size"] == 8 and patched.json()["name"] == "Team"
    made = api.post(
        f"{base}/{code}/workshops",
        {"unit": world.unit.code, "date": "2027-03-01"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert (made.json()["title"], made.json()["min_group_size"]) == ("AI in Kommunikation", 8)
    assert [t["code"] for t in api.get(base).json()] == [code]
    bad = api.patch(
        f"{base}/{code}", {"phase_minutes": {"closed": 3}}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "phase_minutes"
    assert api.delete(f"{base}/{code}").status_code == 204
    assert api.get(f"{base}/{code}").status_code == 404


def test_copy_over_the_api_and_a_foreign_unit_is_refused(  # type: ignore[no-untyped-def]
    api_client_for, world: World, workshop: Workshop
) -> None:
    api = api_client_for(world.fiona)
    url = f"/api/organisations/{world.havneby.code}/workshops/{workshop.code}/copy"
    made = api.post(
        url,
        {"unit": world.unit.code, "date": "2027-03-01", "title": "Runde 2"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["title"] == "Runde 2"
    assert made.json()["phase"] == "lobby" and made.json()["joined"] == 0
    foreign = api.post(
        url,
        {"unit": world.fjordby_unit.code, "date": "2027-03-01"},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and foreign.json()["field"] == "unit"


# --- CLI ------------------------------------------------------------------------------


def run(*args: str) -> list[str]:
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def test_templates_on_the_command_line(world: World) -> None:
    org = world.havneby.code
    [line] = run(
        "workshop",
        "template-create",
        org,
        "--name",
        "Team",
        "--title",
        "AI i {unit}",
        "--min-group-size",
        "6",
        "--minutes",
        "reflect=20",
        "agreement=10",
    )
    code = line.split("\t")[0]
    [listed] = run("workshop", "templates", org)
    assert json.loads(listed)["phase_minutes"] == {"reflect": 20, "agreement": 10}
    [made] = run(
        "workshop",
        "from-template",
        org,
        code,
        "--unit",
        world.web_team.code,
        "--date",
        "2027-01-12",
    )
    workshop = Workshop.objects.get(code=made.split("\t")[0])
    assert (workshop.title, workshop.min_group_size) == ("AI i Web", 6)
    [copied] = run("workshop", "copy", org, workshop.code, "--date", "2027-02-12")
    assert copied.endswith("\tAI i Web")
    run("workshop", "template-delete", org, code)
    assert not WorkshopTemplate.objects.exists()
    with pytest.raises(CommandError):
        run(
            "workshop",
            "template-create",
            org,
            "--name",
            "X",
            "--title",
            "Y",
            "--minutes",
            "reflect",
        )


def test_a_copy_starts_empty_even_when_people_are_writing_in_the_original(
    world: World, workshop: Workshop
) -> None:
    sheet_actions.save_entry(sheet_actions.join(workshop).sheet, "q1", "Tid", 1)
    copy = template_actions.copy_workshop(
        world.fiona, workshop, unit=world.unit, date=datetime.date(2027, 1, 1)
    )
    assert copy.title == workshop.title and not copy.sheets.exists()


def test_a_copy_for_another_unit_names_that_unit_where_the_title_named_the_old_one(
    world: World,
) -> None:
    template = _template(world)
    first = template_actions.create_from_template(
        world.fiona, template, unit=world.unit, date=datetime.date(2027, 1, 1)
    )
    assert first.title == "AI i Kommunikation"
    copy = template_actions.copy_workshop(
        world.fiona, first, unit=world.web_team, date=datetime.date(2027, 1, 8)
    )
    assert copy.title == "AI i Web"
