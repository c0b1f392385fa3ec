# Two entry points: `make run` (the main job on the embedded SQLite store) and `make test`.
# Both create .venv and install what they need on a fresh Debian/Ubuntu machine.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= $(abspath ../shared)
# Lists come from the official URLs unless LISTS_FROM names a local mirror folder.
LISTS_FROM ?= $(wildcard $(SHARED)/data/lists)
export EXPORTCTL_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	@bash scripts/ensure-python.sh $(PY)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@echo "== loading restricted-party lists$(if $(LISTS_FROM), from $(LISTS_FROM), from the official URLs)"
	$(BIN)/exportctl lists update $(if $(LISTS_FROM),--from $(LISTS_FROM) --allow-partial)
	$(BIN)/exportctl lists status

lint: $(STAMP)
	$(BIN)/ruff check exportctl tests benchmarks
	$(BIN)/ruff format --check exportctl tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict exportctl

unit: $(STAMP)
	@bash scripts/ensure-postgres.sh
	$(BIN)/pytest -q -n 2 --dist loadfile -p no:cacheprovider

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
