"""On PostgreSQL, the stems as a stored tsvector column with its GIN index, instead of an
index over the expression: the planner then uses the index even where it would rather
walk the table (bench/national_queries.py, docs/benchmarks.md). Not a model field: the
database computes it, and nothing but vogter.commons.search reads it."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS commons_principle_search")
        schema_editor.execute(
            "ALTER TABLE commons_commonsprinciple ADD COLUMN IF NOT EXISTS search_vector "
            "tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_terms)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS commons_principle_search_vector "
            "ON commons_commonsprinciple USING gin (search_vector)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE commons_commonsprinciple DROP COLUMN search_vector")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS commons_principle_search ON commons_commonsprinciple "
            "USING gin (to_tsvector('simple', search_terms))"
        )


class Migration(migrations.Migration):
    dependencies = [("commons", "0003_size_labels")]
    operations = [migrations.RunPython(create, drop)]
