# Two promises: `make site` sets up and builds the site on a fresh machine; `make test` passes the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup site test check serve clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(STAMP)

site: setup
	$(BIN)/python -m generator build

test: setup
	$(BIN)/python -m pytest

check: setup
	$(BIN)/python -m generator check

serve: setup
	$(BIN)/python -m generator serve

clean:
	rm -rf build site .site-*
