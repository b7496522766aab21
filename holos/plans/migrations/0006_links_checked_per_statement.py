"""PostgreSQL checks what a plan's tasks, activities, links and indicators name once per statement.

Saving an imported plan of 100 activities writes 50 tasks, 100 activities, some 500
links (audiences, channels, units) and 100 indicators. Their foreign keys checked each
row on its own at commit, a query and a row lock per key and row (an empty key, as an
activity's indicator has for its goal and plan, still costs a look): some 2,000 checks,
about 7 ms of a 50 ms save. Triggers now check all the rows of a statement at once,
one query per column that locks the rows named (``FOR KEY SHARE``, as a foreign key's
check does, so that no other transaction removes them while these are written) and
counts them against the ids named. A change of a row checks only the columns it changes. On
the other side, removing a plan, goal, task, activity or catalogue entry that such a
row still names is refused at commit, as the keys refused it, and so is changing its
id. The errors are the foreign key's own (``foreign_key_violation``), so Django raises
``IntegrityError`` as before; Django's own deletes remove such rows with what they name.

SQLite keeps its foreign keys, as ``work`` 0006 explains for occurrences.
"""

import django.db.models.deletion
from django.db import migrations, models

# Each checked table, its columns and the table each names (by its ``id``).
CHECKED = {
    "plans_task": {"plan_id": "plans_plan", "goal_id": "plans_goal", "parent_goal_id": "plans_goal"},
    "plans_activity": {"plan_id": "plans_plan", "task_id": "plans_task"},
    "plans_activityaudience": {"activity_id": "plans_activity", "audience_id": "plans_audience"},
    "plans_activitychannel": {"activity_id": "plans_activity", "channel_id": "plans_channel"},
    "plans_activityunit": {"activity_id": "plans_activity", "unit_id": "plans_unit"},
    "plans_indicator": {"activity_id": "plans_activity", "goal_id": "plans_goal", "plan_id": "plans_plan"},
}


def _named_by() -> dict[str, list[tuple[str, str]]]:
    """Each table named, with the tables and columns that name it."""
    parents: dict[str, list[tuple[str, str]]] = {}
    for table, columns in CHECKED.items():
        for column, parent in columns.items():
            parents.setdefault(parent, []).append((table, column))
    return parents


def _refuse(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'foreign_key_violation';"


def _column_check(table: str, column: str, parent: str, rows: str) -> str:
    """Lock the rows of ``parent`` that ``rows`` name in ``column``, and refuse the statement if any is not there.

    One query: the rows locked are counted against the ids named (a look for each missing
    id instead, in a second query, made the check half as dear again).
    """
    return f"""
    IF (SELECT count(*) FROM (SELECT 1 FROM {parent} WHERE id IN (SELECT n.{column} FROM {rows} n)
                              FOR KEY SHARE) AS locked)
       <> (SELECT count(DISTINCT n.{column}) FROM {rows} n) THEN
        {_refuse(f"{table}: a row names a {column} not in {parent}")}
    END IF;"""


def _changed(column: str) -> str:
    """The updated rows whose ``column`` changed."""
    return (f"(SELECT n.{column} FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id "
            f"WHERE o.id IS NULL OR o.{column} IS DISTINCT FROM n.{column})")


def _function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}\n    RETURN NULL;\nEND $$;\n"


def _checks() -> str:
    sql = []
    for table, columns in CHECKED.items():
        inserted = "".join(_column_check(table, column, parent, "new_rows") for column, parent in columns.items())
        updated = "".join(_column_check(table, column, parent, _changed(column)) for column, parent in columns.items())
        sql += [
            _function(f"{table}_refs_inserted", inserted),
            f"CREATE TRIGGER {table}_refs_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refs_inserted();",
            _function(f"{table}_refs_updated", updated),
            f"CREATE TRIGGER {table}_refs_update AFTER UPDATE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refs_updated();",
        ]
    for parent, children in _named_by().items():
        named = " OR ".join(f"EXISTS (SELECT 1 FROM {table} c WHERE c.{column} = OLD.id)" for table, column in children)
        sql += [
            _function(f"{parent}_links_kept", f"""
    IF {named} THEN
        {_refuse(f"{parent}: a row removed or renumbered is still named")}
    END IF;"""),
            # At commit, as the keys checked: Django deletes an indicator (its activity may be null)
            # in no set order with its activity.
            f"CREATE CONSTRAINT TRIGGER {parent}_links_delete AFTER DELETE ON {parent} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {parent}_links_kept();",
            f"CREATE CONSTRAINT TRIGGER {parent}_links_update AFTER UPDATE OF id ON {parent} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) "
            f"EXECUTE FUNCTION {parent}_links_kept();",
        ]
    return "\n".join(sql)


def _drop_checks() -> str:
    sql = []
    for table in CHECKED:
        sql += [f"DROP TRIGGER IF EXISTS {table}_refs_insert ON {table};",
                f"DROP TRIGGER IF EXISTS {table}_refs_update ON {table};",
                f"DROP FUNCTION IF EXISTS {table}_refs_inserted();",
                f"DROP FUNCTION IF EXISTS {table}_refs_updated();"]
    for parent in _named_by():
        sql += [f"DROP TRIGGER IF EXISTS {parent}_links_delete ON {parent};",
                f"DROP TRIGGER IF EXISTS {parent}_links_update ON {parent};",
                f"DROP FUNCTION IF EXISTS {parent}_links_kept();"]
    return "\n".join(sql)


def _keys(schema_editor, table: str, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [name for name, details in constraints.items() if details["foreign_key"] and details["columns"] == [column]]


def check_per_statement(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in CHECKED.items():
        for column in columns:
            for name in _keys(schema_editor, table, column):
                schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {schema_editor.quote_name(name)}")
    schema_editor.execute(_checks())


def check_per_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_drop_checks())
    for table, columns in CHECKED.items():
        for column, parent in columns.items():
            if not _keys(schema_editor, table, column):
                schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fk FOREIGN KEY ({column}) "
                                      f"REFERENCES {parent} (id) DEFERRABLE INITIALLY DEFERRED")


def _unchecked(model: str, name: str, to: str, **options) -> migrations.AlterField:
    return migrations.AlterField(model_name=model, name=name, field=models.ForeignKey(
        db_constraint=False, on_delete=django.db.models.deletion.CASCADE, to=to, **options))


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_indicator_levels_and_programme_links'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(check_per_statement, check_per_row)],
            state_operations=[
                _unchecked('task', 'plan', 'plans.plan', related_name='tasks'),
                _unchecked('task', 'goal', 'plans.goal', related_name='tasks'),
                migrations.AlterField(model_name='task', name='parent_goal', field=models.ForeignKey(
                    blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                    related_name='carried_by_tasks', to='plans.goal', verbose_name='carries out the goal')),
                _unchecked('activity', 'plan', 'plans.plan', related_name='activities'),
                _unchecked('activity', 'task', 'plans.task', related_name='activities'),
                _unchecked('activityaudience', 'activity', 'plans.activity'),
                _unchecked('activityaudience', 'audience', 'plans.audience'),
                _unchecked('activitychannel', 'activity', 'plans.activity'),
                _unchecked('activitychannel', 'channel', 'plans.channel'),
                _unchecked('activityunit', 'activity', 'plans.activity'),
                _unchecked('activityunit', 'unit', 'plans.unit'),
                _unchecked('indicator', 'activity', 'plans.activity', blank=True, null=True,
                           related_name='indicators'),
                _unchecked('indicator', 'goal', 'plans.goal', blank=True, null=True, related_name='indicators'),
                _unchecked('indicator', 'plan', 'plans.plan', blank=True, null=True,
                           related_name='own_indicators'),
            ],
        ),
    ]
