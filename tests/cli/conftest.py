"""The terminal every CLI test starts from: no language set at all.

The CLI reads its language from the environment, so the locale of whoever runs the
suite must not decide what a test sees; each test sets the variables it is about.
"""

import pytest

LANGUAGE_VARIABLES = ("HOLOS_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def _no_language_in_the_environment(monkeypatch):
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
