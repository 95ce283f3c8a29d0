# Two promises: `make site` sets up and builds the site on a fresh machine; `make test` passes the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Debian packages: pango for WeasyPrint's PDF layout, and the fonts the PDFs embed.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# For the browser tests: Debian's Chromium, driven by Playwright (a browser download does not work here).
DEBIAN_TEST_PACKAGES := chromium

# `make serve PORT=8001`, `make edit PORT=8001 PROXY_PORT=8082`
PORT ?= 8000
PROXY_PORT ?= 8081

.PHONY: setup system system-test debian site offline test golden check serve edit pdf bench clean

system:
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN_PACKAGES)"

# ANBEFALT_CHROMIUM names a browser the machine already has (GitHub's runners: setup-chrome), so none is installed.
system-test:
	@if [ -z "$$ANBEFALT_CHROMIUM" ]; then $(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN_TEST_PACKAGES)"; fi

debian:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installerer Debian-pakker:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The generator's bytecode compiled once, as pip compiles an installed package's: a build starts several Python
# processes, and where PYTHONDONTWRITEBYTECODE is set each would compile the generator again (0.1 s a process).
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(MAKE) system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m compileall -q generator
	touch $@

setup: $(STAMP)

# Node packages (package.json says which and why): the web editor (Decap CMS, decap-server) and test tools.
# Debian's npm if the machine has none.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory debian PACKAGES="nodejs npm"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The site carries the web editor (admin/), copied from node_modules, so the npm packages come first.
# ADRESSE=https://…/ : the site's public address for the feeds and citations (else site_config/nettsted.yaml's).
site: setup $(NODE_STAMP)
	$(BIN)/python -m generator build $(if $(ADRESSE),--adresse "$(ADRESSE)")

test: setup system-test $(NODE_STAMP)
	$(BIN)/python -m pytest

# After an intended change to the output: rewrite tests/golden/ (Markdown, nav, API), then review the diff.
golden: setup
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

offline: setup $(NODE_STAMP)
	$(BIN)/python -m generator build --offline

check: setup
	$(BIN)/python -m generator check

serve: setup $(NODE_STAMP)
	$(BIN)/python -m generator serve --dev-addr 127.0.0.1:$(PORT)

# The web editor against this folder, without GitHub: http://127.0.0.1:$(PORT)/admin/
edit: setup $(NODE_STAMP)
	$(BIN)/python -m generator edit --port $(PORT) --proxy-port $(PROXY_PORT)

pdf: setup
	$(BIN)/python -m generator pdf

# Zensical, for comparison only, in a venv of its own (0.1.x needs a package this registry does not have).
.venv-zensical/bin/zensical:
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet --disable-pip-version-check zensical==0.0.73

bench: setup $(NODE_STAMP) .venv-zensical/bin/zensical
	ZENSICAL=$(CURDIR)/.venv-zensical/bin/zensical $(BIN)/python benchmarks/site.py $(SIZE)
	$(BIN)/python benchmarks/pdf.py $(if $(SIZE),$(lastword $(SIZE)),100)

clean:
	rm -rf build site .site-* node_modules
