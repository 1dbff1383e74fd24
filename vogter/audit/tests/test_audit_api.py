"""The audit log over the API and as a download: the same entries, for the same people."""

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Branches, World
from vogter.accounts.models import User
from vogter.audit.labels import LABELS
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.models import Charter
from vogter.organisations.models import AuditEntry

API = "/api/organisations/{org}/audit"


@pytest.fixture
def kommunikation(world: World, branches: Branches) -> Charter:
    draft_actions.create_charter(
        world.fiona, world.havneby, unit=branches.sekretariatet, title="Sekretariatets principper"
    )
    return draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title='=HYPERLINK("http://x.example")'
    )


def test_admin_lists_entries_with_a_count_and_pages(
    world: World, api_client_for: Callable[[User], Client], kommunikation: Charter
) -> None:
    client = api_client_for(world.alice)
    body = client.get(API.format(org=world.havneby.code), {"limit": 2}).json()
    total = AuditEntry.objects.filter(organisation=world.havneby).count()
    assert body["count"] == total
    assert len(body["items"]) == 2
    newest = body["items"][0]
    assert newest["action"] == "charter.create"
    assert newest["target"] == kommunikation.code
    assert newest["unit"] == world.unit.code
    assert newest["actor_email"] == "fiona@havneby.example"
    second = client.get(API.format(org=world.havneby.code), {"limit": 2, "offset": 2}).json()
    assert second["items"][0] != newest


def test_tr_lists_only_their_units_entries(
    world: World,
    branches: Branches,
    api_client_for: Callable[[User], Client],
    kommunikation: Charter,
) -> None:
    body = api_client_for(branches.tina).get(API.format(org=world.havneby.code)).json()
    assert [item["target"] for item in body["items"]] == [kommunikation.code]
    assert body["count"] == 1


def test_api_filters_as_the_page_does(
    world: World, api_client_for: Callable[[User], Client], kommunikation: Charter
) -> None:
    client = api_client_for(world.alice)
    body = client.get(
        API.format(org=world.havneby.code), {"action": "charter", "unit": world.unit.code}
    ).json()
    assert [item["target"] for item in body["items"]] == [kommunikation.code]
    assert client.get(API.format(org=world.havneby.code), {"since": "i går"}).status_code == 422


def test_facilitator_is_refused_and_outsider_gets_404(
    world: World, api_client_for: Callable[[User], Client]
) -> None:
    url = API.format(org=world.havneby.code)
    assert api_client_for(world.fiona).get(url).status_code == 403
    assert api_client_for(world.olga).get(url).status_code == 404


def test_csv_download_is_safe_in_a_spreadsheet_and_is_itself_logged(
    world: World, alice_client: Client, kommunikation: Charter
) -> None:
    response = alice_client.get(
        reverse("audit:export", args=[world.havneby.code]), {"action": "charter.create"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["Hvornår", "Hvem", "E-mailadresse", "Hvad"]
    abouts = {row[5] for row in table[1:]}
    assert '\'=HYPERLINK("http://x.example")' in abouts
    assert '=HYPERLINK("http://x.example")' not in abouts
    logged = AuditEntry.objects.get(action="audit.export")
    assert logged.actor == world.alice
    assert logged.data["filters"] == {"action": "charter.create"}


def test_json_download_through_the_api_for_a_tr(
    world: World,
    branches: Branches,
    api_client_for: Callable[[User], Client],
    kommunikation: Charter,
) -> None:
    response = api_client_for(branches.tina).get(
        API.format(org=world.havneby.code) + "/export", {"format": "json", "language": "en"}
    )
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["schema"] == "vogter.audit/1"
    [entry] = document["entries"]
    assert entry["label"] == "Created the charter"
    assert entry["target"] == kommunikation.code


def test_every_action_the_code_records_has_a_label() -> None:
    """A new action shows its code until it is named here (vogter/audit/labels.py)."""
    root = Path(__file__).resolve().parents[2]
    recorded = set()
    for path in root.rglob("*.py"):
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"record\(\s*[^,]+,\s*[^,]+,\s*\"([a-z_.]+)\"", text):
            recorded.add(match.group(1))
    assert len(recorded) > 60
    assert not recorded - set(LABELS), sorted(recorded - set(LABELS))
