"""Reading a document in a child process, with limits on its CPU time, memory and output.

The readers count what they read (see ``limits``), but the libraries under them (lxml,
openpyxl, pdfminer) can still be made to work for minutes or take gigabytes by a file
crafted for it. So a document someone brought is read in a child process that the
operating system holds to a number of CPU seconds (``RLIMIT_CPU``), of bytes of address
space (``RLIMIT_AS``) and of bytes of output (``RLIMIT_FSIZE``); the process that asked
waits for it no longer than a wall-clock limit, and is never itself at risk. The child
runs at a lower priority, so several readings at once leave the web pages responsive.

    document = read_sandboxed("plan.pdf", filename="plan.pdf")   # or UnreadableSource

A child stopped at a limit raises ``LimitReached`` here, naming the limit, as the
readers' own limits do. The child writes its answer, the ``holos.plan/1`` document or
the reason the file cannot be read, to a file in a folder of its own.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from holos.core.document import PlanDocument, gettext_noop
from holos.core.importers.formats import UnreadableSource
from holos.core.importers.limits import LimitReached

_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ProcessLimits:
    """What the child reading one document may use."""

    cpu_seconds: int = 60
    memory_bytes: int = 1024 * _MEGABYTE
    output_bytes: int = 32 * _MEGABYTE
    # How long to wait for the child, however little CPU it was given (a busy machine).
    wall_seconds: int = 300
    # How much lower than the web server's the child's priority is (0 to 19).
    niceness: int = 10


_STOPPED = gettext_noop("%(name)s could not be read: the reader stopped unexpectedly.")


def read_sandboxed(path: str | Path, *, max_bytes: int | None = None,
                   columns: Mapping[str, Mapping[int, str]] | None = None,
                   headers: Mapping[str, int] | None = None,
                   limits: ProcessLimits | None = None, usage: dict[str, float] | None = None) -> PlanDocument:
    """Read the plans in the file at ``path`` in a child process held to ``limits``.

    Takes the arguments of ``read_path``. Raises ``UnreadableSource``, or ``LimitReached``
    for a limit of the readers or of the process (``cpu_seconds``, ``memory_bytes`` …).
    ``usage``, when given, gets what the child used when it could say: ``peak_mb`` (its
    largest resident memory) and ``cpu_seconds``.
    """
    limits = limits or ProcessLimits()
    name = Path(path).name
    request: dict[str, Any] = {
        "path": str(Path(path).resolve()), "name": name, "max_bytes": max_bytes,
        "columns": None if columns is None else {table: {str(i): role for i, role in roles.items()}
                                                 for table, roles in columns.items()},
        "headers": None if headers is None else dict(headers),
        "limits": asdict(limits),
    }
    with tempfile.TemporaryDirectory(prefix="holos-read-") as folder:
        request["answer"] = str(Path(folder) / "answer.json")
        request["errors"] = str(Path(folder) / "errors.txt")
        child = _children().Process(target=_child, args=(request,), daemon=True)
        child.start()
        child.join(limits.wall_seconds)
        if child.is_alive():
            child.kill()
            child.join()
            raise _stopped("wall_seconds", name, limits.wall_seconds)
        answer = Path(request["answer"])
        if child.exitcode == 0 and answer.exists():
            said = json.loads(answer.read_text("utf-8"))
            if usage is not None:
                usage.update(said.get("usage", {}))
            return _answer(said)
        errors = Path(request["errors"])
        raise _why_it_stopped(child.exitcode, errors.read_text("utf-8", "replace") if errors.exists() else "",
                              name, limits)


_forkserver: Any = None


def _children() -> Any:
    """Where reading processes come from: a fork server that has the readers imported already.

    Importing lxml, openpyxl, python-docx and pdfplumber takes a second; each reading forks
    from a small server process that did it once (started on first use), so a reading
    starts in milliseconds, and from a process with no threads and no open connections.
    """
    global _forkserver
    if _forkserver is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["holos.core.importers"])
        _forkserver = context
    return _forkserver


def _answer(answer: dict[str, Any]) -> PlanDocument:
    if "document" in answer:
        return PlanDocument.from_dict(answer["document"])
    refused = answer["refused"]
    params = refused.get("params") or {}
    if refused.get("limit"):
        raise LimitReached(refused["limit"], **params)
    raise UnreadableSource(refused["template"], **params)


def _why_it_stopped(code: int | None, errors: str, name: str, limits: ProcessLimits) -> UnreadableSource:
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return _stopped("cpu_seconds", name, limits.cpu_seconds)
    if code == -signal.SIGXFSZ or "File too large" in errors:
        return _stopped("output_bytes", name, limits.output_bytes // _MEGABYTE)
    if "MemoryError" in errors or "Cannot allocate memory" in errors or "std::bad_alloc" in errors:
        return _stopped("memory_bytes", name, limits.memory_bytes // _MEGABYTE)
    return UnreadableSource(_STOPPED, name=name)


def _stopped(limit: str, name: str, amount: int) -> LimitReached:
    return LimitReached(limit, name=name, limit=amount)


# The child


def _hold_to(limits: dict[str, int]) -> None:
    """Ask the operating system to stop this process past its limits, and to run it after others."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 2))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"], limits["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["output_bytes"], limits["output_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits["niceness"] > 0:
        os.nice(limits["niceness"])


def _child(request: dict[str, Any]) -> None:
    """Read the file of ``request`` within its limits and write the answer where it says."""
    errors = os.open(request["errors"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(errors, 2)  # a crash's last words, for _why_it_stopped
    _hold_to(request["limits"])
    from holos.core.importers import MAX_BYTES, read_path

    columns = request["columns"]
    try:
        document = read_path(
            request["path"], max_bytes=request["max_bytes"] or MAX_BYTES,
            columns=None if columns is None else {table: {int(i): role for i, role in roles.items()}
                                                  for table, roles in columns.items()},
            headers=request["headers"])
        answer: dict[str, Any] = {"document": document.to_dict()}
    except LimitReached as exc:
        answer = {"refused": {"template": exc.template, "params": exc.params, "limit": exc.limit}}
    except UnreadableSource as exc:
        answer = {"refused": {"template": exc.template, "params": exc.params}}
        if _peak_memory() > 0.9 * request["limits"]["memory_bytes"]:
            # Short of memory, lxml reports a parse error, which the reader took for a damaged file.
            answer = _out_of_memory(request)
    except MemoryError:
        answer = _out_of_memory(request)
    used = resource.getrusage(resource.RUSAGE_SELF)
    answer["usage"] = {"peak_mb": used.ru_maxrss / 1024, "cpu_seconds": used.ru_utime + used.ru_stime}
    with open(request["answer"], "w", encoding="utf-8") as output:
        json.dump(answer, output, ensure_ascii=False)


def _out_of_memory(request: dict[str, Any]) -> dict[str, Any]:
    return {"refused": {"template": "", "limit": "memory_bytes", "params": {
        "name": request["name"], "limit": request["limits"]["memory_bytes"] // _MEGABYTE}}}


def _peak_memory() -> int:
    """The most address space this process has held, in bytes (0 where the system does not say)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

