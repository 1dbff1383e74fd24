"""On PostgreSQL, a GIN index over the search terms, which vogter.commons.search queries
with to_tsvector('simple', …): the stemming is done in Python, the same on every database."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS commons_principle_search ON commons_commonsprinciple "
            "USING gin (to_tsvector('simple', search_terms))"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS commons_principle_search")


class Migration(migrations.Migration):
    dependencies = [("commons", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
