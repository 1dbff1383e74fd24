"""Reflection over REST: a round from opening to actions, the anonymous check-in, results
that never show a figure over too few people, trends and flags, revisits, and who may
do what."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Role
from vogter.reflection.models import Round
from vogter.reflection.tests.conftest import close
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

ApiClientFor = Callable[[User], Client]


def _codes(charter: Charter) -> list[str]:
    return [p["code"] for p in charter.versions.get(number=1).document["principles"]]


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


class Api:
    """The URLs of one charter's reflection, for the people who call them."""

    def __init__(self, world: World, charter: Charter, client_for: ApiClientFor) -> None:
        self.world, self.charter, self.client_for = world, charter, client_for
        self.org = f"/api/organisations/{world.havneby.code}"
        self.charter_url = f"{self.org}/charters/{charter.code}"
        self.codes = _codes(charter)

    def round_url(self, code: str) -> str:
        return f"{self.org}/reflection/{code}"

    def open_round(self, **body: Any) -> dict[str, Any]:
        response = _post(self.client_for(self.world.fiona), self.charter_url + "/rounds", body)
        assert response.status_code == 201, response.content
        return response.json()

    def check_in(
        self,
        person: User,
        code: str,
        score: int | None,
        verdict: str = "keep",
        **extra: Any,
    ) -> Any:
        body = {
            "principles": [{"code": c, "score": score, "verdict": verdict} for c in self.codes],
            "productivity": 4,
            "wellbeing": score,
            "meaningfulness": None,
            **extra,
        }
        return _post(self.client_for(person), self.round_url(code) + "/checkin", body)


@pytest.fixture
def api(signatories: World, adopted_charter: Charter, api_client_for: ApiClientFor) -> Api:
    return Api(signatories, adopted_charter, api_client_for)


def _place(world: World, email: str, unit: Any) -> User:
    person = make_user(email, "Ulla Udenfor")
    invitation = invitation_actions.invite(world.alice, world.havneby, role=Role.MEMBER)
    membership = joining_actions.accept_invitation(person, invitation)
    membership_actions.change_membership(world.alice, membership, unit=unit)
    return person


def _close(code: str, weeks_ago: int) -> None:
    day = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
    Round.objects.filter(code=code).update(opens_on=day, closes_on=day)


def test_a_round_takes_one_anonymous_check_in_per_person(api: Api, colleagues: list[User]) -> None:
    world = api.world
    created = api.open_round(kind="event", event="new_tool", description="Copilot i Outlook")
    assert created["event"] == "new_tool" and created["open"] is True
    assert created["checkins"] == 0 and created["withheld"] and created["results"] is None
    listed = api.client_for(world.mads).get(api.charter_url + "/rounds").json()
    assert [r["code"] for r in listed] == [created["code"]]

    # Mads is in the Web team, below the charter's unit: the round is for him too.
    mads = api.client_for(world.mads)
    checkin_url = api.round_url(created["code"]) + "/checkin"
    form = mads.get(checkin_url).json()
    assert form["checked_in"] is False and form["open"] is True
    assert [p["code"] for p in form["principles"]] == api.codes
    assert form["principles"][0]["sentence"].startswith("Når vi bruger GenAI")
    response = api.check_in(world.mads, created["code"], 4, changed="Mere tid til borgerne")
    assert response.status_code == 201 and response.json() == {"checked_in": True}
    again = api.check_in(world.mads, created["code"], 1)
    assert again.status_code == 409 and again.json()["field"] == "round"
    assert mads.get(checkin_url).json()["checked_in"] is True
    assert api.client_for(world.mads).get(api.round_url(created["code"])).json()["checkins"] == 1

    # Someone placed above the unit, and an outsider, are told the round does not exist.
    above = _place(world, "ulla@havneby.example", world.department)
    assert api.client_for(above).get(checkin_url).status_code == 404
    assert api.check_in(above, created["code"], 3).status_code == 404
    assert api.client_for(world.olga).get(checkin_url).status_code == 404


def test_a_check_in_is_checked_and_a_closed_round_takes_none(
    api: Api, colleagues: list[User]
) -> None:
    code = api.open_round(event="incident")["code"]
    assert api.check_in(colleagues[0], code, 7).status_code == 400
    unknown = _post(
        api.client_for(colleagues[0]),
        api.round_url(code) + "/checkin",
        {"principles": [{"code": "zzzz", "score": 3}]},
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "principles"
    _close(code, 1)
    assert api.check_in(colleagues[0], code, 3).status_code == 409


def test_results_are_withheld_below_the_minimum_group_size_and_name_no_one(
    api: Api, colleagues: list[User]
) -> None:
    code = api.open_round(event="incident")["code"]
    first, second = api.codes
    for number, person in enumerate(colleagues[:4]):
        assert (
            api.check_in(
                person,
                code,
                4,
                verdict="revise" if number < 2 else "keep",
                changed="hemmelig tekst",
            ).status_code
            == 201
        )
    reader = api.client_for(api.world.mads)
    withheld = reader.get(api.round_url(code))
    assert withheld.json()["checkins"] == 4 and withheld.json()["withheld"] is True
    assert withheld.json()["results"] is None and "hemmelig" not in withheld.content.decode()

    # The fifth scores 2, can't say about well-being, and gives a verdict only on the first.
    body = {
        "principles": [
            {"code": first, "score": 2, "verdict": "keep"},
            {"code": second, "score": 2, "verdict": ""},
        ],
        "productivity": 4,
        "wellbeing": None,
    }
    assert (
        _post(api.client_for(colleagues[4]), api.round_url(code) + "/checkin", body).status_code
        == 201
    )
    still_open = reader.get(api.round_url(code)).json()
    assert still_open["withheld"] is True and still_open["results"] is None
    close(Round.objects.get(code=code))  # results show once the round has closed
    response = reader.get(api.round_url(code))
    round_ = response.json()
    assert round_["withheld"] is False
    results = round_["results"]
    one, two = results["principles"]
    # Four gave 4 and one gave 2: the counts would tell the lone 2, so they are left out;
    # the mean over five is shown, as no count follows from it.
    assert one["score"] == {
        "withheld": False,
        "reason": "complement",
        "n": 5,
        "mean": 3.6,
        "distribution": None,
        "cant_say": 0,
        "bands": None,
    }
    # Three keep and two revise: both under five, so neither is shown; the flag (40 % or
    # more want a change) is, because "two or more of five" pins neither count.
    assert one["verdicts"] == {"keep": None, "revise": None, "retire": 0}
    assert one["revise_share"] is None and one["revise_flag"] is True
    assert two["revise_share"] is None and two["revise_flag"] is None  # four verdicts only
    assert results["aims"]["productivity"]["mean"] == 4.0
    empty = {
        "withheld": True,
        "reason": "few",
        "n": None,
        "mean": None,
        "distribution": None,
        "cant_say": None,
        "bands": None,
    }
    assert results["aims"]["wellbeing"] == empty  # four scores only
    assert results["aims"]["meaningfulness"] == empty
    assert results["changed"] == ["hemmelig tekst"] * 4

    text = response.content.decode()
    for person in [*colleagues, api.world.mads]:
        assert person.email not in text and person.name not in text
    assert "user" not in text and "receipt" not in text


def test_trends_and_flags(api: Api, colleagues: list[User]) -> None:
    withheld = api.open_round(event="other")["code"]  # closed, and nobody checked in
    _close(withheld, 16)
    for weeks_ago, score, verdict in ((12, 5, "keep"), (8, 4, "keep"), (4, 2, "retire")):
        code = api.open_round(event="other")["code"]
        for person in colleagues[:5]:
            assert api.check_in(person, code, score, verdict=verdict).status_code == 201
        _close(code, weeks_ago)
    api.open_round(event="other")  # still open: not in the trends yet
    trend = api.client_for(api.world.mads).get(api.charter_url + "/trends").json()
    assert len(trend["rounds"]) == 4 and trend["rounds"][0]["code"] == withheld
    first = trend["principles"][0]
    assert first["means"] == [None, 5.0, 4.0, 2.0]
    assert first["statement"]["da"] == "bruger vi den sparede tid på borgerne"
    assert trend["aims"]["productivity"] == [None, 4.0, 4.0, 4.0]
    assert trend["aims"]["meaningfulness"] == [None, None, None, None]
    assert {(f["code"], f["reason"]) for f in trend["flags"]} == {
        (c, reason) for c in api.codes for reason in ("falling", "revise")
    }


def test_actions_are_agreed_and_followed_up(api: Api, colleagues: list[User]) -> None:
    code = api.open_round(event="new_use")["code"]
    fiona = api.client_for(api.world.fiona)
    url = api.round_url(code) + "/actions"
    added = _post(fiona, url, {"description": "Aftal brugen af Copilot", "owner": "Teamleder"})
    assert added.status_code == 201
    assert added.json() == {
        "number": 1,
        "description": "Aftal brugen af Copilot",
        "owner": "Teamleder",
        "due_on": None,
        "done": False,
        "follow_up": "",
    }
    second = _post(fiona, url, {"description": "Ny runde", "owner": "AMR", "due_on": "2027-01-15"})
    assert second.json()["number"] == 2 and second.json()["due_on"] == "2027-01-15"
    assert _post(fiona, url, {"description": " ", "owner": "AMR"}).status_code == 400
    done = _put(fiona, url + "/1", {"done": True, "follow_up": "Aftalt på personalemødet"})
    assert done.status_code == 200 and done.json()["done"] is True
    assert done.json()["number"] == 1
    listed = api.client_for(api.world.mads).get(api.round_url(code)).json()["actions"]
    assert [(a["number"], a["done"], a["follow_up"]) for a in listed] == [
        (1, True, "Aftalt på personalemødet"),
        (2, False, ""),
    ]
    for missing in ("3", "0", "abc"):
        assert _put(fiona, f"{url}/{missing}", {"done": True}).status_code == 404


def test_the_schedule(api: Api) -> None:
    reader = api.client_for(api.world.mads)
    assert reader.get(api.charter_url + "/schedule").json() == {
        "scheduled": False,
        "every_months": None,
        "open_days": None,
        "next_opens_on": None,
        "min_group_size": None,
    }
    saved = _put(
        api.client_for(api.world.alice),  # the unit's manager (and the admin)
        api.charter_url + "/schedule",
        {"every_months": 6, "open_days": 10, "next_opens_on": "2027-02-01"},
    )
    assert saved.status_code == 200
    expected = {
        "scheduled": True,
        "every_months": 6,
        "open_days": 10,
        "next_opens_on": "2027-02-01",
        "min_group_size": None,  # each round takes the organisation's default
    }
    assert saved.json() == expected
    assert reader.get(api.charter_url + "/schedule").json() == expected
    wrong = _put(
        api.client_for(api.world.fiona), api.charter_url + "/schedule", {"every_months": 30}
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "every_months"


def test_a_revisit_workshop_starts_from_a_principle(api: Api) -> None:
    fiona = api.client_for(api.world.fiona)
    response = _post(fiona, api.charter_url + "/revisit", {"principle": api.codes[0]})
    assert response.status_code == 201
    workshop = Workshop.objects.get(code=response.json()["workshop"])
    assert workshop.organisation == api.world.havneby and workshop.unit == api.world.unit
    assert workshop.principles.get().statement_da == "bruger vi den sparede tid på borgerne"
    unknown = _post(fiona, api.charter_url + "/revisit", {"principle": "zzzz"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "principle"


def test_a_round_needs_an_adopted_charter(
    world: World, drafted_workshop: Workshop, api_client_for: ApiClientFor
) -> None:
    from vogter.charters.actions import drafts as draft_actions

    draft = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Udkast", workshops=[drafted_workshop]
    )
    url = f"/api/organisations/{world.havneby.code}/charters/{draft.code}/rounds"
    response = _post(api_client_for(world.fiona), url, {"event": "incident"})
    assert response.status_code == 400 and response.json()["field"] == "charter"


def test_members_read_and_only_facilitators_admins_and_managers_manage(
    api: Api, colleagues: list[User]
) -> None:
    code = api.open_round(event="apv")["code"]
    mads = api.client_for(api.world.mads)
    round_url = api.round_url(code)
    for url in (api.charter_url + "/rounds", api.charter_url + "/trends", round_url):
        assert mads.get(url).status_code == 200, url
    refused = [
        _post(mads, api.charter_url + "/rounds", {"event": "incident"}),
        _put(mads, api.charter_url + "/schedule", {}),
        _post(mads, api.charter_url + "/revisit", {"principle": api.codes[0]}),
        _post(mads, round_url + "/actions", {"description": "Noget", "owner": "Mig"}),
        _put(mads, round_url + "/actions/1", {"done": True}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    # A manager who is no facilitator manages all the same.
    membership_actions.change_membership(
        api.world.alice, api.world.membership(api.world.mads), is_manager=True
    )
    added = _post(mads, round_url + "/actions", {"description": "Noget", "owner": "Mig"})
    assert added.status_code == 201


def test_outsiders_get_404(api: Api) -> None:
    code = api.open_round(event="apv")["code"]
    olga = api.client_for(api.world.olga)
    round_url = api.round_url(code)
    calls = [
        olga.get(api.charter_url + "/rounds"),
        olga.get(api.charter_url + "/schedule"),
        olga.get(api.charter_url + "/trends"),
        olga.get(round_url),
        olga.get(round_url + "/export?format=csv"),
        _post(olga, api.charter_url + "/rounds", {"event": "incident"}),
        _post(olga, round_url + "/actions", {"description": "Noget", "owner": "Mig"}),
    ]
    assert [r.status_code for r in calls] == [404] * len(calls)


def test_the_export_is_a_file_for_any_member(api: Api, colleagues: list[User]) -> None:
    created = api.open_round(event="apv")
    code = created["code"]
    mads = api.client_for(api.world.mads)
    csv_file = mads.get(api.round_url(code) + "/export?format=csv&language=en")
    assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
    assert csv_file["Content-Disposition"].startswith("attachment; filename=")
    disposition = csv_file["Content-Disposition"]
    assert disposition.endswith(f'kommunikation-reflection-{created["opens_on"]}-en.csv"')
    assert "The round is still open" in csv_file.content.decode("utf-8-sig")
    pdf = mads.get(api.round_url(code) + "/export")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert mads.get(api.round_url(code) + "/export?format=docx").status_code == 422
