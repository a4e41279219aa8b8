# Tallrapport's two commands: `make run` starts the product on SQLite with demo
# data; `make test` runs ruff, mypy and the whole test suite. Each does its own
# set-up on a fresh machine (virtualenv, Python and npm packages, migrations).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install install-dev assets lint typecheck pytest clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev assets
assets: node_modules/.installed

run: install
	TALLRAPPORT_DEMO=1 $(PY) manage.py migrate --noinput
	TALLRAPPORT_DEMO=1 $(PY) manage.py demo_data
	TALLRAPPORT_DEMO=1 $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# The test settings need a secret key only because settings refuse to start
# without one outside demo mode; it protects nothing.
test: export SECRET_KEY ?= test-only-not-secret
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules staticfiles tallrapport.sqlite3
