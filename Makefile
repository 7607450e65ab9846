# LaborBridge — the commands a developer and CI use. See README.md.
PYTHON ?= python3
SHELL  := /bin/bash
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# The demo server runs with DEBUG on, so that the demo accounts sign in without a phone (docs/decisions/0007);
# `make run DEBUG=0` tries the real sign-in with the second factor.
DEBUG  ?= 1
STAMP  := $(VENV)/.installed
# Development keeps its secrets in var/ (made on first use); with DEBUG off the settings otherwise refuse to
# start without them in the environment, as production must (docs/deploy.md). `make run-prod` turns this off.
export LOCAL_SECRETS ?= 1

.PHONY: install run run-prod test test-fast lint format migrate seed clean screenshots security loadtest loadtest-prod loadtest-tools bench bench-quick

install: $(STAMP)

# Reinstall only when the declared or locked dependencies change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

migrate: install
	$(BIN)/laborbridge migrate --noinput

# Serve the demo: migrate, seed the demo data the first time, then run the background worker
# (imports, exports) and the web server together; Ctrl-C stops both.
run: migrate
	$(BIN)/laborbridge seed_demo --if-empty
	$(BIN)/laborbridge run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(DEBUG) $(BIN)/laborbridge runserver --noreload 127.0.0.1:$(PORT)

# The production stack on this machine, for a try-out or a load test (docs/deploy.md): PostgreSQL at
# DATABASE_URL (default: a database laborbridge_prod, created), Redis at REDIS_URL, migrate, collectstatic,
# gunicorn (GUNICORN_WORKERS) and the Huey consumer, nginx in front when installed (NGINX=0: without).
run-prod: install
	deploy/run-prod.sh

seed: migrate
	$(BIN)/laborbridge seed_demo

# The whole suite: lint, the server-side tests, then the browser tests (in their own run: a live server
# needs real transactions). Without Chromium the browser tests are skipped, and it says so.
test: install
	$(BIN)/ruff check laborbridge bench e2e
	$(BIN)/python -m pytest -m "not e2e and not screenshots" laborbridge
	@if [ -x /usr/bin/chromium ]; then $(BIN)/python -m pytest -m e2e e2e; \
	else echo "BROWSER TESTS SKIPPED: /usr/bin/chromium not found (apt-get install chromium fonts-noto-cjk)"; fi

# Security tooling (run once by .ci/run): bandit fails on any high-severity finding in the application code
# (tests and migrations excluded in pyproject.toml); pip-audit checks the pinned dependencies against PyPI's
# vulnerability data and fails on a known vulnerability. A pinned version PyPI does not know (this machine
# sees only a package mirror) cannot be checked: pip-audit lists it as skipped, and this says so rather than
# failing, the documented exception in docs/security.md.
security: install
	$(BIN)/bandit -q -c pyproject.toml -r laborbridge --severity-level high
	$(BIN)/pip-audit --no-deps --disable-pip --progress-spinner off -r requirements.lock 2>&1 | tee $(VENV)/pip-audit.txt; \
	status=$${PIPESTATUS[0]}; \
	if grep -q "could not be audited" $(VENV)/pip-audit.txt; then \
	echo "PIP-AUDIT INCOMPLETE: $$(grep -c 'could not be audited' $(VENV)/pip-audit.txt) pinned packages unknown to PyPI's vulnerability data (docs/security.md)"; fi; \
	exit $$status

# Regenerate the user guide's screenshots (docs/guide/images) from the same browser code.
screenshots: install
	$(BIN)/python -m pytest -m screenshots e2e/guide_screenshots.py e2e/guide_screenshots_portal.py -p no:cacheprovider

# The load test (docs/load-test.md) against a server already running at LOAD_HOST, prepared by
# loadtest/prepare.py. Its tools (locust, py-spy) come from requirements-load.lock, installed here only, not by
# `make install`, so CI stays lean. LOAD_USERS=200 LOAD_TIME=5m for the larger run.
LOAD_HOST  ?= http://127.0.0.1:8765
LOAD_USERS ?= 50
LOAD_TIME  ?= 3m
loadtest: loadtest-tools
	$(BIN)/python bench/load_test.py --host $(LOAD_HOST) --users $(LOAD_USERS) --run-time $(LOAD_TIME)

# The whole load test in one command (docs/load-test.md): the production stack of `make run-prod` behind nginx on
# a database of its own (LOAD_DATABASE_URL, default lb_load_test, seeded and prepared when new), 50 users for
# 3 minutes then 200 for 5, figures in var/loadtest-run/load_test-USERS.json; it stops what it started.
loadtest-prod: loadtest-tools
	loadtest/run.sh $(LOAD_USERS_LIST)
LOAD_USERS_LIST ?= 50 200

loadtest-tools: $(VENV)/.load-installed

$(VENV)/.load-installed: $(STAMP) requirements-load.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-load.lock
	touch $@

# Benchmarks (not part of make test; docs/performance.md): a synthetic province written into fresh SQLite and
# PostgreSQL databases, every script in bench/ on both, ONE JSON document on stdout (sizes: PRESETS in
# bench/run.py). `bench` (1,000,000 workers, < 30 min here) also keeps it in docs/bench/latest.json and
# rewrites the figure tables of docs/performance.md; `bench-quick` (20,000 workers, < 3 min) touches no docs.
bench: install
	$(BIN)/python bench/run.py --preset full --out docs/bench/latest.json
	$(BIN)/python bench/report.py docs/bench/latest.json

bench-quick: install
	$(BIN)/python bench/run.py --preset quick --out var/bench/quick.json

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not e2e and not screenshots" -x laborbridge

lint: install
	$(BIN)/ruff check laborbridge bench e2e loadtest
	$(BIN)/ruff format --check laborbridge bench e2e loadtest

format: install
	$(BIN)/ruff format laborbridge bench e2e
	$(BIN)/ruff check --fix laborbridge bench e2e

clean:
	rm -rf $(VENV) var/laborbridge.sqlite3*
