"""The agreement round over REST for participants, with the sheet token that joining returns."""

import datetime
from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.agreement import current_round
from vogter.principles.models import AgreementBallot
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

ME = "/api/worksheets/me/agreement"


def _join(workshop: Workshop) -> Client:
    joined = Client().post(
        "/api/worksheets/join", {"join_code": workshop.join_code}, content_type="application/json"
    )
    assert joined.status_code == 201, joined.content
    return Client(headers={"authorization": f"Bearer {joined.json()['token']}"})


def _vote(participant: Client, number: int, votes: list[dict[str, str]]) -> Any:
    return participant.post(ME, {"round": number, "votes": votes}, content_type="application/json")


def _in_agreement(world: World, workshop: Workshop, *statements: str) -> list[str]:
    """The workshop in the agreement phase with round 1 open on these principles."""
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    codes = [
        principle_actions.create_principle(world.fiona, workshop, statement_da=s).code
        for s in statements
    ]
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    agreement_actions.open_round(world.fiona, workshop)
    return codes


def test_a_participant_votes_once(world: World, answered_workshop: Workshop) -> None:
    first, second = _in_agreement(world, answered_workshop, "tjekker kilderne", "deler viden")
    me = _join(answered_workshop)
    before = me.get(ME).json()
    assert before["number"] == 1 and before["open"] is True and before["voted"] is False
    assert [i["principle"] for i in before["items"]] == [first, second]
    assert before["results"] is None

    votes = [
        {"principle": first, "choice": "agree", "comment": "Vigtigt"},
        {"principle": second, "choice": "pass"},
    ]
    voted = _vote(me, 1, votes)
    assert voted.status_code == 200, voted.content
    assert voted.json()["voted"] is True and me.get(ME).json()["voted"] is True

    again = _vote(me, 1, [{"principle": first, "choice": "disagree"}, votes[1]])
    assert again.status_code == 409 and again.json()["field"] == "round"
    assert AgreementBallot.objects.count() == 1


def test_a_ballot_names_every_principle_once(world: World, answered_workshop: Workshop) -> None:
    first, second = _in_agreement(world, answered_workshop, "tjekker kilderne", "deler viden")
    me = _join(answered_workshop)
    twice = _vote(
        me,
        1,
        [
            {"principle": first, "choice": "agree"},
            {"principle": first, "choice": "disagree"},
            {"principle": second, "choice": "agree"},
        ],
    )
    missing = _vote(me, 1, [{"principle": first, "choice": "agree"}])
    wrong = _vote(
        me, 1, [{"principle": first, "choice": "maybe"}, {"principle": second, "choice": "agree"}]
    )
    for refused in (twice, missing, wrong):
        assert refused.status_code == 400 and refused.json()["field"] == "votes"
    assert me.get(ME).json()["voted"] is False


def test_a_closed_round_takes_no_ballot(world: World, answered_workshop: Workshop) -> None:
    (code,) = _in_agreement(world, answered_workshop, "tjekker kilderne")
    me = _join(answered_workshop)
    agreement = current_round(answered_workshop)
    assert agreement is not None
    agreement_actions.close_round(world.fiona, agreement)
    response = _vote(me, 1, [{"principle": code, "choice": "agree"}])
    assert response.status_code == 409 and response.json()["detail"]
    assert me.get(ME).json()["open"] is False


def test_without_a_round_there_is_a_clear_404(world: World, answered_workshop: Workshop) -> None:
    me = _join(answered_workshop)
    response = me.get(ME)
    assert response.status_code == 404 and response.json()["detail"]
    assert _vote(me, 1, []).status_code == 404


def test_results_are_hidden_until_revealed_and_never_per_person(
    world: World, answered_workshop: Workshop, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    (code,) = _in_agreement(world, answered_workshop, "tjekker kilderne")
    participants = [_join(answered_workshop) for _ in range(5)]
    for n, me in enumerate(participants):
        choice = "disagree" if n == 0 else "agree"
        _vote(me, 1, [{"principle": code, "choice": choice, "comment": f"kommentar {n}"}])
    assert participants[0].get(ME).json()["results"] is None

    fiona = api_client_for(world.fiona)
    org, workshop = answered_workshop.organisation.code, answered_workshop.code
    fiona.post(
        f"/api/organisations/{org}/workshops/{workshop}/agreement/rounds/1/reveal",
        {"revealed": True},
        content_type="application/json",
    )
    seen = participants[0].get(ME)
    results = seen.json()["results"]
    assert results["withheld"] is False and results["ballots"] == 5
    (row,) = results["principles"]
    assert row["counts"] == {"agree": None, "disagree": None, "pass": 0}
    assert row["band"] == "most_agree"  # 4 of 5 agree: "at least one disagrees", not "1"
    assert row["agree_share"] is None and row["consensus"] is None
    assert sorted(row["comments"]) == [f"kommentar {n}" for n in range(5)]
    text = seen.content.decode()
    for sheet_id in answered_workshop.sheets.values_list("id", flat=True):
        assert str(sheet_id) not in text
    assert '"sheet' not in text


def test_a_participant_of_another_workshop_can_neither_see_nor_vote(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, "tjekker kilderne")
    other = workshop_actions.create_workshop(
        world.olga,
        world.fjordby,
        unit=world.fjordby_unit,
        title="AI på afdelingen",
        date=datetime.date(2026, 12, 1),
        language="en",
    )
    stranger = _join(other)
    assert stranger.get(ME).status_code == 404
    assert _vote(stranger, 1, [{"principle": code, "choice": "disagree"}]).status_code == 404

    # Once their own workshop has a round 1, they see that one, and only vote in it.
    for phase in ("reflect", "themes", "principles"):
        workshop_actions.set_phase(world.olga, other, phase)
    theirs = principle_actions.create_principle(
        world.olga, other, statement_en="keep patients first"
    )
    workshop_actions.set_phase(world.olga, other, "agreement")
    agreement_actions.open_round(world.olga, other)
    assert [i["principle"] for i in stranger.get(ME).json()["items"]] == [theirs.code]
    refused = _vote(stranger, 1, [{"principle": code, "choice": "disagree"}])
    assert refused.status_code == 400
    assert not AgreementBallot.objects.exists()


def test_a_sheet_token_is_needed(world: World, answered_workshop: Workshop, api_client_for) -> None:  # type: ignore[no-untyped-def]
    _in_agreement(world, answered_workshop, "tjekker kilderne")
    assert Client().get(ME).status_code == 401
    assert api_client_for(world.fiona).get(ME).status_code == 401
    assert Client(headers={"authorization": "Bearer vsh_wrong"}).get(ME).status_code == 401


def test_a_participant_proposes_a_principle_through_the_api_when_allowed(
    world: World, answered_workshop: Workshop
) -> None:
    from vogter.principles.models import Principle
    from vogter.workshops.actions import workshops as workshop_actions

    joined = Client().post(
        "/api/worksheets/join",
        {"join_code": answered_workshop.join_code},
        content_type="application/json",
    )
    me = Client(headers={"authorization": f"Bearer {joined.json()['token']}"})
    body = {"statement_en": "ask the people it affects"}
    refused = me.post("/api/worksheets/me/principles", body, content_type="application/json")
    assert refused.status_code == 400
    answered_workshop.participants_propose = True
    answered_workshop.save()
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    made = me.post("/api/worksheets/me/principles", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["statement_en"] == "ask the people it affects"
    proposal = Principle.objects.get()
    assert proposal.from_participant and proposal.created_by is None
