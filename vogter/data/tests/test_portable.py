"""`vogter org export` and `vogter org import`: one organisation, whole, as portable JSON
that moves to another installation without a secret and without unmasking anyone."""

import copy
import datetime
import json
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import translation

from conftest import World, make_user
from vogter.accounts.models import User
from vogter.api.actions import issue_token
from vogter.api.models import ApiToken
from vogter.charters.actions import cascade as cascade_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import sharing as sharing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter
from vogter.commons import actions as commons_actions
from vogter.data.portable import LEFT_OUT, SCHEMA, TABLES, columns, key_kind
from vogter.disclosure.memory import Memory
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import organisations as organisation_actions
from vogter.organisations.actions import units as unit_actions
from vogter.organisations.models import Organisation, Role, Unit
from vogter.principles.actions import agreement as agreement_actions
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.rounds import principles_of
from vogter.reflection.tests.conftest import adopted_charter, colleagues  # noqa: F401
from vogter.sso.actions import rules as sso_rule_actions
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import templates as template_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.django_db

EXPORTED = {table.model for table in TABLES}


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def export(organisation: Organisation) -> dict[str, Any]:
    return json.loads(run("org", "export", organisation.code))


def import_file(tmp_path: Path, document: dict[str, Any] | str) -> str:
    path = tmp_path / "export.json"
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    return run("org", "import", str(path))


def delete(organisation: Organisation) -> None:
    """Take the organisation off this installation (the product has no way to yet: units
    and charters protect one another), as before moving it to another one."""
    Charter.objects.filter(organisation=organisation).delete()
    units = Unit.objects.filter(organisation=organisation)
    while units.exists():
        units.filter(children__isnull=True).delete()
    Organisation.objects.filter(pk=organisation.pk).delete()


def everything() -> Counter[str]:
    """How many rows every model of the installation holds."""
    return Counter(
        {
            model._meta.label_lower: model._default_manager.count()
            for model in apps.get_models(include_auto_created=True)
        }
    )


@pytest.fixture
def journey(
    signatories: World,
    drafted_workshop: Workshop,
    adopted_charter: Charter,  # noqa: F811
    colleagues: list[User],  # noqa: F811
) -> World:
    """Havneby after the whole journey: workshops answered and agreed, a charter adopted,
    signed, shared, cascaded, published and reflected on, with an action followed up."""
    world = signatories
    workshop_actions.set_phase(world.fiona, drafted_workshop, "agreement")
    agreement = agreement_actions.open_round(world.fiona, drafted_workshop)
    codes = [item.principle.code for item in agreement.items.all()]
    for sheet in drafted_workshop.sheets.order_by("pk")[:3]:
        agreement_actions.cast_ballot(sheet, agreement, {c: ("agree", "Godt") for c in codes})
    agreement_actions.reveal_round(world.fiona, agreement)
    template_actions.create_template(
        world.fiona,
        world.havneby,
        name="Teamworkshop",
        title_pattern="AI i {unit}",
        language="da",
        phase_minutes={"reflect": 20},
    )

    signature_actions.set_required_roles(world.alice, world.havneby, ["manager", "union_rep"])
    sharing_actions.share(world.fiona, adopted_charter)
    above = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.department, title="Kulturs principper"
    )
    proposal = cascade_actions.propose_upward(
        world.fiona, adopted_charter.principles.order_by("position").first(), "Fra os"
    )
    cascade_actions.take_proposal(world.fiona, proposal, above)

    schedule_actions.set_schedule(world.fiona, adopted_charter, every_months=3)
    reflection = round_actions.open_round(
        world.fiona, adopted_charter, event="new_tool", description="Copilot i Outlook"
    )
    principle_codes = [p["code"] for p in principles_of(reflection)]
    for number, person in enumerate(colleagues[:5]):
        checkin_actions.check_in(
            person,
            reflection,
            principles={code: (3 + number % 3, "keep") for code in principle_codes},
            aims={"productivity": 4, "wellbeing": 2 + number % 4, "meaningfulness": 5},
            changed="Mere tid til borgerne" if number == 0 else "",
        )
    action = agreed_actions.add_action(
        world.fiona, reflection, description="Kursus i kildekritik", owner="Fiona"
    )
    agreed_actions.follow_up(world.fiona, action, done=True, note="Holdt i maj")
    # What the roll-up remembers having shown (vogter/disclosure/memory.py).
    memory = Memory(world.havneby.pk, "rollup")
    memory.remember("wellbeing", frozenset({reflection.code}), 5, unit_id=adopted_charter.unit_id)
    memory.save()
    commons_actions.publish(
        world.alice, adopted_charter, sector="public_administration", size_band="250-999"
    )

    invitation_actions.invite(
        world.alice, world.havneby, role=Role.MEMBER, email="ny@havneby.example"
    )
    issue_token(world.alice, "tests")
    named = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.web_team,
        title="Med navn",
        date=datetime.date(2026, 12, 1),
        language="en",
        anonymous=False,
    )
    sheet = sheet_actions.join(named, world.mads).sheet
    sheet_actions.save_entry(sheet, "q1", "Mads says: it saves time.", 1)
    sso_rule_actions.add_rule(
        world.alice, world.havneby, value="kultur-tr", unit=world.unit, is_union_rep=True
    )
    return world


def _without_moment(document: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    del document["exported_at"]
    return document


def test_every_model_that_belongs_to_an_organisation_is_exported_or_left_out_on_purpose() -> None:
    def belongs(
        model: type[models.Model], seen: frozenset[type[models.Model]] = frozenset()
    ) -> bool:
        if model is Organisation:
            return True
        return any(
            f.related_model is not None
            and f.related_model not in seen
            and belongs(f.related_model, seen | {model})  # type: ignore[arg-type]
            for f in model._meta.concrete_fields
            if f.many_to_one or f.one_to_one
        )

    belonging = {model for model in apps.get_models() if belongs(model)}
    assert belonging == EXPORTED | set(LEFT_OUT), "add the model to TABLES, or to LEFT_OUT"
    assert all(len(reason) > 40 for reason in LEFT_OUT.values())
    for table in TABLES:
        for f in columns(table):
            target = f.related_model
            if target is None:
                continue
            assert target in {User, *EXPORTED}, f"{table.label}.{f.name} leads out of the file"
            later = target is table.model or (
                target in EXPORTED
                and TABLES.index(next(t for t in TABLES if t.model is target)) > TABLES.index(table)
            )
            assert not later or f.null, f"{table.label}.{f.name} must come after its target"


def test_an_organisation_survives_export_deletion_and_import_with_equal_content(
    journey: World, tmp_path: Path
) -> None:
    world = journey
    before = export(world.havneby)
    assert before["schema"] == SCHEMA
    empty = [label for label, rows in before["tables"].items() if not rows]
    assert empty == [], "the journey should fill every table it exports"
    charter = Charter.objects.get(unit=world.unit)
    adopted = charter.versions.get(number=1).document
    counts = everything()

    delete(world.havneby)
    out = import_file(tmp_path, before)

    assert out.splitlines()[0] == f"{world.havneby.code}\tHavneby Kommune"
    after = export(Organisation.objects.get(code=world.havneby.code))
    assert _without_moment(after) == _without_moment(before)
    assert Charter.objects.get(unit__code=world.unit.code).versions.get(number=1).document == (
        adopted
    )
    # As many rows of every model as before, but for the audit log, which is not exported
    # and starts again with the import.
    now = everything()
    del counts["organisations.auditentry"], now["organisations.auditentry"]
    assert now == counts


def test_an_anonymous_answer_comes_with_no_one_attached_and_a_named_one_keeps_its_name(
    journey: World, tmp_path: Path
) -> None:
    world = journey
    document = export(world.havneby)
    anonymous_workshops = {
        w["code"] for w in document["tables"]["workshops.workshop"] if w["anonymous"]
    }
    sheets = document["tables"]["workshops.sheet"]
    assert {s["user"] for s in sheets if s["workshop"] in anonymous_workshops} == {None}
    assert [s["user"] for s in sheets if s["workshop"] not in anonymous_workshops] == [
        "mads@havneby.example"
    ]
    for label in ("reflection.checkin", "reflection.principleanswer", "principles.agreementvote"):
        text = json.dumps(document["tables"][label])
        assert "@" not in text, label
    delete(world.havneby)
    import_file(tmp_path, document)
    assert not Sheet.objects.filter(workshop__anonymous=True, user__isnull=False).exists()
    assert Sheet.objects.get(workshop__anonymous=False).user == world.mads


def test_no_secret_goes_into_the_export(journey: World) -> None:
    text = run("org", "export", journey.havneby.code)
    secrets = [user.password for user in User.objects.all()]
    secrets += list(ApiToken.objects.values_list("key_hash", flat=True))
    secrets += [s for sheet in Sheet.objects.all() for s in (sheet.token_hash, sheet.resume_hash)]
    secrets += list(journey.havneby.invitations.values_list("token", flat=True))
    secrets += list(Charter.objects.exclude(share_hash="").values_list("share_hash", flat=True))
    assert len(secrets) > 20
    assert [secret for secret in secrets if secret in text] == []
    assert "password" not in text


def test_a_closed_rounds_receipts_stay_behind_and_an_open_rounds_come_along(
    journey: World,
) -> None:
    document = export(journey.havneby)
    assert len(document["tables"]["reflection.receipt"]) == 5
    from vogter.reflection.tests.conftest import close

    for reflection in journey.havneby.charters.get(unit=journey.unit).rounds.all():
        close(reflection)
    document = export(journey.havneby)
    assert document["tables"]["reflection.receipt"] == []
    assert len(document["tables"]["reflection.checkin"]) == 5


def test_people_are_matched_by_email_and_the_missing_get_an_account_without_a_password(
    journey: World, tmp_path: Path
) -> None:
    world = journey
    document = export(world.havneby)
    delete(world.havneby)
    User.objects.filter(email__startswith="kollega").delete()
    out = StringIO()
    err = StringIO()
    path = tmp_path / "havneby.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with translation.override("en"):
        call_command("org", "import", str(path), stdout=out, stderr=err)
    assert "6 people had no account here" in err.getvalue()
    newcomer = User.objects.get(email="kollega3@havneby.example")
    assert newcomer.name == "Kollega 3"
    assert not newcomer.has_usable_password()
    assert User.objects.get(pk=world.alice.pk).check_password("correct horse battery staple")
    assert newcomer.memberships.get().organisation.code == world.havneby.code


def test_export_writes_a_file_with_o(journey: World, tmp_path: Path) -> None:
    path = tmp_path / "havneby.json"
    [line] = run("org", "export", journey.havneby.code, "-o", str(path)).splitlines()
    assert line == f"{path}\t{path.stat().st_size}"
    assert json.loads(path.read_text(encoding="utf-8"))["organisation"] == journey.havneby.code


def test_export_of_an_unknown_organisation_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="No organisation with the code 'nope'"):
        run("org", "export", "nope")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "not valid JSON"),
        (lambda text: "[]", "This is not a Vogter organisation export."),
        (
            lambda text: json.dumps({"schema": "vogter.charter/1", "code": "x"}),
            "This is not a Vogter organisation export.",
        ),
        (
            lambda text: text.replace('"vogter.org/1"', '"vogter.org/2"'),
            "in the format vogter.org/2; this version of Vogter reads vogter.org/1",
        ),
    ],
    ids=["cut-short", "a-list", "a-charter-export", "a-later-version"],
)
def test_a_file_that_is_not_a_readable_export_is_refused_and_changes_nothing(
    journey: World, tmp_path: Path, damage: Any, message: str
) -> None:
    text = run("org", "export", journey.havneby.code)
    delete(journey.havneby)
    before = everything()
    with pytest.raises(CommandError, match=message):
        import_file(tmp_path, damage(text))
    assert everything() == before


def test_a_file_damaged_deep_inside_is_refused_whole(journey: World, tmp_path: Path) -> None:
    document = export(journey.havneby)
    delete(journey.havneby)
    User.objects.filter(email__startswith="kollega").delete()
    before = everything()
    broken = copy.deepcopy(document)
    broken["tables"]["reflection.checkin"][-1]["round"] = "nosuchround"
    with pytest.raises(CommandError, match=r"damaged \(reflection.checkin, 5\): round refers"):
        import_file(tmp_path, broken)
    broken = copy.deepcopy(document)
    broken["tables"]["principles.agreementvote"][0]["choice"] = "maybe"
    with pytest.raises(CommandError, match="maybe is not one of the choices for choice"):
        import_file(tmp_path, broken)
    broken = copy.deepcopy(document)
    broken["tables"]["workshops.entry"][0]["mood"] = "happy"
    with pytest.raises(CommandError, match="unknown field mood"):
        import_file(tmp_path, broken)
    assert everything() == before  # not even the people without an account were created


def test_a_file_whose_codes_are_in_use_here_is_refused_and_changes_nothing(
    journey: World, tmp_path: Path
) -> None:
    document = export(journey.havneby)
    before = everything()
    with pytest.raises(CommandError, match="already in use here") as refused:
        import_file(tmp_path, document)
    assert "organisations.organisation: 1" in str(refused.value)
    assert "another installation" in str(refused.value)
    assert everything() == before


def test_a_join_code_taken_here_is_replaced_and_the_rest_kept(
    journey: World, tmp_path: Path
) -> None:
    document = export(journey.havneby)
    delete(journey.havneby)
    taken = document["tables"]["workshops.workshop"][0]
    admin = make_user("admin@andet.example")
    other = organisation_actions.create_organisation(admin, "Andet sted", "da")
    unit = unit_actions.create_unit(admin, other, "Alle", "department")
    clash = workshop_actions.create_workshop(
        admin, other, unit=unit, title="T", date=datetime.date(2026, 1, 1), language="da"
    )
    Workshop.objects.filter(pk=clash.pk).update(join_code=taken["join_code"])
    import_file(tmp_path, document)
    moved = Workshop.objects.get(code=taken["code"])
    assert moved.join_code != taken["join_code"]
    assert key_kind(Workshop) == "code"


def test_a_file_from_before_a_field_existed_imports_with_the_fields_default(
    journey: World, tmp_path: Path
) -> None:
    document = export(journey.havneby)
    delete(journey.havneby)
    for entry in document["tables"]["workshops.entry"]:
        del entry["hidden"]
    import_file(tmp_path, document)
    assert not Entry.objects.filter(hidden=True).exists()
    assert Entry.objects.filter(
        sheet__workshop__organisation__code=journey.havneby.code
    ).count() == (len(document["tables"]["workshops.entry"]))
