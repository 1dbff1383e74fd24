"""A unit's reflection rounds in its audit log, and retention of their check-in comments."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, _client_for
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.data.retention import run_retention
from vogter.organisations.models import AuditEntry
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import Checkin, Event, Round
from vogter.workshops.models import Workshop


@pytest.fixture
def reflection(signatories: World, drafted_workshop: Workshop) -> Round:
    """A round after an event on Kommunikation's adopted charter (Mads is its TR now)."""
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Vores principper",
        workshops=[drafted_workshop],
    )  # fmt: skip
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    adoption_actions.adopt(world.fiona, charter)
    return round_actions.open_round(world.fiona, charter, event=Event.values[0])


def test_the_units_tr_reads_who_opened_and_downloaded_a_round(
    world: World, fiona_client: Client, reflection: Round
) -> None:
    url = reverse("reflection:export", args=[world.havneby.code, reflection.code])
    assert fiona_client.get(url, {"format": "csv"}).status_code == 200
    page = _client_for(world.mads).get(
        reverse("audit:log", args=[world.havneby.code]), {"action": "reflection"}
    )
    actions = {(row.action, row.target) for row in page.context["rows"]}
    assert actions == {
        ("reflection.open", reflection.code),
        ("reflection.export", reflection.code),
    }
    assert all(row.target_name == "Vores principper" for row in page.context["rows"])


def test_check_in_comments_go_months_after_the_round_closed(
    world: World, reflection: Round
) -> None:
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 1, 15), closed=True
    )
    checkin = Checkin.objects.create(round=reflection, wellbeing=4, changed="Mere ro i teamet.")
    world.havneby.answers_kept_months = 6
    world.havneby.save()
    run_retention(datetime.date(2026, 7, 14))
    checkin.refresh_from_db()
    assert checkin.changed == "Mere ro i teamet."
    run_retention(datetime.date(2026, 7, 15))
    checkin.refresh_from_db()
    assert (checkin.changed, checkin.wellbeing) == ("", 4)
    # One comment in a round whose results need 5: the log does not say how many wrote one.
    k = reflection.group_minimum
    assert AuditEntry.objects.get(action="retention.checkins").data == {"comments": f"<{k}"}


def test_the_log_counts_emptied_comments_only_from_the_group_size_up(
    world: World, reflection: Round
) -> None:
    Round.objects.filter(pk=reflection.pk).update(
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 1, 15), closed=True
    )
    k = reflection.group_minimum
    for n in range(k):
        Checkin.objects.create(round=reflection, wellbeing=4, changed=f"Note {n}")
    world.havneby.answers_kept_months = 6
    world.havneby.save()
    run_retention(datetime.date(2026, 7, 15))
    assert AuditEntry.objects.get(action="retention.checkins").data == {"comments": k}
