"""The checks a change must pass besides its tests: lint, types, migrations, deploy settings, translations."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.quality


def run(*args, env=None):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_accepts_the_whole_tree():
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_models_and_migrations_agree(tmp_path):
    env = {**os.environ, "HOLOS_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "HOLOS_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 20 + "production-secret-that-is-long-and-random-8f3a9c",
        "SITE_URL": "https://holos.example.org",
        "ALLOWED_HOSTS": "holos.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = run(sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_catalogs_hold_every_string_the_code_asks_to_translate(tmp_path):
    """makemessages, run on a copy of the code, finds what the committed catalogs translate, and no more.

    Every string it finds is translated into Ukrainian and Czech, and every translation is
    still found. A call it cannot read (a gettext inside an f-string) keeps its translation
    only until the next refresh of the catalogs, which then drops it.
    """
    copy = tmp_path / "holos"
    shutil.copytree(ROOT / "holos", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "holos.settings",
           "HOLOS_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    made = subprocess.run([str(BIN / "django-admin"), "makemessages", "-l", "uk", "-l", "cs", "-v", "0"],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    for language in ("uk", "cs"):
        committed = ROOT / "holos" / "locale" / language / "LC_MESSAGES" / "django.po"
        remade = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        # msgcmp DEF REF: each string REF holds is translated in DEF. Both ways, the two agree.
        for definitions, reference in ((committed, remade), (remade, committed)):
            compared = run("msgcmp", str(definitions), str(reference))
            assert compared.returncode == 0, f"{language}: {compared.stderr}"
