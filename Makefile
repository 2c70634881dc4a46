# Two commands: `make run` starts the app, `make test` runs every test. Both install into .venv first,
# from the hash-pinned lock files (requirements.txt for the app, requirements-dev.txt for tests and
# tools), so the same commit installs the same packages on any day. `make lock` refreshes them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
PIP := $(BIN)/python -m pip --disable-pip-version-check
PYTEST := $(BIN)/python -m pytest
# Four workers on two cores: while one waits (on a Streamlit server, a redraw, a database) another has
# work, so the cores stay busy; the suite is CPU-bound (Chromium and the app servers) either way, and
# JOBS=2 takes about as long. A test file stays on one worker (its servers and browser are shared by its
# tests).
JOBS ?= 4
PARALLEL := -n $(JOBS) --dist loadfile

.PHONY: run run-register test test-quick test-latest bench lint validate guidance install lock clean

UV := $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps

# uv installs the lock (every hash checked, packages fetched side by side): about 20 s on two cores, where
# pip took 50 s. uv is itself pinned in the dev lock; pip installs that one pin, with its hashes, first.
$(STAMP): requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^uv==/ {pin = 1} pin {print} pin && !/\\$$/ {exit}' requirements-dev.txt > $(VENV)/uv-pin.txt
	$(PIP) install --quiet --require-hashes --no-deps -r $(VENV)/uv-pin.txt
	$(UV) --require-hashes --compile-bytecode -r requirements-dev.txt
	$(UV) --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Refresh both lock files from pyproject.toml (newest releases that fit). Review and commit the change
# on its own: an upgrade is a deliberate commit.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes \
	  -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes \
	  --extra test --extra dev --extra sso -o requirements-dev.txt

run: $(STAMP)
	$(BIN)/decision-tool validate rules/
	$(BIN)/python -m decision_tool.ui.serve --server.port $(PORT)

# The register on a local SQLite file (var/register.db), its key in var/register.key (made once, kept out
# of the database). The first time, it asks for the first admin's password at this terminal.
REGISTER_DB ?= var/register.db
REGISTER_KEY_FILE ?= var/register.key
REGISTER_ADMIN ?= admin
REGISTER_ENV = DECISION_TOOL_DATABASE_URL=sqlite:///$(REGISTER_DB) DECISION_TOOL_REFERENCE_KEY_FILE=$(REGISTER_KEY_FILE)

run-register: $(STAMP)
	$(BIN)/decision-tool validate rules/
	mkdir -p $(dir $(REGISTER_DB)) $(dir $(REGISTER_KEY_FILE))
	test -s $(REGISTER_KEY_FILE) || (umask 077 && $(BIN)/decision-tool register new-key > $(REGISTER_KEY_FILE))
	$(REGISTER_ENV) $(BIN)/decision-tool db upgrade
	@$(REGISTER_ENV) $(BIN)/decision-tool users list | awk '$$2 == "admin" && $$4 ~ /^active/ {found=1} END {exit !found}' || { \
	  echo "No admin yet: create the first one ($(REGISTER_ADMIN)); the password is not shown as you type."; \
	  $(REGISTER_ENV) $(BIN)/decision-tool users add $(REGISTER_ADMIN) --role admin; }
	$(REGISTER_ENV) $(BIN)/python -m decision_tool.ui.serve --server.port $(PORT)

# Everything: the browser and a real PostgreSQL included.
test: $(STAMP)
	$(PYTEST) $(PARALLEL)

# The inner loop: everything but the browser.
test-quick: $(STAMP)
	$(PYTEST) $(PARALLEL) -m "not browser"

# The suite against the newest releases that pyproject.toml allows, in a throwaway venv (not in CI):
# run it before `make lock` to see what an upgrade would break.
test-latest: $(STAMP)
	rm -rf .venv-latest
	$(BIN)/uv venv --quiet --python $(BIN)/python .venv-latest
	$(BIN)/uv pip install --quiet --python .venv-latest/bin/python -e '.[test,dev]'
	.venv-latest/bin/python -m pytest $(PARALLEL)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/decision-tool validate rules/

guidance: $(STAMP)
	$(BIN)/decision-tool guidance

clean:
	rm -rf $(VENV) .venv-latest .pytest_cache .mypy_cache .ruff_cache .hypothesis
