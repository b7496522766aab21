"""gunicorn's settings for Holos's web processes: ``gunicorn -c python:holos.gunicorn_conf holos.wsgi``.

The address, the number of processes and threads are given on the command line (see
docs/deploy.md); this file keeps what must be true whatever they are.
"""

import os

# A process that answered nothing for this long is replaced (a page should take well under a second).
timeout = 60
graceful_timeout = 20
# Requests that wait for a free process: enough for a burst of survey answers.
backlog = 2048
accesslog = None
# No control socket: it would be shared by every gunicorn of the machine's user.
control_socket_disable = True


def child_exit(server, worker) -> None:
    """Forget a finished process's live gauges, so /metrics counts only the processes that run."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
