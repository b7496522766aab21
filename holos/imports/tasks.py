"""Reading an imported document, in the task worker: a large or hostile file never holds a page."""

from django_tasks import task

from holos.imports import actions


@task()
def read_import(import_id: int, columns: dict[str, dict[str, str]] | None = None,
                headers: dict[str, int] | None = None) -> str:
    """Read the import's file; with the choices (table id → column index → role, table id → header
    line) when a person asked to read it again."""
    chosen = None if columns is None else {table: {int(i): role for i, role in roles.items()}
                                           for table, roles in columns.items()}
    return actions.read_source(import_id=import_id, columns=chosen, headers=headers)
