"""Two real PostgreSQL connections racing: a writer holding its transaction open, and a deleter."""

import threading

import psycopg
from django.db import connection


def delete_behind_writer(write: tuple[str, list], deletes: list[tuple[str, list]]) -> bool:
    """Whether ``deletes`` (one transaction) succeed when run while ``write`` is still uncommitted.

    The deletes must wait for the writer's locks (asserted), and are answered once it commits.
    A ``foreign_key_violation`` counts as refused; any other error leaves no answer, and the caller fails.
    """
    dsn = {**connection.get_connection_params()}
    for option in ("cursor_factory", "prepare_threshold", "context"):
        dsn.pop(option, None)
    writer = psycopg.connect(**dsn)
    deleter = psycopg.connect(**dsn, autocommit=True)
    outcome: dict[str, bool] = {}
    try:
        writer.execute(*write)

        def delete():
            deleter.execute("SET lock_timeout = '20s'")
            try:
                with deleter.transaction():
                    for statement in deletes:
                        deleter.execute(*statement)
                outcome["deleted"] = True
            except psycopg.errors.ForeignKeyViolation:
                outcome["deleted"] = False
        thread = threading.Thread(target=delete)
        thread.start()
        thread.join(1.0)
        assert thread.is_alive(), "the delete waited for the writer's lock"
        writer.commit()
        thread.join(30)
    finally:
        writer.close()
        deleter.close()
    return outcome["deleted"]
