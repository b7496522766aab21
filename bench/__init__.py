"""Benchmarks that print their figures: ``make bench`` runs them all."""

from __future__ import annotations

import os
import tempfile


def setup_django() -> None:
    """Django on a database of its own (a fresh SQLite file unless DATABASE_URL says otherwise), migrated."""
    os.environ.setdefault("HOLOS_VAR_DIR", tempfile.mkdtemp(prefix="holos-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
    os.environ["HOLOS_MANIFEST_STATIC"] = "0"
    import django

    django.setup()
    from django.conf import settings

    # Background work runs at once, inside the request that queues it, so that a
    # benchmark of a flow includes it; nothing else would run it here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
