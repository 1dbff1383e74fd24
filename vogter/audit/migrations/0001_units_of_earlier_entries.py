"""Entries written before the audit log kept the unit they are about (organisations
0005) get it from the charter, round or workshop they name, so a unit's TR and AMR can
read their history too (docs/audit.md). No table of its own: this app only reads."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import OuterRef, Q, Subquery

# The actions whose target is a charter's code (the round's schedule is the charter's).
CHARTER_ACTIONS = Q(action__startswith="charter.") | Q(
    action__in=(
        "commons.publish",
        "commons.unpublish",
        "commons.template.use",
        "reflection.schedule",
    )
)
# Of the other reflection actions, these name a round.
ROUND_ACTIONS = Q(action__startswith="reflection.") & ~Q(
    action__in=("reflection.schedule", "reflection.revisit", "reflection.reminders_stopped")
)


def backfill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    entry = apps.get_model("organisations", "AuditEntry")
    charter = apps.get_model("charters", "Charter")
    proposal = apps.get_model("charters", "UpwardProposal")
    round_ = apps.get_model("reflection", "Round")
    workshop = apps.get_model("workshops", "Workshop")
    unknown = entry.objects.filter(unit__isnull=True)
    by_code = [
        (
            CHARTER_ACTIONS & ~Q(action__in=("charter.cascade.decline", "charter.cascade.withdraw")),
            charter.objects.filter(code=OuterRef("target")).values("unit")[:1],
        ),
        (
            Q(action="charter.cascade.decline"),
            proposal.objects.filter(code=OuterRef("target")).values("to_unit")[:1],
        ),
        (
            Q(action="charter.cascade.withdraw"),
            proposal.objects.filter(code=OuterRef("target")).values("from_charter__unit")[:1],
        ),
        (
            ROUND_ACTIONS,
            round_.objects.filter(code=OuterRef("target")).values("charter__unit")[:1],
        ),
        (
            Q(action="workshop.export"),
            workshop.objects.filter(code=OuterRef("target")).values("unit")[:1],
        ),
    ]
    for which, unit in by_code:
        unknown.filter(which).update(unit=Subquery(unit))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_retention_and_audit_unit"),
        ("charters", "0004_principle_revision"),
        ("reflection", "0004_keep_existing_rounds_minimum"),
        ("workshops", "0006_removed_sheet"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
