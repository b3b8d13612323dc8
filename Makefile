# Kurs: `make run` serves the course, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
THREADS ?= 4

.PHONY: run serve test lint install init-db check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime

init-db: install
	$(BIN)/flask --app app init-db

run: init-db  ## development server on HOST:PORT (default 127.0.0.1:5000)
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

serve: init-db  ## production server: gunicorn, WORKERS processes x THREADS threads
	$(BIN)/gunicorn --workers $(WORKERS) --threads $(THREADS) --bind $(HOST):$(PORT) app:app

check: install  ## check the course in lessons/ (or KURS_LESSONS_DIR)
	$(BIN)/flask --app app lessons check

test: $(VENV)/.dev
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
