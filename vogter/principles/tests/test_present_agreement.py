"""The agreement round on the projector: nothing before the reveal, nothing below the
minimum group size, then bars a team reads at a glance, with the same figures as the
agreement page (results.py)."""

import pytest
from django.test import Client

from conftest import World
from vogter.principles.actions import principles as principle_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _round(world: World, fiona_client: Client, workshop: Workshop) -> tuple[str, str]:
    base = f"/o/{world.havneby.code}/workshops/{workshop.code}"
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, workshop, statement_da="deler viden"
    )
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    fiona_client.post(base + "/agreement/open/")
    return base, principle.code


def _vote(workshop: Workshop, code: str, choices: list[str]) -> None:
    for choice in choices:
        phone = Client()
        phone.post(f"/j/{workshop.join_code}/")
        phone.post(f"/j/{workshop.join_code}/agreement/", {f"choice-{code}": choice})


def test_before_the_reveal_the_projector_shows_only_how_many_have_voted(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base, code = _round(world, fiona_client, answered_workshop)
    _vote(answered_workshop, code, ["agree"] * 5 + ["disagree"])
    page = fiona_client.get(base + "/agreement/present/").content.decode()
    assert "<strong>6</strong> have voted" in page or "<strong>6</strong> har stemt" in page
    assert "agreement-bar" not in page and "band-" not in page


def test_below_the_minimum_group_size_the_projector_shows_no_result(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base, code = _round(world, fiona_client, answered_workshop)
    _vote(answered_workshop, code, ["agree", "disagree"])
    fiona_client.post(base + "/agreement/1/reveal/", {"revealed": "1"})
    page = fiona_client.get(base + "/agreement/present/").content.decode()
    assert 'class="banner"' in page and "agreement-bar" not in page and "band-" not in page


def test_after_the_reveal_the_projector_shows_the_result_without_small_counts(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base, code = _round(world, fiona_client, answered_workshop)
    _vote(answered_workshop, code, ["agree"] * 5 + ["disagree"])
    fiona_client.post(base + "/agreement/1/reveal/", {"revealed": "1"})
    page = fiona_client.get(base + "/agreement/present/").content.decode()
    # One "disagree" beside five "agree" would be a person: no bar, the band in words.
    assert "agreement-bar" not in page and "band-most_agree" in page


def test_with_every_count_safe_the_projector_draws_the_bar(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base, code = _round(world, fiona_client, answered_workshop)
    _vote(answered_workshop, code, ["agree"] * 6)
    fiona_client.post(base + "/agreement/1/reveal/", {"revealed": "1"})
    page = fiona_client.get(base + "/agreement/present/").content.decode()
    assert "agreement-bar" in page and 'class="bar-agree" x="0.000" y="0" width="100.000"' in page
