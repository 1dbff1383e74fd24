"""The optional language model on the theme wall and the principles page: off unless
configured, what was sent is shown, nothing changes until a person accepts."""

import json

import pytest
from django.test import Client

from conftest import World
from vogter.llm.tests.conftest import FakeServer
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import Principle, Theme
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def _two_themes(world: World, workshop: Workshop) -> list[Theme]:
    ids = [str(e.id) for e in theme_entries(workshop, "q1").order_by("text")]
    return [
        theme_actions.new_theme(world.fiona, workshop, "q1", "A", ids[:3]),
        theme_actions.new_theme(world.fiona, workshop, "q1", "B", ids[3:]),
    ]


def test_without_a_configured_model_the_wall_offers_no_assistant(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    _two_themes(world, answered_workshop)
    page = fiona_client.get(_base(world, answered_workshop) + "/themes/?q=q1").content.decode()
    assert "/themes/assist/" not in page


def test_suggested_names_show_what_was_sent_and_change_nothing_until_accepted(
    world: World, fiona_client: Client, answered_workshop: Workshop, assistant_on: FakeServer
) -> None:
    first, _second = _two_themes(world, answered_workshop)
    base = _base(world, answered_workshop)
    assert "/themes/assist/" in fiona_client.get(base + "/themes/?q=q1").content.decode()
    theme_entries(answered_workshop, "q1").filter(text__startswith="Jeg sparer").update(
        text="Jeg sparer tid, skriv til mig på jens@example.dk"
    )
    assistant_on.answer(
        json.dumps({"labels": [{"theme": 1, "label": "Tid"}, {"theme": 2, "label": "Kvalitet"}]})
    )
    page = fiona_client.post(base + "/themes/assist/", {"question": "q1"}).content.decode()
    assert 'value="Tid"' in page and 'value="Kvalitet"' in page
    sent = json.dumps(assistant_on.received[0].body)
    assert "jens@example.dk" not in sent and "jens@example.dk" not in page
    assert "Hvilken værdi tilføres?" in page or "What value is added?" in page  # what was sent
    first.refresh_from_db()
    assert first.label == "A"  # nothing changed yet
    fiona_client.post(base + f"/themes/{first.code}/rename/", {"label": "Tid"})
    first.refresh_from_db()
    assert first.label == "Tid"


def test_a_failing_model_leaves_the_workshop_going(
    world: World, fiona_client: Client, answered_workshop: Workshop, assistant_on: FakeServer
) -> None:
    _two_themes(world, answered_workshop)
    assistant_on.status = 500
    response = fiona_client.post(
        _base(world, answered_workshop) + "/themes/assist/", {"question": "q1"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/themes/?q=q1")
    assert Theme.objects.filter(workshop=answered_workshop).count() == 2


def test_suggested_wordings_go_into_the_form_for_a_person_to_add(
    world: World, fiona_client: Client, answered_workshop: Workshop, assistant_on: FakeServer
) -> None:
    _two_themes(world, answered_workshop)
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    base = _base(world, answered_workshop)
    assistant_on.answer(json.dumps({"principles": ["tjekker vi altid kilderne"]}))
    page = fiona_client.post(base + "/principles/assist/").content.decode()
    assert "Når vi bruger GenAI, tjekker vi altid kilderne" in page
    assert Principle.objects.count() == 0
    form = fiona_client.get(
        base + "/principles/?statement_da=tjekker+vi+altid+kilderne"
    ).content.decode()
    assert 'value="tjekker vi altid kilderne"' in form
