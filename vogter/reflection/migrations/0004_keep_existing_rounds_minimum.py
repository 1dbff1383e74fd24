"""Rounds opened before issue 17 were shown at the larger of their own minimum group size
and their organisation's; since then a round's own is the one that applies. Raise every
existing round's own to that larger value, so that no figure held back before is shown
now."""

from django.db import migrations


def keep_what_was_held_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    Round = apps.get_model("reflection", "Round")
    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.all().only("pk", "min_group_size"):
        Round.objects.filter(
            charter__organisation=organisation, min_group_size__lt=organisation.min_group_size
        ).update(min_group_size=organisation.min_group_size)


class Migration(migrations.Migration):
    dependencies = [
        ("reflection", "0003_links_contacts_close"),
        ("organisations", "0004_invitation_roles_team_links_pending"),
    ]

    operations = [migrations.RunPython(keep_what_was_held_back, migrations.RunPython.noop)]
