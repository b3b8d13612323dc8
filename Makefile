# Kurs: `make run` serves the course, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
THREADS ?= 4

.PHONY: run serve test lint install init-db check clean screenshots demo bench messages compile-messages mailsink

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime compile-messages

# the interface catalogs (docs/decisions.md, Interface languages): the .po files are the source, the
# compiled .mo files are built here and never committed
messages: | $(VENV)/.runtime  ## extract the strings of code and templates into both catalogs (then translate the new ones)
	$(BIN)/python -m course.commands.translation_catalogs update

compile-messages: | $(VENV)/.runtime  ## compile the catalogs that changed (make install/run/test do it)
	$(BIN)/python -m course.commands.translation_catalogs compile

init-db: install
	$(BIN)/flask --app app init-db

run: init-db  ## development server on HOST:PORT (default 127.0.0.1:5000)
	KURS_BASE_URL="$${KURS_BASE_URL:-http://$(HOST):$(PORT)}" $(BIN)/flask --app app run --host $(HOST) --port $(PORT)

serve: init-db  ## production server: gunicorn, WORKERS processes x THREADS threads (README, Performance)
	$(BIN)/gunicorn --workers $(WORKERS) --threads $(THREADS) --bind $(HOST):$(PORT) app:app

bench: $(VENV)/.dev compile-messages  ## benchmarks against this stack's ceilings, under 10 minutes; exit 1 if a target is missed
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 \
		|| echo "wrk is not installed: the load comes from Python threads (less exact)"
	$(BIN)/python -m bench.run

demo: init-db  ## fill a fresh database with a fictional company (about 200 people) to explore the reports
	$(BIN)/flask --app app demo

check: install  ## check the course in lessons/ (or KURS_LESSONS_DIR)
	$(BIN)/flask --app app lessons check

CHROMIUM_BIN ?= $(or $(shell command -v chromium 2>/dev/null),/usr/bin/chromium)

test: $(VENV)/.dev compile-messages  ## the whole suite; browser tests too when Chromium is installed; PostgreSQL too with TEST_DATABASE_URL
	@test -x "$(CHROMIUM_BIN)" || echo "make test: Chromium not found at $(CHROMIUM_BIN): the browser tests (tests/e2e) will be SKIPPED. Install it: apt-get install --no-install-recommends chromium"
	@test -n "$$TEST_DATABASE_URL" || echo "make test: TEST_DATABASE_URL is not set: the suite runs on SQLite only (PostgreSQL: . .ci/postgres.sh, see README)"
	CHROMIUM_BIN=$(CHROMIUM_BIN) $(BIN)/python -m pytest

screenshots: $(VENV)/.dev compile-messages  ## screenshots of the main pages into docs/screenshots/
	rm -f docs/screenshots/*.png
	SCREENSHOTS_DIR=docs/screenshots CHROMIUM_BIN=$(CHROMIUM_BIN) E2E_REQUIRED=1 $(BIN)/python -m pytest -q tests/e2e/test_screenshots.py

pygments-css: install  ## rewrite static/pygments.css, the code colours, after a Pygments upgrade
	$(BIN)/python -c "from course.content.markup import pygments_css; open('static/pygments.css', 'w').write(pygments_css())"

MAILSINK_PORT ?= 1025
mailsink: $(VENV)/.dev  ## a local SMTP server that prints every mail: KURS_SMTP_URL=smtp://127.0.0.1:1025
	@echo "Printing every mail sent to smtp://127.0.0.1:$(MAILSINK_PORT) (Ctrl-C stops)."
	$(BIN)/python -m aiosmtpd -n -c aiosmtpd.handlers.Debugging -l 127.0.0.1:$(MAILSINK_PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
