"""Charters over REST: from a workshop's principles to adopted, signed versions, what
changed between them and why, exports, the share link, and who may do what."""

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import (
    Charter,
    CharterCell,
    CharterVersion,
    FrozenVersionError,
    SignatureRole,
)
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.actions import memberships as membership_actions
from vogter.organisations.models import Membership, Role
from vogter.principles.actions import principles as principle_actions
from vogter.principles.actions import themes as theme_actions
from vogter.principles.themes import theme_entries
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.kit import preamble
from vogter.workshops.models import Workshop

pytestmark = pytest.mark.django_db

CHECK_FACTS_DA = "tjekker vi fakta, før vi deler et resultat"
CHECK_FACTS_EN = "check the facts before we share a result"
WELL_BEING_DA = "passer vi på trivslen, så den sparede tid ikke bare bliver til højere tempo"
RETIRED_DA = "bruger vi AI til alt"


# --- People and a workshop with principles -----------------------------------------


@pytest.fixture(autouse=True)
def in_english(world: World) -> None:
    """Answers in English (the API speaks each person's language), so the tests can
    read the messages."""
    User.objects.update(language="en")


@pytest.fixture
def maja(world: World) -> User:
    """Maja, a member of Havneby and the manager of the department above the
    communications unit, which has no manager of its own: she signs its charter as manager
    and may adopt it. Mads, the TR, works in the unit itself."""
    maja = make_user("maja@havneby.example", "Maja Manager", language="en")
    joining_actions.accept_invitation(maja, invitation_actions.invite(world.alice, world.havneby))
    membership_actions.change_membership(
        world.alice,
        Membership.objects.get(user=maja),
        role=Role.MEMBER,
        unit=world.department,
        is_manager=True,
    )
    membership_actions.change_membership(world.alice, world.membership(world.mads), unit=world.unit)
    return maja


@pytest.fixture
def clients(world: World, maja: User, api_client_for: Callable[[User], Client]) -> Any:
    return SimpleNamespace(
        alice=api_client_for(world.alice),
        fiona=api_client_for(world.fiona),
        mads=api_client_for(world.mads),  # member, union representative (TR)
        maja=api_client_for(maja),  # member, manager
        olga=api_client_for(world.olga),  # outsider
    )


@pytest.fixture
def principled_workshop(world: World, answered_workshop: Workshop) -> Workshop:
    """Three principles: one with a theme, a quoted answer and two level cells, one plain,
    and one withdrawn (which a charter does not take)."""
    workshop = answered_workshop
    answers = theme_entries(workshop, "q1").order_by("text")
    quoted = answers[0]
    theme = theme_actions.new_theme(world.fiona, workshop, "q1", "Tid", [str(quoted.id)])
    workshop_actions.set_phase(world.fiona, workshop, "principles")
    facts = principle_actions.create_principle(
        world.fiona,
        workshop,
        statement_da=CHECK_FACTS_DA,
        statement_en=CHECK_FACTS_EN,
        rationale="Mange svar handlede om troværdighed.",
        theme_codes=[theme.code],
        answer_ids=[str(quoted.id)],
    )
    principle_actions.set_cell(
        world.fiona, facts, "individual", text="Jeg tjekker kilderne.", responsible="Alle"
    )
    principle_actions.set_cell(world.fiona, facts, "national", empty_on_purpose=True)
    principle_actions.create_principle(world.fiona, workshop, statement_da=WELL_BEING_DA)
    retired = principle_actions.create_principle(world.fiona, workshop, statement_da=RETIRED_DA)
    principle_actions.withdraw_principle(world.fiona, retired, True)
    return workshop


def _base(world: World) -> str:
    return f"/api/organisations/{world.havneby.code}/charters"


def _send(client: Client, method: str, url: str, body: Any = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


@pytest.fixture
def charter(world: World, clients: Any, principled_workshop: Workshop) -> dict[str, Any]:
    """Fiona's draft charter for the communications unit, from the workshop."""
    body = {"title": "Principsæt", "unit": world.unit.code, "workshops": [principled_workshop.code]}
    return _ok(_send(clients.fiona, "POST", _base(world), body), 201)


def _url(world: World, charter: dict[str, Any], rest: str = "") -> str:
    return f"{_base(world)}/{charter['code']}{rest}"


def _adopt_through_actions(world: World, maja: User, code: str) -> None:
    the_charter = Charter.objects.get(code=code)
    adoption_actions.propose(world.fiona, the_charter)
    signature_actions.sign(world.mads, the_charter, "union_rep")
    signature_actions.sign(maja, the_charter, "manager")
    adoption_actions.adopt(maja, the_charter)


@pytest.fixture
def adopted(world: World, maja: User, charter: dict[str, Any]) -> dict[str, Any]:
    _adopt_through_actions(world, maja, charter["code"])
    return charter


# --- The whole cycle -------------------------------------------------------------------


def test_a_charter_is_made_from_a_workshop_with_cells_and_provenance(
    world: World, charter: dict[str, Any], principled_workshop: Workshop
) -> None:
    assert charter["status"] == "draft"
    assert charter["version"] == 1
    assert charter["unit"] == world.unit.code
    assert charter["workshops"] == [principled_workshop.code]
    assert charter["required_signatures"] == ["manager", "union_rep"]
    assert charter["missing_signatures"] == ["manager", "union_rep"]
    assert charter["signatures"] == []
    assert charter["shared"] is False

    doc = charter["document"]
    assert doc["schema"] == "vogter.charter/1"
    assert doc["organisation"] == "Havneby Kommune"
    statements = [p["statement"]["da"] for p in doc["principles"]]
    assert statements == [CHECK_FACTS_DA, WELL_BEING_DA]  # the withdrawn one is not taken
    facts = doc["principles"][0]
    assert facts["statement"]["en"] == CHECK_FACTS_EN
    assert facts["cells"]["individual"] == {
        "text": "Jeg tjekker kilderne.",
        "responsible": "Alle",
        "empty_on_purpose": False,
    }
    assert facts["cells"]["national"]["empty_on_purpose"] is True
    assert facts["cells"]["group"] is None  # a gap
    (source,) = facts["sources"]
    assert source["workshop"] == principled_workshop.title
    assert source["themes"] == ["Tid"]
    assert len(source["quotes"]) == 1


def test_the_whole_cycle_from_draft_to_a_second_adopted_version(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))

    refused = _send(clients.fiona, "POST", _url(world, charter, "/adopt"))
    assert refused.status_code == 400
    assert refused.json()["field"] == "signatures"
    assert "Manager" in refused.json()["detail"]
    assert "Union representative (TR)" in refused.json()["detail"]

    signed = _ok(_send(clients.mads, "POST", _url(world, charter, "/sign"), {"role": "union_rep"}))
    assert [(s["role"], s["name"]) for s in signed["signatures"]] == [("union_rep", "Mads Member")]
    assert signed["missing_signatures"] == ["manager"]
    refused = _send(clients.maja, "POST", _url(world, charter, "/adopt"))
    assert refused.status_code == 400
    assert "Manager" in refused.json()["detail"]
    assert "Union representative" not in refused.json()["detail"]

    _ok(_send(clients.maja, "POST", _url(world, charter, "/sign"), {"role": "manager"}))
    adopted = _ok(_send(clients.maja, "POST", _url(world, charter, "/adopt")))
    assert (adopted["status"], adopted["version"]) == ("adopted", 1)
    assert adopted["missing_signatures"] == []

    # Version 1 is frozen, signatures and all.
    first = CharterVersion.objects.get(charter__code=charter["code"], number=1)
    assert first.frozen
    assert first.document["status"] == "adopted"
    assert {s["role"] for s in first.document["signatures"]} == {"manager", "union_rep"}
    v1 = _ok(_send(clients.mads, "GET", _url(world, charter, "/versions/1")))
    assert v1["adopted_on"] == timezone.localdate().isoformat()
    assert v1["adopted_by"] == "Maja Manager"
    assert v1["document"] == first.document

    draft = _ok(_send(clients.fiona, "POST", _url(world, charter, "/new-draft")))
    assert (draft["status"], draft["version"]) == ("draft", 2)
    assert draft["signatures"] == []
    facts = draft["document"]["principles"][0]["code"]
    cell = {"text": "Jeg tjekker altid to kilder.", "responsible": "Alle"}
    reason = "To kilder fanger flere fejl end én."
    changed = _send(
        clients.fiona,
        "PUT",
        _url(world, charter, f"/principles/{facts}/cells/individual"),
        {**cell, "reason": reason},
    )
    assert _ok(changed) == {"level": "individual", **cell, "empty_on_purpose": False}

    (change,) = _ok(_send(clients.mads, "GET", _url(world, charter, "/versions/2/changes")))
    assert (change["principle"], change["kind"], change["wording"]) == (facts, "changed", False)
    (cell_change,) = change["cells"]
    assert cell_change["level"] == "individual"
    assert cell_change["old"]["text"] == "Jeg tjekker kilderne."
    assert cell_change["new"]["text"] == "Jeg tjekker altid to kilder."
    assert cell_change["reasons"] == [reason]
    # The adopted version still says what was adopted.
    v1_again = _ok(_send(clients.mads, "GET", _url(world, charter, "/versions/1")))
    assert v1_again["document"]["principles"][0]["cells"]["individual"]["text"] == (
        "Jeg tjekker kilderne."
    )

    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))
    _ok(_send(clients.mads, "POST", _url(world, charter, "/sign"), {"role": "union_rep"}))
    _ok(_send(clients.maja, "POST", _url(world, charter, "/sign"), {"role": "manager"}))
    second = _ok(_send(clients.fiona, "POST", _url(world, charter, "/adopt")))
    assert (second["status"], second["version"]) == ("adopted", 2)
    versions = _ok(_send(clients.mads, "GET", _url(world, charter, "/versions")))
    assert [(v["number"], v["status"]) for v in versions] == [(2, "adopted"), (1, "superseded")]


def test_the_changes_of_a_version_show_added_reworded_and_removed_principles_with_reasons(
    world: World, clients: Any, adopted: dict[str, Any]
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, adopted, "/new-draft")))
    facts, well_being = (p["code"] for p in adopted["document"]["principles"])
    added = _ok(
        _send(
            clients.fiona,
            "POST",
            _url(world, adopted, "/principles"),
            {"statement_en": "ask whether the work still feels meaningful", "reason": "Nyt."},
        ),
        201,
    )
    assert (added["statement_da"], added["source"], added["cells"]) == ("", None, [])
    reworded = _ok(
        _send(
            clients.fiona,
            "PUT",
            _url(world, adopted, f"/principles/{facts}"),
            {"statement_en": "always check the facts", "reason": "Kortere."},
        )
    )
    assert reworded["statement_da"] == CHECK_FACTS_DA  # left out: kept
    assert reworded["statement_en"] == "always check the facts"
    removed = _send(
        clients.fiona, "DELETE", _url(world, adopted, f"/principles/{well_being}?reason=Dublet")
    )
    assert removed.status_code == 204

    changes = _ok(_send(clients.mads, "GET", _url(world, adopted, "/versions/2/changes")))
    by_kind = {c["kind"]: c for c in changes}
    assert by_kind["added"]["principle"] == added["code"]
    assert by_kind["added"]["statement"]["old"] is None
    assert by_kind["added"]["reasons"] == ["Nyt."]
    assert by_kind["changed"]["wording"] is True
    assert by_kind["changed"]["statement"] == {
        "old": {"da": CHECK_FACTS_DA, "en": CHECK_FACTS_EN},
        "new": {"da": CHECK_FACTS_DA, "en": "always check the facts"},
    }
    assert by_kind["changed"]["reasons"] == ["Kortere."]
    assert by_kind["removed"]["principle"] == well_being
    assert by_kind["removed"]["statement"]["new"] is None
    assert by_kind["removed"]["reasons"] == ["Dublet"]
    # The first version's changes: everything was added.
    first = _ok(_send(clients.mads, "GET", _url(world, adopted, "/versions/1/changes")))
    assert {c["kind"] for c in first} == {"added"}


def test_principles_move_up_and_down_in_the_draft(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    facts, well_being = (p["code"] for p in charter["document"]["principles"])
    moved = _ok(
        _send(
            clients.fiona,
            "POST",
            _url(world, charter, f"/principles/{well_being}/move"),
            {"offset": -1},
        )
    )
    assert [(p["code"], p["position"]) for p in moved] == [(well_being, 1), (facts, 2)]
    assert moved[1]["source"] is not None  # taken from the workshop


def test_a_charter_needs_a_unit_and_workshops_of_its_own_organisation(
    world: World, clients: Any, principled_workshop: Workshop
) -> None:
    body = {"title": "Principsæt", "unit": world.fjordby_unit.code}
    refused = _send(clients.fiona, "POST", _base(world), body)
    assert (refused.status_code, refused.json()["field"]) == (400, "unit")
    body = {"title": "Principsæt", "unit": world.unit.code, "workshops": ["zzzzzzzzzzzz"]}
    refused = _send(clients.fiona, "POST", _base(world), body)
    assert (refused.status_code, refused.json()["field"]) == (400, "workshops")
    assert not Charter.objects.exists()


# --- Adopted versions do not change -----------------------------------------------------


def _edits(world: World, charter: dict[str, Any], workshop: Workshop) -> list[tuple[str, str, Any]]:
    principle = charter["document"]["principles"][0]["code"]
    p = f"/principles/{principle}"
    return [
        ("POST", "/workshops", {"workshop": workshop.code}),
        ("POST", "/principles", {"statement_da": "deler vi erfaringer"}),
        ("PUT", p, {"statement_da": "tjekker vi altid fakta"}),
        ("DELETE", p + "?reason=Væk", None),
        ("PUT", p + "/cells/group", {"text": "Vi drøfter det på gruppemødet."}),
        ("POST", p + "/move", {"offset": 1}),
    ]


def _snapshot(code: str) -> Any:
    the_charter = Charter.objects.get(code=code)
    return (
        list(the_charter.principles.values_list("code", "statement_da", "position")),
        sorted(
            CharterCell.objects.filter(principle__charter=the_charter).values_list(
                "principle__code", "level", "text"
            )
        ),
        list(the_charter.versions.values_list("number", "status", "document")),
    )


def test_every_edit_is_a_409_while_the_version_is_adopted(
    world: World, clients: Any, adopted: dict[str, Any], principled_workshop: Workshop
) -> None:
    before = _snapshot(adopted["code"])
    for method, rest, body in [
        *_edits(world, adopted, principled_workshop),
        ("POST", "/propose", None),
        ("POST", "/back-to-draft", None),
        ("POST", "/sign", {"role": "union_rep"}),
    ]:
        client = clients.mads if rest == "/sign" else clients.fiona
        response = _send(client, method, _url(world, adopted, rest), body)
        assert response.status_code == 409, f"{method} {rest}: {response.content!r}"
        assert response.json()["field"] == "status"
    assert _snapshot(adopted["code"]) == before
    edit = _send(clients.fiona, "POST", _url(world, adopted, "/principles"), {"statement_da": "x"})
    assert edit.json()["detail"] == (
        "An adopted version cannot be changed. Start a new draft to change the charter."
    )


def test_every_edit_is_a_409_while_the_version_is_proposed(
    world: World, clients: Any, charter: dict[str, Any], principled_workshop: Workshop
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))
    before = _snapshot(charter["code"])
    for method, rest, body in _edits(world, charter, principled_workshop):
        response = _send(clients.fiona, method, _url(world, charter, rest), body)
        assert response.status_code == 409, f"{method} {rest}: {response.content!r}"
        assert "proposed" in response.json()["detail"]
    assert _snapshot(charter["code"]) == before


def test_an_adopted_version_refuses_to_be_saved_changed(adopted: dict[str, Any]) -> None:
    version = CharterVersion.objects.get(charter__code=adopted["code"], number=1)
    version.document = {**version.document, "title": {"da": "Noget andet", "en": "Other"}}
    with pytest.raises(FrozenVersionError):
        version.save()
    version = CharterVersion.objects.get(pk=version.pk)
    version.status = "draft"
    with pytest.raises(FrozenVersionError):
        version.save()
    assert CharterVersion.objects.get(pk=version.pk).document["title"]["da"] == "Principsæt"


def test_the_django_admin_shows_versions_but_cannot_change_them(
    world: World, adopted: dict[str, Any]
) -> None:
    root = User.objects.create_superuser("root@havneby.example", "pw-for-tests")
    admin = Client()
    admin.force_login(root)
    version = CharterVersion.objects.get(charter__code=adopted["code"], number=1)
    page = f"/admin/charters/charterversion/{version.pk}/change/"
    view = admin.get(page)
    assert view.status_code == 200
    assert b'name="_save"' not in view.content
    assert admin.post(page, {"status": "draft", "document": "{}"}).status_code == 403
    assert admin.get("/admin/charters/charterversion/add/").status_code == 403
    delete = f"/admin/charters/charterversion/{version.pk}/delete/"
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    stored = CharterVersion.objects.get(pk=version.pk)
    assert (stored.status, stored.document) == (version.status, version.document)


# --- Signatures --------------------------------------------------------------------------


def test_a_signature_needs_the_role_and_each_role_signs_once(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    sign = _url(world, charter, "/sign")
    too_early = _send(clients.mads, "POST", sign, {"role": "union_rep"})
    assert too_early.status_code == 409  # not proposed yet
    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))

    for client, role in (
        (clients.fiona, "manager"),
        (clients.mads, "manager"),
        (clients.maja, "union_rep"),
    ):
        refused = _send(client, "POST", sign, {"role": role})
        assert (refused.status_code, refused.json()["field"]) == (400, "role")
        expected = "Maja Manager" if role == "manager" else "Mads Member"
        assert refused.json()["detail"] == (
            f"For Kommunikation, “{SignatureRole(role).label}” is signed by {expected}."
        )
    unknown = _send(clients.mads, "POST", sign, {"role": "chief"})
    assert unknown.status_code == 400

    _ok(_send(clients.mads, "POST", sign, {"role": "union_rep"}))
    again = _send(clients.mads, "POST", sign, {"role": "union_rep"})
    assert (again.status_code, again.json()["detail"]) == (
        400,
        "This signature has already been given.",
    )
    assert len(_ok(_send(clients.mads, "GET", _url(world, charter)))["signatures"]) == 1


def test_back_to_draft_removes_the_signatures(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))
    _ok(_send(clients.mads, "POST", _url(world, charter, "/sign"), {"role": "union_rep"}))
    draft = _ok(_send(clients.fiona, "POST", _url(world, charter, "/back-to-draft")))
    assert (draft["status"], draft["signatures"]) == ("draft", [])


def test_admins_choose_the_signatures_a_charter_needs(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    signoff = _base(world) + "/signoff"
    assert _ok(_send(clients.alice, "GET", signoff)) == {"roles": ["manager", "union_rep"]}
    chosen = {"roles": ["safety_rep", "manager", "union_rep"]}
    assert _ok(_send(clients.alice, "PUT", signoff, chosen)) == {
        "roles": ["manager", "union_rep", "safety_rep"]
    }
    required = _ok(_send(clients.mads, "GET", _url(world, charter)))["required_signatures"]
    assert required == ["manager", "union_rep", "safety_rep"]
    none = _send(clients.alice, "PUT", signoff, {"roles": []})
    assert (none.status_code, none.json()["field"]) == (400, "roles")
    for client in (clients.fiona, clients.mads):
        assert _send(client, "GET", signoff).status_code == 403
        assert _send(client, "PUT", signoff, chosen).status_code == 403


# --- Sharing ------------------------------------------------------------------------------


def test_a_share_link_works_without_login_until_it_is_replaced_or_revoked(
    world: World, clients: Any, adopted: dict[str, Any]
) -> None:
    first = _ok(_send(clients.fiona, "POST", _url(world, adopted, "/share")))["url"]
    assert first.startswith("http://testserver/c/vch_")
    assert _ok(_send(clients.mads, "GET", _url(world, adopted)))["shared"] is True

    page = Client().get(first)
    assert page.status_code == 200
    html = page.content.decode()
    assert preamble("da", "Havneby Kommune")[1].split(" udviklet")[0] in html
    assert CHECK_FACTS_DA in html

    second = _ok(_send(clients.fiona, "POST", _url(world, adopted, "/share")))["url"]
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200

    assert _send(clients.fiona, "DELETE", _url(world, adopted, "/share")).status_code == 204
    assert Client().get(second).status_code == 404
    assert _ok(_send(clients.mads, "GET", _url(world, adopted)))["shared"] is False


# --- Exports --------------------------------------------------------------------------------


def _export(client: Client, world: World, charter: dict[str, Any], query: str) -> Any:
    response = client.get(_url(world, charter, "/export?" + query))
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response


def test_members_export_the_charter_in_every_format(
    world: World, clients: Any, adopted: dict[str, Any]
) -> None:
    pdf = _export(clients.mads, world, adopted, "format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    docx = _export(clients.mads, world, adopted, "format=docx&language=da")
    assert zipfile.is_zipfile(io.BytesIO(docx.content))
    import docx as python_docx

    opened = python_docx.Document(io.BytesIO(docx.content))
    texts = [p.text for p in opened.paragraphs] + [
        cell.text for table in opened.tables for row in table.rows for cell in row.cells
    ]
    assert any(CHECK_FACTS_DA in text for text in texts)

    md = _export(clients.mads, world, adopted, "format=md&language=da").content.decode()
    assert "Havneby Kommune" in md
    assert CHECK_FACTS_DA in md
    assert WELL_BEING_DA in md
    english = _export(clients.mads, world, adopted, "format=md&language=en").content.decode()
    assert CHECK_FACTS_EN in english

    exported = json.loads(_export(clients.mads, world, adopted, "format=json").content)
    assert exported["schema"] == "vogter.charter/1"
    assert [p["statement"]["da"] for p in exported["principles"]] == [CHECK_FACTS_DA, WELL_BEING_DA]


def test_an_export_of_an_earlier_version_shows_what_was_adopted(
    world: World, clients: Any, adopted: dict[str, Any]
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, adopted, "/new-draft")))
    facts = adopted["document"]["principles"][0]["code"]
    body = {"statement_da": "tjekker vi altid to kilder"}
    _ok(_send(clients.fiona, "PUT", _url(world, adopted, f"/principles/{facts}"), body))
    v1 = _export(clients.mads, world, adopted, "format=md&language=da&version=1").content
    current = _export(clients.mads, world, adopted, "format=md&language=da").content
    assert CHECK_FACTS_DA in v1.decode()
    assert "tjekker vi altid to kilder" in current.decode()
    missing = clients.mads.get(_url(world, adopted, "/export?format=md&version=9"))
    assert missing.status_code == 404


def test_the_export_is_documented_with_its_media_types(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/organisations/{org}/charters/{charter_code}/export"]["get"]
    media_types = set(operation["responses"]["200"]["content"])
    assert {"application/pdf", "text/markdown", "application/json"} <= media_types
    assert any("wordprocessingml" in m for m in media_types)


# --- Who may do what -------------------------------------------------------------------------


def test_members_read_and_facilitators_edit(
    world: World, clients: Any, charter: dict[str, Any], principled_workshop: Workshop
) -> None:
    for rest in ("", "/versions", "/versions/1", "/versions/1/changes"):
        _ok(_send(clients.mads, "GET", _url(world, charter, rest)))
    listed = _ok(_send(clients.mads, "GET", _base(world)))
    assert [(c["code"], c["status"], c["version"]) for c in listed] == [
        (charter["code"], "draft", 1)
    ]

    before = _snapshot(charter["code"])
    create = {"title": "Mit eget", "unit": world.unit.code}
    assert _send(clients.mads, "POST", _base(world), create).status_code == 403
    for method, rest, body in [
        *_edits(world, charter, principled_workshop),
        ("POST", "/propose", None),
        ("POST", "/new-draft", None),
        ("POST", "/share", None),
        ("DELETE", "/share", None),
        ("POST", "/adopt", None),
    ]:
        response = _send(clients.mads, method, _url(world, charter, rest), body)
        assert response.status_code == 403, f"{method} {rest}: {response.status_code}"
    assert _snapshot(charter["code"]) == before
    assert Charter.objects.count() == 1


def test_managers_adopt_without_being_facilitators(
    world: World, clients: Any, charter: dict[str, Any], maja: User
) -> None:
    _ok(_send(clients.fiona, "POST", _url(world, charter, "/propose")))
    _ok(_send(clients.mads, "POST", _url(world, charter, "/sign"), {"role": "union_rep"}))
    _ok(_send(clients.maja, "POST", _url(world, charter, "/sign"), {"role": "manager"}))
    assert _send(clients.maja, "POST", _url(world, charter, "/propose")).status_code == 403
    assert _ok(_send(clients.maja, "POST", _url(world, charter, "/adopt")))["status"] == "adopted"


def test_outsiders_get_the_same_404_as_for_an_unknown_charter(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    unknown = _send(clients.alice, "GET", f"{_base(world)}/zzzzzzzzzzzz")
    assert unknown.status_code == 404
    for rest in ("", "/versions", "/export?format=md"):
        theirs = _send(clients.olga, "GET", _url(world, charter, rest))
        assert (theirs.status_code, theirs.json()) == (404, unknown.json()), rest
    assert _send(clients.olga, "GET", _base(world)).status_code == 404
    refused = _send(clients.olga, "POST", _url(world, charter, "/share"))
    assert refused.status_code == 404
    assert Charter.objects.get(code=charter["code"]).share_hash == ""


def test_the_list_takes_the_same_number_of_queries_for_more_charters(
    world: World, clients: Any, charter: dict[str, Any]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _ok(_send(clients.mads, "GET", _base(world)))
        return len(queries)

    count()  # the first call also notes when the token was last used
    one = count()
    for n in range(3):
        draft_actions.create_charter(
            world.fiona, world.havneby, unit=world.web_team, title=f"Web {n}"
        )
    assert count() == one
    assert len(_ok(_send(clients.mads, "GET", _base(world)))) == 4


def test_the_charter_answers_signed_at_as_iso_time(
    world: World, clients: Any, adopted: dict[str, Any]
) -> None:
    signatures = _ok(_send(clients.mads, "GET", _url(world, adopted)))["signatures"]
    for signature in signatures:
        assert datetime.datetime.fromisoformat(signature["signed_at"]).tzinfo is not None
