from typing import Any

from django.conf import settings
from django.db import migrations, models


def user_names_from_addresses(apps: Any, schema_editor: Any) -> None:
    """Until now the userName was taken as the address: people provisioned before keep it."""
    people = apps.get_model("directory", "ProvisionedPerson")
    for person in people.objects.filter(user_name="").select_related("user").iterator():
        person.user_name = person.user.email
        person.save(update_fields=["user_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("organisations", "0005_retention_and_audit_unit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="provisionedperson",
            name="user_name",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.AddIndex(
            model_name="provisionedperson",
            index=models.Index(
                fields=["organisation", "user_name"], name="directory_p_organis_75cd26_idx"
            ),
        ),
        migrations.RunPython(user_names_from_addresses, migrations.RunPython.noop),
    ]
