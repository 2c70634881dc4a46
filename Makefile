# Two commands: `make run` starts the app, `make test` runs every test. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run run-register test bench lint validate guidance install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/decision-tool validate rules/
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

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
	$(REGISTER_ENV) $(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
