"""The WSGI application that the web processes run."""

import os
import subprocess
import sys


def test_loading_the_application_leaves_its_objects_frozen_out_of_the_collector(tmp_path):
    # In a process of its own, as a web process loads it: this one has its own collector to keep.
    script = "import gc, holos.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "holos.settings", "HOLOS_VAR_DIR": str(tmp_path)}
    frozen = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert int(frozen.stdout) > 10_000, frozen.stderr
