# copydesk: two commands for a new machine (Python 3.11+ and make):
#   make demo   - create .venv, install copydesk, run the main job on the bundled sample corpus
#   make test   - create .venv with dev tools and run the whole suite (lint, types, tests)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test check lint types unit integration install install-dev bench ui lock clean docs

demo: $(VENV)/.installed
	$(BIN)/copydesk demo

test: check

check: $(VENV)/.installed-dev lint types
	$(BIN)/pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

types: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest -q tests/unit

integration: $(VENV)/.installed-dev
	$(BIN)/pytest -q tests/integration

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "copydesk needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-hashes -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-hashes -r requirements-dev.lock
	$(PIP) install --no-deps -e .
	touch $@ $(VENV)/.installed

# Extraction and fetch benchmarks against trafilatura (needs ../shared/benchmarks).
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/extraction.py

# The Prefect UI over the same database the runs write to (http://127.0.0.1:4200).
ui: $(VENV)/.installed
	$(BIN)/copydesk ui

# Re-resolve the locked versions (needs uv); review the diff before committing.
lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --extra dev --extra bench -o requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Regenerate docs/warehouse.md from the COMMENT ON texts (a test fails when it is stale).
docs: $(VENV)/.installed
	$(BIN)/python -m warehouse.dictionary > docs/warehouse.md
