"""The search terms now include little words (IT, MED, man): index the published
principles again."""

from django.db import migrations


def reindex(apps, schema_editor):  # type: ignore[no-untyped-def]
    from vogter.commons.search import index_terms

    principles = apps.get_model("commons", "CommonsPrinciple")
    alias = schema_editor.connection.alias
    for principle in principles.objects.using(alias).all().iterator():
        terms = index_terms(principle.statement_da, principle.statement_en, *principle.cells.values())
        if terms != principle.search_terms:
            principle.search_terms = terms
            principle.save(using=alias, update_fields=["search_terms"])


class Migration(migrations.Migration):
    dependencies = [("commons", "0005_stable_codes")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
