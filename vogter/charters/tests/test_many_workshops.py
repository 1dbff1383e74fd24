"""Several workshops feeding one principle set: a charter made from three workshops, its
principles merged across them, each keeping every workshop it came from, with that
workshop's themes and quotes (the appendix "Hvor principperne kommer fra")."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from conftest import World
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.models import Charter, CharterPrinciple
from vogter.charters.tests.teams import TEAMS, team_workshops
from vogter.organisations.models import AuditEntry

pytestmark = pytest.mark.django_db


def _charter(world: World) -> Charter:
    return draft_actions.create_charter(
        world.fiona,
        world.havneby,
        unit=world.department,
        title="Kulturs principper",
        workshops=team_workshops(world),
    )


def _sources(client: Client, world: World, charter: Charter) -> list[list[dict]]:
    url = f"/api/organisations/{world.havneby.code}/charters/{charter.code}/export?format=json"
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [p["sources"] for p in json.loads(response.content)["principles"]]


def test_merging_principles_from_three_workshops_keeps_each_workshop_with_its_themes_and_quotes(
    fiona_client: Client,
    api_client_for,
    world: World,  # type: ignore[no-untyped-def]
) -> None:
    charter = _charter(world)
    first, second, third = charter.principles.all()
    base = f"/o/{world.havneby.code}/charters/{charter.code}/principles/"
    page = fiona_client.get(f"{base}{second.code}/").content.decode()
    assert "Slå sammen med et andet princip" in page and "(AI i Web)" in page
    for other in (second, third):
        response = fiona_client.post(
            f"{base}{other.code}/", {"do": "merge", "into": first.code, "reason": "Det samme"}
        )
        assert response.status_code == 302
    assert list(charter.principles.all()) == [first]
    [sources] = _sources(api_client_for(world.fiona), world, charter)
    assert [(s["workshop"], s["themes"], s["quotes"]) for s in sources] == [
        (title, [label], [quote]) for title, label, quote, _statement in TEAMS
    ]
    document = fiona_client.get(f"/o/{world.havneby.code}/charters/{charter.code}/").content
    text = document.decode()
    assert "Hvor principperne kommer fra" in text
    assert all(title in text and quote in text for title, _l, quote, _s in TEAMS)
    assert AuditEntry.objects.filter(action="charter.principle.merge").count() == 2


def test_a_merged_principle_keeps_its_wording_and_takes_the_other_s_levels_it_lacks(
    api_client_for,
    world: World,  # type: ignore[no-untyped-def]
) -> None:
    charter = _charter(world)
    first, second, _third = charter.principles.all()
    api = api_client_for(world.fiona)
    base = f"/api/organisations/{world.havneby.code}/charters/{charter.code}/principles"
    cell = {"text": "Vi aftaler det i teamet", "responsible": "", "reason": ""}
    assert (
        api.put(
            f"{base}/{second.code}/cells/group", cell, content_type="application/json"
        ).status_code
        == 200
    )
    merged = api.post(
        f"{base}/{second.code}/merge", {"into": first.code}, content_type="application/json"
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["statement_da"] == first.statement_da
    assert CharterPrinciple.objects.get(pk=first.pk).cells.get().text == "Vi aftaler det i teamet"
    itself = api.post(
        f"{base}/{first.code}/merge", {"into": first.code}, content_type="application/json"
    )
    assert itself.status_code == 400 and itself.json()["field"] == "into"


def test_merging_on_the_command_line(world: World) -> None:
    workshops = team_workshops(world)
    out = StringIO()
    with translation.override("en"):
        args = ["charter", "create", world.havneby.code, "--unit", world.department.code]
        args += ["--title", "Fælles"]
        for w in workshops:
            args += ["--workshop", w.code]
        call_command(*args, stdout=out)
        code = out.getvalue().split("\t")[0]
        listed = StringIO()
        call_command("charter", "principles", code, stdout=listed)
        rows = [line.split("\t") for line in listed.getvalue().splitlines()]
        assert len(rows) == 3
        for row in rows[1:]:
            call_command(
                "charter", "merge-principles", code, row[0], "--into", rows[0][0], stdout=StringIO()
            )
        listed = StringIO()
        call_command("charter", "principles", code, stdout=listed)
    [row] = [line.split("\t") for line in listed.getvalue().splitlines()]
    assert row[3] == ", ".join(w.code for w in workshops)
