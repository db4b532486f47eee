# django-crm-connect: `make demo` runs the example CRM, `make test` runs every test.
#
#   make demo [PORT=8000]        install, migrate, seed and serve the example CRM (SQLite),
#     [SANDBOX_PORT=PORT+1]      and its contact-center sandboxes on another port;
#     [CRM_CONNECT_CONNECTOR_MODE=window]  the softphone in its own window (default docked)
#   make test                    install, then every check and the whole suite (below)
#   make lint | migrations | typecheck | jstypecheck   one of those checks alone
#   make bench                   run the benchmarks in bench/ (docs/performance.md)
#   make docs                    build the documentation site (mkdocs --strict) into site/
#   make messages                update crm_connect/locale/*/django.po from the source and
#                                compile the .mo files (needs GNU gettext; docs/translations.md)
#
# PYTHON picks the interpreter (default: the newest python3.x on PATH that runs);
# VENV the virtualenv it installs into; DJANGO an optional pip requirement that pins
# Django, e.g. DJANGO='Django>=5.2,<6'. CI sets all three: the legs in noxfile.py.
# DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) runs the suite on another
# database. PYTEST_ARGS adds pytest options; COV='' turns coverage off (for a subset).

SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	  $$p -c 'import sys; assert sys.version_info >= (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
VENV ?= .venv
PORT ?= 8000
SANDBOX_PORT ?= $(shell echo $$(($(PORT) + 1)))
DJANGO ?=
PYTEST_ARGS ?=
COV ?= --cov --cov-report=term-missing:skip-covered
BENCH_ARGS ?=

BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell echo '$(DJANGO)' | md5sum | cut -c1-8)

.PHONY: install demo test lint migrations typecheck jstypecheck docs bench messages screenshots clean

# TypeScript and eslint, for the checks of the JavaScript and of its declarations
# (make jstypecheck, make lint, tests/test_typescript.py).
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.10+ found: pass PYTHON=/path/to/python3" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'

# The app with its user-facing extras, and the development tools from pyproject.toml's
# [dependency-groups] (PEP 735: `pip install --group` needs pip 25.1+, upgraded above).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[csp,openapi]' --group dev $(if $(DJANGO),'$(DJANGO)')
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# The sandboxes are served on SANDBOX_PORT (the next port): another origin of the same
# site. The sandbox UCP host frames the CRM, which it finds at CRM_CONNECT_CRM_ORIGIN
# (example_project/settings.py).
demo: export CRM_CONNECT_CRM_ORIGIN ?= http://127.0.0.1:$(PORT)
demo: export CRM_CONNECT_SANDBOX_ORIGIN ?= http://127.0.0.1:$(SANDBOX_PORT)
demo: export CRM_CONNECT_CONNECTOR_MODE ?= docked
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rundemo --port $(PORT)

# `make test`: the checks, in this order, then pytest with coverage (at least 95% of
# crm_connect/, see [tool.coverage] in pyproject.toml). To add a step, write its target
# and list it here; make runs the prerequisites left to right and stops at the first
# that fails.
TEST_STEPS := node_modules/.stamp lint migrations typecheck jstypecheck docs

test: install $(TEST_STEPS)
	COVERAGE_FILE=$(VENV)/.coverage $(BIN)/python -m pytest $(COV) $(PYTEST_ARGS)

lint: install node_modules/.stamp
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	node node_modules/eslint/bin/eslint.js --max-warnings 0 .

migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Per-venv cache: the CI legs check against different Django versions.
typecheck: install
	$(BIN)/python -m mypy --cache-dir $(VENV)/.mypy_cache

# The served scripts (// @ts-check) against crm-connect.d.ts (tsconfig.json), then the
# declarations against the usage files in typecheck/.
jstypecheck: node_modules/.stamp
	node node_modules/typescript/bin/tsc -p tsconfig.json
	node node_modules/typescript/bin/tsc -p typecheck

# Warnings (a broken link or anchor, a page missing from the nav) are errors.
# `make docs` builds the site into site/ (git-ignored): open site/index.html, offline
# (tests/test_docs_site.py); search needs `.venv/bin/mkdocs serve`. `make test` builds it
# into its virtualenv instead: the CI legs share one checkout.
DOCS_SITE ?= site
test: DOCS_SITE = $(VENV)/site
docs: install
	$(BIN)/python -m mkdocs build --strict --quiet --site-dir $(DOCS_SITE)

bench: install
	$(BIN)/python -m pip install --quiet -e '.[csp,openapi]' --group dev --group bench $(if $(DJANGO),'$(DJANGO)')
	$(BIN)/python -m bench $(BENCH_ARGS)

# Run without settings, from the app's directory: only the app's own strings are collected.
MESSAGES_LOCALES ?= de
messages: install
	cd crm_connect && env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin makemessages \
	  $(foreach l,$(MESSAGES_LOCALES),-l $(l)) --add-location=file --no-wrap --no-obsolete
	cd crm_connect && env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin compilemessages

# The PNGs of docs/admin.md and docs/softphone-window.md, taken by the browser tests.
screenshots: install
	DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_connector_admin.py \
	  tests/browser/test_connector_persist.py tests/browser/test_softphone_window.py -q -p no:cacheprovider

clean:
	rm -rf .venv .venv-* .nox node_modules build dist site *.egg-info .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov
