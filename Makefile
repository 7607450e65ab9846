# LaborBridge — the commands a developer and CI use. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run test test-fast lint format migrate seed clean

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
	$(BIN)/laborbridge runserver --noreload 127.0.0.1:$(PORT)

seed: migrate
	$(BIN)/laborbridge seed_demo

test: install
	$(BIN)/ruff check laborbridge bench
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow" -x

lint: install
	$(BIN)/ruff check laborbridge bench
	$(BIN)/ruff format --check laborbridge bench

format: install
	$(BIN)/ruff format laborbridge bench
	$(BIN)/ruff check --fix laborbridge bench

clean:
	rm -rf $(VENV) var/laborbridge.sqlite3*
