# django-crm-connect: `make demo` runs the example CRM, `make test` runs every test.
#
#   make demo [PORT=8000]        install, migrate, seed and serve the example CRM (SQLite)
#   make test                    install and run the whole suite, browser tests included
#   make bench                   run the benchmarks in bench/ (docs/performance.md)
#   make docs                    build the documentation site (mkdocs --strict) into site/
#
# PYTHON picks the interpreter (default: the newest python3.x on PATH that runs);
# VENV the virtualenv it installs into; DJANGO an optional pip requirement that pins
# Django, e.g. DJANGO='Django>=5.2,<6'. CI sets all three (see .ci/run).

SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	  $$p -c 'import sys; assert sys.version_info >= (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
VENV ?= .venv
PORT ?= 8000
DJANGO ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=

BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell echo '$(DJANGO)' | md5sum | cut -c1-8)

.PHONY: install demo test lint docs bench clean

# TypeScript, for the type checks of the JavaScript API's declarations (tests/test_typescript.py).
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.10+ found: pass PYTHON=/path/to/python3" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,docs]' $(if $(DJANGO),'$(DJANGO)')
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# The sandboxes are served on the next port: another origin of the same site.
demo: export CRM_CONNECT_SANDBOX_ORIGIN ?= http://127.0.0.1:$(shell echo $$(($(PORT) + 1)))
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rundemo --port $(PORT)

test: install docs node_modules/.stamp
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

# Warnings (a broken link or anchor, a page missing from the nav) are errors.
docs: install
	$(BIN)/python -m mkdocs build --strict --quiet

bench: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]' $(if $(DJANGO),'$(DJANGO)')
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf .venv .venv-* node_modules build dist site *.egg-info .pytest_cache .ruff_cache
