"""Occurrences are lighter to write: three single-column indexes and one foreign key check go.

A plan's occurrences are found through (plan, due) and an activity's through the unique
(activity, key); who did the work is looked up only for done work, by a partial index.
PostgreSQL no longer checks each occurrence's plan at commit (its activity is checked,
and the activity's plan). Only the indexes and that constraint are dropped: altering the
fields would make SQLite copy the table and lose the triggers that keep the tallies, so
SQLite keeps its plan constraint.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = ("plan_id", "activity_id", "done_by_id")


def _single_column_indexes(schema_editor) -> dict[str, str]:
    """The plain indexes of the occurrence table on one of ``COLUMNS`` alone, by column."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
    return {details["columns"][0]: name for name, details in constraints.items()
            if details["index"] and not details["unique"] and not details["primary_key"]
            and details["columns"] in ([column] for column in COLUMNS)}


def drop_indexes(apps, schema_editor):
    for name in _single_column_indexes(schema_editor).values():
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    present = _single_column_indexes(schema_editor)
    for column in COLUMNS:
        if column not in present:
            name = schema_editor.quote_name(f"work_occurrence_{column}_plain")
            schema_editor.execute(f"CREATE INDEX {name} ON work_occurrence ({schema_editor.quote_name(column)})")


def _plan_constraints(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
    return [name for name, details in constraints.items()
            if details["foreign_key"] and details["columns"] == ["plan_id"]]


def drop_plan_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _plan_constraints(schema_editor):
        schema_editor.execute(f"ALTER TABLE work_occurrence DROP CONSTRAINT {schema_editor.quote_name(name)}")


def add_plan_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or _plan_constraints(schema_editor):
        return
    schema_editor.execute("ALTER TABLE work_occurrence ADD CONSTRAINT work_occurrence_plan_id_fk FOREIGN KEY (plan_id) "
                          "REFERENCES plans_plan (id) DEFERRABLE INITIALLY DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_indicator_levels_and_programme_links'),
        ('work', '0003_occurrence_month'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes),
                                 migrations.RunPython(drop_plan_constraint, add_plan_constraint)],
            state_operations=[
                migrations.AlterField(
                    model_name='occurrence',
                    name='activity',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name='occurrences', to='plans.activity'),
                ),
                migrations.AlterField(
                    model_name='occurrence',
                    name='done_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.SET_NULL, related_name='+',
                                            to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='occurrence',
                    name='plan',
                    field=models.ForeignKey(db_constraint=False, db_index=False,
                                            on_delete=django.db.models.deletion.CASCADE,
                                            related_name='occurrences', to='plans.plan'),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='occurrence',
            index=models.Index(condition=models.Q(('done_by__isnull', False)), fields=['done_by'],
                               name='work_occurrence_done_by'),
        ),
    ]
