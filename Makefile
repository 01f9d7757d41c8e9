# Action Hub: `make run` serves the demo, `make test` runs the whole suite.
# Every target sets up .venv itself (python3.11, else python3) and reinstalls only
# when the requirements files change.

PYTHON_BIN := $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
# Server modes the bench's serving suite measures side by side (production,sync by default;
# asgi too: make bench SERVERS=production,sync,asgi).
SERVERS ?=
# Dev commands run with DEBUG on unless the caller says otherwise.
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test lint fmt e2e bench migrate seed venv venv-dev chromium chromium-if-possible vnu-if-possible clean locale messages

$(PY):
	$(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Runtime packages only (make run); requirements-dev.txt adds the test tools.
$(RUN_STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $(RUN_STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP) $(RUN_STAMP)

venv: $(RUN_STAMP)
venv-dev: $(DEV_STAMP)

# Compiled catalogues (.mo) are built, not committed: pure Python (polib), no gettext needed.
locale: venv
	@$(DEV_ENV) $(PY) manage.py locale_compile

# Refresh locale/*/LC_MESSAGES/*.po from the code (a developer's step: needs GNU gettext).
messages: venv
	@command -v xgettext >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	$(DEV_ENV) $(PY) manage.py locale_messages

migrate: venv locale
	$(DEV_ENV) $(PY) manage.py migrate --noinput

# Serve the demo: HTTP and websockets in one process on one port (daphne's runserver, with
# autoreload).  Production splits them: gunicorn sync workers (hub.wsgi) for HTTP, uvicorn
# (hub.asgi) for /ws/, nginx routing by path (deploy/, README "Production").
run: migrate
	@$(DEV_ENV) $(PY) manage.py seed_demo --if-empty
	@$(DEV_ENV) $(PY) manage.py demo_logins
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports --no-logo --cache-dir .make/import-linter

fmt: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The whole suite: unit, integration and browser tests.
# Serial by default: with REDIS_URL set (CI), tests of several xdist workers would share
# channel-layer group names on the one Redis.  Locally, on SQLite: make test PYTEST_ARGS="-n 2"
# Browser tests need Chromium: installed here when the machine allows it (root and apt-get);
# otherwise the run ends with one line saying they did not run and how to run them.
test: lint locale chromium-if-possible vnu-if-possible
	@status=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	command -v chromium >/dev/null 2>&1 || echo "Browser tests did not run: Chromium is not installed. As root, 'make e2e' installs it (apt-get install chromium) and runs them."; \
	exit $$status

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The W3C Nu HTML checker for the crawl's validity test: npm's vnu-jar (needs Java), kept in
# .make/vnu; without Java or npm the test skips and says how to run it.
VNU_VERSION := 26.9.27
vnu-if-possible:
	@[ -f .make/vnu/node_modules/vnu-jar/build/dist/vnu.jar ] || { command -v java >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && \
	  { echo "Installing the Nu HTML checker (npm vnu-jar $(VNU_VERSION))..."; mkdir -p .make/vnu && \
	    npm install --silent --no-audit --no-fund --prefix .make/vnu vnu-jar@$(VNU_VERSION) >/dev/null; } ; } || true

chromium-if-possible:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { echo "Installing Chromium for the browser tests (apt-get)..."; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ; } || true

e2e: venv-dev chromium locale
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

bench: venv-dev
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS) $(if $(SERVERS),--servers $(SERVERS))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
