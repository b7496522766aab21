# The commands the README gives. Each target sets up what it needs on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in this many processes (pytest-xdist), each with its own test database.
TEST_JOBS ?= 2
PYTEST_PARALLEL = -n $(TEST_JOBS) --dist worksteal

.PHONY: run test test-sqlite test-postgres test-cluster cluster lint bench bench-national corpus messages screenshots system-deps venv clean

run: venv messages
	DEBUG=1 $(BIN)/holos demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in as demo / demo."
	DEBUG=1 $(BIN)/holos serve --host $(HOST) --port $(PORT)

test: venv system-deps messages
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The whole suite on SQLite, with the quality checks (ruff, mypy, migrations, deploy check).
test-sqlite:
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The suite again on a throwaway PostgreSQL 15 cluster: everything that touches the database.
# The quality checks, the pure core (tests/core: no database), the pages in Chromium
# (tests/browser: what they check is the page, not the database) and the tests that use
# both databases themselves ran above.
test-postgres:
	scripts/with-postgres $(BIN)/python -m pytest -m "not quality and not both_databases" --ignore=tests/core --ignore=tests/browser $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The grown-up deployment on this machine: PostgreSQL, Redis, 3 web processes on PORT, 2 workers.
# Ctrl+C stops everything and removes its data.
cluster: venv system-deps messages
	$(BIN)/python -m holos.cluster --port $(PORT)

# The deployment's own tests, on that stack: web processes killed under load, workers racing and dying.
test-cluster: venv system-deps messages
	$(BIN)/python -m pytest tests/cluster --cluster $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: venv system-deps messages
	$(BIN)/python -m bench

# Read every real plan table of tests/corpus/ and compare with what a person reads there.
corpus: venv system-deps
	$(BIN)/python -m tests.corpus.reading

# PNGs of every page at 1366 and 390 px in uk, en and cs, into var/screenshots/ (see scripts/screenshots).
SCREENSHOTS_ARGS ?=
screenshots: venv system-deps messages
	$(BIN)/python scripts/screenshots $(SCREENSHOTS_ARGS)

# The national programme's size on PostgreSQL and the 3-process stack (about 6 GB of disk, removed after).
bench-national: venv system-deps messages
	$(BIN)/python -m bench.national

messages: venv
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

venv: $(STAMP)

$(STAMP):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Debian packages the tests use: Chromium for browser tests, PostgreSQL 15 for the second
# run, gettext for compiling translations, LibreOffice for old .doc/.xls/RTF imports, Redis
# for the queue and cache tests and the cluster. Installed only when missing.
system-deps:
	@scripts/system-deps

clean:
	rm -rf $(VENV) var/static
