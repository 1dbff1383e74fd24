"""Themes, principles, level cells and agreement rounds over REST, for facilitators."""

from collections import Counter
from typing import Any

import pytest
from django.test import Client

from conftest import World
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.agreement import current_round
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _base(workshop: Workshop) -> str:
    return f"/api/organisations/{workshop.organisation.code}/workshops/{workshop.code}"


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def _q1_answers(workshop: Workshop) -> list[str]:
    return [str(i) for i in theme_entries(workshop, "q1").values_list("id", flat=True)]


def _assert_every_answer_in_exactly_one_place(
    workshop: Workshop, themes: list[dict[str, Any]], *, all_placed: bool = False
) -> None:
    placed = Counter(
        a["id"] for question in themes for theme in question["themes"] for a in theme["answers"]
    )
    unplaced = Counter(a["id"] for question in themes for a in question["unplaced"])
    expected = {str(i) for i in theme_entries(workshop).values_list("id", flat=True)}
    assert set(placed) | set(unplaced) == expected
    assert all(n == 1 for n in (placed + unplaced).values())
    assert not set(placed) & set(unplaced)
    if all_placed:
        assert not unplaced
    for question in themes:
        for theme in question["themes"]:
            assert theme["size"] == len(theme["answers"])


def _to_principles(world: World, workshop: Workshop) -> None:
    workshop_actions.set_phase(world.fiona, workshop, "principles")


def _principle(client: Client, workshop: Workshop, **body: Any) -> dict[str, Any]:
    response = _post(client, _base(workshop) + "/principles", body)
    assert response.status_code == 201, response.content
    return response.json()


# --- Themes -----------------------------------------------------------------------


def test_suggested_themes_hold_every_answer_exactly_once(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona = api_client_for(world.fiona)
    response = _post(fiona, _base(answered_workshop) + "/themes/suggest", {"question": "q1"})
    assert response.status_code == 200, response.content
    (q1,) = [q for q in response.json() if q["question"] == "q1"]
    assert q1["themes"] and all(t["suggested"] for t in q1["themes"])
    assert not q1["unplaced"]

    response = _post(fiona, _base(answered_workshop) + "/themes/suggest", {"replace": True})
    assert response.status_code == 200
    _assert_every_answer_in_exactly_one_place(answered_workshop, response.json(), all_placed=True)
    listed = fiona.get(_base(answered_workshop) + "/themes").json()
    assert listed == response.json()


def test_renaming_a_suggested_theme_makes_it_a_persons(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona = api_client_for(world.fiona)
    suggested = _post(fiona, _base(answered_workshop) + "/themes/suggest", {"question": "q5"})
    (q5,) = [q for q in suggested.json() if q["question"] == "q5"]
    theme = q5["themes"][0]
    renamed = fiona.patch(
        _base(answered_workshop) + f"/themes/{theme['code']}",
        {"label": "  Tillid  og ærlighed "},
        content_type="application/json",
    )
    assert renamed.status_code == 200
    assert renamed.json()["label"] == "Tillid og ærlighed"
    assert renamed.json()["suggested"] is False
    assert renamed.json()["answers"] == theme["answers"]


def test_split_move_and_merge_keep_every_answer_in_exactly_one_theme(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    answers = _q1_answers(answered_workshop)
    assert len(answers) == 6

    time = _post(fiona, base + "/themes", {"question": "q1", "label": "Tid", "answer_ids": answers})
    assert time.status_code == 201
    assert time.json()["size"] == 6 and time.json()["suggested"] is False
    _assert_every_answer_in_exactly_one_place(answered_workshop, fiona.get(base + "/themes").json())

    # A split: two of them into a theme of their own.
    quality = _post(
        fiona, base + "/themes", {"question": "q1", "label": "Kvalitet", "answer_ids": answers[:2]}
    ).json()
    listed = fiona.get(base + "/themes").json()
    _assert_every_answer_in_exactly_one_place(answered_workshop, listed)
    sizes = {t["code"]: t["size"] for q in listed for t in q["themes"]}
    assert sizes == {time.json()["code"]: 4, quality["code"]: 2}

    moved = _post(
        fiona, base + "/themes/move", {"answer_ids": answers[2:3], "theme": quality["code"]}
    )
    assert moved.status_code == 200
    _assert_every_answer_in_exactly_one_place(answered_workshop, moved.json())

    out = _post(fiona, base + "/themes/move", {"answer_ids": answers[5:], "theme": None})
    (q1,) = [q for q in out.json() if q["question"] == "q1"]
    assert [a["id"] for a in q1["unplaced"]] == answers[5:]
    _assert_every_answer_in_exactly_one_place(answered_workshop, out.json())

    merged = _post(fiona, base + f"/themes/{quality['code']}/merge", {"into": time.json()["code"]})
    assert merged.status_code == 200 and merged.json()["size"] == 5
    listed = fiona.get(base + "/themes").json()
    _assert_every_answer_in_exactly_one_place(answered_workshop, listed)
    assert [t["code"] for q in listed for t in q["themes"]] == [time.json()["code"]]


def test_only_an_empty_theme_can_be_deleted(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    made = _post(fiona, base + "/themes", {"question": "q1", "label": "Tid"})
    assert made.status_code == 201 and made.json()["size"] == 0
    code = made.json()["code"]
    _post(
        fiona, base + "/themes/move", {"answer_ids": _q1_answers(answered_workshop), "theme": code}
    )
    refused = fiona.delete(base + f"/themes/{code}")
    assert refused.status_code == 400 and refused.json()["field"] == "theme"
    _post(fiona, base + "/themes/move", {"answer_ids": _q1_answers(answered_workshop)})
    assert fiona.delete(base + f"/themes/{code}").status_code == 204
    assert fiona.delete(base + f"/themes/{code}").status_code == 404


def test_an_unknown_theme_in_the_body_is_refused_with_its_field(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    theme = _post(fiona, base + "/themes", {"question": "q1", "label": "Tid"}).json()
    merge = _post(fiona, base + f"/themes/{theme['code']}/merge", {"into": "zzzzzzzzzzzz"})
    move = _post(
        fiona,
        base + "/themes/move",
        {"answer_ids": _q1_answers(answered_workshop), "theme": "zzzzzzzzzzzz"},
    )
    assert (merge.status_code, merge.json()["field"]) == (400, "into")
    assert (move.status_code, move.json()["field"]) == (400, "theme")


def test_a_malformed_answer_id_is_refused_like_an_unknown_one(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    split = _post(fiona, base + "/themes", {"question": "q1", "label": "x", "answer_ids": ["nej"]})
    move = _post(fiona, base + "/themes/move", {"answer_ids": ["nej"]})
    _to_principles(world, answered_workshop)
    quote = _post(fiona, base + "/principles", {"statement_da": "x", "sources": ["nej"]})
    for refused, field in ((split, "answers"), (move, "answers"), (quote, "sources")):
        assert (refused.status_code, refused.json()["field"]) == (400, field)


def test_themes_wait_for_the_reflection_to_close(
    api_client_for, world: World, workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        api_client_for(world.fiona), _base(workshop) + "/themes", {"question": "q1", "label": "x"}
    )
    assert response.status_code == 400 and response.json()["field"] == "phase"


# --- Principles -------------------------------------------------------------------


def test_a_merge_keeps_the_principles_provenance(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    answers = _q1_answers(answered_workshop)
    time = _post(fiona, base + "/themes", {"question": "q1", "label": "Tid", "answer_ids": answers})
    small = _post(
        fiona, base + "/themes", {"question": "q1", "label": "Rutiner", "answer_ids": answers[:1]}
    ).json()
    _to_principles(world, answered_workshop)
    principle = _principle(
        fiona,
        answered_workshop,
        statement_da="bruger den sparede tid på det vigtige",
        themes=[small["code"]],
        sources=answers[:1],
    )
    assert principle["themes"] == [{"code": small["code"], "label": "Rutiner"}]

    _post(fiona, base + f"/themes/{small['code']}/merge", {"into": time.json()["code"]})
    after = fiona.get(base + f"/principles/{principle['code']}").json()
    assert after["themes"] == [{"code": time.json()["code"], "label": "Tid"}]
    assert (
        after["sources"]
        == principle["sources"]
        == [{"id": answers[0], "text": theme_entries(answered_workshop).get(id=answers[0]).text}]
    )


def test_the_level_matrix_round_trips(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    _to_principles(world, answered_workshop)
    principle = _principle(fiona, answered_workshop, statement_en="share what we learn")
    assert principle["cells"] == [] and principle["from_participant"] is False
    cells = base + f"/principles/{principle['code']}/cells/"

    def put(level: str, **body: Any) -> Any:
        return fiona.put(cells + level, body, content_type="application/json")

    filled = put("individual", text="Jeg deler mine prompts", responsible="  alle  ")
    assert filled.status_code == 200
    assert filled.json() == {
        "level": "individual",
        "text": "Jeg deler mine prompts",
        "responsible": "alle",
        "empty_on_purpose": False,
    }
    assert put("national", empty_on_purpose=True).status_code == 200
    put("group", text="Vi holder et månedligt møde")
    gap = put("group")
    assert gap.json() == {
        "level": "group",
        "text": None,
        "responsible": None,
        "empty_on_purpose": None,
    }
    refused = put("unit", text="noget", empty_on_purpose=True)
    assert refused.status_code == 400 and refused.json()["field"] == "empty_on_purpose"
    assert put("galaxy", text="x").status_code == 404

    got = fiona.get(base + f"/principles/{principle['code']}").json()
    assert got["cells"] == [
        filled.json(),
        {"level": "national", "text": "", "responsible": "", "empty_on_purpose": True},
    ]

    coverage = fiona.get(base + "/principles/coverage").json()
    per_level = {row["level"]: row for row in coverage["per_level"]}
    assert coverage["principles"] == 1
    assert per_level["individual"] == {"level": "individual", "filled": 1, "empty": 0, "gap": 0}
    assert per_level["national"]["empty"] == 1 and per_level["group"]["gap"] == 1
    assert {(g["principle"], g["level"]) for g in coverage["gaps"]} == {
        (principle["code"], level) for level in ("group", "unit", "department", "corporate_group")
    }


def test_an_edit_from_an_older_version_is_a_409_with_the_current_principle(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, alice = api_client_for(world.fiona), api_client_for(world.alice)
    _to_principles(world, answered_workshop)
    principle = _principle(fiona, answered_workshop, statement_en="check sources")
    url = _base(answered_workshop) + f"/principles/{principle['code']}"

    saved = fiona.put(
        url, {"version": 1, "statement_en": "always check sources"}, content_type="application/json"
    )
    assert saved.status_code == 200
    assert saved.json()["version"] == 2 and saved.json()["statement_en"] == "always check sources"

    late = alice.put(url, {"version": 1, "statement_en": "never"}, content_type="application/json")
    assert late.status_code == 409
    assert late.json()["field"] == "version" and late.json()["detail"]
    assert late.json()["principle"] == saved.json()
    assert fiona.get(url).json() == saved.json()


def test_an_edit_keeps_what_it_leaves_out(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    answers = _q1_answers(answered_workshop)
    theme = _post(
        fiona, base + "/themes", {"question": "q1", "label": "Tid", "answer_ids": answers}
    )
    _to_principles(world, answered_workshop)
    principle = _principle(
        fiona,
        answered_workshop,
        statement_da="deler viden",
        rationale="Fra spørgsmål 1",
        themes=[theme.json()["code"]],
        sources=answers[:2],
    )
    edited = fiona.put(
        base + f"/principles/{principle['code']}",
        {"version": 1, "statement_en": "share knowledge"},
        content_type="application/json",
    ).json()
    unchanged = ("statement_da", "rationale", "themes", "sources")
    assert {k: edited[k] for k in unchanged} == {k: principle[k] for k in unchanged}
    assert edited["statement_en"] == "share knowledge"


def test_withdrawn_principles_stay_listed_and_the_order_can_change(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    _to_principles(world, answered_workshop)
    first = _principle(fiona, answered_workshop, statement_da="første")
    second = _principle(fiona, answered_workshop, statement_da="anden")

    withdrawn = _post(fiona, base + f"/principles/{first['code']}/withdraw", {"withdrawn": True})
    assert withdrawn.json()["withdrawn"] is True
    listed = fiona.get(base + "/principles").json()
    assert [(p["code"], p["withdrawn"]) for p in listed] == [
        (first["code"], True),
        (second["code"], False),
    ]

    reordered = _post(
        fiona, base + "/principles/order", {"principles": [second["code"], first["code"]]}
    )
    assert [(p["code"], p["position"]) for p in reordered.json()] == [
        (second["code"], 1),
        (first["code"], 2),
    ]
    incomplete = _post(fiona, base + "/principles/order", {"principles": [second["code"]]})
    assert incomplete.status_code == 400 and incomplete.json()["field"] == "principles"


def test_listing_principles_takes_a_fixed_number_of_queries(
    api_client_for, world: World, answered_workshop: Workshop, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    answers = _q1_answers(answered_workshop)
    theme = _post(
        fiona, base + "/themes", {"question": "q1", "label": "Tid", "answer_ids": answers}
    )
    _to_principles(world, answered_workshop)
    for n in range(6):
        code = _principle(
            fiona,
            answered_workshop,
            statement_da=f"princip {n}",
            themes=[theme.json()["code"]],
            sources=answers[:2],
        )["code"]
        fiona.put(
            base + f"/principles/{code}/cells/unit", {"text": "x"}, content_type="application/json"
        )
    with django_assert_max_num_queries(8):
        assert len(fiona.get(base + "/principles").json()) == 6


# --- Agreement rounds -------------------------------------------------------------


def _round_with_ballots(
    world: World, workshop: Workshop, ballots: int, api: Client
) -> tuple[str, str]:
    """Round 1 on one principle, with `ballots` sheets having voted (one disagrees)."""
    _to_principles(world, workshop)
    code = _principle(api, workshop, statement_da="tjekker altid kilderne")["code"]
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    opened = _post(api, _base(workshop) + "/agreement/rounds", {})
    assert opened.status_code == 201, opened.content
    agreement = current_round(workshop)
    assert agreement is not None
    sheets = list(workshop.sheets.all())[:ballots]
    for n, sheet in enumerate(sheets):
        choice = "disagree" if n == 0 else "agree"
        agreement_actions.cast_ballot(sheet, agreement, {code: (choice, "Godt" if n == 1 else "")})
    return code, _base(workshop) + "/agreement/rounds/1"


def test_results_stay_hidden_until_the_reveal(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona = api_client_for(world.fiona)
    code, url = _round_with_ballots(world, answered_workshop, 6, fiona)
    before = fiona.get(url).json()
    assert before["results"] is None and before["ballots"] == 6 and before["open"] is True
    assert before["items"] == [
        {
            "principle": code,
            "statement_da": "tjekker altid kilderne",
            "statement_en": "",
            "position": 1,
        }
    ]
    assert fiona.get(_base(answered_workshop) + "/agreement/rounds").json()[0]["results"] is None

    closed = _post(fiona, url + "/close", {})
    assert closed.json()["open"] is False and closed.json()["results"] is None

    revealed = _post(fiona, url + "/reveal", {"revealed": True}).json()
    results = revealed["results"]
    assert results["withheld"] is False and results["ballots"] == 6
    (row,) = results["principles"]
    assert row["principle"] == code
    # 5 of 6 would give the one "disagree" away: neither count, no share, no consensus.
    assert row["counts"] == {"agree": None, "disagree": None, "pass": 0}
    assert row["band"] == "most_agree" and row["consensus"] is None
    assert row["agree_share"] is None
    assert row["comments"] == ["Godt"]

    hidden = _post(fiona, url + "/reveal", {"revealed": False}).json()
    assert hidden["results"] is None


def test_results_are_withheld_below_the_minimum_group_size(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona = api_client_for(world.fiona)
    _code, url = _round_with_ballots(world, answered_workshop, 4, fiona)
    results = _post(fiona, url + "/reveal", {}).json()["results"]
    assert results == {
        "ballots": 4,
        "min_group_size": 5,
        "open_count": False,
        "withheld": True,
        "principles": [],
    }


def test_no_response_names_a_sheet(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona, base = api_client_for(world.fiona), _base(answered_workshop)
    _post(fiona, base + "/themes/suggest", {})
    code, url = _round_with_ballots(world, answered_workshop, 6, fiona)
    _post(fiona, url + "/reveal", {})
    texts = [
        fiona.get(path).content.decode()
        for path in (
            base + "/themes",
            base + "/principles",
            base + f"/principles/{code}",
            base + "/agreement/rounds",
            url,
        )
    ]
    sheet_ids = [str(i) for i in answered_workshop.sheets.values_list("id", flat=True)]
    assert len(sheet_ids) == 6
    for text in texts:
        assert not [s for s in sheet_ids if s in text]
        assert '"sheet' not in text


def test_a_round_needs_the_agreement_phase(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    fiona = api_client_for(world.fiona)
    _to_principles(world, answered_workshop)
    _principle(fiona, answered_workshop, statement_da="deler viden")
    refused = _post(fiona, _base(answered_workshop) + "/agreement/rounds", {})
    assert refused.status_code == 400 and refused.json()["field"] == "phase"
    assert fiona.get(_base(answered_workshop) + "/agreement/rounds/1").status_code == 404


# --- Who may ----------------------------------------------------------------------

READS = ("/themes", "/principles", "/principles/coverage", "/agreement/rounds")


@pytest.mark.parametrize("path", READS)
def test_member_gets_403(path: str, api_client_for, world: World, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    assert api_client_for(world.mads).get(_base(workshop) + path).status_code == 403


@pytest.mark.parametrize("path", READS)
def test_outsider_gets_404(path: str, api_client_for, world: World, workshop: Workshop) -> None:  # type: ignore[no-untyped-def]
    response = api_client_for(world.olga).get(_base(workshop) + path)
    assert response.status_code == 404 and set(response.json()) == {"detail"}


def test_member_and_outsider_cannot_change_themes(
    mads_client: Client, olga_client: Client, world: World, answered_workshop: Workshop
) -> None:
    url = _base(answered_workshop) + "/themes"
    body = {"question": "q1", "label": "Tid"}
    assert _post(mads_client, url, body).status_code == 403
    assert _post(olga_client, url, body).status_code == 404
    assert not answered_workshop.themes.exists()


def test_admin_may_do_what_the_facilitator_may(
    api_client_for, world: World, answered_workshop: Workshop
) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        api_client_for(world.alice),
        _base(answered_workshop) + "/themes",
        {"question": "q1", "label": "Tid"},
    )
    assert response.status_code == 201
