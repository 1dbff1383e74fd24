"""A person downloads everything Vogter holds about them and deletes their account, on the
profile page, over the API and with `vogter person`; an admin exports what the
organisation holds about a member. Anonymous answers are never in an export and never
touched by a deletion (docs/personal-data.md)."""

import datetime
import json
import re
import stat
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from conftest import PASSWORD, SAMPLE_SHEETS, World
from vogter.accounts.models import User
from vogter.charters.actions import adoption as adoption_actions
from vogter.charters.actions import drafts as draft_actions
from vogter.charters.actions import editing as editing_actions
from vogter.charters.actions import signatures as signature_actions
from vogter.charters.models import Charter, CharterCell, CharterVersion, Signature
from vogter.charters.versions import missing_signatures
from vogter.data.personal_data import REFERENCES, deleted_person_text
from vogter.organisations.actions import invitations as invitation_actions
from vogter.organisations.actions import joining as joining_actions
from vogter.organisations.models import AuditEntry, Invitation, Membership, Role
from vogter.principles.actions import agreement as agreement_actions
from vogter.principles.models import AgreementBallot, AgreementVote, ThemeAnswer
from vogter.reflection.actions import agreed_actions
from vogter.reflection.actions import checkins as checkin_actions
from vogter.reflection.actions import rounds as round_actions
from vogter.reflection.models import AgreedAction, Checkin, PrincipleAnswer, Receipt, Round
from vogter.reflection.rounds import principles_of
from vogter.reflection.tests.conftest import adopted_charter, colleagues  # noqa: F401
from vogter.workshops.actions import sheets as sheet_actions
from vogter.workshops.actions import workshops as workshop_actions
from vogter.workshops.models import Entry, Sheet, Workshop

pytestmark = pytest.mark.django_db

ApiClientFor = Callable[[User], Client]
DOCS = Path(settings.BASE_DIR).parent / "docs" / "personal-data.md"
SECRET_CHECKIN = "Min leder læser med, når jeg bruger AI"
SECRET_COMMENT = "Ingen må vide, at jeg er uenig"
ANONYMOUS = (Sheet, Entry, ThemeAnswer, AgreementBallot, AgreementVote, Checkin, PrincipleAnswer)


def _anonymous() -> dict[str, list[dict[str, Any]]]:
    """Every anonymous answer, row by row, field by field."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in ANONYMOUS}


@pytest.fixture
def answered(world: World, adopted_charter: Charter, colleagues: list[User]) -> Round:  # noqa: F811
    """Anonymous answers of every kind around Mads: the workshop's sheets, a ballot from
    each sheet, and a reflection round with check-ins from Mads and six colleagues."""
    workshop = Workshop.objects.get(charters=adopted_charter)
    workshop_actions.set_phase(world.fiona, workshop, "agreement")
    agreement = agreement_actions.open_round(world.fiona, workshop)
    codes = [item.principle.code for item in agreement.items.all()]
    for sheet in Sheet.objects.filter(workshop=workshop):
        agreement_actions.cast_ballot(
            sheet, agreement, {c: ("agree", SECRET_COMMENT) for c in codes}
        )
    reflection = round_actions.open_round(world.alice, adopted_charter, event="incident")
    principles = {p["code"]: (4, "keep") for p in principles_of(reflection)}
    aims = {"productivity": 4, "wellbeing": 3, "meaningfulness": 5}
    for person in [world.mads, *colleagues]:
        checkin_actions.check_in(
            person, reflection, principles=principles, aims=aims, changed=SECRET_CHECKIN
        )
    return reflection


def _delete_me(client: Client, password: str = PASSWORD) -> Any:
    return client.delete(
        "/api/me", json.dumps({"password": password}), content_type="application/json"
    )


def _cli(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("person", *args, stdout=out)
    return out.getvalue()


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Export -----------------------------------------------------------------------------


def test_export_holds_memberships_signatures_and_checkins_but_no_anonymous_answer(
    world: World, answered: Round, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(world.mads).get("/api/me/data")
    assert response.status_code == 200
    data = response.json()
    assert data["schema"] == "vogter.person/1"
    assert data["account"]["email"] == "mads@havneby.example"
    [membership] = data["memberships"]
    assert (membership["organisation"]["code"], membership["union_rep"]) == (
        world.havneby.code,
        True,
    )
    [signature] = data["signatures"]
    assert (signature["role"], signature["version_status"], signature["name"]) == (
        "union_rep",
        "adopted",
        "Mads Member",
    )
    assert data["reflection_checkins"] == [
        {
            "organisation": {"code": world.havneby.code, "name": "Havneby Kommune"},
            "charter": {"code": answered.charter.code, "title": "Vores principper"},
            "round": answered.code,
            "opens_on": answered.opens_on.isoformat(),
            "closes_on": answered.closes_on.isoformat(),
        }
    ]
    text = response.content.decode()
    anonymous = [SECRET_CHECKIN, SECRET_COMMENT]
    anonymous += [answer for _, answers in SAMPLE_SHEETS for answer in answers.values()]
    anonymous += [str(pk) for pk in Checkin.objects.values_list("pk", flat=True)]
    assert [found for found in anonymous if found in text] == []


def test_export_names_tokens_but_never_their_secrets(world: World) -> None:
    from vogter.api.actions import issue_token

    token, raw = issue_token(world.mads, "Mit script")
    data = json.loads(_logged_in(world.mads).get("/api/me/data").content)
    assert [t["name"] for t in data["api_tokens"]] == ["Mit script"]
    assert raw not in json.dumps(data)
    assert token.key_hash not in json.dumps(data)


def test_profile_page_downloads_the_export_as_a_file(world: World) -> None:
    client = _logged_in(world.fiona)
    assert 'href="/accounts/profile/data/"' in client.get("/accounts/profile/").content.decode()
    response = client.get("/accounts/profile/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="vogter-')
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["account"]["name"] == "Fiona Facilitator"


def test_a_worksheet_of_a_workshop_that_is_not_anonymous_is_in_the_export(
    world: World,
) -> None:
    named = _workshop(world, anonymous=False)
    sheet = sheet_actions.join(named, world.mads).sheet
    sheet_actions.save_entry(sheet, "q1", "Jeg skriver hurtigere", 1)
    [exported] = json.loads(_logged_in(world.mads).get("/api/me/data").content)["worksheets"]
    assert exported["workshop"]["code"] == named.code
    assert exported["answers"] == [{"field": "q1", "text": "Jeg skriver hurtigere"}]


def test_answers_given_logged_in_to_an_anonymous_workshop_are_not_in_the_export(
    world: World,
) -> None:
    anonymous = _workshop(world, anonymous=True, require_login=True)
    sheet = sheet_actions.join(anonymous, world.mads).sheet
    sheet_actions.save_entry(sheet, "q1", "Ingen ved, det er mig", 1)
    response = _logged_in(world.mads).get("/api/me/data")
    assert response.json()["worksheets"] == []
    assert "Ingen ved" not in response.content.decode()


def _workshop(world: World, **options: bool) -> Workshop:
    workshop = workshop_actions.create_workshop(
        world.fiona,
        world.havneby,
        unit=world.unit,
        title="Navngivet",
        date=datetime.date(2026, 12, 1),
        language="da",
        **options,
    )
    return workshop_actions.set_phase(world.fiona, workshop, "reflect")


def test_admin_exports_what_their_organisation_holds_and_never_the_checkins(
    world: World, answered: Round, api_client_for: ApiClientFor
) -> None:
    fjordby = invitation_actions.invite(world.olga, world.fjordby, role=Role.MEMBER)
    joining_actions.accept_invitation(world.mads, fjordby)
    member = world.membership(world.mads).code
    url = f"/api/organisations/{world.havneby.code}/memberships/{member}/data"
    response = api_client_for(world.alice).get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["scope"] == {
        "organisation": {"code": world.havneby.code, "name": "Havneby Kommune"}
    }
    assert [m["organisation"]["code"] for m in data["memberships"]] == [world.havneby.code]
    assert [s["role"] for s in data["signatures"]] == ["union_rep"]
    for personal in ("reflection_checkins", "api_tokens", "national_coordinator"):
        assert personal not in data
    assert "Fjordby" not in response.content.decode()
    assert AuditEntry.objects.filter(action="person.export", target=member, actor=world.alice)


def test_a_member_cannot_export_someone_elses_data(
    world: World, api_client_for: ApiClientFor
) -> None:
    alice = world.membership(world.alice).code
    url = f"/api/organisations/{world.havneby.code}/memberships/{alice}/data"
    assert api_client_for(world.mads).get(url).status_code == 403


def test_cli_exports_to_a_file_only_its_owner_can_read(world: World, tmp_path: Path) -> None:
    target = tmp_path / "mads.json"
    assert _cli("export", "MADS@havneby.example", "-o", str(target)).strip() == str(target)
    assert json.loads(target.read_text())["account"]["email"] == "mads@havneby.example"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- Deletion ---------------------------------------------------------------------------


def test_deleting_leaves_every_anonymous_answer_byte_for_byte(
    world: World, answered: Round, api_client_for: ApiClientFor
) -> None:
    before = _anonymous()
    assert all(before.values()), "every kind of anonymous answer is there to compare"
    receipts = Receipt.objects.count()
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    assert _anonymous() == before
    assert Receipt.objects.count() == receipts - 1
    assert answered.checkins.count() == 7


def test_deleting_removes_every_personal_reference(world: World, answered: Round) -> None:
    """Fiona planned the workshop, drafted its principles, made and adopted the charter."""
    pk = world.fiona.pk
    assert "fiona@havneby.example\tdeleted" in _cli("delete", "fiona@havneby.example", "--yes")
    assert not User.objects.filter(pk=pk).exists()
    for label in REFERENCES:
        model_label, field = label.rsplit(".", 1)
        model = apps.get_model(model_label)
        assert not model._default_manager.filter(**{f"{field}_id": pk}).exists(), label
    # The adopted document is frozen: it names who adopted it, as on paper.
    adopted = CharterVersion.objects.get(charter=answered.charter)
    assert adopted.document["adopted_by"] == "Fiona Facilitator"
    assert adopted.adopted_by is None
    everything = []
    for model in apps.get_models():
        for row in model._default_manager.values():
            if model is CharterVersion:
                row.pop("document")
            everything.append(json.dumps(row, default=str, ensure_ascii=False))
    assert [row for row in everything if re.search("fiona", row, re.IGNORECASE)] == []


def test_an_adopted_charter_keeps_the_signature_with_name_role_and_date(
    world: World,
    adopted_charter: Charter,  # noqa: F811
    api_client_for: ApiClientFor,
) -> None:
    page = _logged_in(world.mads).get("/accounts/profile/delete/").content.decode()
    assert "Vores principper (Havneby Kommune)" in page
    assert 'name="password"' in page
    version = adopted_charter.versions.get()
    document = version.document
    signed = list(Signature.objects.filter(version=version).values("role", "name", "signed_at"))
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    version.refresh_from_db()
    assert version.document == document
    assert list(Signature.objects.filter(version=version).values("role", "name", "signed_at")) == (
        signed
    )
    charter = api_client_for(world.alice).get(
        f"/api/organisations/{world.havneby.code}/charters/{adopted_charter.code}"
    )
    assert charter.json()["missing_signatures"] == []
    assert not User.objects.filter(email="mads@havneby.example").exists()
    shell = Signature.objects.get(version=version, role="union_rep").user
    assert (shell.name, shell.is_active, shell.has_usable_password()) == ("", False, False)


def test_a_signature_on_a_proposed_version_is_withdrawn(
    signatories: World, drafted_workshop: Workshop, api_client_for: ApiClientFor
) -> None:
    world = signatories
    charter = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.unit, title="Forslag", workshops=[drafted_workshop]
    )
    adoption_actions.propose(world.fiona, charter)
    signature_actions.sign(world.alice, charter, "manager")
    signature_actions.sign(world.mads, charter, "union_rep")
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    assert missing_signatures(charter) == ["union_rep"]
    assert AuditEntry.objects.filter(action="charter.signature.void", target=charter.code)
    assert not User.objects.filter(pk=world.mads.pk).exists()


def test_a_name_typed_as_responsible_or_owner_is_replaced(
    world: World, answered: Round, api_client_for: ApiClientFor
) -> None:
    draft = draft_actions.create_charter(
        world.fiona, world.havneby, unit=world.web_team, title="Web"
    )
    principle = editing_actions.add_principle(world.fiona, draft, statement_da="deler vi viden")
    editing_actions.set_cell(
        world.fiona, principle, "group", text="Vi deler", responsible="Mads Member"
    )
    agreed_actions.add_action(
        world.alice, answered, description="Tjek", owner="mads@havneby.example"
    )
    frozen = answered.charter.versions.get().document
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    neutral = deleted_person_text(world.havneby)
    assert CharterCell.objects.get(principle=principle).responsible == neutral
    assert AgreedAction.objects.get(round=answered).owner == neutral
    assert answered.charter.versions.get().document == frozen


def test_an_invitation_to_the_person_loses_their_address(
    world: World, api_client_for: ApiClientFor
) -> None:
    open_one = invitation_actions.invite(world.olga, world.fjordby, email="mads@havneby.example")
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    open_one.refresh_from_db()
    assert (open_one.email, open_one.is_open) == ("", False)
    assert not AuditEntry.objects.filter(data__email="mads@havneby.example").exists()
    assert not Invitation.objects.filter(email="mads@havneby.example").exists()


def test_a_worksheet_of_a_workshop_that_is_not_anonymous_stays_without_its_author(
    world: World, api_client_for: ApiClientFor
) -> None:
    sheet = sheet_actions.join(_workshop(world, anonymous=False), world.mads).sheet
    sheet_actions.save_entry(sheet, "q1", "Jeg skriver hurtigere", 1)
    entries = list(Entry.objects.filter(sheet=sheet).values())
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    sheet.refresh_from_db()
    assert sheet.user is None
    assert list(Entry.objects.filter(sheet=sheet).values()) == entries


def test_the_last_admin_cannot_delete_their_account(
    world: World, api_client_for: ApiClientFor
) -> None:
    response = _delete_me(api_client_for(world.olga))
    assert response.status_code == 400
    assert "Fjordby Hospital" in response.json()["detail"]
    page = _logged_in(world.olga).get("/accounts/profile/delete/").content.decode()
    assert "Fjordby Hospital" in page
    assert 'name="password"' not in page
    with pytest.raises(CommandError, match="Fjordby Hospital"):
        _cli("delete", "olga@fjordby.example", "--yes")
    assert Membership.objects.filter(user=world.olga).exists()


def test_deleting_on_the_page_needs_the_password_and_logs_out(world: World) -> None:
    client = _logged_in(world.mads)
    wrong = client.post("/accounts/profile/delete/", {"password": "not my password"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["password"]
    assert User.objects.filter(pk=world.mads.pk).exists()

    response = client.post("/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=world.mads.pk).exists()
    assert client.get("/accounts/profile/").status_code == 302  # to the login page


def test_a_deleted_person_cannot_log_in(world: World, api_client_for: ApiClientFor) -> None:
    assert _delete_me(api_client_for(world.mads)).status_code == 204
    response = Client().post(
        "/accounts/login/", {"username": "mads@havneby.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_api_token_of_a_deleted_person_no_longer_works(
    world: World, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(world.mads)
    assert client.get("/api/me").status_code == 200
    assert _delete_me(client).status_code == 204
    assert client.get("/api/me").status_code == 401


@pytest.mark.usefixtures("still_ratelimit_clock")
def test_guessing_the_password_to_delete_meets_the_login_wait(
    world: World, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(world.mads)
    for _attempt in range(settings.LOGIN_FREE_ATTEMPTS):
        response = _delete_me(client, "guess")
        assert response.status_code == 400
        assert response.json()["field"] == "password"
    refused = _delete_me(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "1 sekund" in refused.json()["detail"]
    assert User.objects.filter(pk=world.mads.pk).exists()
    # Confirming is no way around the login limit: the account itself waits.
    login = Client().post(
        "/accounts/login/", {"username": "mads@havneby.example", "password": PASSWORD}
    )
    assert login.status_code == 429


def test_cli_delete_asks_for_yes(world: World) -> None:
    with pytest.raises(CommandError, match="--yes"):
        _cli("delete", "mads@havneby.example")
    assert User.objects.filter(pk=world.mads.pk).exists()


# --- Keeping this honest ------------------------------------------------------------------


def test_every_reference_to_a_person_has_a_documented_fate() -> None:
    """A model that gains a reference to the account fails here until personal_data.py
    decides what an export and a deletion do with it, and the docs say why."""
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in (*model._meta.fields, *model._meta.many_to_many)
        if field.related_model is User
    }
    assert found == REFERENCES
    documented = DOCS.read_text(encoding="utf-8")
    assert [label for label in sorted(REFERENCES) if f"`{label}`" not in documented] == []
