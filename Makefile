# Infocenter: `make run` sets everything up and serves http://127.0.0.1:8000;
# `make test` runs every test, browser tests included, on one pytest-xdist worker per core
# (`make test TEST_WORKERS=1` for one worker, `TEST_WORKERS=0` for no xdist at all).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/infocenter/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST_ARGS ?=

.PHONY: run setup venv assets messages migrate demo screenshots test lint format check-migrations chromium clean

run: setup migrate demo
	@INFOCENTER_DEV=true $(BIN)/infocenter serve --host $(HOST) --port $(PORT)

setup: venv assets messages

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

assets: $(VENDOR)/.copied
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/signature_pad
	cp node_modules/bootstrap/dist/css/bootstrap.min.css{,.map} node_modules/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/signature_pad/dist/signature_pad.umd.min.js{,.map} $(VENDOR)/signature_pad/
	@touch $@

messages: venv
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt PKGS=gettext
	cd src/infocenter && ../../$(BIN)/infocenter compilemessages -v 0

migrate: setup
	@mkdir -p var
	$(BIN)/infocenter migrate --noinput -v 0
	$(BIN)/infocenter collectstatic --noinput -v 0

demo: migrate
	$(BIN)/infocenter demo

# The README's pictures (docs/screenshots/): a fresh demo in a temporary database, photographed.
screenshots: setup chromium
	INFOCENTER_CHROMIUM=$(CHROMIUM) $(BIN)/python bench/screenshots.py

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory apt PKGS="chromium fonts-noto-cjk"; \
	  else echo "Browser tests need Debian's Chromium: run 'sudo apt-get install chromium fonts-noto-cjk'"; exit 1; fi; \
	fi

apt:
	@if [ "$$(id -u)" != 0 ]; then echo "Please install: sudo apt-get install $(PKGS)"; exit 1; fi
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PKGS) >/dev/null

test: setup chromium
	@mkdir -p var
	$(BIN)/infocenter collectstatic --noinput -v 0
	INFOCENTER_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --durations=10 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: venv
	$(BIN)/infocenter makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
