"""The facilitator's and the participant's pages for themes, principles, levels and
the agreement round, used as people would: forms posted, pages read."""

import re

import pytest
from django.test import Client

from conftest import World
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.models import LevelCell, Principle, Theme
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Workshop

pytestmark = pytest.mark.django_db


def _base(world: World, workshop: Workshop) -> str:
    return f"/o/{world.havneby.code}/workshops/{workshop.code}"


def _q1_ids(workshop: Workshop) -> list[str]:
    return [str(e.id) for e in theme_entries(workshop, "q1").order_by("text")]


def test_the_facilitator_splits_moves_renames_and_merges_on_the_theme_wall(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base = _base(world, answered_workshop)
    ids = _q1_ids(answered_workshop)
    page = fiona_client.get(base + "/themes/?q=q1").content.decode()
    assert "Not in a theme yet" in page or "Ikke i et tema endnu" in page
    made = fiona_client.post(
        base + "/themes/move/",
        {"question": "q1", "theme": "new", "label": "Tid", "answers": ids[:3]},
    )
    assert made.status_code == 302
    time = Theme.objects.get(label="Tid")
    fiona_client.post(
        base + "/themes/move/",
        {"question": "q1", "theme": "new", "label": "Kvalitet", "answers": ids[3:]},
    )
    quality = Theme.objects.get(label="Kvalitet")
    # Drag and drop answers in JSON.
    moved = fiona_client.post(
        base + "/themes/move/",
        {"question": "q1", "theme": quality.code, "answers": ids[0]},
        headers={"accept": "application/json"},
    )
    assert moved.json()["ok"] is True
    fiona_client.post(base + f"/themes/{time.code}/rename/", {"label": "Tid til kerneopgaven"})
    fiona_client.post(base + f"/themes/{quality.code}/merge/", {"into": time.code})
    (only,) = Theme.objects.filter(workshop=answered_workshop, question="q1")
    assert only.label == "Tid til kerneopgaven" and not only.suggested
    assert sorted(str(a.entry_id) for a in only.answers.all()) == sorted(ids)
    page = fiona_client.get(base + "/themes/?q=q1").content.decode()
    assert "Tid til kerneopgaven" in page


def test_a_refused_move_says_why_and_changes_nothing(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base = _base(world, answered_workshop)
    q5 = str(theme_entries(answered_workshop, "q5").first().id)  # type: ignore[union-attr]
    theme = theme_actions.new_theme(
        world.fiona, answered_workshop, "q1", "Tid", _q1_ids(answered_workshop)
    )
    response = fiona_client.post(
        base + "/themes/move/",
        {"question": "q1", "theme": theme.code, "answers": [q5]},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400 and response.json()["field"] == "answers"
    assert theme.answers.count() == 6


def test_a_principle_drafted_from_a_theme_shows_its_quotes(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base = _base(world, answered_workshop)
    ids = _q1_ids(answered_workshop)
    theme = theme_actions.new_theme(world.fiona, answered_workshop, "q1", "Tid", ids)
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    form = fiona_client.get(base + f"/principles/?theme={theme.code}").content.decode()
    assert f'value="{theme.code}" id="new-t-{theme.code}" checked' in form
    fiona_client.post(
        base + "/principles/",
        {
            "statement_da": "bruger vi den sparede tid på borgerne",
            "statement_en": "spend the time saved on the people we serve",
            "themes": [theme.code],
            "sources": ids[:2],
        },
    )
    principle = Principle.objects.get()
    assert [t.code for t in principle.themes.all()] == [theme.code]
    page = fiona_client.get(base + "/principles/").content.decode()
    assert "Når vi bruger GenAI, bruger vi den sparede tid på borgerne" in page
    quoted = Entry.objects.get(id=ids[0]).text
    assert quoted in page


def test_an_empty_principle_is_refused_and_the_form_keeps_what_was_typed(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    response = fiona_client.post(
        _base(world, answered_workshop) + "/principles/",
        {"statement_da": "", "statement_en": "", "rationale": "Fordi det er vigtigt"},
        follow=True,
    )
    assert Principle.objects.count() == 0
    assert "Fordi det er vigtigt" in response.content.decode()


def test_the_levels_are_filled_on_one_page_and_the_matrix_shows_the_gaps(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, answered_workshop, statement_da="deler viden"
    )
    url = _base(world, answered_workshop) + f"/principles/{principle.code}/"
    fiona_client.post(
        url,
        {
            "part": "cells",
            "individual-text": "Jeg deler mine gode prompts",
            "group-text": "Vi holder en fast videndeling",
            "group-responsible": "Teamlederen",
            "national-empty": "on",
        },
    )
    cells = {c.level: c for c in LevelCell.objects.filter(principle=principle)}
    assert set(cells) == {"individual", "group", "national"}
    assert cells["group"].responsible == "Teamlederen" and cells["national"].empty_on_purpose
    matrix = fiona_client.get(
        _base(world, answered_workshop) + "/principles/matrix/"
    ).content.decode()
    assert "Vi holder en fast videndeling" in matrix
    assert len(re.findall(r'class="gap"', matrix)) == 3


def test_two_facilitators_editing_at_once_get_a_conflict_not_a_lost_update(
    world: World, fiona_client: Client, alice_client: Client, answered_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, answered_workshop, statement_da="deler viden"
    )
    url = _base(world, answered_workshop) + f"/principles/{principle.code}/"
    edit = {"part": "statement", "version": "1", "statement_en": ""}
    fiona_client.post(url, {**edit, "statement_da": "deler vi viden om prompts"})
    second = alice_client.post(url, {**edit, "statement_da": "deler vi alt"})
    page = second.content.decode()
    assert second.status_code == 200 and "deler vi alt" in page  # her wording, not lost
    principle.refresh_from_db()
    assert principle.statement_da == "deler vi viden om prompts"


def test_the_agreement_round_from_phone_to_revealed_results(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base = _base(world, answered_workshop)
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, answered_workshop, statement_da="deler viden"
    )
    workshop_actions.set_phase(world.fiona, answered_workshop, "agreement")
    fiona_client.post(base + "/agreement/open/")
    phones = []
    for _ in range(5):
        phone = Client()
        phone.post(f"/j/{answered_workshop.join_code}/")
        phones.append(phone)
    url = f"/j/{answered_workshop.join_code}/agreement/"
    ballot = phones[0].get(url).content.decode()
    assert "Når vi bruger GenAI, deler viden" in ballot
    for number, phone in enumerate(phones):
        phone.post(
            url, {f"choice-{principle.code}": "agree", f"comment-{principle.code}": f"ok {number}"}
        )
    again = phones[0].post(url, {f"choice-{principle.code}": "disagree"})
    assert again.status_code == 400
    hidden = fiona_client.get(base + "/agreement/").content.decode()
    assert "ok 3" not in hidden and "100\N{NO-BREAK SPACE}%" not in hidden
    fiona_client.post(base + "/agreement/1/reveal/", {"revealed": "1"})
    shown = fiona_client.get(base + "/agreement/").content.decode()
    assert "100\N{NO-BREAK SPACE}%" in shown and "ok 3" in shown
    assert "100\N{NO-BREAK SPACE}%" in phones[1].get(url).content.decode()


def test_a_participant_proposes_a_principle_that_arrives_without_a_name(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    phone = Client()
    phone.post(f"/j/{answered_workshop.join_code}/")
    url = f"/j/{answered_workshop.join_code}/propose/"
    assert phone.post(url, {"statement_da": "spørger vi kollegerne"}).status_code == 400
    settings = {
        "unit": world.unit,
        "title": answered_workshop.title,
        "date": answered_workshop.date,
        "language": "da",
        "anonymous": True,
        "require_login": False,
        "min_group_size": 5,
    }
    workshop_actions.update_workshop(
        world.fiona, answered_workshop, participants_propose=True, **settings
    )
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    assert "/propose/" in phone.get(f"/j/{answered_workshop.join_code}/sheet/").content.decode()
    assert phone.post(url, {"statement_da": "spørger vi kollegerne"}).status_code == 302
    proposal = Principle.objects.get()
    assert proposal.from_participant and proposal.created_by is None
    page = fiona_client.get(_base(world, answered_workshop) + "/principles/").content.decode()
    assert "spørger vi kollegerne" in page


def test_a_proposal_that_repeats_we_reads_as_one_sentence(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    """A statement "vi tjekker …" would read "Når vi bruger GenAI, vi tjekker …", "we check …"
    "When we use GenAI, we we check …": the subject goes where the kit's sentence wants it."""
    answered_workshop.participants_propose = True
    answered_workshop.save(update_fields=["participants_propose"])
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    phone = Client()
    phone.post(f"/j/{answered_workshop.join_code}/")
    url = f"/j/{answered_workshop.join_code}/propose/"
    form = phone.get(url).content.decode()
    assert "tjekker vi altid kilderne" in form  # the hint shows how the sentence goes on
    posted = {
        "statement_da": "Vi tjekker altid kilderne",
        "statement_en": "we we check the sources",
    }
    assert phone.post(url, posted).status_code == 302
    proposal = Principle.objects.get()
    assert proposal.sentence("da") == "Når vi bruger GenAI, tjekker vi altid kilderne"
    assert proposal.sentence("en") == "When we use GenAI, we check the sources"
    page = fiona_client.get(_base(world, answered_workshop) + "/principles/").content.decode()
    assert "vi vi" not in page and "we we" not in page.casefold()


def test_a_theme_ticked_for_a_new_principle_is_never_inside_a_closed_section(
    world: World, fiona_client: Client, answered_workshop: Workshop
) -> None:
    base = _base(world, answered_workshop)
    theme_actions.new_theme(world.fiona, answered_workshop, "q1", "Tid", _q1_ids(answered_workshop))
    q5 = [str(e.id) for e in theme_entries(answered_workshop, "q5")]
    later = theme_actions.new_theme(world.fiona, answered_workshop, "q5", "Tillid", q5[:2])
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    form = fiona_client.get(base + f"/principles/?theme={later.code}").content.decode()
    assert f'value="{later.code}" id="new-t-{later.code}" checked' in form
    sections = re.findall(r"<details( open)?>\s*<summary>", form.split('class="sources"')[1])
    assert sections == [" open", " open"]  # the first question's, and the one holding the tick
