# Two commands matter:  make lab   (set up, open the notebooks)   make test   (set up, run every test)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# JupyterLab refuses to run as root unless told
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=

.PHONY: help lab test install install-dev chromium lint bench refresh-outputs clean slides reader print hub

help:
	@echo "make lab              set up .venv and open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make test             set up .venv (+ chromium) and run lint, unit, notebook and browser tests"
	@echo "make refresh-outputs  re-run every notebook and store its outputs (after changing one)"
	@echo "make bench            print speed and memory figures (BENCH lines)"
	@echo "make slides           every lesson as an offline reveal.js deck in build/slides/ (npm once)"
	@echo "make reader           reader mode: the lessons in Voila, code hidden, opens the start page"
	@echo "make student-copies   the notebooks without model answers or teacher notes, in build/student/"
	@echo "make print            printable PDF packs per lesson and for the unit in build/print/ (A4;"
	@echo "                      US Letter: .venv/bin/python -m helpers print --paper letter)"
	@echo "make hub              a class hub on this machine (JupyterHub, npm once): a teacher and the"
	@echo "                      students of hub/class.txt; prints the address and the passwords"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.lab-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.lab-installed
install-dev: $(VENV)/.dev-installed

# Debian's chromium for the browser tests and make print (never `playwright install`: it
# downloads browsers), and poppler-utils (pdftotext, pdfinfo) for the tests of the printed packs.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -n "$${CHROMIUM:-}" ]; then \
	  echo "chromium: $$(command -v chromium || echo $$CHROMIUM)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "Installing Debian's chromium with apt-get (about a minute)..."; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No apt-get and no chromium: the browser tests will be skipped (set CHROMIUM=/path/to/chromium to run them)."; \
	fi
	@if command -v pdftotext >/dev/null 2>&1; then \
	  echo "pdftotext: $$(command -v pdftotext)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "Installing Debian's poppler-utils (pdftotext, pdfinfo) with apt-get..."; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; \
	else \
	  echo "No apt-get and no pdftotext: the tests of the printed packs will be skipped."; \
	fi

lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab $(ROOTFLAG) notebooks/00_start_here.ipynb

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

test: $(VENV)/.dev-installed chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --cov=helpers --cov-report=term $(PYTEST_ARGS)

refresh-outputs: $(VENV)/.dev-installed
	$(BIN)/python -m helpers refresh notebooks/*.ipynb

bench: $(VENV)/.dev-installed
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

# Slides: reveal.js and friends come from the npm registry once (slides/package-lock.json), then
# decks build and show offline. Decks land in build/slides/ (gitignored).
slides: $(VENV)/.dev-installed
	@if [ ! -f slides/node_modules/.package-lock.json ] || \
	    [ slides/package-lock.json -nt slides/node_modules/.package-lock.json ]; then \
	  command -v npm >/dev/null 2>&1 || { \
	    echo "make slides needs Node.js and npm once, to fetch reveal.js, require.js, jQuery and"; \
	    echo "the widget renderer from the npm registry (Debian/Ubuntu: apt-get install npm)."; \
	    echo "After that, slides build and show without any network."; exit 1; }; \
	  echo "npm ci --prefix slides (once: reveal.js, require.js, jQuery, widget renderer)"; \
	  npm ci --prefix slides --ignore-scripts --no-audit --no-fund --loglevel=error || exit 1; \
	fi
	$(BIN)/python -m helpers slides --out build/slides

# The class hub: JupyterHub (requirements-dev.txt) behind configurable-http-proxy, pinned in
# hub/package-lock.json and fetched from the npm registry once. Ctrl+C stops it. Settings:
# hub/jupyterhub_config.py and hub/hub_settings.py (ports, passwords, class list by variables).
hub/node_modules/.package-lock.json: hub/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make hub needs Node.js and npm once, to fetch configurable-http-proxy from the npm"; \
	  echo "registry (Debian/Ubuntu: apt-get install npm)."; exit 1; }
	@echo "npm ci --prefix hub (once: configurable-http-proxy)"
	npm ci --prefix hub --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

hub: $(VENV)/.dev-installed hub/node_modules/.package-lock.json
	$(BIN)/jupyterhub -f hub/jupyterhub_config.py

# Reader mode: Voila serves notebooks/ with the code hidden; Ctrl+C stops it.
reader: $(VENV)/.lab-installed
	$(BIN)/python -m helpers reader

# Student copies: no model answers or teacher notes, nbgrader metadata on every cell (gitignored).
.PHONY: student-copies
student-copies: $(VENV)/.lab-installed
	$(BIN)/python -m helpers student-copies --out build/student

# Printable packs: each lesson and the unit as PDF (student and teacher packs), by chromium.
print: $(VENV)/.lab-installed chromium
	$(BIN)/python -m helpers print --out build/print

clean:
	rm -rf build test-artifacts .pytest_cache .coverage
