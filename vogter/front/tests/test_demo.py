"""`vogter demo` gives a newcomer something to look at, and can run any number of times."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from vogter.organisations.models import AuditEntry, Membership, Organisation, Role, Unit

pytestmark = pytest.mark.django_db


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), Unit.objects.count(), Membership.objects.count()


def test_demo_creates_an_organisation_with_every_role_and_prints_the_login() -> None:
    output = _demo()
    assert "admin@havnestad.example" in output
    org = Organisation.objects.get(name="Havnestad Kommune")
    roles = set(Membership.objects.filter(organisation=org).values_list("role", flat=True))
    assert roles == {Role.ADMIN, Role.FACILITATOR, Role.MEMBER}
    members = Membership.objects.filter(organisation=org)
    assert members.filter(is_manager=True).exists()
    assert members.filter(is_union_rep=True).exists()
    assert members.filter(is_safety_rep=True).exists()
    levels = set(Unit.objects.filter(organisation=org).values_list("level", flat=True))
    assert levels == {"group", "unit", "department", "corporate_group"}
    password = output.split("password: ")[1].split()[0]
    assert authenticate(username="admin@havnestad.example", password=password) is not None


def test_demo_twice_changes_nothing() -> None:
    _demo()
    before, audit = _counts(), AuditEntry.objects.count()
    _demo()
    assert _counts() == before
    assert AuditEntry.objects.count() == audit


def test_demo_if_empty_leaves_a_database_with_other_data_alone(world) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    assert "not loaded" in _demo("--if-empty")
    assert _counts() == before


def test_demo_has_a_workshop_with_the_sample_answers_and_one_waiting_to_start() -> None:
    from vogter.workshops.models import Sheet, Workshop

    _demo()
    running = Workshop.objects.get(title="AI i kommunikationen")
    assert running.phase == "reflect"
    assert Sheet.objects.filter(workshop=running).count() == 18
    assert Workshop.objects.get(title="AI i sekretariatet").phase == "lobby"
    _demo()
    assert Sheet.objects.filter(workshop=running).count() == 18


def test_demo_has_a_workshop_with_suggested_themes_and_draft_principles() -> None:
    from vogter.principles.models import Principle
    from vogter.principles.themes import themes_by_question
    from vogter.workshops.models import Workshop

    _demo()
    drafting = Workshop.objects.get(title="AI i lægesekretariatet")
    assert drafting.phase == "principles"
    for question in themes_by_question(drafting):
        assert question.themes and not question.unplaced
    principles = Principle.objects.filter(workshop=drafting)
    assert principles.count() == 2
    assert all(p.sources.exists() and p.themes.exists() for p in principles)


def test_demo_has_an_adopted_signed_charter_with_a_second_draft() -> None:
    from vogter.charters.models import Charter, Status

    _demo()
    charter = Charter.objects.get(unit__name="Sekretariatet")
    first, second = charter.versions.order_by("number")
    assert first.status == Status.ADOPTED and second.status == Status.DRAFT
    assert sorted(s.role for s in first.signatures.all()) == ["manager", "union_rep"]
    assert charter.changes.filter(version_number=2).exclude(reason="").exists()
    count = Charter.objects.count()
    _demo()
    assert Charter.objects.count() == count


def test_demo_shows_the_cascade_and_the_national_commons() -> None:
    from vogter.charters.models import Charter, UpwardProposal
    from vogter.commons.dashboard import aims, themes
    from vogter.commons.models import Coordinator, Publication, TemplatePrinciple

    _demo()
    below = Charter.objects.get(unit__name="Sekretariatet")
    inherited = below.principles.get(inherited_charter__isnull=False)
    assert inherited.inherited_charter.unit.name == "Sundhed og Omsorg"
    assert UpwardProposal.objects.get().from_charter == below
    assert Coordinator.objects.get().user.email == "koordinator@havnestad.example"
    assert Publication.objects.count() >= 10
    assert TemplatePrinciple.objects.count() == 2
    # Enough organisations for the national figures to show something.
    assert themes("da")[0]
    assert [row for row in aims() if not row.withheld]
