# Two entry points: `make run` (the main job on the embedded SQLite store) and `make test`.
# Both create .venv and install what they need on a fresh Debian/Ubuntu machine.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= $(abspath ../shared)
# Lists come from the official URLs unless LISTS_FROM names a local mirror folder.
LISTS_FROM ?= $(wildcard $(SHARED)/data/lists)
# Control data: the US snapshot ships inside the package; CONTROLS_FROM (default: the staged
# folder when it exists) also loads the Wassenaar list, which may not be shipped.
CONTROLS_FROM ?= $(wildcard $(SHARED)/data/controls)
export EXPORTCTL_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	@bash scripts/ensure-python.sh $(PY)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	touch $(STAMP)

EXAMPLES ?= $(wildcard $(SHARED)/examples)
SEED ?= $(wildcard $(SHARED)/seed/000_91099075322b9750.txt)

run: $(STAMP)
	@echo "== 1. restricted-party lists$(if $(LISTS_FROM), from $(LISTS_FROM), from the official URLs)"
	$(BIN)/exportctl lists update $(if $(LISTS_FROM),--from $(LISTS_FROM) --allow-partial)
	$(BIN)/exportctl lists status
ifneq ($(CONTROLS_FROM),)
	@echo "== 1b. control-list data from $(CONTROLS_FROM) (the US part also ships with exportctl)"
	$(BIN)/exportctl controls update --from $(CONTROLS_FROM)
endif
	$(BIN)/exportctl controls status
ifneq ($(SEED),)
	@echo "== 2. take in the seed cable, open an investigation, watch-list its buyer"
	$(BIN)/exportctl intake $(SEED) --open-case
	@echo "== 3. screen the buyer: the official lists alone must not say MACHINE SAZI ARAK"
	$(BIN)/exportctl screen "Machine Sazi Tabriz" --all --limit 5
endif
ifneq ($(EXAMPLES),)
	@echo "== 4. classify the machine (5-axis and 3-axis)"
	$(BIN)/exportctl classify $(EXAMPLES)/dmc-3000-5axis.yaml
	$(BIN)/exportctl classify $(EXAMPLES)/dmc-3000-3axis.yaml
	@echo "== 5. assess the spare spindle and the technicians' visit"
	$(BIN)/exportctl lists load $(EXAMPLES)/watchlist-seed.yaml
	$(BIN)/exportctl assess $(EXAMPLES)/roundtop-spindle-repair.yaml --jurisdiction all
	@echo "== 6. record it: a licence application, an analyst proposes a denial, an approver approves"
	@for u in analyst1:analyst approver1:approver; do \
	  $(BIN)/exportctl users list -f json | grep -q "\"$${u%%:*}\"" || \
	    $(BIN)/exportctl users add $${u%%:*} --role $${u#*:} >/dev/null; done
	@CASE=$$($(BIN)/exportctl --as analyst1 assess $(EXAMPLES)/roundtop-spindle-repair.yaml \
	    --record -f json | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)["case_ids"][0])') && \
	  set -x && \
	  $(BIN)/exportctl --as analyst1 cases transition $$CASE under_review --reason "licensing officer review" >/dev/null && \
	  $(BIN)/exportctl --as analyst1 cases propose $$CASE denied \
	    --reason "Iranian end user named in 09STATE124113; catch-all for nuclear and missile end use" >/dev/null && \
	  $(BIN)/exportctl --as approver1 cases approve $$CASE && \
	  $(BIN)/exportctl cases report $$CASE --pdf "$${TMPDIR:-/tmp}/$$CASE.pdf"
	$(BIN)/exportctl cases list
	$(BIN)/exportctl audit verify
endif

lint: $(STAMP)
	$(BIN)/ruff check exportctl tests benchmarks scripts
	$(BIN)/ruff format --check exportctl tests benchmarks scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict exportctl tests

unit: $(STAMP)
	@bash scripts/ensure-postgres.sh
	@bash scripts/ensure-chromium.sh
	$(BIN)/pytest -q -n 2 --dist loadfile -p no:cacheprovider

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
