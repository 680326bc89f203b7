# Two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINTED := src tests $(wildcard bench)

.PHONY: run test check lint typecheck imports venv clean bench-import bench-check messages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## Serve the product on an embedded SQLite database with demo data.
run: $(STAMP)
	$(BIN)/warrantor db upgrade
	$(BIN)/warrantor demo --if-empty
	$(BIN)/warrantor serve

## Lint, format check, type check, then the whole suite.
test: $(STAMP) check
	$(BIN)/pytest

check: lint typecheck imports

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy

## The layers of src/warrantor (contracts in pyproject.toml).
imports: $(STAMP)
	$(BIN)/lint-imports --no-logo

## Languages (README: "Languages"): extract the marked text of pages, mails and views into the
## template, then merge it into each language's catalogue (translate what is new, then
## `pytest tests/unit/i18n`). Catalogues are compiled in memory when the app starts.
LOCALES := src/warrantor/i18n/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k t --no-location --sort-output \
		--project Warrantor --copyright-holder "Warrantor authors" -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete

bench-import: $(STAMP)
	$(BIN)/python bench/bench_import.py

bench-check: $(STAMP)
	$(BIN)/python bench/bench_check.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
