# Two commands on a fresh machine: `make test` and `make demo`. Both build .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POETRY_VERSION := 2.5.1
STAMP := $(VENV)/.installed

.PHONY: install test lint types unit check-self demo bench mutation clean

install: $(STAMP)

# Poetry, the project and every dev tool, pinned by poetry.lock (exported, then installed
# with hashes), and the repo itself in editable mode so Poetry loads the plugin.
$(STAMP): poetry.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "poetry==$(POETRY_VERSION)" "poetry-plugin-export>=1.9"
	$(BIN)/poetry export --quiet --with dev --format requirements.txt --output $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto -q

check-self: $(STAMP)
	$(BIN)/poetry poly check --strict

test: lint types unit check-self

demo: $(STAMP)
	$(BIN)/python development/demo.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Mutation testing per component (minutes each; not part of `make test`):
# `make mutation COMPONENTS="graph check"`; `SAMPLE=300` runs a seeded sample of the mutants.
COMPONENTS ?= workspace graph check libs pyproject report
mutation: $(STAMP)
	$(BIN)/python development/mutation.py $(COMPONENTS) $(if $(SAMPLE),--sample $(SAMPLE))

clean:
	rm -rf $(VENV) .venv-* .brickwork_cache .mypy_cache .ruff_cache

# The plugin's own wheel and sdist in projects/poetry_brickwork/dist/, built by Brickwork (its
# project file includes ../../components, which plain `poetry build` cannot build). Add the
# wheel to a Poetry by absolute path: `poetry self add "$PWD/projects/poetry_brickwork/dist/<wheel>"`.
.PHONY: dist
dist: $(STAMP)
	$(BIN)/poetry poly build-project --projects poetry_brickwork
