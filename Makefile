# Jiwon — run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1:8000

.PHONY: help install system-deps demo run serve test lint check test-sqlite test-postgres messages chromium clean bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jiwon needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages system-deps ## Install Jiwon and its dependencies into .venv

system-deps: ## Korean font and Pango for the PDF reports (WeasyPrint), from Debian
	@{ fc-list 2>/dev/null | grep -qi nanum && ldconfig -p | grep -q libpangoft2; } || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } \
	  || { echo "PDF reports need a Korean font and Pango: apt-get install fonts-nanum libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

messages: $(STAMP) ## Collect new messages into jiwon/locale and compile them (needs gettext)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
	  || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	@$(BIN)/jiwon makemessages -l ko -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests \
	  --no-location --no-obsolete -v 0
	@sed -i '/^"POT-Creation-Date/d' jiwon/locale/*/LC_MESSAGES/django.po
	@$(BIN)/jiwon compilemessages --ignore=.venv -v 0

demo: export JIWON_TASKS_BACKEND = django_tasks_db.DatabaseBackend
demo: install ## Install, migrate, load the Anyang demo data and serve on http://127.0.0.1:8000
	$(BIN)/jiwon migrate --no-input -v 0
	$(BIN)/jiwon demo --url http://$(HOST)
	@# Reports run in the background and scheduled jobs (auto-release, expiries, reminders) run
	@# every minute: a task worker and the scheduler run beside the server while it serves.
	@$(BIN)/jiwon worker --no-reload -v 0 & worker=$$!; \
	  $(BIN)/jiwon scheduled --loop --interval 60 > /dev/null & scheduler=$$!; \
	  trap "kill $$worker $$scheduler" EXIT INT TERM; \
	  $(BIN)/jiwon runserver $(HOST)

run: install ## Serve without reloading demo data
	$(BIN)/jiwon migrate --no-input -v 0
	$(BIN)/jiwon runserver $(HOST)

serve: install ## The production stack (gunicorn, task worker, scheduler): README "Running in production"
	$(BIN)/jiwon serve --prepare

lint: $(STAMP) ## Ruff lint and format check, and the layers contract (docs/architecture.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

check: $(STAMP) ## Django system checks, missing migrations and the type check (mypy)
	$(BIN)/jiwon check --fail-level WARNING
	$(BIN)/jiwon makemigrations --check --dry-run
	$(BIN)/mypy

chromium: ## Make sure Debian's Chromium is there for the browser tests
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium at $(CHROMIUM). Run: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

test-sqlite: install chromium ## The whole suite (browser tests included) on SQLite
	env -u DATABASE_URL $(BIN)/pytest -q -p xdist -n 2 --dist loadfile

test-postgres: install ## The whole suite except browser tests on PostgreSQL ($(PG_URL))
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=5).close()" 2>/dev/null \
	  || { echo "PostgreSQL is unreachable at $(PG_URL)"; exit 1; }
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m 'not browser' -p xdist -n 2 --dist loadfile

test: install lint check test-sqlite ## Install, lint, check, run every test (and on PostgreSQL when CI=true or reachable)
	@if [ "$$CI" = "true" ]; then \
	  $(MAKE) --no-print-directory test-postgres; \
	elif $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else \
	  echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run (CI=true makes it required)."; \
	fi

bench: install ## Run the benchmarks in bench/ (slow; installs the DuckDB peer)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.company_list
	$(BIN)/python -m bench.eligibility
	$(BIN)/python -m bench.occupancy
	$(BIN)/python -m bench.subsidy

clean: ## Remove .venv and var/
	rm -rf $(VENV) var
