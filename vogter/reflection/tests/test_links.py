"""Personal check-in links, close now, one round at a time, a group size on every round,
and why nothing in the database pairs a check-in with its link or receipt (issue 17)."""

import datetime
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from conftest import World
from vogter.accounts.models import User
from vogter.charters.models import Charter
from vogter.lib.errors import ActionError
from vogter.organisations.models import Membership
from vogter.reflection import links
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.actions import schedules as schedule_actions
from vogter.reflection.models import Checkin, Contact, Link, PrincipleAnswer, Receipt, Round
from vogter.reflection.results import results
from vogter.reflection.rounds import principles_of


def _form(reflection: Round, score: int, changed: str = "") -> dict[str, str]:
    form = {"productivity": str(score), "wellbeing": str(score), "meaningfulness": ""}
    for principle in principles_of(reflection):
        form[f"score-{principle['code']}"] = str(score)
        form[f"verdict-{principle['code']}"] = "keep"
    form["changed"] = changed
    return form


def _body(reflection: Round, score: int, changed: str = "") -> dict[str, Any]:
    return {
        "principles": [
            {"code": p["code"], "score": score, "verdict": "keep"}
            for p in principles_of(reflection)
        ],
        "productivity": score,
        "wellbeing": score,
        "changed": changed,
    }


def _member_link(reflection: Round, person: User) -> Link:
    membership = Membership.objects.get(user=person, organisation=reflection.charter.organisation)
    return links.for_member(reflection, membership)


@pytest.fixture
def reflection(world: World, adopted_charter: Charter, colleagues: list[User]) -> Round:
    return round_actions.open_round(world.fiona, adopted_charter, event="new_tool")


def test_a_personal_link_checks_in_without_login_once(reflection: Round) -> None:
    link = links.blank(reflection, "Slip 1")
    url = links.url_of(link, "")
    phone = Client()
    page = phone.get(url)
    assert (
        page.status_code == 200 and "Slet ikke" in page.content.decode()
    ) or page.status_code == 200
    response = phone.post(url, _form(reflection, 4, "Mere tid"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.used
    assert Checkin.objects.filter(round=reflection).count() == 1
    again = phone.post(url, _form(reflection, 1))
    assert again.status_code == 200  # the page says it is in; nothing more is stored
    assert Checkin.objects.filter(round=reflection).count() == 1


def test_an_unknown_or_malformed_link_is_a_plain_404(reflection: Round) -> None:
    client = Client()
    assert client.get("/tjek/" + "a" * links.TOKEN_LENGTH + "/").status_code == 404
    assert client.get("/tjek/short/").status_code == 404
    assert client.get("/api/checkin-links/" + "b" * links.TOKEN_LENGTH).status_code == 404


def test_a_link_checks_in_over_the_api_once_and_then_answers_409(reflection: Round) -> None:
    token = links.token_of(links.blank(reflection))
    client = Client()
    asked = client.get(f"/api/checkin-links/{token}")
    assert asked.status_code == 200 and asked.json()["checked_in"] is False
    assert [p["code"] for p in asked.json()["principles"]] == [
        p["code"] for p in principles_of(reflection)
    ]
    body = json.dumps(_body(reflection, 3))
    first = client.post(f"/api/checkin-links/{token}", body, content_type="application/json")
    assert first.status_code == 201, first.content
    second = client.post(f"/api/checkin-links/{token}", body, content_type="application/json")
    assert second.status_code == 409
    assert client.get(f"/api/checkin-links/{token}").json()["checked_in"] is True


def test_a_bad_answer_through_a_link_keeps_the_link_unused(reflection: Round) -> None:
    link = links.blank(reflection)
    form = _form(reflection, 4)
    form["productivity"] = "9"
    response = Client().post(links.url_of(link), form)
    assert response.status_code == 400
    link.refresh_from_db()
    assert not link.used and not Checkin.objects.filter(round=reflection).exists()


def test_a_member_who_used_their_link_cannot_check_in_again_with_login(
    reflection: Round, colleagues: list[User]
) -> None:
    person = colleagues[0]
    link = _member_link(reflection, person)
    assert Client().post(links.url_of(link), _form(reflection, 4)).status_code == 302
    assert Receipt.objects.filter(round=reflection, user=person).exists()
    with pytest.raises(ActionError):
        checkin_actions.check_in(person, reflection, principles={}, aims={}, changed="en gang til")
    assert Checkin.objects.filter(round=reflection).count() == 1


def test_a_member_who_checked_in_with_login_finds_their_link_used(
    reflection: Round, colleagues: list[User]
) -> None:
    person = colleagues[1]
    link = _member_link(reflection, person)
    checkin_actions.check_in(person, reflection, principles={}, aims={"wellbeing": 4})
    link.refresh_from_db()
    assert link.used
    assert Client().post(links.url_of(link), _form(reflection, 2)).status_code == 200
    assert Checkin.objects.filter(round=reflection).count() == 1


def test_a_members_link_is_the_same_every_time_it_is_asked_for(
    reflection: Round, colleagues: list[User]
) -> None:
    first = links.token_of(_member_link(reflection, colleagues[2]))
    assert links.token_of(_member_link(reflection, colleagues[2])) == first
    assert links.find(first) is not None
    # Only the token's hash is stored.
    assert not Link.objects.filter(token_hash=first).exists()
    assert Link.objects.filter(token_hash=links.hash_of(first)).exists()


# --- Nothing pairs a check-in with its link or receipt ----------------------------------


def _physical_rows(reflection: Round) -> list[tuple[Any, ...]]:
    """The round's check-ins as someone reading the database sees them: in the order the
    rows lie (SQLite's rowid, PostgreSQL's ctid), with what could date them (rowid;
    PostgreSQL's inserting transaction, xmin)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT changed, xmin::text, ctid::text FROM reflection_checkin "
                "WHERE round_id = %s ORDER BY reflection_checkin.ctid",
                [reflection.pk],
            )
        else:
            cursor.execute(
                "SELECT changed, rowid, rowid FROM reflection_checkin "
                "WHERE round_id = %s ORDER BY rowid",
                [reflection.pk],
            )
        return list(cursor.fetchall())


def test_the_stored_check_ins_cannot_be_paired_with_the_links_or_the_receipts(
    reflection: Round, colleagues: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The mixer's random order, recorded, so the test can tell it from arrival order.
    orders: list[list[str]] = []
    real = checkin_actions.shuffled

    def recorded(items: list[Any]) -> list[Any]:
        mixed = real(items)
        orders.append([fields["changed"] for fields, _given in mixed])
        return mixed

    monkeypatch.setattr(checkin_actions, "shuffled", recorded)
    # Six people check in, one after another: four by personal link, two with login.
    for number in range(6):
        said = f"svar {number}"
        if number < 4:
            link = _member_link(reflection, colleagues[number])
            assert Client().post(links.url_of(link), _form(reflection, 4, said)).status_code == 302
        else:
            checkin_actions.check_in(
                colleagues[number], reflection, principles={}, aims={}, changed=said
            )
        rows = _physical_rows(reflection)
        # Every check-in so far was written again, together, in the mixer's order: the
        # rows' order is the random one, and nothing dates one row apart from the rest.
        assert [row[0] for row in rows] == orders[-1]
        if connection.vendor == "postgresql":
            assert len({row[1] for row in rows}) == 1  # one transaction wrote them all
        else:
            rowids = [row[1] for row in rows]
            assert rowids == list(range(rowids[0], rowids[0] + len(rows)))
    # The columns: a check-in and its answers hold the round and the answers, nothing
    # that names a person, a link, a receipt or a time.
    for model in (Checkin, PrincipleAnswer):
        for field in model._meta.concrete_fields:
            assert field.get_internal_type() not in ("DateField", "DateTimeField", "TimeField")
            if field.is_relation:
                assert field.related_model in (Round, Checkin), field
    receipt_fields = {f.name for f in Receipt._meta.concrete_fields}
    link_fields = {f.name for f in Link._meta.concrete_fields}
    assert receipt_fields & {f.name for f in Checkin._meta.concrete_fields} == {"id", "round"}
    assert link_fields & {f.name for f in Checkin._meta.concrete_fields} == {"id", "round"}
    checkin_ids = {str(pk) for pk in Checkin.objects.values_list("pk", flat=True)}
    assert not checkin_ids & {str(pk) for pk in Link.objects.values_list("pk", flat=True)}
    # Who has checked in is known (a member's link writes the same receipt as a login).
    assert Receipt.objects.filter(round=reflection).count() == 6
    assert Link.objects.filter(round=reflection, used=True).count() == 4


def test_a_large_round_mixes_each_check_in_with_a_bounded_number_of_others(
    reflection: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkin_actions, "MIX", 2)
    for number in range(5):
        before = set(Checkin.objects.filter(round=reflection).values_list("pk", flat=True))
        Client().post(links.url_of(links.blank(reflection)), _form(reflection, 3, f"n{number}"))
        after = set(Checkin.objects.filter(round=reflection).values_list("pk", flat=True))
        assert len(after) == number + 1
        assert len(after - before) == min(number, 2) + 1  # the new one and up to MIX more
    assert PrincipleAnswer.objects.filter(round=reflection).count() == 5 * len(
        principles_of(reflection)
    )


# --- Close now ---------------------------------------------------------------------------


def test_closing_a_round_now_stops_check_ins_and_shows_results_from_the_minimum(
    world: World, adopted_charter: Charter, colleagues: list[User]
) -> None:
    reflection = round_actions.open_round(
        world.fiona, adopted_charter, event="incident", min_group_size=3
    )
    for person in colleagues[:3]:
        checkin_actions.check_in(person, reflection, principles={}, aims={"wellbeing": 4})
    assert results(reflection)["withheld"] is True  # still open
    round_actions.close_round(world.fiona, reflection)
    reflection.refresh_from_db()
    assert reflection.closed and reflection.closes_on == datetime.date.today()
    shown = results(reflection)
    assert shown["withheld"] is False and shown["checkins"] == 3
    with pytest.raises(ActionError):
        checkin_actions.check_in(colleagues[3], reflection, principles={}, aims={})
    with pytest.raises(ActionError):
        round_actions.close_round(world.fiona, reflection)


def test_a_closed_round_with_too_few_check_ins_still_shows_nothing(
    world: World, reflection: Round, colleagues: list[User]
) -> None:
    for person in colleagues[:2]:
        checkin_actions.check_in(person, reflection, principles={}, aims={"wellbeing": 4})
    round_actions.close_round(world.fiona, reflection)
    assert results(reflection)["withheld"] is True


def test_close_now_over_the_api_is_for_those_who_manage_the_round(
    world: World, reflection: Round, api_client_for: Any
) -> None:
    url = f"/api/organisations/{world.havneby.code}/reflection/{reflection.code}/close"
    assert api_client_for(world.mads).post(url).status_code == 403
    assert api_client_for(world.olga).post(url).status_code == 404
    closed = api_client_for(world.fiona).post(url)
    assert closed.status_code == 200 and closed.json()["closed"] is True
    assert closed.json()["open"] is False
    assert api_client_for(world.fiona).post(url).status_code == 400


def test_close_now_from_the_command_line(reflection: Round) -> None:
    out = io.StringIO()
    call_command("reflection", "close", reflection.code, stdout=out)
    assert out.getvalue().startswith("closed\t" + reflection.code)
    assert Round.objects.get(pk=reflection.pk).closed


# --- One open round per charter, and a group size on every kind -------------------------


def test_a_second_round_on_the_same_days_is_refused(
    world: World, reflection: Round, adopted_charter: Charter, api_client_for: Any
) -> None:
    with pytest.raises(ActionError) as refused:
        round_actions.open_round(world.fiona, adopted_charter, event="incident")
    assert refused.value.field == "opens_on"
    response = api_client_for(world.fiona).post(
        f"/api/organisations/{world.havneby.code}/charters/{adopted_charter.code}/rounds",
        json.dumps({"event": "incident"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "opens_on"
    # After the open one's closing date is fine, and so is today once it is closed.
    later = round_actions.open_round(
        world.fiona,
        adopted_charter,
        event="incident",
        opens_on=reflection.closes_on + datetime.timedelta(days=1),
    )
    assert later.pk
    round_actions.close_round(world.fiona, later)
    round_actions.close_round(world.fiona, reflection)
    assert round_actions.open_round(world.fiona, adopted_charter, event="incident").pk


def test_a_due_scheduled_round_is_skipped_while_an_event_round_is_open(
    world: World, reflection: Round, adopted_charter: Charter
) -> None:
    schedule_actions.set_schedule(world.fiona, adopted_charter, every_months=3)
    summary = schedule_actions.run_due("http://vogter.example")
    assert summary.opened == [] and len(summary.skipped) == 1
    assert Round.objects.filter(charter=adopted_charter).count() == 1
    adopted_charter.schedule.refresh_from_db()
    assert adopted_charter.schedule.next_opens_on > datetime.date.today()


def test_scheduled_rounds_take_a_group_size(
    world: World, adopted_charter: Charter, api_client_for: Any
) -> None:
    url = f"/api/organisations/{world.havneby.code}/charters/{adopted_charter.code}/schedule"
    client = api_client_for(world.fiona)
    body = {"every_months": 3, "open_days": 7, "min_group_size": 3}
    saved = client.put(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["min_group_size"] == 3
    too_small = client.put(
        url, json.dumps({**body, "min_group_size": 2}), content_type="application/json"
    )
    assert too_small.status_code == 400 and too_small.json()["field"] == "min_group_size"
    summary = schedule_actions.run_due("http://vogter.example")
    assert [r.group_minimum for r in summary.opened] == [3]


def test_a_scheduled_round_without_a_chosen_size_takes_the_organisations_default(
    world: World, adopted_charter: Charter
) -> None:
    world.havneby.min_group_size = 4
    world.havneby.save()
    schedule_actions.set_schedule(world.fiona, adopted_charter)
    summary = schedule_actions.run_due("http://vogter.example")
    assert [r.group_minimum for r in summary.opened] == [4]


def test_a_contact_who_is_also_a_member_is_asked_once_whatever_the_case_of_the_address(
    world: World, reflection: Round, colleagues: list[User]
) -> None:
    Contact.objects.create(unit=world.unit, email=colleagues[0].email.upper(), language="da")
    Contact.objects.create(unit=world.unit, email="ny@havneby.example", language="en")
    assert [c.email for c in links.contacts(reflection)] == ["ny@havneby.example"]


# --- Slips and who has checked in, over REST and the command line ------------------------


def test_slips_over_the_api_are_a_pdf_for_those_who_manage_the_round(
    world: World, reflection: Round, colleagues: list[User], api_client_for: Any
) -> None:
    url = f"/api/organisations/{world.havneby.code}/reflection/{reflection.code}/slips"
    body = json.dumps({"extra": 2, "language": "en"})
    assert (
        api_client_for(world.mads).post(url, body, content_type="application/json").status_code
        == 403
    )
    made = api_client_for(world.fiona).post(url, body, content_type="application/json")
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    assert made.content.startswith(b"%PDF")
    named = Link.objects.filter(round=reflection, membership__isnull=False).count()
    assert named >= len(colleagues)
    assert Link.objects.filter(round=reflection, membership__isnull=True).count() == 2
    unknown = api_client_for(world.fiona).post(
        url, json.dumps({"members": ["zzzzzzzz"]}), content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "members"


def test_who_has_checked_in_over_the_api_names_only_those_not_yet_and_only_while_open(
    world: World, reflection: Round, colleagues: list[User], api_client_for: Any
) -> None:
    url = f"/api/organisations/{world.havneby.code}/reflection/{reflection.code}/participation"
    checkin_actions.check_in(colleagues[0], reflection, principles={}, aims={})
    assert api_client_for(world.mads).get(url).status_code == 403
    seen = api_client_for(world.fiona).get(url).json()
    assert seen["checked_in"] == 1 and seen["members"] >= 6
    names = {m["name"] for m in seen["not_yet"]}
    assert colleagues[0].display_name not in names and colleagues[1].display_name in names
    round_actions.close_round(world.fiona, reflection)
    assert api_client_for(world.fiona).get(url).json()["not_yet"] is None


def test_slips_from_the_command_line(reflection: Round, tmp_path: Any) -> None:
    out = io.StringIO()
    target = tmp_path / "slips.pdf"
    call_command(
        "reflection",
        "slips",
        reflection.code,
        "--extra",
        "3",
        "--no-names",
        "-o",
        str(target),
        stdout=out,
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert out.getvalue().startswith("slips\t3\t")
    assert Link.objects.filter(round=reflection).count() == 3


def test_a_rounds_chosen_group_size_is_in_the_audit_log(
    world: World, adopted_charter: Charter
) -> None:
    from vogter.organisations.models import AuditEntry

    reflection = round_actions.open_round(
        world.fiona, adopted_charter, event="incident", min_group_size=3
    )
    entry = AuditEntry.objects.filter(action="reflection.open", target=reflection.code).get()
    assert entry.data["min_group_size"] == 3


def test_rounds_from_before_keep_the_organisations_minimum_after_the_upgrade(
    world: World, adopted_charter: Charter
) -> None:
    """Before issue 17 a round's figures were held back at the larger of its own minimum and
    its organisation's; the data migration keeps every such round at least there."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "vogter.reflection.migrations.0004_keep_existing_rounds_minimum"
    )
    world.havneby.min_group_size = 7
    world.havneby.save()
    old = round_actions.open_round(world.fiona, adopted_charter, event="incident")
    Round.objects.filter(pk=old.pk).update(min_group_size=3)  # as the API let one ask
    migration.keep_what_was_held_back(apps, None)
    assert Round.objects.get(pk=old.pk).group_minimum == 7


def test_check_ins_through_unnamed_slips_are_counted_beside_the_total(
    world: World,
    reflection: Round,
    colleagues: list[User],
    fiona_client: Client,
    api_client_for: Any,
) -> None:
    """Whoever prints slips without a name could fill them in to make up the group: the
    round says how many check-ins came that way, on its page, in the meeting and the API."""
    for _number in range(2):
        Client().post(links.url_of(links.blank(reflection)), _form(reflection, 3))
    checkin_actions.check_in(colleagues[0], reflection, principles={}, aims={})
    round_actions.close_round(world.fiona, reflection)
    assert results(reflection)["unnamed"] == 2
    org = world.havneby.code
    page = fiona_client.get(f"/o/{org}/reflection/{reflection.code}/").content.decode()
    assert "(2 via sedler uden navn)" in page
    api = api_client_for(world.fiona).get(f"/api/organisations/{org}/reflection/{reflection.code}")
    assert api.json()["checkins"] == 3 and api.json()["unnamed_checkins"] == 2


def test_a_planned_round_closed_now_is_cancelled(
    world: World, adopted_charter: Charter, fiona_client: Client
) -> None:
    planned = round_actions.open_round(
        world.fiona,
        adopted_charter,
        event="apv",
        opens_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    org = world.havneby.code
    response = fiona_client.post(f"/o/{org}/reflection/{planned.code}/", {"do": "close"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/charters/{adopted_charter.code}/reflection/")
    assert not Round.objects.filter(pk=planned.pk).exists()
    # Nothing of it is left to read as the unit's latest reflection.
    assert round_actions.open_round(world.fiona, adopted_charter, event="apv").pk


def test_a_link_of_a_member_moved_out_of_the_unit_no_longer_checks_in(
    world: World, reflection: Round, colleagues: list[User]
) -> None:
    from vogter.organisations.actions import memberships as membership_actions

    link = _member_link(reflection, colleagues[3])
    membership = Membership.objects.get(user=colleagues[3], organisation=world.havneby)
    membership_actions.change_membership(world.alice, membership, unit=None)
    response = Client().post(links.url_of(link), _form(reflection, 4))
    assert response.status_code == 400
    assert not Checkin.objects.filter(round=reflection).exists()


def test_a_second_tap_on_send_shows_the_check_in_as_in(
    reflection: Round, colleagues: list[User]
) -> None:
    phone = Client()
    phone.force_login(colleagues[4])
    url = f"/r/{reflection.code}/"
    assert phone.post(url, _form(reflection, 4)).status_code == 302
    again = phone.post(url, _form(reflection, 4))
    assert again.status_code == 302  # no error beside "your check-in is in"
    assert Checkin.objects.filter(round=reflection).count() == 1


def test_a_link_opens_in_the_language_its_person_chose(world: World, reflection: Round) -> None:
    contact = Contact.objects.create(unit=world.unit, email="anna@example.dk", language="en")
    page = Client().get(links.url_of(links.for_contact(reflection, contact)))
    assert 'lang="en"' in page.content.decode()[:400]


def test_a_link_found_again_after_the_secret_key_changed_carries_a_working_token(
    reflection: Round, colleagues: list[User], settings: Any
) -> None:
    link = _member_link(reflection, colleagues[5])
    old = links.token_of(link)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    again = _member_link(reflection, colleagues[5])
    assert links.token_of(again) != old
    assert links.find(links.token_of(again)) is not None


def test_a_refused_action_on_the_round_page_keeps_what_was_written(
    world: World, reflection: Round, fiona_client: Client
) -> None:
    url = f"/o/{world.havneby.code}/reflection/{reflection.code}/"
    response = fiona_client.post(
        url, {"description": "Tjek referaterne hver uge", "owner": "", "due_on": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Tjek referaterne hver uge"' in page
    assert re.search(r'id="owner"[^>]*aria-invalid="true"', page)
    assert not reflection.actions.exists()
