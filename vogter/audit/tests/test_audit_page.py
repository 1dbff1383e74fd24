"""The audit page: admins read everything, a unit's TR reads their units' charters,
rounds and downloads, and nobody else reads anything."""

import datetime
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Branches, World, _client_for
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.models import Charter
from vogter.lib.errors import record
from vogter.organisations.models import AuditEntry
from vogter.workshops.models import Entry, Workshop


def _page(client: Client, world: World, **params: str) -> Any:
    return client.get(reverse("audit:log", args=[world.havneby.code]), params)


@pytest.fixture
def charters(world: World, branches: Branches) -> dict[str, Charter]:
    """A charter for Kommunikation (Tina's unit), one for the Web team below it (Mads is
    its own TR), one for Kultur above it (Ulla's) and one for Sekretariatet (Tom's)."""
    made = {}
    for key, unit in (
        ("kommunikation", world.unit),
        ("web", world.web_team),
        ("kultur", world.department),
        ("sekretariatet", branches.sekretariatet),
    ):
        made[key] = draft_actions.create_charter(
            world.fiona, world.havneby, unit=unit, title=f"Principper for {unit.name}"
        )
    return made


def test_admin_reads_every_entry_of_the_organisation(
    world: World, alice_client: Client, charters: dict[str, Charter]
) -> None:
    response = _page(alice_client, world)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Principper for Sekretariatet" in text
    assert "Oprettede en enhed" in text  # unit.create, Danish by default
    assert (
        response.context["page"].paginator.count
        == AuditEntry.objects.filter(organisation=world.havneby).count()
    )


def test_tr_reads_only_their_units_charters(
    world: World, branches: Branches, charters: dict[str, Charter]
) -> None:
    response = _page(_client_for(branches.tina), world)
    assert response.status_code == 200
    targets = {row.target for row in response.context["rows"]}
    assert targets == {charters["kommunikation"].code}
    assert "Oprettede en enhed" not in response.content.decode()


def test_tr_above_reads_units_below_without_their_own_tr(
    world: World, branches: Branches, charters: dict[str, Charter]
) -> None:
    mads = _page(_client_for(world.mads), world)
    assert {row.target for row in mads.context["rows"]} == {charters["web"].code}
    ulla = _page(_client_for(branches.ulla), world)
    assert {row.target for row in ulla.context["rows"]} == {charters["kultur"].code}


def test_tr_reads_who_downloaded_their_charter(
    world: World, branches: Branches, fiona_client: Client, charters: dict[str, Charter]
) -> None:
    charter = charters["kommunikation"]
    url = reverse("charters:export", args=[world.havneby.code, charter.code])
    assert fiona_client.get(url, {"format": "md"}).status_code == 200
    response = _page(_client_for(branches.tina), world, action="charter.export")
    [row] = response.context["rows"]
    assert row.actor == "Fiona Facilitator"
    assert row.target_name == "Principper for Kommunikation"
    assert "Hentede principsættet" in response.content.decode()


def test_facilitator_without_a_representative_role_is_refused(
    world: World, fiona_client: Client
) -> None:
    assert _page(fiona_client, world).status_code == 403


def test_outsider_gets_404(world: World, olga_client: Client) -> None:
    assert _page(olga_client, world).status_code == 404


def test_filters_by_action_family_actor_and_unit(
    world: World, alice_client: Client, charters: dict[str, Charter]
) -> None:
    rows = _page(alice_client, world, action="charter").context["rows"]
    assert {row.action for row in rows} == {"charter.create"}
    assert len(rows) == 4
    rows = _page(alice_client, world, actor="fiona").context["rows"]
    assert rows and {row.actor for row in rows} == {"Fiona Facilitator"}
    rows = _page(alice_client, world, unit=world.web_team.code).context["rows"]
    assert {row.target for row in rows} == {charters["web"].code}


def test_filters_by_days(world: World, alice_client: Client) -> None:
    AuditEntry.objects.filter(organisation=world.havneby).update(
        created_at=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    )
    assert (
        _page(alice_client, world, since="2026-03-01", until="2026-03-01")
        .context["page"]
        .paginator.count
    )
    assert not _page(alice_client, world, since="2026-03-02").context["page"].paginator.count
    assert not _page(alice_client, world, until="2026-02-28").context["page"].paginator.count


def test_a_day_that_is_not_one_is_said_and_the_log_still_shows(
    world: World, alice_client: Client
) -> None:
    response = _page(alice_client, world, since="i går")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert response.context["page"].paginator.count > 0


def test_in_english_the_entries_read_in_english(world: World, alice_client: Client) -> None:
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    text = _page(alice_client, world).content.decode()
    assert "Created a unit" in text
    assert "Audit log" in text


def test_an_action_with_no_label_shows_its_code(world: World, alice_client: Client) -> None:
    AuditEntry.objects.create(organisation=world.havneby, action="something.new", target="x")
    assert "something.new" in _page(alice_client, world).content.decode()


def test_the_page_costs_the_same_queries_for_many_entries(
    world: World,
    alice_client: Client,
    charters: dict[str, Charter],
    django_assert_max_num_queries: Callable[..., AbstractContextManager[Any]],
) -> None:
    for charter in charters.values():
        for _ in range(10):
            AuditEntry.objects.create(
                organisation=world.havneby,
                actor=world.fiona,
                unit=charter.unit,
                action="charter.export",
                target=charter.code,
            )
    with django_assert_max_num_queries(14):
        assert _page(alice_client, world).status_code == 200


def test_the_menu_shows_the_log_to_admins_and_representatives(
    world: World, alice_client: Client, fiona_client: Client, mads_client: Client
) -> None:
    link = reverse("audit:log", args=[world.havneby.code])
    overview = reverse("organisations:overview", args=[world.havneby.code])
    assert link in alice_client.get(overview).content.decode()
    assert link in mads_client.get(overview).content.decode()
    assert link not in fiona_client.get(overview).content.decode()


def test_an_anonymous_participant_leaves_nothing_in_the_log(
    world: World, workshop: Workshop, fiona_client: Client
) -> None:
    """Joining, writing and submitting write no entry; the facilitator's hiding of the
    answer names the answer, never its sheet or a person."""
    before = AuditEntry.objects.count()
    phone = Client()
    phone.post(reverse("workshops:join", args=[workshop.join_code]))
    saved = phone.post(
        reverse("workshops:save", args=[workshop.join_code]),
        json.dumps({"field": "q1", "text": "Min egen tanke.", "seq": 1, "final": True}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    phone.post(reverse("workshops:submit", args=[workshop.join_code]))
    assert AuditEntry.objects.count() == before
    entry = Entry.objects.get(field="q1", sheet__workshop=workshop)
    fiona_client.post(
        reverse("workshops:hide_card", args=[world.havneby.code, workshop.code, entry.id])
    )
    hidden = AuditEntry.objects.filter(action__startswith="card.")
    assert hidden.exists()
    for logged in hidden:
        text = json.dumps(logged.data) + logged.target
        assert str(entry.sheet_id) not in text
        assert "Min egen tanke" not in text
        assert logged.actor == world.fiona


def test_entries_from_before_units_were_kept_get_theirs(
    world: World, branches: Branches, charters: dict[str, Charter]
) -> None:
    """The migration that gives earlier entries their unit (audit 0001), run over entries
    that lost it: the TR reads them again."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("vogter.audit.migrations.0001_units_of_earlier_entries")
    AuditEntry.objects.update(unit=None)
    assert not _page(_client_for(branches.tina), world).context["rows"]
    migration.backfill(apps, None)
    rows = _page(_client_for(branches.tina), world).context["rows"]
    assert {row.target for row in rows} == {charters["kommunikation"].code}
    assert not AuditEntry.objects.filter(action="unit.create").exclude(unit=None).exists()


def test_the_download_links_keep_the_filter(world: World, alice_client: Client) -> None:
    text = _page(alice_client, world, action="unit.create", page="1").content.decode()
    export = reverse("audit:export", args=[world.havneby.code])
    assert f'href="{export}?action=unit.create&amp;format=csv"' in text
    response = alice_client.get(export, {"action": "unit.create", "format": "json"})
    entries = json.loads(response.content)["entries"]
    assert entries and {entry["action"] for entry in entries} == {"unit.create"}


def test_the_details_are_named_in_words_and_the_download_keeps_the_codes(
    world: World, alice_client: Client
) -> None:
    record(world.alice, world.havneby, "membership.change", "x1", is_union_rep=True, role="admin")
    text = _page(alice_client, world, action="membership.change").content.decode()
    assert "<li>TR: Ja</li>" in text and "<li>Rolle: Administrator</li>" in text
    assert "is_union_rep" not in text
    url = reverse("audit:export", args=[world.havneby.code])
    download = alice_client.get(url, {"format": "json", "action": "membership.change"})
    assert '"is_union_rep": true' in download.content.decode()
