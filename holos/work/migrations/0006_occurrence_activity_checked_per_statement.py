"""PostgreSQL checks an occurrence's activity once per statement instead of once per row.

A foreign key checks every new row on its own at commit, a query and a row lock apiece:
saving an imported plan writes six occurrences per activity, and their checks took about
3 ms of the 50 ms a 100-activity save took, a third of its commit. Triggers now check all the rows of a statement at once,
with one query that locks each activity named (as the foreign key's check does, so
that an activity cannot be removed by another transaction while its work is written),
and they check more than the key did: the activity is in the occurrence's own plan,
which nothing checked since the plan's own key went. Removing an activity whose work
is still there is refused, as the key refused it; an occurrence moved to another
activity or plan is checked as a new one. The errors are the foreign key's own
(``foreign_key_violation``), so Django raises ``IntegrityError`` as before.

SQLite keeps its foreign key: altering the field there would copy the table and lose
the triggers that keep the tallies.
"""

import django.db.models.deletion
from django.db import migrations, models

CHECKS = """
CREATE FUNCTION work_occurrence_activity_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM plans_activity WHERE id IN (SELECT activity_id FROM new_rows) FOR KEY SHARE;
    IF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN plans_activity a ON a.id = n.activity_id
               WHERE a.id IS NULL OR a.plan_id IS DISTINCT FROM n.plan_id) THEN
        RAISE EXCEPTION 'work_occurrence: an activity named is not in the occurrence''s plan'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER work_occurrence_activity_insert AFTER INSERT ON work_occurrence
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_occurrence_activity_check();

CREATE FUNCTION work_occurrence_activity_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM plans_activity WHERE id = NEW.activity_id AND plan_id = NEW.plan_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'work_occurrence: an activity named is not in the occurrence''s plan'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER work_occurrence_activity_update AFTER UPDATE OF activity_id, plan_id ON work_occurrence
    FOR EACH ROW WHEN (OLD.activity_id IS DISTINCT FROM NEW.activity_id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id)
    EXECUTE FUNCTION work_occurrence_activity_moved();

CREATE FUNCTION plans_activity_work_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows o JOIN work_occurrence w ON w.activity_id = o.id) THEN
        RAISE EXCEPTION 'plans_activity: an activity removed still has its dated work'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER plans_activity_work_delete AFTER DELETE ON plans_activity
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION plans_activity_work_check();

CREATE FUNCTION plans_activity_work_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM work_occurrence w WHERE w.activity_id = OLD.id) THEN
        RAISE EXCEPTION 'plans_activity: an activity with dated work keeps its id and plan'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER plans_activity_work_update AFTER UPDATE OF id, plan_id ON plans_activity
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id)
    EXECUTE FUNCTION plans_activity_work_moved();
"""

DROP_CHECKS = """
DROP TRIGGER IF EXISTS work_occurrence_activity_insert ON work_occurrence;
DROP TRIGGER IF EXISTS work_occurrence_activity_update ON work_occurrence;
DROP TRIGGER IF EXISTS plans_activity_work_delete ON plans_activity;
DROP TRIGGER IF EXISTS plans_activity_work_update ON plans_activity;
DROP FUNCTION IF EXISTS work_occurrence_activity_check();
DROP FUNCTION IF EXISTS work_occurrence_activity_moved();
DROP FUNCTION IF EXISTS plans_activity_work_check();
DROP FUNCTION IF EXISTS plans_activity_work_moved();
"""


def _activity_constraints(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
    return [name for name, details in constraints.items()
            if details["foreign_key"] and details["columns"] == ["activity_id"]]


def check_per_statement(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _activity_constraints(schema_editor):
        schema_editor.execute(f"ALTER TABLE work_occurrence DROP CONSTRAINT {schema_editor.quote_name(name)}")
    schema_editor.execute(CHECKS)


def check_per_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_CHECKS)
    if not _activity_constraints(schema_editor):
        schema_editor.execute("ALTER TABLE work_occurrence ADD CONSTRAINT work_occurrence_activity_id_fk "
                              "FOREIGN KEY (activity_id) REFERENCES plans_activity (id) DEFERRABLE INITIALLY DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_indicator_levels_and_programme_links'),
        ('work', '0005_open_work_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(check_per_statement, check_per_row)],
            state_operations=[
                migrations.AlterField(
                    model_name='occurrence',
                    name='activity',
                    field=models.ForeignKey(db_constraint=False, db_index=False,
                                            on_delete=django.db.models.deletion.CASCADE,
                                            related_name='occurrences', to='plans.activity'),
                ),
            ],
        ),
    ]
