"""The agreement round's rules: one ballot per sheet, nothing per person, nothing
below the minimum group size, and earlier rounds kept as they were."""

import pytest
from django.test import Client

from conftest import World
from vogter.lib.errors import ActionError
from vogter.principles import matrix as level_matrix
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.actions import principles as principle_actions
from vogter.principles.models import AgreementVote
from vogter.principles.results import round_results
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _in_agreement(world: World, workshop: Workshop, statements: list[str]) -> list[str]:
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    codes = [
        principle_actions.create_principle(world.fiona, workshop, statement_da=s).code
        for s in statements
    ]
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    return codes


def test_a_sheet_votes_once_and_its_votes_carry_no_sheet(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop)
    sheet = answered_workshop.sheets.first()
    assert sheet is not None
    agreement_actions.cast_ballot(sheet, agreement, {code: ("agree", "God idé")})
    with pytest.raises(ActionError):
        agreement_actions.cast_ballot(sheet, agreement, {code: ("disagree", "")})
    field_names = {f.name for f in AgreementVote._meta.get_fields()}
    assert not field_names & {"sheet", "user", "created_at", "ballot"}


def test_results_are_withheld_below_the_minimum_group_size(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop)
    sheets = list(answered_workshop.sheets.all())
    for sheet in sheets[:4]:
        agreement_actions.cast_ballot(sheet, agreement, {code: ("agree", "")})
    assert round_results(agreement)["withheld"] is True
    assert round_results(agreement)["principles"] == []
    for sheet in sheets[4:6]:
        agreement_actions.cast_ballot(
            sheet, agreement, {code: ("disagree" if sheet == sheets[5] else "agree", "")}
        )
    results = round_results(agreement)
    (row,) = results["principles"]
    assert results["ballots"] == 6
    # Six ballots, five agree, one disagrees (issue 13, reproduction 2): "agree 5" would
    # give the lone "disagree" away as 6 - 5 - 0, so it is left out too; no share, no
    # consensus; the band says what the room needs to know without the number.
    assert row["counts"] == {"agree": None, "disagree": None, "pass": 0}
    assert row["agree_share"] is None and row["consensus"] is None
    assert row["band"] == "most_agree"
    assert "few" not in row


def test_a_second_round_keeps_the_first_as_it_was(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker kilderne"])
    first = agreement_actions.open_round(world.fiona, answered_workshop)
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = answered_workshop.principles.get()
    principle_actions.update_principle(
        world.fiona,
        principle,
        version=principle.version,
        statement_da="tjekker altid kilderne, før vi deler",
        statement_en="",
        rationale="",
        theme_codes=[],
        answer_ids=[],
    )
    workshop_actions.set_phase(world.fiona, answered_workshop, "agreement")
    second = agreement_actions.open_round(world.fiona, answered_workshop)
    first.refresh_from_db()
    assert not first.open and second.number == 2
    assert first.items.get().statement_da == "tjekker kilderne"
    assert second.items.get().statement_da == "tjekker altid kilderne, før vi deler"
    assert code == principle.code


def test_an_edit_from_an_older_version_is_a_conflict(
    world: World, answered_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, answered_workshop, statement_en="check sources"
    )
    edit = {"statement_da": "", "rationale": "", "theme_codes": [], "answer_ids": []}
    principle_actions.update_principle(
        world.fiona, principle, version=1, statement_en="always check sources", **edit
    )
    with pytest.raises(ActionError) as refused:
        principle_actions.update_principle(
            world.alice, principle, version=1, statement_en="never", **edit
        )
    assert refused.value.field == "version"
    principle.refresh_from_db()
    assert principle.statement_en == "always check sources" and principle.version == 2


def test_the_coverage_tells_gaps_from_cells_left_empty_on_purpose(
    world: World, answered_workshop: Workshop
) -> None:
    workshop_actions.set_phase(world.fiona, answered_workshop, "principles")
    principle = principle_actions.create_principle(
        world.fiona, answered_workshop, statement_da="deler viden"
    )
    principle_actions.set_cell(
        world.fiona, principle, "individual", text="Jeg fortæller om mine prompts"
    )
    principle_actions.set_cell(world.fiona, principle, "national", empty_on_purpose=True)
    coverage = level_matrix.coverage(answered_workshop)
    assert coverage["per_level"]["individual"] == {"filled": 1}
    assert coverage["per_level"]["national"] == {"empty": 1}
    assert coverage["per_level"]["group"] == {"gap": 1}
    assert len(coverage["gaps"]) == 4


def test_revealing_the_results_closes_the_round_first(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop)
    sheets = list(answered_workshop.sheets.all())
    for sheet in sheets[:5]:
        agreement_actions.cast_ballot(sheet, agreement, {code: ("agree", "")})
    agreement_actions.reveal_round(world.fiona, agreement, True)
    agreement.refresh_from_db()
    assert agreement.revealed and not agreement.open
    # A late ballot would move the shown share and give its voter away: refused.
    with pytest.raises(ActionError):
        agreement_actions.cast_ballot(sheets[5], agreement, {code: ("disagree", "")})


def test_the_agree_share_shows_only_when_no_count_is_withheld(
    world: World, answered_workshop: Workshop
) -> None:
    """With the number of ballots known, a share would give a withheld count away
    (2 of 3 is 67 %): it shows when every choice anyone made has the minimum."""
    from vogter.workshops.actions import sheets as sheet_actions

    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop)
    sheets = list(answered_workshop.sheets.all())
    while len(sheets) < 10:
        sheets.append(sheet_actions.join(answered_workshop).sheet)
    for number, sheet in enumerate(sheets[:10]):
        agreement_actions.cast_ballot(
            sheet, agreement, {code: ("agree" if number < 5 else "disagree", "")}
        )
    (row,) = round_results(agreement)["principles"]
    assert row["counts"] == {"agree": 5, "disagree": 5, "pass": 0}
    assert row["agree_share"] == pytest.approx(0.5)
    assert row["band"] == "split" and row["consensus"] is False


def test_an_open_count_round_shows_exact_counts_as_announced_on_every_phone(
    world: World, answered_workshop: Workshop, client: Client
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop, open_count=True)
    joined = sheet_actions.join(answered_workshop)
    client.cookies["vogter_sheet_" + answered_workshop.join_code] = joined.token
    page = client.get(f"/j/{answered_workshop.join_code}/agreement/").content.decode()
    assert "viser resultatet de præcise tal" in page  # said before anyone votes
    sheets = [joined.sheet, *answered_workshop.sheets.exclude(pk=joined.sheet.pk)[:5]]
    for number, sheet in enumerate(sheets):
        agreement_actions.cast_ballot(
            sheet, agreement, {code: ("disagree" if number == 0 else "agree", "")}
        )
    (row,) = round_results(agreement)["principles"]
    assert row["counts"] == {"agree": 5, "disagree": 1, "pass": 0}
    assert row["agree_share"] == pytest.approx(5 / 6) and row["consensus"] is True


def test_a_room_of_six_reads_that_someone_disagrees_but_not_how_many(
    world: World, answered_workshop: Workshop
) -> None:
    (code,) = _in_agreement(world, answered_workshop, ["tjekker altid kilderne"])
    agreement = agreement_actions.open_round(world.fiona, answered_workshop)
    sheets = list(answered_workshop.sheets.all())
    while len(sheets) < 6:
        sheets.append(sheet_actions.join(answered_workshop).sheet)
    for number, sheet in enumerate(sheets[:6]):
        agreement_actions.cast_ballot(
            sheet, agreement, {code: ("disagree" if number == 0 else "agree", "")}
        )
    agreement_actions.reveal_round(world.fiona, agreement)
    results = round_results(agreement)
    (row,) = results["principles"]
    # Everything shown, with the six ballots: agree + disagree = 6, agree > disagree >= 1.
    # So one or two disagree; the room cannot tell which, nor who.
    shown = {k: v for k, v in row["counts"].items() if v is not None}
    assert shown == {"pass": 0} and row["band"] == "most_agree"
    assert row["agree_share"] is None and row["consensus"] is None
