# django-crm-connect: `make demo` runs the example CRM, `make test` runs every test.
#
#   make demo [PORT=8000]        install, migrate, seed and serve the example CRM (SQLite)
#   make test                    install and run the whole suite, browser tests included
#   make bench                   run the benchmarks in bench/ (docs/performance.md)
#   make messages                update crm_connect/locale/*/django.po from the source and
#                                compile the .mo files (needs GNU gettext; docs/translations.md)
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

.PHONY: install demo test lint bench messages clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.10+ found: pass PYTHON=/path/to/python3" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]' $(if $(DJANGO),'$(DJANGO)')
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# The sandboxes are served on the next port: another origin of the same site.
demo: export CRM_CONNECT_SANDBOX_ORIGIN ?= http://127.0.0.1:$(shell echo $$(($(PORT) + 1)))
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rundemo --port $(PORT)

test: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

bench: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]' $(if $(DJANGO),'$(DJANGO)')
	$(BIN)/python -m bench $(BENCH_ARGS)

# Run without settings, from the app's directory: only the app's own strings are collected.
MESSAGES_LOCALES ?= de
messages: install
	cd crm_connect && env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin makemessages \
	  $(foreach l,$(MESSAGES_LOCALES),-l $(l)) --add-location=file --no-wrap --no-obsolete
	cd crm_connect && env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin compilemessages

clean:
	rm -rf .venv .venv-* build dist *.egg-info .pytest_cache .ruff_cache
