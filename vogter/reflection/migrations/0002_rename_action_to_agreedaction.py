from django.db import migrations


class Migration(migrations.Migration):
    """`Action` sat beside the `actions` module of every app; the model is what the team
    agreed to do after a round."""

    dependencies = [
        ("reflection", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Action", new_name="AgreedAction"),
    ]
