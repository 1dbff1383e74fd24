"""Principles across the unit tree: adopting from above keeps the link, proposals upward
carry their provenance, and the parent takes them into its next version."""

import re

import pytest
from django.test import Client

from conftest import World, sign_as_expected
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.document import document
from vogter.charters.models import Charter, CharterPrinciple, ProposalStatus, UpwardProposal
from vogter.charters.versions import current_version, latest_adopted
from vogter.organisations.models import Unit

pytestmark = pytest.mark.django_db


def _adopted(world: World, unit: Unit, title: str, principles: list[tuple[str, dict]]) -> Charter:
    charter = draft_actions.create_charter(world.fiona, world.havneby, unit=unit, title=title)
    for statement, cells in principles:
        made = editing_actions.add_principle(world.fiona, charter, statement_da=statement)
        for level, text in cells.items():
            editing_actions.set_cell(world.fiona, made, level, text=text)
    adoption_actions.propose(world.fiona, charter)
    sign_as_expected(charter)
    adoption_actions.adopt(world.fiona, charter)
    return charter


@pytest.fixture
def department_charter(signatories: World) -> Charter:
    return _adopted(
        signatories,
        signatories.department,
        "Kulturs principper",
        [
            (
                "tjekker vi altid kilderne",
                {
                    "individual": "Jeg tjekker",
                    "department": "Afdelingen følger op",
                    "national": "KL",
                },
            ),
            ("deler vi det, vi lærer", {}),
        ],
    )


@pytest.fixture
def unit_charter(signatories: World) -> Charter:
    charter = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.unit, title="Kommunikations"
    )
    editing_actions.add_principle(
        signatories.fiona, charter, statement_da="skriver vi selv det sidste ord"
    )
    return charter


def _cascade(client: Client, world: World, charter: Charter) -> str:
    response = client.get(f"/o/{world.havneby.code}/charters/{charter.code}/cascade/")
    assert response.status_code == 200
    return response.content.decode()


def _post(client: Client, world: World, charter: Charter, **data: str) -> str:
    url = f"/o/{world.havneby.code}/charters/{charter.code}/cascade/"
    return client.post(url, data, follow=True).content.decode()


def test_a_unit_sees_the_adopted_principles_of_the_units_above_beside_its_own(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    page = _cascade(fiona_client, signatories, unit_charter)
    assert "Kultur · Kulturs principper" in page
    assert "tjekker vi altid kilderne" in page
    assert "skriver vi selv det sidste ord" in page
    assert "Adopt into our charter" in page or "Overtag i vores principsæt" in page


def test_adopting_a_parents_principle_keeps_the_link_and_leaves_the_local_levels_open(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    parent_code = department_charter.principles.get(statement_da__startswith="tjekker").code
    _post(
        fiona_client,
        signatories,
        unit_charter,
        do="adopt",
        parent=department_charter.code,
        principle=parent_code,
    )
    adopted = CharterPrinciple.objects.get(charter=unit_charter, inherited_code=parent_code)
    assert adopted.inherited_charter == department_charter
    assert adopted.inherited_version == 1
    assert adopted.statement_da == "tjekker vi altid kilderne"
    cells = {c.level: c.text for c in adopted.cells.all()}
    # The parent's own level and above come along; the individual level is for the unit.
    assert cells == {"department": "Afdelingen følger op", "national": "KL"}
    doc = document(unit_charter)
    origin = next(p for p in doc["principles"] if p["code"] == adopted.code)["origin"]
    assert origin == {"kind": "above", "unit": "Kultur", "version": 1}
    page = _cascade(fiona_client, signatories, unit_charter)
    assert "Overtaget fra Kultur (version 1)" in page or "Adopted from Kultur" in page
    # Adopting the same principle again is refused, with a message.
    again = _post(
        fiona_client,
        signatories,
        unit_charter,
        do="adopt",
        parent=department_charter.code,
        principle=parent_code,
    )
    assert CharterPrinciple.objects.filter(inherited_code=parent_code).count() == 1
    assert "allerede" in again or "already" in again


def test_the_link_survives_the_units_adoption_and_shows_in_the_exports(
    signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    from vogter.charters.actions.cascade import adopt_from_parent
    from vogter.charters.exporters import CHARTER_EXPORTS

    code = department_charter.principles.first().code
    adopt_from_parent(signatories.fiona, unit_charter, department_charter, code)
    adoption_actions.propose(signatories.fiona, unit_charter)
    signature_actions.sign(signatories.alice, unit_charter, "manager")
    signature_actions.sign(signatories.mads, unit_charter, "union_rep")
    version = adoption_actions.adopt(signatories.fiona, unit_charter)
    frozen = [p for p in version.document["principles"] if p.get("origin")]
    assert frozen[0]["origin"]["unit"] == "Kultur"
    markdown = CHARTER_EXPORTS.export(document(unit_charter, version), "md", "da").content.decode()
    assert "Overtaget fra Kultur (version 1)" in markdown


def test_a_principle_not_in_an_adopted_charter_above_cannot_be_adopted(
    fiona_client: Client, signatories: World, unit_charter: Charter
) -> None:
    sibling = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.web_team, title="Web"
    )
    below = editing_actions.add_principle(signatories.fiona, sibling, statement_da="noget andet")
    page = _post(
        fiona_client,
        signatories,
        unit_charter,
        do="adopt",
        parent=sibling.code,
        principle=below.code,
    )
    assert not CharterPrinciple.objects.filter(charter=unit_charter, inherited_code=below.code)
    assert "hører ikke til en overordnet enhed" in page


def test_a_proposal_upward_shows_its_provenance_and_the_parent_takes_it_into_its_next_version(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    own = unit_charter.principles.get()
    _post(
        fiona_client,
        signatories,
        unit_charter,
        do="propose",
        principle=own.code,
        note="Det virker hos os",
    )
    proposal = UpwardProposal.objects.get()
    assert proposal.to_unit == signatories.department
    assert proposal.from_version is None  # only in the unit's draft so far
    page = _cascade(fiona_client, signatories, department_charter)
    assert "skriver vi selv det sidste ord" in page
    assert "Kommunikation (Kommunikations)" in page
    assert "Det virker hos os" in page
    # Proposing the same again while it is open is refused.
    _post(fiona_client, signatories, unit_charter, do="propose", principle=own.code)
    assert UpwardProposal.objects.count() == 1

    _post(fiona_client, signatories, department_charter, do="take", proposal=proposal.code)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.TAKEN
    assert proposal.taken_into == department_charter
    # The department's adopted version 1 stays; the principle is in its new draft 2.
    assert current_version(department_charter).number == 2
    taken = department_charter.principles.get(proposal=proposal)
    assert taken.statement_da == "skriver vi selv det sidste ord"
    doc = document(department_charter)
    assert next(p for p in doc["principles"] if p["code"] == taken.code)["origin"] == {
        "kind": "below",
        "unit": "Kommunikation",
        "version": None,
    }
    assert "skriver vi selv" not in str(latest_adopted(department_charter).document)


def test_a_declined_proposal_is_kept_with_its_decision(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    own = unit_charter.principles.get()
    _post(fiona_client, signatories, unit_charter, do="propose", principle=own.code)
    proposal = UpwardProposal.objects.get()
    _post(fiona_client, signatories, department_charter, do="decline", proposal=proposal.code)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decided_by == signatories.fiona
    assert department_charter.principles.count() == 2


def test_a_top_unit_cannot_propose_upward(fiona_client: Client, signatories: World) -> None:
    # The whole organisation has no manager or TR of its own: its committee signs.
    signature_actions.set_required_roles(signatories.alice, signatories.havneby, ["committee"])
    top = _adopted(signatories, signatories.corporate, "Koncernens", [("er vi åbne", {})])
    top_principle = top.principles.get()
    page = _post(fiona_client, signatories, top, do="propose", principle=top_principle.code)
    assert not UpwardProposal.objects.exists()
    assert "ingen overordnet enhed" in page


def test_a_member_reads_the_cascade_but_cannot_change_it(
    mads_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    page = _cascade(mads_client, signatories, unit_charter)
    assert "tjekker vi altid kilderne" in page
    assert 'name="do" value="adopt"' not in page
    code = department_charter.principles.first().code
    response = mads_client.post(
        f"/o/{signatories.havneby.code}/charters/{unit_charter.code}/cascade/",
        {"do": "adopt", "parent": department_charter.code, "principle": code},
    )
    assert response.status_code == 403
    assert not unit_charter.principles.filter(inherited_code=code).exists()


def test_an_outsider_gets_not_found(
    olga_client: Client, signatories: World, unit_charter: Charter
) -> None:
    response = olga_client.get(
        f"/o/{signatories.havneby.code}/charters/{unit_charter.code}/cascade/"
    )
    assert response.status_code == 404


def test_the_overview_lists_every_unit_with_its_charter_reflection_actions_and_proposals(
    alice_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    import datetime

    from vogter.reflection.models import AgreedAction, Round

    today = datetime.date.today()
    last = Round.objects.create(
        charter=department_charter,
        version_number=1,
        kind="scheduled",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=16),
    )
    AgreedAction.objects.create(round=last, description="Kursus", owner="Leder")
    AgreedAction.objects.create(round=last, description="Færdig", owner="Leder", done=True)
    from vogter.charters.actions.cascade import propose_upward

    propose_upward(signatories.fiona, unit_charter.principles.get())
    page = alice_client.get(f"/o/{signatories.havneby.code}/charters/overview/").content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    by_unit = {}
    for row in rows:
        head = re.sub(r"<[^>]+>", "", row.split("</th>")[0])
        by_unit[head.rsplit(" ", 1)[0].strip()] = row  # the unit's name, without its level
    assert set(by_unit) == {"Havneby Kommune", "Kultur", "Kommunikation", "Web"}
    kultur = by_unit["Kultur"]
    assert "Kulturs principper" in kultur and "v1" in kultur
    assert last.opens_on.strftime("%Y") in kultur
    assert ">1</a>" in kultur  # one open action (the done one does not count)
    assert "Kommunikations" in by_unit["Kommunikation"]
    assert "Kladde" in by_unit["Kommunikation"] or "Draft" in by_unit["Kommunikation"]
    assert "Intet principsæt endnu" in by_unit["Web"] or "No charter yet" in by_unit["Web"]
    # Kultur has one open proposal from below, linked to its cascade page.
    assert f"/charters/{department_charter.code}/cascade/" in kultur


def test_a_proposal_can_be_withdrawn_while_open(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    own = unit_charter.principles.get()
    _post(fiona_client, signatories, unit_charter, do="propose", principle=own.code)
    proposal = UpwardProposal.objects.get()
    _post(fiona_client, signatories, unit_charter, do="withdraw", proposal=proposal.code)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    # Withdrawn, it can be neither taken nor withdrawn again; it can be proposed anew.
    page = _post(fiona_client, signatories, department_charter, do="take", proposal=proposal.code)
    assert "allerede taget stilling" in page or "already been decided" in page
    _post(fiona_client, signatories, unit_charter, do="propose", principle=own.code)
    assert UpwardProposal.objects.filter(status=ProposalStatus.OPEN).count() == 1


def test_an_adopted_principle_is_not_proposed_back_up_and_a_unit_without_charter_gets_none(
    signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    from vogter.charters.actions.cascade import adopt_from_parent, propose_upward
    from vogter.lib.errors import ActionError

    code = department_charter.principles.first().code
    inherited = adopt_from_parent(signatories.fiona, unit_charter, department_charter, code)
    with pytest.raises(
        ActionError, match=r"adopted from a unit above|overtaget fra en overordnet enhed"
    ):
        propose_upward(signatories.fiona, inherited)
    web = draft_actions.create_charter(
        signatories.fiona, signatories.havneby, unit=signatories.web_team, title="Web"
    )
    # Kommunikation has a charter: fine. The corporate group above Kultur has none.
    propose_upward(
        signatories.fiona, editing_actions.add_principle(signatories.fiona, web, statement_da="a")
    )
    with pytest.raises(ActionError):
        propose_upward(signatories.fiona, department_charter.principles.last())
    assert UpwardProposal.objects.count() == 1


def test_the_unit_is_told_when_the_unit_above_rewords_or_drops_what_it_adopted(
    fiona_client: Client, signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    from vogter.charters.actions.cascade import adopt_from_parent
    from vogter.charters.cascade import cascade

    first, second = department_charter.principles.order_by("position")
    adopted_first = adopt_from_parent(
        signatories.fiona, unit_charter, department_charter, first.code
    )
    adopted_second = adopt_from_parent(
        signatories.fiona, unit_charter, department_charter, second.code
    )
    assert cascade(unit_charter).changed_above == {}
    adoption_actions.new_draft(signatories.fiona, department_charter)
    editing_actions.update_principle(
        signatories.fiona,
        first,
        statement_da="tjekker vi altid kilderne, også de interne",
        statement_en="",
        rationale="",
    )
    editing_actions.remove_principle(signatories.fiona, second)
    adoption_actions.propose(signatories.fiona, department_charter)
    sign_as_expected(department_charter)
    adoption_actions.adopt(signatories.fiona, department_charter)
    assert cascade(unit_charter).changed_above == {
        adopted_first.code: "changed",
        adopted_second.code: "removed",
    }
    page = _cascade(fiona_client, signatories, unit_charter)
    assert "ny formulering siden version 1" in page or "new wording since version 1" in page


def test_a_principle_taken_up_from_a_proposal_is_not_offered_back_to_its_unit(
    signatories: World, department_charter: Charter, unit_charter: Charter
) -> None:
    from vogter.charters.actions.cascade import propose_upward, take_proposal
    from vogter.charters.cascade import cascade

    proposal = propose_upward(signatories.fiona, unit_charter.principles.get())
    taken = take_proposal(signatories.fiona, proposal, department_charter)
    adoption_actions.propose(signatories.fiona, department_charter)
    sign_as_expected(department_charter)
    adoption_actions.adopt(signatories.fiona, department_charter)
    [above] = cascade(unit_charter).above
    assert above.from_us == {taken.code}


def test_two_facilitators_editing_a_charter_principle_at_once_get_a_conflict_not_a_lost_update(
    fiona_client: Client, alice_client: Client, signatories: World, unit_charter: Charter
) -> None:
    principle = unit_charter.principles.get()
    url = f"/o/{signatories.havneby.code}/charters/{unit_charter.code}/principles/{principle.code}/"
    # Both open the page at the same revision.
    for client in (fiona_client, alice_client):
        assert f'name="revision" value="{principle.revision}"' in client.get(url).content.decode()
    form = {"revision": str(principle.revision), "statement_da": "", "rationale": ""}
    first = fiona_client.post(url, {**form, "statement_da": "skriver vi selv det hele"})
    assert first.status_code == 302
    second = alice_client.post(
        url, {**form, "statement_da": "skriver vi selv", "individual-text": "Jeg skriver"}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "skriver vi selv det hele" in page  # what Fiona saved, shown
    assert 'value="skriver vi selv"' in page  # what Alice typed, kept
    principle.refresh_from_db()
    assert principle.statement_da == "skriver vi selv det hele"
    assert not principle.cells.exists()  # nothing of the refused save went in


def test_the_api_refuses_a_change_from_an_older_revision_with_409(
    signatories: World, unit_charter: Charter, api_client_for
) -> None:  # type: ignore[no-untyped-def]
    import json

    client = api_client_for(signatories.fiona)
    principle = unit_charter.principles.get()
    url = (
        f"/api/organisations/{signatories.havneby.code}/charters/{unit_charter.code}"
        f"/principles/{principle.code}"
    )
    old = principle.revision
    ok = client.put(url, json.dumps({"statement_da": "a", "revision": old}), "application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == old + 1
    late = client.put(url, json.dumps({"statement_da": "b", "revision": old}), "application/json")
    assert late.status_code == 409 and late.json()["field"] == "revision"
    cell = client.put(
        url + "/cells/group", json.dumps({"text": "x", "revision": old}), "application/json"
    )
    assert cell.status_code == 409
    principle.refresh_from_db()
    assert principle.statement_da == "a"
